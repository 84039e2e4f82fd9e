-- Two unique indexes held an entry for every row without a key: every order's payment intent in
-- the top-up index (topup_id NULL), every charge in the gateway-reference index before the gateway
-- opened it (provider_ref NULL, then a second entry once it had). NULLs never conflict, so the
-- same uniqueness holds with only the rows that have a key; each lookup by key still proves the
-- predicate (`= $1` implies IS NOT NULL). A storefront order writes two index entries fewer.
-- Built inside the migration's transaction (writes to the two tables wait for the builds).
DROP INDEX "payment_charges_provider_ref_uq";--> statement-breakpoint
DROP INDEX "payment_intents_topup_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "payment_charges_provider_ref_uq" ON "payment_charges" USING btree ("provider","provider_ref") WHERE "payment_charges"."provider_ref" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_topup_uq" ON "payment_intents" USING btree ("topup_id") WHERE "payment_intents"."topup_id" IS NOT NULL;