-- Hoarding (恶意占库存): where a storefront order came from, the indexes the hold caps count with
-- (inside the placement transaction, under per-holder advisory locks), and the audit of releases.

ALTER TABLE "orders" ADD COLUMN "client_address" text;
--> statement-breakpoint
-- What a phone holds now (small: only orders awaiting payment).
CREATE INDEX "orders_pending_phone_idx" ON "orders" USING btree ("consumer_phone") WHERE "orders"."status" = 'pending_payment';
--> statement-breakpoint
-- Unpaid orders of the caps' window: by phone, by client address, by reseller link.
CREATE INDEX "orders_unpaid_phone_idx" ON "orders" USING btree ("consumer_phone","created_at") WHERE "orders"."paid_at" IS NULL AND "orders"."kind" = 'storefront';
--> statement-breakpoint
CREATE INDEX "orders_unpaid_address_idx" ON "orders" USING btree ("client_address","created_at") WHERE "orders"."paid_at" IS NULL AND "orders"."client_address" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "orders_unpaid_link_idx" ON "orders" USING btree ("reseller_id","created_at") WHERE "orders"."paid_at" IS NULL AND "orders"."kind" = 'storefront';
--> statement-breakpoint
CREATE TABLE "hold_releases" (
	"order_id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_user_id" text,
	"actor_name" text,
	"scope" text NOT NULL,
	"subject" text NOT NULL,
	"reason" text NOT NULL,
	"units" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hold_releases_actor_ck" CHECK ("hold_releases"."actor_kind" IN ('operator','reseller','system')),
	CONSTRAINT "hold_releases_scope_ck" CHECK ("hold_releases"."scope" IN ('order','phone','address','link')),
	CONSTRAINT "hold_releases_units_ck" CHECK ("hold_releases"."units" > 0)
);
--> statement-breakpoint
ALTER TABLE "hold_releases" ADD CONSTRAINT "hold_releases_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "hold_releases_created_idx" ON "hold_releases" USING btree ("created_at");
