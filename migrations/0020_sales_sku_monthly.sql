CREATE TABLE "sales_sku_monthly" (
	"month" date NOT NULL,
	"sku" text NOT NULL,
	"currency" text NOT NULL,
	"orders" bigint NOT NULL,
	"units" bigint NOT NULL,
	"gross_sales" numeric(20, 6) NOT NULL,
	CONSTRAINT "sales_sku_monthly_month_sku_currency_pk" PRIMARY KEY("month","sku","currency")
);
