CREATE TABLE "support_case_activity" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"author" text NOT NULL,
	"subject" text,
	"body" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"external_id" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_case_activity_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "support_case_activity_kind" CHECK ("support_case_activity"."kind" in ('opened', 'customer_message', 'reply', 'comment', 'assigned', 'status_changed', 'sla_breached'))
);
--> statement-breakpoint
CREATE TABLE "support_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" serial NOT NULL,
	"subject" text NOT NULL,
	"category" text NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"order_id" uuid,
	"customer_id" uuid,
	"customer_email" text,
	"customer_name" text,
	"assignee_id" text,
	"assignee_name" text,
	"first_response_minutes" integer,
	"resolution_minutes" integer,
	"first_response_due_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"first_response_breached_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"resolution_elapsed_ms" bigint DEFAULT 0 NOT NULL,
	"resolution_running_since" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"last_customer_message_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_cases_number_unique" UNIQUE("number"),
	CONSTRAINT "support_cases_status" CHECK ("support_cases"."status" in ('open', 'pending', 'resolved')),
	CONSTRAINT "support_cases_priority" CHECK ("support_cases"."priority" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "support_cases_source" CHECK ("support_cases"."source" in ('console', 'api', 'email', 'assistant'))
);
--> statement-breakpoint
CREATE TABLE "support_reply_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"category" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_reply_templates_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "support_settings" (
	"id" smallint PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"week" jsonb NOT NULL,
	"holidays" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_settings_single" CHECK ("support_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "support_sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"priority" text NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_sla_policies_key" UNIQUE("category","priority"),
	CONSTRAINT "support_sla_policies_targets" CHECK ("support_sla_policies"."first_response_minutes" > 0 and "support_sla_policies"."resolution_minutes" > 0)
);
--> statement-breakpoint
ALTER TABLE "support_case_activity" ADD CONSTRAINT "support_case_activity_case_id_support_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."support_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_cases" ADD CONSTRAINT "support_cases_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_case_activity_case_idx" ON "support_case_activity" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "support_cases_status_idx" ON "support_cases" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "support_cases_order_idx" ON "support_cases" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "support_cases_customer_idx" ON "support_cases" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "support_cases_email_idx" ON "support_cases" USING btree ("customer_email");--> statement-breakpoint
CREATE INDEX "support_cases_first_response_due_idx" ON "support_cases" USING btree ("first_response_due_at") WHERE first_responded_at is null and first_response_breached_at is null;--> statement-breakpoint
CREATE INDEX "support_cases_resolution_due_idx" ON "support_cases" USING btree ("resolution_due_at") WHERE resolution_breached_at is null;