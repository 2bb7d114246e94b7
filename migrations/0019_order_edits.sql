CREATE TABLE "order_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"operations" jsonb NOT NULL,
	"diff" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_versions_order_version_key" UNIQUE("order_id","version"),
	CONSTRAINT "order_versions_version" CHECK ("order_versions"."version" >= 2)
);
--> statement-breakpoint
ALTER TABLE "sourcing_plans" DROP CONSTRAINT "sourcing_plans_trigger";--> statement-breakpoint
ALTER TABLE "order_versions" ADD CONSTRAINT "order_versions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sourcing_plans" ADD CONSTRAINT "sourcing_plans_trigger" CHECK ("sourcing_plans"."trigger" in ('placement', 'resource', 'manual', 'stock_received', 'rejection', 'short_pick', 'edit'));