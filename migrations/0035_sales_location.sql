ALTER TABLE "sales_daily" ADD COLUMN "location" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_facts" ADD COLUMN "location" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_daily" DROP CONSTRAINT "sales_daily_day_channel_country_currency_pk";--> statement-breakpoint
ALTER TABLE "sales_daily" ADD CONSTRAINT "sales_daily_day_channel_country_location_currency_pk" PRIMARY KEY("day","channel","country","location","currency");
