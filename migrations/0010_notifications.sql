CREATE TABLE "customer_contact_preferences" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"locale" text,
	"phone_e164" text,
	"sms_opt_in" boolean DEFAULT false NOT NULL,
	"marketing_consent" boolean DEFAULT false NOT NULL,
	"unsubscribed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"merge_key" text,
	"order_id" uuid,
	"customer_id" uuid,
	"template" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"locale" text NOT NULL,
	"data" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"subject" text,
	"html" text,
	"text" text,
	"provider_message_id" text,
	"resend_of" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_messages_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "notification_messages_status" CHECK ("notification_messages"."status" in ('queued', 'sent', 'failed', 'bounced')),
	CONSTRAINT "notification_messages_channel" CHECK ("notification_messages"."channel" in ('email', 'sms'))
);
--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"shop_name" text NOT NULL,
	"logo_url" text,
	"primary_color" text NOT NULL,
	"text_color" text NOT NULL,
	"sender_email" text NOT NULL,
	"sender_name" text NOT NULL,
	"reply_to" text,
	"support_email" text,
	"default_locale" text NOT NULL,
	"disabled_templates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"merge_window_minutes" integer DEFAULT 10 NOT NULL,
	"link_secret" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_settings_single" CHECK ("notification_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "customer_contact_preferences" ADD CONSTRAINT "customer_contact_preferences_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_messages" ADD CONSTRAINT "notification_messages_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_messages" ADD CONSTRAINT "notification_messages_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_messages_due_idx" ON "notification_messages" USING btree ("next_attempt_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "notification_messages_order_idx" ON "notification_messages" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_messages_merge_idx" ON "notification_messages" USING btree ("merge_key") WHERE status = 'queued';