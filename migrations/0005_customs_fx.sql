CREATE TABLE "customs_destinations" (
	"country" text PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"default_duty_bp" integer NOT NULL,
	"duty_by_hs_prefix" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"vat_bp" integer NOT NULL,
	"vat_on_shipping" boolean DEFAULT true NOT NULL,
	"duty_de_minimis" bigint,
	"vat_de_minimis" bigint,
	"cn22_max_value" bigint NOT NULL,
	"cn22_max_weight_grams" integer DEFAULT 2000 NOT NULL,
	"default_incoterm" text DEFAULT 'DAP' NOT NULL,
	"restrictions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customs_destinations_rates" CHECK ("customs_destinations"."default_duty_bp" between 0 and 100000 and "customs_destinations"."vat_bp" between 0 and 100000),
	CONSTRAINT "customs_destinations_incoterm" CHECK ("customs_destinations"."default_incoterm" in ('DDP', 'DAP'))
);
--> statement-breakpoint
CREATE TABLE "fx_rates" (
	"from_currency" text NOT NULL,
	"to_currency" text NOT NULL,
	"rate" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fx_rates_from_currency_to_currency_pk" PRIMARY KEY("from_currency","to_currency"),
	CONSTRAINT "fx_rates_decimal" CHECK ("fx_rates"."rate" ~ '^[0-9]{1,12}(\.[0-9]{1,12})?$')
);
