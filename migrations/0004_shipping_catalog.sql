CREATE TABLE "carrier_services" (
	"carrier_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"rates" jsonb NOT NULL,
	"transit_days" integer NOT NULL,
	"calendar" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "carrier_services_carrier_code_code_pk" PRIMARY KEY("carrier_code","code"),
	CONSTRAINT "carrier_services_transit" CHECK ("carrier_services"."transit_days" between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "carriers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"adapter" text NOT NULL,
	"tracking_format" text DEFAULT 's10' NOT NULL,
	"tracking_prefix" text DEFAULT 'LX' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "carriers_adapter" CHECK ("carriers"."adapter" in ('table_rate', 'easypost', 'shippo'))
);
--> statement-breakpoint
CREATE TABLE "location_shipping_profiles" (
	"location_code" text PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"cutoff" text NOT NULL,
	"processing_days" integer DEFAULT 0 NOT NULL,
	"workdays" jsonb NOT NULL,
	"holidays" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "location_shipping_profiles_processing" CHECK ("location_shipping_profiles"."processing_days" between 0 and 30)
);
--> statement-breakpoint
ALTER TABLE "carrier_services" ADD CONSTRAINT "carrier_services_carrier_code_carriers_code_fk" FOREIGN KEY ("carrier_code") REFERENCES "public"."carriers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_shipping_profiles" ADD CONSTRAINT "location_shipping_profiles_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;