ALTER TABLE "return_lines" ADD COLUMN "exchange_sku" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "exchange_order_id" uuid;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "exchange_value_amount" bigint;