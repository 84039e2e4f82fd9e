-- Settling a batch finds its line settlements by their key (the order lines it just settled), so
-- the index by order is no longer read; rewards are unique by line first, so a batch's and a
-- clawback's rewards are found by their lines. Only campaign orders are indexed by campaign, so
-- completing (and placing) an ordinary order writes one index entry fewer.
ALTER TABLE "rewards" DROP CONSTRAINT "rewards_line_uq";--> statement-breakpoint
DROP INDEX "line_settlements_order_idx";--> statement-breakpoint
DROP INDEX "orders_campaign_idx";--> statement-breakpoint
CREATE INDEX "orders_campaign_idx" ON "orders" USING btree ("campaign","campaign_ref") WHERE "orders"."campaign" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_line_uq" UNIQUE("order_line_id","kind");