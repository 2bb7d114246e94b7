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
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_assessments_order_idx" ON "risk_assessments" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "risk_assessments_email_idx" ON "risk_assessments" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_ip_idx" ON "risk_assessments" USING btree ("client_ip","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_fingerprint_idx" ON "risk_assessments" USING btree ("payment_fingerprint","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_customer_idx" ON "risk_assessments" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_blocklist_created_idx" ON "risk_blocklist" USING btree ("created_at","id");