-- The platform's storefront visitors by time (the operator's conversion): a BRIN index on the append-only views.
CREATE INDEX "storefront_views_at_brin" ON "storefront_views" USING brin ("at");