ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_buckets";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "quantity_pending" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivery_method" text DEFAULT 'ship' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "pickup_location_code" text;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_pickup_location_code_locations_code_fk" FOREIGN KEY ("pickup_location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_buckets" CHECK ("order_lines"."quantity_ordered" > 0 and "order_lines"."quantity_cancelled" >= 0 and "order_lines"."quantity_pending" >= 0 and "order_lines"."quantity_backordered" >= 0
        and "order_lines"."quantity_allocated" >= 0 and "order_lines"."quantity_shipped" >= 0
        and "order_lines"."quantity_ordered" = "order_lines"."quantity_cancelled" + "order_lines"."quantity_pending" + "order_lines"."quantity_backordered" + "order_lines"."quantity_allocated" + "order_lines"."quantity_shipped"
        and "order_lines"."quantity_delivered" between 0 and "order_lines"."quantity_shipped"
        and "order_lines"."quantity_returned" between 0 and "order_lines"."quantity_shipped");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_delivery" CHECK (("orders"."delivery_method" = 'ship' and "orders"."pickup_location_code" is null) or ("orders"."delivery_method" = 'pickup' and "orders"."pickup_location_code" is not null));