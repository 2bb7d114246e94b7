ALTER TABLE "fulfillment_packages" DROP CONSTRAINT "fulfillment_packages_fulfillment_order_id_unique";--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ALTER COLUMN "box_code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD COLUMN "seq" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD COLUMN "contents" jsonb;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD CONSTRAINT "fulfillment_packages_fo_seq_key" UNIQUE("fulfillment_order_id","seq");--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD CONSTRAINT "fulfillment_packages_seq" CHECK ("fulfillment_packages"."seq" > 0);