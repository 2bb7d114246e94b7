ALTER TABLE "channel_refunds" ADD COLUMN "state" text DEFAULT 'synced' NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_refunds" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "channel_refunds" ADD COLUMN "progress" jsonb DEFAULT '{}'::jsonb NOT NULL;