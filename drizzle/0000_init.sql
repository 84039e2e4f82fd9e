CREATE TABLE "brand_contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"commission_bps" integer NOT NULL,
	"exclusive" boolean DEFAULT false NOT NULL,
	"yearly_plan" bigint,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_contracts_rate_ck" CHECK ("brand_contracts"."commission_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "brand_contracts_validity_ck" CHECK ("brand_contracts"."valid_to" > "brand_contracts"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "brands" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"category" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brands_status_ck" CHECK ("brands"."status" IN ('active','suspended'))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"province" text NOT NULL,
	"city" text NOT NULL,
	"district" text NOT NULL,
	"detail" text NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resellers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"level" text DEFAULT 'V1' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"share_code" text NOT NULL,
	"invited_by" text,
	"membership_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resellers_phone_unique" UNIQUE("phone"),
	CONSTRAINT "resellers_share_code_unique" UNIQUE("share_code"),
	CONSTRAINT "resellers_level_ck" CHECK ("resellers"."level" IN ('V1','V2','V3','V4','V5')),
	CONSTRAINT "resellers_status_ck" CHECK ("resellers"."status" IN ('active','suspended'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"phone" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"brand_id" text,
	"reseller_id" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_phone_unique" UNIQUE("phone"),
	CONSTRAINT "users_role_ck" CHECK ("users"."role" IN ('operator','brand','reseller')),
	CONSTRAINT "users_scope_ck" CHECK (("users"."role" = 'brand') = ("users"."brand_id" IS NOT NULL) AND ("users"."role" = 'reseller') = ("users"."reseller_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "lot_lines" (
	"lot_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "lot_lines_lot_id_sku_id_pk" PRIMARY KEY("lot_id","sku_id"),
	CONSTRAINT "lot_lines_qty_ck" CHECK ("lot_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"name" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"row_count" integer NOT NULL,
	"units" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"spu_code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skus" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"sku_code" text NOT NULL,
	"colour" text NOT NULL,
	"size" text NOT NULL,
	"barcode" text,
	"tag_price" bigint NOT NULL,
	"base_price" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	CONSTRAINT "skus_prices_ck" CHECK ("skus"."base_price" > 0 AND "skus"."tag_price" >= "skus"."base_price")
);
--> statement-breakpoint
CREATE TABLE "sale_event_skus" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_event_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"product_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"base_price" bigint NOT NULL,
	"tag_price" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sale_events" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"markup_min_bps" integer NOT NULL,
	"markup_max_bps" integer NOT NULL,
	"markup_suggested_bps" integer NOT NULL,
	"commission_bps" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_events_status_ck" CHECK ("sale_events"."status" IN ('draft','scheduled','live','ended','closed')),
	CONSTRAINT "sale_events_window_ck" CHECK ("sale_events"."ends_at" > "sale_events"."starts_at"),
	CONSTRAINT "sale_events_markup_ck" CHECK (0 <= "sale_events"."markup_min_bps" AND "sale_events"."markup_min_bps" <= "sale_events"."markup_suggested_bps" AND "sale_events"."markup_suggested_bps" <= "sale_events"."markup_max_bps" AND "sale_events"."markup_max_bps" <= 100000),
	CONSTRAINT "sale_events_commission_ck" CHECK ("sale_events"."commission_bps" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "pools" (
	"event_sku_id" text PRIMARY KEY NOT NULL,
	"sale_event_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"initial" integer NOT NULL,
	"available" integer NOT NULL,
	"held" integer DEFAULT 0 NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "pools_nonneg_ck" CHECK ("pools"."available" >= 0 AND "pools"."held" >= 0 AND "pools"."sold" >= 0),
	CONSTRAINT "pools_conserved_ck" CHECK ("pools"."available" + "pools"."held" + "pools"."sold" = "pools"."initial")
);
--> statement-breakpoint
CREATE TABLE "sku_supply" (
	"sku_id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"supplied" integer DEFAULT 0 NOT NULL,
	"allocated" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sku_supply_ck" CHECK ("sku_supply"."allocated" >= 0 AND "sku_supply"."allocated" <= "sku_supply"."supplied")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_sku_id" text NOT NULL,
	"order_id" text,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movements_kind_ck" CHECK ("stock_movements"."kind" IN ('allocate','hold','sell','release','unsell')),
	CONSTRAINT "stock_movements_qty_ck" CHECK ("stock_movements"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "reseller_prices" (
	"reseller_id" text NOT NULL,
	"event_sku_id" text NOT NULL,
	"sale_event_id" text NOT NULL,
	"selling_price" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_prices_reseller_id_event_sku_id_pk" PRIMARY KEY("reseller_id","event_sku_id")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"event_sku_id" text NOT NULL,
	"sale_event_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"product_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"base_price" bigint NOT NULL,
	"selling_price" bigint NOT NULL,
	"commission_bps" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	CONSTRAINT "order_lines_qty_ck" CHECK ("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_price_ck" CHECK ("order_lines"."base_price" > 0 AND "order_lines"."selling_price" >= "order_lines"."base_price")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"reseller_id" text NOT NULL,
	"customer_id" text,
	"consumer_name" text NOT NULL,
	"consumer_phone" text NOT NULL,
	"address" jsonb NOT NULL,
	"status" text NOT NULL,
	"pay_method" text NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"selling_total" bigint NOT NULL,
	"base_total" bigint NOT NULL,
	"amount_due" bigint NOT NULL,
	"hold_expires_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"lookup_token_hash" text,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_kind_ck" CHECK ("orders"."kind" IN ('reseller','storefront')),
	CONSTRAINT "orders_pay_method_ck" CHECK ("orders"."pay_method" IN ('wallet','provider')),
	CONSTRAINT "orders_status_ck" CHECK ("orders"."status" IN ('pending_payment','paid','expired','cancelled','shipped','delivered','completed')),
	CONSTRAINT "orders_amounts_ck" CHECK ("orders"."base_total" > 0 AND "orders"."selling_total" >= "orders"."base_total" AND "orders"."amount_due" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_intents" (
	"id" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"order_id" text,
	"topup_id" text,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text DEFAULT 'requires_payment' NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"pay_url" text,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_intents_purpose_ck" CHECK ("payment_intents"."purpose" IN ('order','topup') AND (("payment_intents"."purpose" = 'order') = ("payment_intents"."order_id" IS NOT NULL)) AND (("payment_intents"."purpose" = 'topup') = ("payment_intents"."topup_id" IS NOT NULL))),
	CONSTRAINT "payment_intents_status_ck" CHECK ("payment_intents"."status" IN ('requires_payment','succeeded','failed')),
	CONSTRAINT "payment_intents_amount_ck" CHECK ("payment_intents"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"order_id" text,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"idempotency_key" text NOT NULL,
	"provider_ref" text,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "refunds_status_ck" CHECK ("refunds"."status" IN ('pending','succeeded','failed')),
	CONSTRAINT "refunds_amount_ck" CHECK ("refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_ref" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"notify_url" text NOT NULL,
	"return_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_charges_merchant_ref_unique" UNIQUE("merchant_ref"),
	CONSTRAINT "sandbox_charges_status_ck" CHECK ("sandbox_charges"."status" IN ('pending','succeeded','failed')),
	CONSTRAINT "sandbox_charges_refund_ck" CHECK ("sandbox_charges"."refunded" >= 0 AND "sandbox_charges"."refunded" <= "sandbox_charges"."amount")
);
--> statement-breakpoint
CREATE TABLE "sandbox_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"charge_id" text NOT NULL,
	"merchant_ref" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_refunds_merchant_ref_unique" UNIQUE("merchant_ref")
);
--> statement-breakpoint
CREATE TABLE "wallet_topups" (
	"id" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_topups_status_ck" CHECK ("wallet_topups"."status" IN ('pending','succeeded','failed')),
	CONSTRAINT "wallet_topups_amount_ck" CHECK ("wallet_topups"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "guarded_balances" (
	"account" text NOT NULL,
	"party_id" text NOT NULL,
	"currency" text NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "guarded_balances_account_party_id_currency_pk" PRIMARY KEY("account","party_id","currency"),
	CONSTRAINT "guarded_balances_nonneg_ck" CHECK ("guarded_balances"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"currency" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entries_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "journal_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"account" text NOT NULL,
	"party_id" text DEFAULT '' NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "journal_lines_nonzero_ck" CHECK ("journal_lines"."amount" <> 0)
);
--> statement-breakpoint
ALTER TABLE "brand_contracts" ADD CONSTRAINT "brand_contracts_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_lines" ADD CONSTRAINT "lot_lines_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_lines" ADD CONSTRAINT "lot_lines_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_event_skus" ADD CONSTRAINT "sale_event_skus_sale_event_id_sale_events_id_fk" FOREIGN KEY ("sale_event_id") REFERENCES "public"."sale_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_event_skus" ADD CONSTRAINT "sale_event_skus_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_event_skus" ADD CONSTRAINT "sale_event_skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_event_skus" ADD CONSTRAINT "sale_event_skus_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_events" ADD CONSTRAINT "sale_events_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pools" ADD CONSTRAINT "pools_event_sku_id_sale_event_skus_id_fk" FOREIGN KEY ("event_sku_id") REFERENCES "public"."sale_event_skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pools" ADD CONSTRAINT "pools_sale_event_id_sale_events_id_fk" FOREIGN KEY ("sale_event_id") REFERENCES "public"."sale_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pools" ADD CONSTRAINT "pools_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_supply" ADD CONSTRAINT "sku_supply_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_prices" ADD CONSTRAINT "reseller_prices_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_prices" ADD CONSTRAINT "reseller_prices_event_sku_id_sale_event_skus_id_fk" FOREIGN KEY ("event_sku_id") REFERENCES "public"."sale_event_skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payment_intents_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_refunds" ADD CONSTRAINT "sandbox_refunds_charge_id_sandbox_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."sandbox_charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brand_contracts_brand_idx" ON "brand_contracts" USING btree ("brand_id","valid_from");--> statement-breakpoint
CREATE INDEX "customers_reseller_idx" ON "customers" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lots_brand_file_uq" ON "lots" USING btree ("brand_id","file_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "products_brand_spu_uq" ON "products" USING btree ("brand_id","spu_code");--> statement-breakpoint
CREATE UNIQUE INDEX "skus_brand_code_uq" ON "skus" USING btree ("brand_id","sku_code");--> statement-breakpoint
CREATE INDEX "skus_product_idx" ON "skus" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sale_event_skus_uq" ON "sale_event_skus" USING btree ("sale_event_id","sku_id");--> statement-breakpoint
CREATE INDEX "sale_event_skus_product_idx" ON "sale_event_skus" USING btree ("sale_event_id","product_id");--> statement-breakpoint
CREATE INDEX "sale_events_window_idx" ON "sale_events" USING btree ("status","starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "sale_events_brand_idx" ON "sale_events" USING btree ("brand_id","starts_at");--> statement-breakpoint
CREATE INDEX "pools_event_idx" ON "pools" USING btree ("sale_event_id");--> statement-breakpoint
CREATE INDEX "stock_movements_sku_idx" ON "stock_movements" USING btree ("event_sku_id");--> statement-breakpoint
CREATE INDEX "reseller_prices_event_idx" ON "reseller_prices" USING btree ("reseller_id","sale_event_id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_lines_event_idx" ON "order_lines" USING btree ("sale_event_id","sku_id");--> statement-breakpoint
CREATE INDEX "order_lines_brand_idx" ON "order_lines" USING btree ("brand_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_idem_uq" ON "orders" USING btree ("reseller_id","kind","idempotency_key");--> statement-breakpoint
CREATE INDEX "orders_reseller_idx" ON "orders" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status","hold_expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_order_uq" ON "payment_intents" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_topup_uq" ON "payment_intents" USING btree ("topup_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_ref_uq" ON "payment_intents" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_notifications_event_uq" ON "payment_notifications" USING btree ("provider","event_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "sandbox_deliveries_due_idx" ON "sandbox_deliveries" USING btree ("next_attempt_at") WHERE "sandbox_deliveries"."delivered_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "wallet_topups_idem_uq" ON "wallet_topups" USING btree ("reseller_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "journal_entries_cause_idx" ON "journal_entries" USING btree ("cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "journal_lines_entry_idx" ON "journal_lines" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "journal_lines_account_idx" ON "journal_lines" USING btree ("account","party_id");