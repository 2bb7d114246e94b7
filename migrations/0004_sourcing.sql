CREATE TABLE "sourcing_exclusions" (
	"order_line_id" uuid NOT NULL,
	"location_code" text NOT NULL,
	"order_id" uuid NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sourcing_exclusions_order_line_id_location_code_pk" PRIMARY KEY("order_line_id","location_code"),
	CONSTRAINT "sourcing_exclusions_source" CHECK ("sourcing_exclusions"."source" in ('rejection', 'short_pick', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "sourcing_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"strategy" text NOT NULL,
	"currency" text NOT NULL,
	"total_cost_amount" bigint NOT NULL,
	"lower_bound_amount" bigint NOT NULL,
	"gap_amount" bigint NOT NULL,
	"cost_breakdown" jsonb NOT NULL,
	"explanation" jsonb NOT NULL,
	"allocations" jsonb NOT NULL,
	"backordered" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sourcing_plans_trigger" CHECK ("sourcing_plans"."trigger" in ('placement', 'resource', 'manual', 'stock_received', 'rejection', 'short_pick')),
	CONSTRAINT "sourcing_plans_strategy" CHECK ("sourcing_plans"."strategy" in ('exact', 'heuristic')),
	CONSTRAINT "sourcing_plans_costs" CHECK ("sourcing_plans"."total_cost_amount" >= 0 and "sourcing_plans"."lower_bound_amount" >= 0 and "sourcing_plans"."gap_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sourcing_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"split_penalty_amount" bigint DEFAULT 300 NOT NULL,
	"never_split_below_amount" bigint,
	"max_locations_per_order" integer,
	"exact_candidate_limit" integer DEFAULT 30 NOT NULL,
	"exact_step_budget" integer DEFAULT 200000 NOT NULL,
	"shipping_base_amount" bigint DEFAULT 450 NOT NULL,
	"shipping_per_km_amount" bigint DEFAULT 1 NOT NULL,
	"shipping_per_kg_amount" bigint DEFAULT 50 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "sourcing_settings_singleton" CHECK ("sourcing_settings"."id" = 1),
	CONSTRAINT "sourcing_settings_nonneg" CHECK ("sourcing_settings"."split_penalty_amount" >= 0 and coalesce("sourcing_settings"."never_split_below_amount", 0) >= 0 and coalesce("sourcing_settings"."max_locations_per_order", 1) >= 1
        and "sourcing_settings"."exact_candidate_limit" between 0 and 40 and "sourcing_settings"."exact_step_budget" between 1000 and 100000000
        and "sourcing_settings"."shipping_base_amount" >= 0 and "sourcing_settings"."shipping_per_km_amount" >= 0 and "sourcing_settings"."shipping_per_kg_amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "handling_cost_per_order_amount" bigint DEFAULT 150 NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "handling_cost_per_unit_amount" bigint DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "shipping_base_amount" bigint;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "shipping_per_km_amount" bigint;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "shipping_per_kg_amount" bigint;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "max_shipment_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "max_item_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "excluded_countries" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "ship_from_country" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "sourcing_exclusions" ADD CONSTRAINT "sourcing_exclusions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sourcing_plans" ADD CONSTRAINT "sourcing_plans_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sourcing_exclusions_order_idx" ON "sourcing_exclusions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "sourcing_plans_order_idx" ON "sourcing_plans" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "reservations_location_created_idx" ON "reservations" USING btree ("location_code","created_at");--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_sourcing_nonneg" CHECK ("locations"."handling_cost_per_order_amount" >= 0 and "locations"."handling_cost_per_unit_amount" >= 0 and coalesce("locations"."shipping_base_amount", 0) >= 0
      and coalesce("locations"."shipping_per_km_amount", 0) >= 0 and coalesce("locations"."shipping_per_kg_amount", 0) >= 0
      and coalesce("locations"."max_shipment_weight_grams", 1) > 0 and coalesce("locations"."max_item_weight_grams", 1) > 0);--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_tariff_all_or_none" CHECK (("locations"."shipping_base_amount" is null) = ("locations"."shipping_per_km_amount" is null) and ("locations"."shipping_base_amount" is null) = ("locations"."shipping_per_kg_amount" is null));