-- Lists of orders run newest first by the time placed, then id (not by id: imported, migrated and
-- backdated orders have new ids and old times), and page by (created_at, id). Everyone's list (the
-- operator's, a brand's, the exports) walks orders_created_idx; a reseller's own walks
-- orders_reseller_idx, now ending in id so the page's key is a range of one index. Built inside
-- the migration's transaction: writes to orders wait for the two builds.
DROP INDEX "orders_reseller_idx";--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "orders_reseller_idx" ON "orders" USING btree ("reseller_id","created_at","id");