ALTER TABLE "returns" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "fraud_score" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "fraud_signals" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "held_for_review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_carrier_code" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_tracking_number" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_location_code" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_pdf" "bytea";--> statement-breakpoint
CREATE INDEX "returns_customer_idx" ON "returns" USING btree ("customer_id","created_at");--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_label_tracking_number_unique" UNIQUE("label_tracking_number");