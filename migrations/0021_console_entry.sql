CREATE TABLE "order_drafts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" jsonb NOT NULL,
	"author" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "order_drafts_updated_idx" ON "order_drafts" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "inventory_levels_sku_prefix_idx" ON "inventory_levels" USING btree ("sku" text_pattern_ops);