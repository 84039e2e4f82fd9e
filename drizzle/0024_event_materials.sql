-- Brand material on sale events (品牌授权书, 质检报告, 实拍图) for resellers to forward, and buyers' photos
-- of delivered orders (晒单) their reseller may reuse.
CREATE TABLE "event_materials" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_event_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"added_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "event_materials_kind_ck" CHECK ("event_materials"."kind" IN ('authorisation','quality_report','photo','other')),
	CONSTRAINT "event_materials_title_ck" CHECK (char_length("event_materials"."title") BETWEEN 1 AND 40)
);
--> statement-breakpoint
CREATE TABLE "order_photos" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"product_ids" text[] NOT NULL,
	"url" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_photos_note_ck" CHECK (char_length("order_photos"."note") <= 200)
);
--> statement-breakpoint
CREATE INDEX "event_materials_event_idx" ON "event_materials" USING btree ("sale_event_id","created_at") WHERE "event_materials"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "order_photos_reseller_idx" ON "order_photos" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE INDEX "order_photos_order_idx" ON "order_photos" USING btree ("order_id");