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
ALTER TABLE "payment_operations" ADD CONSTRAINT "payment_operations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_operations_pending_idx" ON "payment_operations" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "payment_operations_payment_idx" ON "payment_operations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payment_transactions_payment_idx" ON "payment_transactions" USING btree ("payment_id","position");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_provider_ref_idx" ON "payments" USING btree ("provider","provider_reference");