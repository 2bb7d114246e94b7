CREATE TABLE "notification_consent_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid,
	"address" text,
	"consent" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"detail" text,
	"provider_message_id" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_consent_log_provider_message_id_unique" UNIQUE("provider_message_id"),
	CONSTRAINT "notification_consent_log_consent" CHECK ("notification_consent_log"."consent" in ('sms', 'marketing')),
	CONSTRAINT "notification_consent_log_source" CHECK ("notification_consent_log"."source" in ('inbound_sms', 'console', 'unsubscribe_link'))
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "opening_hours" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "pickup_reminder_hours" integer DEFAULT 24;--> statement-breakpoint
ALTER TABLE "notification_consent_log" ADD CONSTRAINT "notification_consent_log_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_consent_log_customer_idx" ON "notification_consent_log" USING btree ("customer_id","at");