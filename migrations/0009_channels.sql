CREATE TABLE "channel_availability_queue" (
	"connection_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_availability_queue_connection_id_sku_pk" PRIMARY KEY("connection_id","sku")
);
--> statement-breakpoint
CREATE TABLE "channel_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"credentials_ciphertext" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_connections_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "channel_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"external_name" text,
	"external_updated_at" timestamp with time zone NOT NULL,
	"order_id" uuid,
	"state" text NOT NULL,
	"hold_type" text,
	"hold_reason" text,
	"normalized" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_orders_connection_external_key" UNIQUE("connection_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "channel_sku_mappings" (
	"connection_id" uuid NOT NULL,
	"external_sku" text NOT NULL,
	"sku" text NOT NULL,
	"external_inventory_id" text,
	CONSTRAINT "channel_sku_mappings_connection_id_external_sku_pk" PRIMARY KEY("connection_id","external_sku")
);
--> statement-breakpoint
CREATE TABLE "channel_sync_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"direction" text NOT NULL,
	"topic" text NOT NULL,
	"external_id" text,
	"outcome" text NOT NULL,
	"message" text
);
--> statement-breakpoint
ALTER TABLE "channel_availability_queue" ADD CONSTRAINT "channel_availability_queue_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_orders" ADD CONSTRAINT "channel_orders_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_sku_mappings" ADD CONSTRAINT "channel_sku_mappings_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_sync_log" ADD CONSTRAINT "channel_sync_log_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_availability_queue_due_idx" ON "channel_availability_queue" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "channel_orders_order_idx" ON "channel_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "channel_sku_mappings_sku_idx" ON "channel_sku_mappings" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "channel_sync_log_connection_idx" ON "channel_sync_log" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "channel_sync_log_errors_idx" ON "channel_sync_log" USING btree ("connection_id","id") WHERE outcome in ('error', 'held', 'rejected');