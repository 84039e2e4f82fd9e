CREATE TABLE "flash_claims" (
	"order_id" text PRIMARY KEY NOT NULL,
	"flash_item_id" text NOT NULL,
	"buyer" text NOT NULL,
	"reseller_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_claims_qty_ck" CHECK ("flash_claims"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "flash_claims" ADD CONSTRAINT "flash_claims_flash_item_id_flash_items_id_fk" FOREIGN KEY ("flash_item_id") REFERENCES "public"."flash_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flash_claims_item_idx" ON "flash_claims" USING btree ("flash_item_id","created_at");--> statement-breakpoint
CREATE INDEX "flash_claims_open_idx" ON "flash_claims" USING btree ("flash_item_id") WHERE "flash_claims"."released_at" IS NULL;