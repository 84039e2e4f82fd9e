-- Fulfilment gaps. (1) Every stock movement an order causes names its order line: a column, its
-- backfill and a CHECK. (2) Sorting reads only the open work: a count of the units each purchase
-- order allocation has put into parcels, and a partial index on the allocations still open.
--
-- (1) Movements that name their order get their line: the k-th movement of a kind for an order and
-- event SKU is for the k-th line of that order on that SKU (stock was taken and moved line by line
-- in line order, each line's whole quantity).
ALTER TABLE "stock_movements" ADD COLUMN "order_line_id" text;
--> statement-breakpoint
WITH m AS (
	SELECT id, order_id, event_sku_id, quantity, row_number() OVER (PARTITION BY order_id, event_sku_id, kind ORDER BY id) AS k
	FROM "stock_movements" WHERE order_id IS NOT NULL
), l AS (
	SELECT id, order_id, event_sku_id, quantity, row_number() OVER (PARTITION BY order_id, event_sku_id ORDER BY line_no) AS k
	FROM "order_lines"
)
UPDATE "stock_movements" s SET order_line_id = l.id
FROM m JOIN l ON l.order_id = m.order_id AND l.event_sku_id = m.event_sku_id AND l.k = m.k AND l.quantity = m.quantity
WHERE s.id = m.id;
--> statement-breakpoint
-- The flash desk wrote one `hold` movement per group, naming no order. Its orders were written by
-- the same statement, so they carry the movement's created_at (the transaction's clock): where
-- the flash orders' lines on that SKU at that instant add up to the movement, it is replaced by
-- one movement per line (same time, same total).
WITH split AS (
	SELECT m.id AS movement_id, m.event_sku_id, m.created_at, m.quantity AS group_quantity, l.order_id, l.id AS order_line_id, l.quantity,
	       sum(l.quantity) OVER (PARTITION BY m.id) AS lines_quantity
	FROM "stock_movements" m
	JOIN "orders" o ON o.campaign = 'flash' AND o.created_at = m.created_at
	JOIN "order_lines" l ON l.order_id = o.id AND l.event_sku_id = m.event_sku_id
	WHERE m.kind = 'hold' AND m.order_id IS NULL
), whole AS (
	SELECT * FROM split WHERE lines_quantity = group_quantity
), per_line AS (
	INSERT INTO "stock_movements" (event_sku_id, order_id, order_line_id, kind, quantity, created_at)
	SELECT event_sku_id, order_id, order_line_id, 'hold', quantity, created_at FROM whole ORDER BY movement_id, order_line_id
)
DELETE FROM "stock_movements" WHERE id IN (SELECT movement_id FROM whole);
--> statement-breakpoint
-- Only allocations and a closed pool's unsold units going back to the lot are about no order.
-- NOT VALID first, validated when every existing row passes (a group movement the backfill could
-- not split stays as it was; every new row is checked either way).
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_line_ck" CHECK (("stock_movements"."order_id" IS NOT NULL AND "stock_movements"."order_line_id" IS NOT NULL) OR ("stock_movements"."kind" IN ('allocate','return') AND "stock_movements"."order_id" IS NULL AND "stock_movements"."order_line_id" IS NULL)) NOT VALID;
--> statement-breakpoint
DO $$
BEGIN
	IF NOT EXISTS (
		SELECT 1 FROM "stock_movements"
		WHERE NOT ((order_id IS NOT NULL AND order_line_id IS NOT NULL) OR (kind IN ('allocate','return') AND order_id IS NULL AND order_line_id IS NULL))
	) THEN
		ALTER TABLE "stock_movements" VALIDATE CONSTRAINT "stock_movements_line_ck";
	END IF;
END $$;
--> statement-breakpoint
-- (2) Units of each allocation put into parcels so far (sorting waves and drop-ship parcels wrote
-- parcel lines; never more than arrived).
ALTER TABLE "po_allocations" ADD COLUMN "sorted" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE "po_allocations" a SET sorted = least(a.received, p.q)
FROM (SELECT order_line_id, sum(quantity)::int AS q FROM "parcel_lines" GROUP BY 1) p
WHERE p.order_line_id = a.order_line_id;
--> statement-breakpoint
ALTER TABLE "po_allocations" ADD CONSTRAINT "po_allocations_sorted_ck" CHECK ("po_allocations"."sorted" >= 0 AND "po_allocations"."sorted" <= "po_allocations"."received");
--> statement-breakpoint
CREATE INDEX "po_allocations_open_idx" ON "po_allocations" USING btree ("po_line_id") WHERE "po_allocations"."sorted" + "po_allocations"."short" < "po_allocations"."quantity";
