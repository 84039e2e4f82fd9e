CREATE TABLE "order_discounts" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"bearer" text NOT NULL,
	"bearer_party_id" text DEFAULT '' NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_discounts_source_ck" CHECK ("order_discounts"."source" IN ('coupon','red_packet')),
	CONSTRAINT "order_discounts_bearer_ck" CHECK ("order_discounts"."bearer" IN ('platform','brand','reseller')),
	CONSTRAINT "order_discounts_amount_ck" CHECK ("order_discounts"."amount" > 0),
	CONSTRAINT "order_discounts_status_ck" CHECK ("order_discounts"."status" IN ('applied','released'))
);
--> statement-breakpoint
CREATE TABLE "flash_buyer_counts" (
	"flash_item_id" text NOT NULL,
	"buyer" text NOT NULL,
	"quantity" integer NOT NULL,
	"cap" integer NOT NULL,
	CONSTRAINT "flash_buyer_counts_flash_item_id_buyer_pk" PRIMARY KEY("flash_item_id","buyer"),
	CONSTRAINT "flash_buyer_counts_ck" CHECK ("flash_buyer_counts"."quantity" >= 0 AND "flash_buyer_counts"."quantity" <= "flash_buyer_counts"."cap")
);
--> statement-breakpoint
CREATE TABLE "flash_items" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_event_id" text NOT NULL,
	"event_sku_id" text NOT NULL,
	"price" bigint NOT NULL,
	"base_price" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"quantity" integer NOT NULL,
	"claimed" integer DEFAULT 0 NOT NULL,
	"per_buyer_limit" integer NOT NULL,
	"per_reseller_limit" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"first_claim_at" timestamp with time zone,
	"sold_out_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_items_event_sku_id_unique" UNIQUE("event_sku_id"),
	CONSTRAINT "flash_items_claimed_ck" CHECK ("flash_items"."claimed" >= 0 AND "flash_items"."claimed" <= "flash_items"."quantity"),
	CONSTRAINT "flash_items_price_ck" CHECK ("flash_items"."base_price" > 0 AND "flash_items"."price" >= "flash_items"."base_price"),
	CONSTRAINT "flash_items_limits_ck" CHECK ("flash_items"."per_buyer_limit" >= 1 AND "flash_items"."per_reseller_limit" >= "flash_items"."per_buyer_limit" AND "flash_items"."quantity" >= 1),
	CONSTRAINT "flash_items_window_ck" CHECK ("flash_items"."ends_at" > "flash_items"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "flash_reseller_counts" (
	"flash_item_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"cap" integer NOT NULL,
	CONSTRAINT "flash_reseller_counts_flash_item_id_reseller_id_pk" PRIMARY KEY("flash_item_id","reseller_id"),
	CONSTRAINT "flash_reseller_counts_ck" CHECK ("flash_reseller_counts"."quantity" >= 0 AND "flash_reseller_counts"."quantity" <= "flash_reseller_counts"."cap")
);
--> statement-breakpoint
CREATE TABLE "group_buy_members" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"order_id" text NOT NULL,
	"buyer_phone" text NOT NULL,
	"leader" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'joined' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_buy_members_order_id_unique" UNIQUE("order_id"),
	CONSTRAINT "group_buy_members_status_ck" CHECK ("group_buy_members"."status" IN ('joined','paid','left','refunded'))
);
--> statement-breakpoint
CREATE TABLE "group_buy_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_event_id" text NOT NULL,
	"event_sku_id" text NOT NULL,
	"group_size" integer NOT NULL,
	"group_price" bigint NOT NULL,
	"base_price" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"hours" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_buy_offers_event_sku_id_unique" UNIQUE("event_sku_id"),
	CONSTRAINT "group_buy_offers_size_ck" CHECK ("group_buy_offers"."group_size" BETWEEN 2 AND 50),
	CONSTRAINT "group_buy_offers_hours_ck" CHECK ("group_buy_offers"."hours" BETWEEN 1 AND 72),
	CONSTRAINT "group_buy_offers_price_ck" CHECK ("group_buy_offers"."base_price" > 0 AND "group_buy_offers"."group_price" >= "group_buy_offers"."base_price")
);
--> statement-breakpoint
CREATE TABLE "group_buys" (
	"id" text PRIMARY KEY NOT NULL,
	"offer_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"size" integer NOT NULL,
	"joined" integer DEFAULT 0 NOT NULL,
	"paid" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "group_buys_status_ck" CHECK ("group_buys"."status" IN ('open','full','succeeded','failed')),
	CONSTRAINT "group_buys_joined_ck" CHECK ("group_buys"."joined" >= 0 AND "group_buys"."joined" <= "group_buys"."size" AND "group_buys"."paid" >= 0 AND "group_buys"."paid" <= "group_buys"."joined")
);
--> statement-breakpoint
CREATE TABLE "presales" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_event_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"moq" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"ship_days" integer NOT NULL,
	"status" text DEFAULT 'collecting' NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presales_sale_event_id_unique" UNIQUE("sale_event_id"),
	CONSTRAINT "presales_status_ck" CHECK ("presales"."status" IN ('collecting','confirmed','failed')),
	CONSTRAINT "presales_moq_ck" CHECK ("presales"."moq" >= 1 AND "presales"."ship_days" BETWEEN 1 AND 180)
);
--> statement-breakpoint
CREATE TABLE "production_order_lines" (
	"production_order_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "production_order_lines_production_order_id_sku_id_pk" PRIMARY KEY("production_order_id","sku_id"),
	CONSTRAINT "production_order_lines_qty_ck" CHECK ("production_order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "production_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"presale_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"committed_ship_date" date NOT NULL,
	"total_units" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "production_orders_presale_id_unique" UNIQUE("presale_id"),
	CONSTRAINT "production_orders_status_ck" CHECK ("production_orders"."status" IN ('issued','acknowledged')),
	CONSTRAINT "production_orders_units_ck" CHECK ("production_orders"."total_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "coupon_customer_counts" (
	"coupon_id" text NOT NULL,
	"customer" text NOT NULL,
	"used" integer NOT NULL,
	"cap" integer NOT NULL,
	CONSTRAINT "coupon_customer_counts_coupon_id_customer_pk" PRIMARY KEY("coupon_id","customer"),
	CONSTRAINT "coupon_customer_counts_ck" CHECK ("coupon_customer_counts"."used" >= 0 AND "coupon_customer_counts"."used" <= "coupon_customer_counts"."cap")
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"threshold" bigint DEFAULT 0 NOT NULL,
	"amount_off" bigint DEFAULT 0 NOT NULL,
	"percent_bps" integer DEFAULT 0 NOT NULL,
	"max_off" bigint,
	"funded_by" text NOT NULL,
	"brand_id" text,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"total_cap" integer NOT NULL,
	"per_customer_cap" integer NOT NULL,
	"redeemed" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_code_unique" UNIQUE("code"),
	CONSTRAINT "coupons_kind_ck" CHECK ("coupons"."kind" IN ('threshold','fixed','percent','bogo')),
	CONSTRAINT "coupons_funded_ck" CHECK (("coupons"."funded_by" = 'platform' AND "coupons"."brand_id" IS NULL) OR ("coupons"."funded_by" = 'brand' AND "coupons"."brand_id" IS NOT NULL)),
	CONSTRAINT "coupons_caps_ck" CHECK ("coupons"."total_cap" >= 1 AND "coupons"."per_customer_cap" >= 1 AND "coupons"."redeemed" >= 0 AND "coupons"."redeemed" <= "coupons"."total_cap"),
	CONSTRAINT "coupons_amounts_ck" CHECK ("coupons"."threshold" >= 0 AND "coupons"."amount_off" >= 0 AND "coupons"."percent_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "coupons_window_ck" CHECK ("coupons"."valid_to" > "coupons"."valid_from"),
	CONSTRAINT "coupons_status_ck" CHECK ("coupons"."status" IN ('active','paused'))
);
--> statement-breakpoint
CREATE TABLE "red_packet_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL,
	"title" text NOT NULL,
	"amount_each" bigint NOT NULL,
	"count" integer NOT NULL,
	"min_spend" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "red_packet_batches_ck" CHECK ("red_packet_batches"."amount_each" > 0 AND "red_packet_batches"."count" BETWEEN 1 AND 500 AND "red_packet_batches"."min_spend" >= 0)
);
--> statement-breakpoint
CREATE TABLE "red_packets" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"code" text NOT NULL,
	"amount" bigint NOT NULL,
	"min_spend" bigint DEFAULT 0 NOT NULL,
	"customer_id" text,
	"status" text DEFAULT 'issued' NOT NULL,
	"order_id" text,
	"used_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "red_packets_code_unique" UNIQUE("code"),
	CONSTRAINT "red_packets_status_ck" CHECK ("red_packets"."status" IN ('issued','gifted','used','expired')),
	CONSTRAINT "red_packets_amount_ck" CHECK ("red_packets"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_amounts_ck";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "campaign" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "campaign_ref" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "discount_total" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "flash_buyer_counts" ADD CONSTRAINT "flash_buyer_counts_flash_item_id_flash_items_id_fk" FOREIGN KEY ("flash_item_id") REFERENCES "public"."flash_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_items" ADD CONSTRAINT "flash_items_sale_event_id_sale_events_id_fk" FOREIGN KEY ("sale_event_id") REFERENCES "public"."sale_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_items" ADD CONSTRAINT "flash_items_event_sku_id_sale_event_skus_id_fk" FOREIGN KEY ("event_sku_id") REFERENCES "public"."sale_event_skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_reseller_counts" ADD CONSTRAINT "flash_reseller_counts_flash_item_id_flash_items_id_fk" FOREIGN KEY ("flash_item_id") REFERENCES "public"."flash_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_members" ADD CONSTRAINT "group_buy_members_group_id_group_buys_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_offers" ADD CONSTRAINT "group_buy_offers_sale_event_id_sale_events_id_fk" FOREIGN KEY ("sale_event_id") REFERENCES "public"."sale_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_offers" ADD CONSTRAINT "group_buy_offers_event_sku_id_sale_event_skus_id_fk" FOREIGN KEY ("event_sku_id") REFERENCES "public"."sale_event_skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buys" ADD CONSTRAINT "group_buys_offer_id_group_buy_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."group_buy_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presales" ADD CONSTRAINT "presales_sale_event_id_sale_events_id_fk" FOREIGN KEY ("sale_event_id") REFERENCES "public"."sale_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presales" ADD CONSTRAINT "presales_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_order_lines" ADD CONSTRAINT "production_order_lines_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_presale_id_presales_id_fk" FOREIGN KEY ("presale_id") REFERENCES "public"."presales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_customer_counts" ADD CONSTRAINT "coupon_customer_counts_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_packets" ADD CONSTRAINT "red_packets_batch_id_red_packet_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."red_packet_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_discounts_order_idx" ON "order_discounts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_discounts_source_idx" ON "order_discounts" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "flash_items_event_idx" ON "flash_items" USING btree ("sale_event_id");--> statement-breakpoint
CREATE INDEX "group_buy_members_group_idx" ON "group_buy_members" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_buy_members_phone_uq" ON "group_buy_members" USING btree ("group_id","buyer_phone") WHERE "group_buy_members"."status" IN ('joined','paid');--> statement-breakpoint
CREATE INDEX "group_buy_offers_event_idx" ON "group_buy_offers" USING btree ("sale_event_id");--> statement-breakpoint
CREATE INDEX "group_buys_offer_idx" ON "group_buys" USING btree ("offer_id","status");--> statement-breakpoint
CREATE INDEX "group_buys_due_idx" ON "group_buys" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "red_packet_batches_reseller_idx" ON "red_packet_batches" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "red_packet_batches_idem_uq" ON "red_packet_batches" USING btree ("reseller_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "red_packets_batch_idx" ON "red_packets" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "red_packets_due_idx" ON "red_packets" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "orders_campaign_idx" ON "orders" USING btree ("campaign","campaign_ref");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_campaign_ck" CHECK ("orders"."campaign" IS NULL OR ("orders"."campaign" IN ('flash','group','presale') AND "orders"."campaign_ref" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts_ck" CHECK ("orders"."base_total" > 0 AND "orders"."selling_total" >= "orders"."base_total" AND "orders"."amount_due" > 0 AND "orders"."discount_total" >= 0);