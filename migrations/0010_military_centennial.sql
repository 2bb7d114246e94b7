ALTER TABLE "returns" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "fraud_score" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "fraud_signals" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "held_for_review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "returns_customer_idx" ON "returns" USING btree ("customer_id","created_at");