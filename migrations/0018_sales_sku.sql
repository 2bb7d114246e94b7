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
ALTER TABLE "sales_facts" ADD COLUMN "customer_id" text;--> statement-breakpoint
CREATE INDEX "sales_sku_daily_currency_day_idx" ON "sales_sku_daily" USING btree ("currency","day");