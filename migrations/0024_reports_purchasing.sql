CREATE SEQUENCE "public"."purchase_order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "sales_sku_daily" (
	"day" date NOT NULL,
	"sku" text NOT NULL,
	"currency" text NOT NULL,
	"orders" bigint NOT NULL,
	"units" bigint NOT NULL,
	"gross_sales" numeric(20, 6) NOT NULL,
	CONSTRAINT "sales_sku_daily_day_sku_currency_pk" PRIMARY KEY("day","sku","currency")
);
--> statement-breakpoint
CREATE TABLE "sales_sku_facts" (
	"key" text NOT NULL,
	"sku" text NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"orders" integer NOT NULL,
	"units" bigint NOT NULL,
	"gross_sales" numeric(20, 6) NOT NULL,
	CONSTRAINT "sales_sku_facts_key_sku_pk" PRIMARY KEY("key","sku")
);
--> statement-breakpoint
CREATE TABLE "sales_sku_monthly" (
	"month" date NOT NULL,
	"sku" text NOT NULL,
	"currency" text NOT NULL,
	"orders" bigint NOT NULL,
	"units" bigint NOT NULL,
	"gross_sales" numeric(20, 6) NOT NULL,
	CONSTRAINT "sales_sku_monthly_month_sku_currency_pk" PRIMARY KEY("month","sku","currency")
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"quantity_ordered" integer NOT NULL,
	"quantity_received" integer DEFAULT 0 NOT NULL,
	"unit_cost_amount" bigint NOT NULL,
	CONSTRAINT "purchase_order_lines_po_sku" UNIQUE("purchase_order_id","sku"),
	CONSTRAINT "purchase_order_lines_quantities" CHECK ("purchase_order_lines"."quantity_ordered" > 0 and "purchase_order_lines"."quantity_received" >= 0 and "purchase_order_lines"."quantity_received" <= "purchase_order_lines"."quantity_ordered")
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"location_code" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"origin" text NOT NULL,
	"expected_on" date,
	"note" text,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "purchase_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "supplier_products" (
	"supplier_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"supplier_sku" text,
	"lead_time_days" integer NOT NULL,
	"moq" integer DEFAULT 1 NOT NULL,
	"pack_size" integer DEFAULT 1 NOT NULL,
	"cost_amount" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supplier_products_supplier_id_sku_pk" PRIMARY KEY("supplier_id","sku"),
	CONSTRAINT "supplier_products_positive" CHECK ("supplier_products"."lead_time_days" >= 0 and "supplier_products"."moq" >= 1 and "supplier_products"."pack_size" >= 1 and "supplier_products"."cost_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "suppliers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "sales_facts" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_purchase_order_id_purchase_orders_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_products" ADD CONSTRAINT "supplier_products_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_products" ADD CONSTRAINT "supplier_products_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_sku_daily_currency_day_idx" ON "sales_sku_daily" USING btree ("currency","day");--> statement-breakpoint
CREATE INDEX "purchase_order_lines_sku_idx" ON "purchase_order_lines" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "purchase_orders_status_idx" ON "purchase_orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_one_reorder_draft" ON "purchase_orders" USING btree ("supplier_id","location_code") WHERE status = 'draft' and origin = 'reorder';--> statement-breakpoint
CREATE INDEX "supplier_products_sku_idx" ON "supplier_products" USING btree ("sku");