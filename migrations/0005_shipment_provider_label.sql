ALTER TABLE "shipments" ADD COLUMN "provider_label_id" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "label_url" text;