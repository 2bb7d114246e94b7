CREATE SEQUENCE "public"."manifest_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."shipment_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."tracking_serial_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 99999999 START WITH 1 CACHE 1 CYCLE;--> statement-breakpoint
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
CREATE INDEX "manifests_carrier_location_idx" ON "manifests" USING btree ("carrier_code","location_code","created_at");--> statement-breakpoint
CREATE INDEX "shipment_parcels_tracking_idx" ON "shipment_parcels" USING btree ("tracking_number");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_active_fo_key" ON "shipments" USING btree ("fulfillment_order_id") WHERE status <> 'voided';--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipments_status_idx" ON "shipments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "shipments_manifest_idx" ON "shipments" USING btree ("carrier_code","location_code") WHERE manifest_id is null and handed_off_at is not null;--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "tracking_events" USING btree ("shipment_id","at");