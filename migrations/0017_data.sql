CREATE TABLE "order_line_exact_prices" (
	"order_line_id" uuid PRIMARY KEY NOT NULL,
	"unit_price" numeric(18, 6) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_lines" (
	"source" text NOT NULL,
	"line_key" text NOT NULL,
	"line_no" integer NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"invoice" text,
	"sku" text,
	"quantity" integer,
	"unit_price" numeric(18, 6),
	"currency" text,
	"occurred_at" timestamp with time zone,
	"customer_ref" text,
	"country" text,
	"matched_order_line_id" text,
	"raw" text,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_lines_source_line_key_pk" PRIMARY KEY("source","line_key")
);
--> statement-breakpoint
CREATE TABLE "sales_daily" (
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"orders" bigint NOT NULL,
	"units" bigint NOT NULL,
	"gross_sales" numeric(20, 6) NOT NULL,
	"cancelled_units" bigint NOT NULL,
	"cancelled_amount" numeric(20, 6) NOT NULL,
	"returned_units" bigint NOT NULL,
	"returned_amount" numeric(20, 6) NOT NULL,
	CONSTRAINT "sales_daily_day_channel_country_currency_pk" PRIMARY KEY("day","channel","country","currency")
);
--> statement-breakpoint
CREATE TABLE "sales_facts" (
	"key" text PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"orders" integer NOT NULL,
	"units" bigint NOT NULL,
	"gross_sales" numeric(20, 6) NOT NULL,
	"cancelled_units" bigint NOT NULL,
	"cancelled_amount" numeric(20, 6) NOT NULL,
	"returned_units" bigint NOT NULL,
	"returned_amount" numeric(20, 6) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_line_exact_prices" ADD CONSTRAINT "order_line_exact_prices_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_lines_outcome_idx" ON "import_lines" USING btree ("source","outcome");--> statement-breakpoint
CREATE INDEX "sales_facts_day_idx" ON "sales_facts" USING btree ("day");