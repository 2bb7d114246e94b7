CREATE TABLE "channel_refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"external_refund_id" text,
	"return_id" uuid,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_refunds_return_id_unique" UNIQUE("return_id"),
	CONSTRAINT "channel_refunds_connection_external_key" UNIQUE("connection_id","external_refund_id")
);
--> statement-breakpoint
ALTER TABLE "channel_refunds" ADD CONSTRAINT "channel_refunds_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_refunds_order_idx" ON "channel_refunds" USING btree ("order_id");