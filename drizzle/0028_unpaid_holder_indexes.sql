-- The hold caps count a phone's and a link's unpaid storefront orders, each through its own index.
-- Both indexes had the same predicate, so either could serve the other's count as a scan of every
-- unpaid storefront order, filtered: a prepared statement planned while they were nearly empty
-- judged that as cheap as the phone's own index, and kept the plan as they grew (7–10 ms a group
-- of 30 phones with a thousand unpaid orders, instead of well under one). `<> ''`, asked by the
-- counts too, sets the two predicates apart. Same rows, same counts. Built inside the migration's
-- transaction, so writes to orders wait for the two builds: each reads the whole table once but
-- holds only its unpaid storefront orders.
DROP INDEX "orders_unpaid_phone_idx";--> statement-breakpoint
DROP INDEX "orders_unpaid_link_idx";--> statement-breakpoint
CREATE INDEX "orders_unpaid_phone_idx" ON "orders" USING btree ("consumer_phone","created_at") WHERE "orders"."paid_at" IS NULL AND "orders"."kind" = 'storefront' AND "orders"."consumer_phone" <> '';--> statement-breakpoint
CREATE INDEX "orders_unpaid_link_idx" ON "orders" USING btree ("reseller_id","created_at") WHERE "orders"."paid_at" IS NULL AND "orders"."kind" = 'storefront' AND "orders"."reseller_id" <> '';