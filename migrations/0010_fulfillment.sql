CREATE SEQUENCE "public"."fulfillment_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."pick_list_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "boxes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"length_mm" integer NOT NULL,
	"width_mm" integer NOT NULL,
	"height_mm" integer NOT NULL,
	"max_weight_grams" integer NOT NULL,
	"tare_weight_grams" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "boxes_dims_pos" CHECK ("boxes"."length_mm" > 0 and "boxes"."width_mm" > 0 and "boxes"."height_mm" > 0),
	CONSTRAINT "boxes_weights" CHECK ("boxes"."max_weight_grams" > 0 and "boxes"."tare_weight_grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fulfillment_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"picked" integer DEFAULT 0 NOT NULL,
	"short" integer DEFAULT 0 NOT NULL,
	"short_reason" text,
	"bin" text,
	CONSTRAINT "fulfillment_lines_fo_order_line_key" UNIQUE("fulfillment_order_id","order_line_id"),
	CONSTRAINT "fulfillment_lines_qty" CHECK ("fulfillment_lines"."quantity" > 0 and "fulfillment_lines"."picked" >= 0 and "fulfillment_lines"."short" >= 0 and "fulfillment_lines"."picked" + "fulfillment_lines"."short" <= "fulfillment_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "fulfillment_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"location_code" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"assigned_to" text,
	"pick_list_id" uuid,
	"rejection_reason" text,
	"cancellation_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"picking_at" timestamp with time zone,
	"picked_at" timestamp with time zone,
	"packing_at" timestamp with time zone,
	"packed_at" timestamp with time zone,
	"handed_off_at" timestamp with time zone,
	"ready_for_pickup_at" timestamp with time zone,
	"picked_up_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fulfillment_orders_number_unique" UNIQUE("number"),
	CONSTRAINT "fulfillment_orders_type" CHECK ("fulfillment_orders"."type" in ('ship', 'pickup')),
	CONSTRAINT "fulfillment_orders_status" CHECK ("fulfillment_orders"."status" in ('open','picking','picked','packing','packed','handed_off','ready_for_pickup','picked_up','rejected','cancelled')),
	CONSTRAINT "fulfillment_orders_rejected_reason" CHECK ("fulfillment_orders"."status" <> 'rejected' or "fulfillment_orders"."rejection_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "fulfillment_packages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"box_code" text NOT NULL,
	"weight_grams" integer NOT NULL,
	"length_mm" integer NOT NULL,
	"width_mm" integer NOT NULL,
	"height_mm" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fulfillment_packages_fulfillment_order_id_unique" UNIQUE("fulfillment_order_id"),
	CONSTRAINT "fulfillment_packages_pos" CHECK ("fulfillment_packages"."weight_grams" > 0 and "fulfillment_packages"."length_mm" > 0 and "fulfillment_packages"."width_mm" > 0 and "fulfillment_packages"."height_mm" > 0)
);
--> statement-breakpoint
CREATE TABLE "fulfillment_work_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fulfillment_order_id" uuid NOT NULL,
	"fulfillment_line_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"values" jsonb NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"completed_by" text,
	"completed_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "fulfillment_work_steps_line_kind_key" UNIQUE("fulfillment_line_id","kind"),
	CONSTRAINT "fulfillment_work_steps_done" CHECK (("fulfillment_work_steps"."completed_at" is null) = ("fulfillment_work_steps"."completed_by" is null) and ("fulfillment_work_steps"."confirmed" = ("fulfillment_work_steps"."completed_at" is not null)))
);
--> statement-breakpoint
CREATE TABLE "pick_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"location_code" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pick_lists_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "pickup_codes" (
	"fulfillment_order_id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"salt" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "pickup_codes_attempts" CHECK ("pickup_codes"."failed_attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD CONSTRAINT "fulfillment_lines_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD CONSTRAINT "fulfillment_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_pick_list_id_pick_lists_id_fk" FOREIGN KEY ("pick_list_id") REFERENCES "public"."pick_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD CONSTRAINT "fulfillment_packages_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_packages" ADD CONSTRAINT "fulfillment_packages_box_code_boxes_code_fk" FOREIGN KEY ("box_code") REFERENCES "public"."boxes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_work_steps" ADD CONSTRAINT "fulfillment_work_steps_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_work_steps" ADD CONSTRAINT "fulfillment_work_steps_fulfillment_line_id_fulfillment_lines_id_fk" FOREIGN KEY ("fulfillment_line_id") REFERENCES "public"."fulfillment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pick_lists" ADD CONSTRAINT "pick_lists_location_code_locations_code_fk" FOREIGN KEY ("location_code") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_codes" ADD CONSTRAINT "pickup_codes_fulfillment_order_id_fulfillment_orders_id_fk" FOREIGN KEY ("fulfillment_order_id") REFERENCES "public"."fulfillment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fulfillment_lines_fo_idx" ON "fulfillment_lines" USING btree ("fulfillment_order_id");--> statement-breakpoint
CREATE INDEX "fulfillment_lines_order_line_idx" ON "fulfillment_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "fulfillment_orders_order_idx" ON "fulfillment_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "fulfillment_orders_location_status_idx" ON "fulfillment_orders" USING btree ("location_code","status","created_at");--> statement-breakpoint
CREATE INDEX "fulfillment_orders_pick_list_idx" ON "fulfillment_orders" USING btree ("pick_list_id");--> statement-breakpoint
CREATE INDEX "fulfillment_work_steps_fo_idx" ON "fulfillment_work_steps" USING btree ("fulfillment_order_id");--> statement-breakpoint
CREATE INDEX "pick_lists_location_idx" ON "pick_lists" USING btree ("location_code","created_at");--> statement-breakpoint
CREATE INDEX "pickup_codes_expiry_idx" ON "pickup_codes" USING btree ("expires_at") WHERE used_at is null;