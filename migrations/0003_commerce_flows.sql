CREATE SEQUENCE "public"."manifest_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."shipment_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."tracking_serial_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 99999999 START WITH 1 CACHE 1 CYCLE;--> statement-breakpoint
CREATE SEQUENCE "public"."fulfillment_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."pick_list_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
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
CREATE TABLE "manifests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"carrier_code" text NOT NULL,
	"location_code" text NOT NULL,
	"shipment_count" integer NOT NULL,
	"parcel_count" integer NOT NULL,
	"weight_grams" integer NOT NULL,
	"pdf" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "manifests_number_unique" UNIQUE("number"),
	CONSTRAINT "manifests_counts" CHECK ("manifests"."shipment_count" > 0 and "manifests"."parcel_count" > 0 and "manifests"."weight_grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE "order_promises" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"promised_date" text NOT NULL,
	"ship_date" text NOT NULL,
	"location_code" text NOT NULL,
	"carrier_code" text NOT NULL,
	"service_code" text NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_parcels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"weight_grams" integer NOT NULL,
	"length_mm" integer NOT NULL,
	"width_mm" integer NOT NULL,
	"height_mm" integer NOT NULL,
	"tracking_number" text NOT NULL,
	"label_pdf" "bytea",
	"label_zpl" text,
	CONSTRAINT "shipment_parcels_seq_key" UNIQUE("shipment_id","seq"),
	CONSTRAINT "shipment_parcels_pos" CHECK ("shipment_parcels"."weight_grams" > 0 and "shipment_parcels"."length_mm" > 0 and "shipment_parcels"."width_mm" > 0 and "shipment_parcels"."height_mm" > 0 and "shipment_parcels"."seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"location_code" text NOT NULL,
	"carrier_code" text NOT NULL,
	"service_code" text NOT NULL,
	"label_source" text NOT NULL,
	"status" text NOT NULL,
	"promised_date" text,
	"ship_date" text,
	"estimated_delivery" text,
	"cost_amount" bigint,
	"cost_currency" text,
	"rate_reason" text,
	"chosen_rate" jsonb,
	"alternatives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"customs" jsonb,
	"commercial_invoice_pdf" "bytea",
	"label_pdf" "bytea",
	"provider_label_id" text,
	"label_url" text,
	"proof_of_delivery" jsonb,
	"carrier_status" text,
	"manifest_id" uuid,
	"void_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"handed_off_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"delayed_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shipments_number_unique" UNIQUE("number"),
	CONSTRAINT "shipments_status" CHECK ("shipments"."status" in ('label_purchased','handed_off','in_transit','out_for_delivery','delivered','exception','returned_to_sender','voided')),
	CONSTRAINT "shipments_label_source" CHECK ("shipments"."label_source" in ('ordo', 'external')),
	CONSTRAINT "shipments_cost" CHECK (("shipments"."cost_amount" is null) = ("shipments"."cost_currency" is null) and ("shipments"."cost_amount" is null or "shipments"."cost_amount" >= 0)),
	CONSTRAINT "shipments_voided" CHECK (("shipments"."status" = 'voided') = ("shipments"."voided_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"carrier_status" text NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"location" text,
	"update_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tracking_events_scan_key" UNIQUE("shipment_id","at","carrier_status","message")
);
--> statement-breakpoint
CREATE TABLE "tracking_updates" (
	"update_id" text PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"current_status" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "risk_assessments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"score" integer NOT NULL,
	"decision" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"facts" jsonb NOT NULL,
	"customer_id" uuid,
	"email" text NOT NULL,
	"client_ip" text,
	"payment_fingerprint" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_assessments_score" CHECK ("risk_assessments"."score" between 0 and 100),
	CONSTRAINT "risk_assessments_stage" CHECK ("risk_assessments"."stage" in ('placement', 'payment')),
	CONSTRAINT "risk_assessments_decision" CHECK ("risk_assessments"."decision" in ('accept', 'hold'))
);
--> statement-breakpoint
CREATE TABLE "risk_blocklist" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_blocklist_kind_value_key" UNIQUE("kind","value"),
	CONSTRAINT "risk_blocklist_kind" CHECK ("risk_blocklist"."kind" in ('email', 'address', 'payment_fingerprint'))
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"config" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_settings_single_row" CHECK ("risk_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "payment_operations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"final" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"lines" jsonb,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "payment_operations_amount_positive" CHECK ("payment_operations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" bigserial NOT NULL,
	"payment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"provider_reference" text,
	"provider_response" jsonb NOT NULL,
	"reason" text,
	"lines" jsonb,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_transactions_idem_key" UNIQUE("payment_id","idempotency_key"),
	CONSTRAINT "payment_transactions_amount_nonneg" CHECK ("payment_transactions"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payment_webhook_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_webhook_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"provider" text NOT NULL,
	"payment_method" text NOT NULL,
	"provider_reference" text,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"authorized_amount" bigint DEFAULT 0 NOT NULL,
	"captured_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"voided_amount" bigint DEFAULT 0 NOT NULL,
	"pending_capture_amount" bigint DEFAULT 0 NOT NULL,
	"pending_refund_amount" bigint DEFAULT 0 NOT NULL,
	"pending_void_amount" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"avs" text,
	"cvv" text,
	"fingerprint" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_order_seq_key" UNIQUE("order_id","seq"),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_amounts_nonneg" CHECK ("payments"."authorized_amount" >= 0 and "payments"."captured_amount" >= 0 and "payments"."refunded_amount" >= 0
      and "payments"."voided_amount" >= 0 and "payments"."pending_capture_amount" >= 0 and "payments"."pending_refund_amount" >= 0 and "payments"."pending_void_amount" >= 0),
	CONSTRAINT "payments_authorized_le_amount" CHECK ("payments"."authorized_amount" <= "payments"."amount"),
	CONSTRAINT "payments_captured_le_authorized" CHECK ("payments"."captured_amount" + "payments"."pending_capture_amount" + "payments"."voided_amount" + "payments"."pending_void_amount" <= "payments"."authorized_amount"),
	CONSTRAINT "payments_refunded_le_captured" CHECK ("payments"."refunded_amount" + "payments"."pending_refund_amount" <= "payments"."captured_amount")
);
--> statement-breakpoint
CREATE TABLE "boxes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"length_mm" integer NOT NULL,
	"width_mm" integer NOT NULL,
	"height_mm" integer NOT NULL,
	"max_weight_grams" integer NOT NULL,
	"tare_weight_grams" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "boxes_dims_pos" CHECK ("boxes"."length_mm" > 0 and "boxes"."width_mm" > 0 and "boxes"."height_mm" > 0),
	CONSTRAINT "boxes_weights" CHECK ("boxes"."max_weight_grams" > 0 and "boxes"."tare_weight_grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fulfillment_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"picked" integer DEFAULT 0 NOT NULL,
	"short" integer DEFAULT 0 NOT NULL,
	"short_reason" text,
	"bin" text,
	CONSTRAINT "fulfillment_lines_fo_order_line_key" UNIQUE("fulfillment_order_id","order_line_id"),
	CONSTRAINT "fulfillment_lines_qty" CHECK ("fulfillment_lines"."quantity" > 0 and "fulfillment_lines"."picked" >= 0 and "fulfillment_lines"."short" >= 0 and "fulfillment_lines"."picked" + "fulfillment_lines"."short" <= "fulfillment_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "fulfillment_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"location_code" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"assigned_to" text,
	"pick_list_id" uuid,
	"rejection_reason" text,
	"cancellation_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"picking_at" timestamp with time zone,
	"picked_at" timestamp with time zone,
	"packing_at" timestamp with time zone,
	"packed_at" timestamp with time zone,
	"handed_off_at" timestamp with time zone,
	"ready_for_pickup_at" timestamp with time zone,
	"picked_up_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fulfillment_orders_number_unique" UNIQUE("number"),
	CONSTRAINT "fulfillment_orders_type" CHECK ("fulfillment_orders"."type" in ('ship', 'pickup')),
	CONSTRAINT "fulfillment_orders_status" CHECK ("fulfillment_orders"."status" in ('open','picking','picked','packing','packed','handed_off','ready_for_pickup','picked_up','rejected','cancelled')),
	CONSTRAINT "fulfillment_orders_rejected_reason" CHECK ("fulfillment_orders"."status" <> 'rejected' or "fulfillment_orders"."rejection_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "fulfillment_packages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"box_code" text NOT NULL,
	"weight_grams" integer NOT NULL,
	"length_mm" integer NOT NULL,
	"width_mm" integer NOT NULL,
	"height_mm" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fulfillment_packages_fulfillment_order_id_unique" UNIQUE("fulfillment_order_id"),
	CONSTRAINT "fulfillment_packages_pos" CHECK ("fulfillment_packages"."weight_grams" > 0 and "fulfillment_packages"."length_mm" > 0 and "fulfillment_packages"."width_mm" > 0 and "fulfillment_packages"."height_mm" > 0)
);
--> statement-breakpoint
CREATE TABLE "fulfillment_work_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"fulfillment_line_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"values" jsonb NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"completed_by" text,
	"completed_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "fulfillment_work_steps_line_kind_key" UNIQUE("fulfillment_line_id","kind"),
	CONSTRAINT "fulfillment_work_steps_done" CHECK (("fulfillment_work_steps"."completed_at" is null) = ("fulfillment_work_steps"."completed_by" is null) and ("fulfillment_work_steps"."confirmed" = ("fulfillment_work_steps"."completed_at" is not null)))
);
--> statement-breakpoint
CREATE TABLE "pick_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"location_code" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pick_lists_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "pickup_codes" (
	"fulfillment_order_id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"salt" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "pickup_codes_attempts" CHECK ("pickup_codes"."failed_attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_buckets";--> statement-breakpoint
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
ALTER TABLE "order_lines" ADD COLUMN "quantity_pending" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivery_method" text DEFAULT 'ship' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "pickup_location_code" text;--> statement-breakpoint
ALTER TABLE "carrier_services" ADD CONSTRAINT "carrier_services_carrier_code_carriers_code_fk" FOREIGN KEY ("carrier_code") REFERENCES "public"."carriers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_shipping_profiles" ADD CONSTRAINT "location_shipping_profiles_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manifests" ADD CONSTRAINT "manifests_carrier_code_carriers_code_fk" FOREIGN KEY ("carrier_code") REFERENCES "public"."carriers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manifests" ADD CONSTRAINT "manifests_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_promises" ADD CONSTRAINT "order_promises_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_parcels" ADD CONSTRAINT "shipment_parcels_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_carrier_code_carriers_code_fk" FOREIGN KEY ("carrier_code") REFERENCES "public"."carriers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_manifest_id_manifests_id_fk" FOREIGN KEY ("manifest_id") REFERENCES "public"."manifests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_updates" ADD CONSTRAINT "tracking_updates_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sourcing_exclusions" ADD CONSTRAINT "sourcing_exclusions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sourcing_plans" ADD CONSTRAINT "sourcing_plans_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_operations" ADD CONSTRAINT "payment_operations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD CONSTRAINT "fulfillment_lines_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD CONSTRAINT "fulfillment_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_pick_list_id_pick_lists_id_fk" FOREIGN KEY ("pick_list_id") REFERENCES "public"."pick_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD CONSTRAINT "fulfillment_packages_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD CONSTRAINT "fulfillment_packages_box_code_boxes_code_fk" FOREIGN KEY ("box_code") REFERENCES "public"."boxes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_work_steps" ADD CONSTRAINT "fulfillment_work_steps_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_work_steps" ADD CONSTRAINT "fulfillment_work_steps_fulfillment_line_id_fulfillment_lines_id_fk" FOREIGN KEY ("fulfillment_line_id") REFERENCES "public"."fulfillment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pick_lists" ADD CONSTRAINT "pick_lists_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_codes" ADD CONSTRAINT "pickup_codes_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "manifests_carrier_location_idx" ON "manifests" USING btree ("carrier_code","location_code","created_at");--> statement-breakpoint
CREATE INDEX "shipment_parcels_tracking_idx" ON "shipment_parcels" USING btree ("tracking_number");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_active_fo_key" ON "shipments" USING btree ("fulfillment_order_id") WHERE status <> 'voided';--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipments_status_idx" ON "shipments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "shipments_manifest_idx" ON "shipments" USING btree ("carrier_code","location_code") WHERE manifest_id is null and handed_off_at is not null;--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "tracking_events" USING btree ("shipment_id","at");--> statement-breakpoint
CREATE INDEX "sourcing_exclusions_order_idx" ON "sourcing_exclusions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "sourcing_plans_order_idx" ON "sourcing_plans" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_order_idx" ON "risk_assessments" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "risk_assessments_email_idx" ON "risk_assessments" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_ip_idx" ON "risk_assessments" USING btree ("client_ip","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_fingerprint_idx" ON "risk_assessments" USING btree ("payment_fingerprint","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_customer_idx" ON "risk_assessments" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_blocklist_created_idx" ON "risk_blocklist" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "payment_operations_pending_idx" ON "payment_operations" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "payment_operations_payment_idx" ON "payment_operations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payment_transactions_payment_idx" ON "payment_transactions" USING btree ("payment_id","position");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_provider_ref_idx" ON "payments" USING btree ("provider","provider_reference");--> statement-breakpoint
CREATE INDEX "fulfillment_lines_fo_idx" ON "fulfillment_lines" USING btree ("fulfillment_order_id");--> statement-breakpoint
CREATE INDEX "fulfillment_lines_order_line_idx" ON "fulfillment_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "fulfillment_orders_order_idx" ON "fulfillment_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "fulfillment_orders_location_status_idx" ON "fulfillment_orders" USING btree ("location_code","status","created_at");--> statement-breakpoint
CREATE INDEX "fulfillment_orders_pick_list_idx" ON "fulfillment_orders" USING btree ("pick_list_id");--> statement-breakpoint
CREATE INDEX "fulfillment_work_steps_fo_idx" ON "fulfillment_work_steps" USING btree ("fulfillment_order_id");--> statement-breakpoint
CREATE INDEX "pick_lists_location_idx" ON "pick_lists" USING btree ("location_code","created_at");--> statement-breakpoint
CREATE INDEX "pickup_codes_expiry_idx" ON "pickup_codes" USING btree ("expires_at") WHERE used_at is null;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_pickup_location_code_locations_code_fk" FOREIGN KEY ("pickup_location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservations_location_created_idx" ON "reservations" USING btree ("location_code","created_at");--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_sourcing_nonneg" CHECK ("locations"."handling_cost_per_order_amount" >= 0 and "locations"."handling_cost_per_unit_amount" >= 0 and coalesce("locations"."shipping_base_amount", 0) >= 0
      and coalesce("locations"."shipping_per_km_amount", 0) >= 0 and coalesce("locations"."shipping_per_kg_amount", 0) >= 0
      and coalesce("locations"."max_shipment_weight_grams", 1) > 0 and coalesce("locations"."max_item_weight_grams", 1) > 0);--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_tariff_all_or_none" CHECK (("locations"."shipping_base_amount" is null) = ("locations"."shipping_per_km_amount" is null) and ("locations"."shipping_base_amount" is null) = ("locations"."shipping_per_kg_amount" is null));--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_buckets" CHECK ("order_lines"."quantity_ordered" > 0 and "order_lines"."quantity_cancelled" >= 0 and "order_lines"."quantity_pending" >= 0 and "order_lines"."quantity_backordered" >= 0
        and "order_lines"."quantity_allocated" >= 0 and "order_lines"."quantity_shipped" >= 0
        and "order_lines"."quantity_ordered" = "order_lines"."quantity_cancelled" + "order_lines"."quantity_pending" + "order_lines"."quantity_backordered" + "order_lines"."quantity_allocated" + "order_lines"."quantity_shipped"
        and "order_lines"."quantity_delivered" between 0 and "order_lines"."quantity_shipped"
        and "order_lines"."quantity_returned" between 0 and "order_lines"."quantity_shipped");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_delivery" CHECK (("orders"."delivery_method" = 'ship' and "orders"."pickup_location_code" is null) or ("orders"."delivery_method" = 'pickup' and "orders"."pickup_location_code" is not null));