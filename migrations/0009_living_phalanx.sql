ALTER TABLE "returns" ADD COLUMN "label_carrier_code" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_tracking_number" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_location_code" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "label_pdf" "bytea";--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_label_tracking_number_unique" UNIQUE("label_tracking_number");