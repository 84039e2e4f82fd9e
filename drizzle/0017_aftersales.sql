-- After-sales (售后): return and refund requests per order line and quantity, their decisions,
-- return waybills, inspection and refunds.
CREATE TABLE "return_lines" (
	"return_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"sale_event_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"accepted" integer,
	CONSTRAINT "return_lines_return_id_order_line_id_pk" PRIMARY KEY("return_id","order_line_id"),
	CONSTRAINT "return_lines_ck" CHECK ("return_lines"."quantity" > 0 AND ("return_lines"."accepted" IS NULL OR ("return_lines"."accepted" >= 0 AND "return_lines"."accepted" <= "return_lines"."quantity")))
);
--> statement-breakpoint
CREATE TABLE "return_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"return_no" text NOT NULL,
	"order_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"reason_code" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by_user_id" text,
	"decision_reason" text,
	"return_carrier" text,
	"return_waybill_no" text,
	"inspection_note" text,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	CONSTRAINT "return_requests_kind_ck" CHECK ("return_requests"."kind" IN ('return','refund_only')),
	CONSTRAINT "return_requests_status_ck" CHECK ("return_requests"."status" IN ('requested','approved','in_transit','received','refunded','rejected','cancelled')),
	CONSTRAINT "return_requests_reason_ck" CHECK ("return_requests"."reason_code" IN ('size','quality','not_as_described','wrong_item','damaged','changed_mind','not_received','other')),
	CONSTRAINT "return_requests_by_ck" CHECK ("return_requests"."requested_by" IN ('consumer','reseller','operator')),
	CONSTRAINT "return_requests_refunded_ck" CHECK ("return_requests"."refunded" >= 0)
);
--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_return_id_return_requests_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."return_requests"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "return_lines_order_line_idx" ON "return_lines" USING btree ("order_line_id");
--> statement-breakpoint
CREATE INDEX "return_lines_brand_idx" ON "return_lines" USING btree ("brand_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "return_requests_no_uq" ON "return_requests" USING btree ("return_no");
--> statement-breakpoint
CREATE INDEX "return_requests_order_idx" ON "return_requests" USING btree ("order_id");
--> statement-breakpoint
CREATE INDEX "return_requests_status_idx" ON "return_requests" USING btree ("status","created_at");
--> statement-breakpoint
CREATE INDEX "return_requests_reseller_idx" ON "return_requests" USING btree ("reseller_id","created_at");
