-- Sharing: share links with their channel and end (阅后即焚), the storefront's view records (an
-- anonymous visitor id, no address), visitors who ordered, and customer binding (流量保护); orders
-- name the link they came through and, for a protected consumer, the link's reseller.
CREATE TABLE "customer_bindings" (
	"consumer_phone" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL,
	"order_id" text NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_bindings_span_ck" CHECK ("customer_bindings"."expires_at" > "customer_bindings"."bound_at")
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"code" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL,
	"target" text NOT NULL,
	"sale_event_id" text,
	"target_ref" text,
	"channel" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_links_target_ck" CHECK ("share_links"."target" IN ('shop','event','product','flash','group','presale')),
	CONSTRAINT "share_links_channel_ck" CHECK ("share_links"."channel" IN ('group','moments','private','other')),
	CONSTRAINT "share_links_event_ck" CHECK (("share_links"."target" = 'shop') = ("share_links"."sale_event_id" IS NULL) AND ("share_links"."sale_event_id" IS NULL OR "share_links"."expires_at" IS NOT NULL)),
	CONSTRAINT "share_links_label_ck" CHECK (char_length("share_links"."label") <= 30)
);
--> statement-breakpoint
CREATE TABLE "storefront_views" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"visitor_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"link_code" text,
	"channel" text,
	"page" text NOT NULL,
	"sale_event_id" text,
	"product_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storefront_views_page_ck" CHECK ("storefront_views"."page" IN ('shop','event','product','flash','group','order'))
);
--> statement-breakpoint
CREATE TABLE "visitor_consumers" (
	"visitor_id" text NOT NULL,
	"consumer_phone" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "via_reseller_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "share_link" text;--> statement-breakpoint
ALTER TABLE "customer_bindings" ADD CONSTRAINT "customer_bindings_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_bindings_reseller_idx" ON "customer_bindings" USING btree ("reseller_id","expires_at");--> statement-breakpoint
CREATE INDEX "share_links_reseller_idx" ON "share_links" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE INDEX "storefront_views_reseller_idx" ON "storefront_views" USING btree ("reseller_id","at");--> statement-breakpoint
CREATE INDEX "storefront_views_event_idx" ON "storefront_views" USING btree ("sale_event_id","at") WHERE "storefront_views"."sale_event_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "visitor_consumers_uq" ON "visitor_consumers" USING btree ("visitor_id","consumer_phone");--> statement-breakpoint
CREATE INDEX "visitor_consumers_phone_idx" ON "visitor_consumers" USING btree ("consumer_phone");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_via_reseller_id_resellers_id_fk" FOREIGN KEY ("via_reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_share_link_idx" ON "orders" USING btree ("share_link") WHERE "orders"."share_link" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_via_ck" CHECK ("orders"."via_reseller_id" IS NULL OR ("orders"."kind" = 'storefront' AND "orders"."via_reseller_id" <> "orders"."reseller_id"));