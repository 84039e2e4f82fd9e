-- The warehouse: purchase orders to brands, receiving scans with running counts, stock by bin,
-- sorting waves, parcels and their lines (every unit names its order line), and a unit weight per SKU.
CREATE TABLE "bin_stock" (
	"bin" text NOT NULL,
	"sku_id" text NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "bin_stock_bin_sku_id_pk" PRIMARY KEY("bin","sku_id"),
	CONSTRAINT "bin_stock_ck" CHECK ("bin_stock"."on_hand" >= 0)
);
--> statement-breakpoint
CREATE TABLE "parcel_lines" (
	"parcel_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"order_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"bin" text,
	"quantity" integer NOT NULL,
	"packed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "parcel_lines_parcel_id_order_line_id_pk" PRIMARY KEY("parcel_id","order_line_id"),
	CONSTRAINT "parcel_lines_ck" CHECK ("parcel_lines"."quantity" > 0 AND "parcel_lines"."packed" >= 0 AND "parcel_lines"."packed" <= "parcel_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "parcels" (
	"id" text PRIMARY KEY NOT NULL,
	"parcel_no" text NOT NULL,
	"wave_id" text,
	"origin" text DEFAULT 'warehouse' NOT NULL,
	"brand_id" text,
	"reseller_id" text NOT NULL,
	"phone" text NOT NULL,
	"recipient" text NOT NULL,
	"address" jsonb NOT NULL,
	"weight_grams" integer NOT NULL,
	"items" integer NOT NULL,
	"oversize" boolean DEFAULT false NOT NULL,
	"seq" integer DEFAULT 1 NOT NULL,
	"seq_of" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'packing' NOT NULL,
	"carrier" text,
	"waybill_no" text,
	"tracking_status" text,
	"packed_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcels_origin_ck" CHECK ("parcels"."origin" IN ('warehouse','drop_ship')),
	CONSTRAINT "parcels_status_ck" CHECK ("parcels"."status" IN ('packing','packed','shipped','delivered','returned')),
	CONSTRAINT "parcels_counts_ck" CHECK ("parcels"."weight_grams" > 0 AND "parcels"."items" > 0 AND "parcels"."seq" >= 1 AND "parcels"."seq" <= "parcels"."seq_of")
);
--> statement-breakpoint
CREATE TABLE "po_allocations" (
	"po_line_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"order_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"short" integer DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	CONSTRAINT "po_allocations_po_line_id_order_line_id_pk" PRIMARY KEY("po_line_id","order_line_id"),
	CONSTRAINT "po_allocations_ck" CHECK ("po_allocations"."quantity" > 0 AND "po_allocations"."received" >= 0 AND "po_allocations"."short" >= 0 AND "po_allocations"."received" + "po_allocations"."short" <= "po_allocations"."quantity")
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"po_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"event_sku_id" text NOT NULL,
	"barcode" text NOT NULL,
	"ordered" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"damaged" integer DEFAULT 0 NOT NULL,
	"short" integer DEFAULT 0 NOT NULL,
	"over" integer DEFAULT 0 NOT NULL,
	"bin" text NOT NULL,
	CONSTRAINT "purchase_order_lines_ck" CHECK ("purchase_order_lines"."ordered" > 0 AND "purchase_order_lines"."received" >= 0 AND "purchase_order_lines"."damaged" >= 0 AND "purchase_order_lines"."short" >= 0 AND "purchase_order_lines"."over" >= 0 AND "purchase_order_lines"."short" <= "purchase_order_lines"."ordered")
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"po_no" text NOT NULL,
	"brand_id" text NOT NULL,
	"sale_event_id" text NOT NULL,
	"wave" integer NOT NULL,
	"mode" text DEFAULT 'warehouse' NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"ship_date" date,
	"confirmed_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"units" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchase_orders_mode_ck" CHECK ("purchase_orders"."mode" IN ('warehouse','drop_ship')),
	CONSTRAINT "purchase_orders_status_ck" CHECK ("purchase_orders"."status" IN ('issued','confirmed','receiving','received','shipped')),
	CONSTRAINT "purchase_orders_units_ck" CHECK ("purchase_orders"."units" > 0)
);
--> statement-breakpoint
CREATE TABLE "receiving_scans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"po_id" text NOT NULL,
	"po_line_id" text NOT NULL,
	"barcode" text NOT NULL,
	"quantity" integer NOT NULL,
	"condition" text DEFAULT 'good' NOT NULL,
	"source" text DEFAULT 'scan' NOT NULL,
	"actor_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receiving_scans_ck" CHECK ("receiving_scans"."quantity" > 0 AND "receiving_scans"."condition" IN ('good','damaged') AND "receiving_scans"."source" IN ('scan','file','manual'))
);
--> statement-breakpoint
CREATE TABLE "sort_waves" (
	"id" text PRIMARY KEY NOT NULL,
	"wave_no" text NOT NULL,
	"status" text DEFAULT 'picking' NOT NULL,
	"parcels" integer NOT NULL,
	"units" integer NOT NULL,
	"waiting" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sort_waves_status_ck" CHECK ("sort_waves"."status" IN ('picking','packed','shipped'))
);
--> statement-breakpoint
CREATE TABLE "warehouse_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"sku_id" text NOT NULL,
	"bin" text,
	"quantity" integer NOT NULL,
	"order_line_id" text,
	"po_line_id" text,
	"parcel_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warehouse_movements_kind_ck" CHECK ("warehouse_movements"."kind" IN ('receive','damaged','overage','pack','return_in')),
	CONSTRAINT "warehouse_movements_qty_ck" CHECK ("warehouse_movements"."quantity" > 0),
	CONSTRAINT "warehouse_movements_line_ck" CHECK ("warehouse_movements"."kind" IN ('damaged','overage') OR "warehouse_movements"."order_line_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "skus" ADD COLUMN "weight_grams" integer DEFAULT 500 NOT NULL;
--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_parcel_id_parcels_id_fk" FOREIGN KEY ("parcel_id") REFERENCES "public"."parcels"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "po_allocations" ADD CONSTRAINT "po_allocations_po_line_id_purchase_order_lines_id_fk" FOREIGN KEY ("po_line_id") REFERENCES "public"."purchase_order_lines"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_po_id_purchase_orders_id_fk" FOREIGN KEY ("po_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "parcel_lines_order_line_idx" ON "parcel_lines" USING btree ("order_line_id");
--> statement-breakpoint
CREATE INDEX "parcel_lines_order_idx" ON "parcel_lines" USING btree ("order_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "parcels_no_uq" ON "parcels" USING btree ("parcel_no");
--> statement-breakpoint
CREATE UNIQUE INDEX "parcels_waybill_uq" ON "parcels" USING btree ("carrier","waybill_no");
--> statement-breakpoint
CREATE INDEX "parcels_wave_idx" ON "parcels" USING btree ("wave_id");
--> statement-breakpoint
CREATE INDEX "parcels_status_idx" ON "parcels" USING btree ("status");
--> statement-breakpoint
CREATE UNIQUE INDEX "po_allocations_order_line_uq" ON "po_allocations" USING btree ("order_line_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_lines_sku_uq" ON "purchase_order_lines" USING btree ("po_id","sku_id");
--> statement-breakpoint
CREATE INDEX "purchase_order_lines_barcode_idx" ON "purchase_order_lines" USING btree ("po_id","barcode");
--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_no_uq" ON "purchase_orders" USING btree ("po_no");
--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_wave_uq" ON "purchase_orders" USING btree ("sale_event_id","brand_id","wave");
--> statement-breakpoint
CREATE INDEX "purchase_orders_brand_idx" ON "purchase_orders" USING btree ("brand_id","created_at");
--> statement-breakpoint
CREATE INDEX "receiving_scans_po_idx" ON "receiving_scans" USING btree ("po_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "sort_waves_no_uq" ON "sort_waves" USING btree ("wave_no");
--> statement-breakpoint
CREATE INDEX "warehouse_movements_line_idx" ON "warehouse_movements" USING btree ("order_line_id");
