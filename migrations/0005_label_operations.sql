CREATE TABLE "label_operations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"shipment_id" uuid,
	"carrier_code" text NOT NULL,
	"status" text NOT NULL,
	"request" jsonb NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "label_operations_kind" CHECK ("label_operations"."kind" in ('purchase', 'void')),
	CONSTRAINT "label_operations_status" CHECK ("label_operations"."status" in ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "shipment_parcels" ADD COLUMN "provider_label_id" text;--> statement-breakpoint
ALTER TABLE "label_operations" ADD CONSTRAINT "label_operations_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "label_operations" ADD CONSTRAINT "label_operations_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "label_operations" ADD CONSTRAINT "label_operations_carrier_code_carriers_code_fk" FOREIGN KEY ("carrier_code") REFERENCES "public"."carriers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "label_operations_one_pending_key" ON "label_operations" USING btree ("fulfillment_order_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "label_operations_pending_idx" ON "label_operations" USING btree ("created_at") WHERE status = 'pending';