-- Line-level fulfilment: where each unit of an order line is, an order status derived from its
-- lines (with partially_shipped), delivery times and the return window, and journal lines that
-- name the order line they are for. Today's data is kept: units of ended unpaid orders and of
-- cancelled paid orders are counted cancelled (and refunded when they were paid), and every paid
-- order's sale entry is re-posted per line by one correcting entry each (the ledger is immutable).
ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "return_window_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_status_ck";--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_ck" CHECK ("orders"."status" IN ('pending_payment','paid','partially_shipped','shipped','delivered','completed','expired','cancelled'));--> statement-breakpoint
CREATE INDEX "orders_return_window_idx" ON "orders" USING btree ("return_window_ends_at") WHERE "orders"."status" = 'delivered';--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_cancelled" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_short" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_shipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_delivered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_returned" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_refunded" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "order_lines" l SET "qty_cancelled" = l."quantity",
  "qty_refunded" = CASE WHEN o."status" = 'cancelled' AND o."paid_at" IS NOT NULL THEN l."quantity" ELSE 0 END
  FROM "orders" o WHERE o."id" = l."order_id" AND o."status" IN ('expired','cancelled');--> statement-breakpoint
UPDATE "order_lines" l SET "qty_shipped" = l."quantity",
  "qty_delivered" = CASE WHEN o."status" IN ('delivered','completed') THEN l."quantity" ELSE 0 END
  FROM "orders" o WHERE o."id" = l."order_id" AND o."status" IN ('shipped','delivered','completed');--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_qty_nonneg_ck" CHECK ("order_lines"."qty_cancelled" >= 0 AND "order_lines"."qty_short" >= 0 AND "order_lines"."qty_shipped" >= 0 AND "order_lines"."qty_delivered" >= 0 AND "order_lines"."qty_returned" >= 0 AND "order_lines"."qty_refunded" >= 0);--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_qty_sums_ck" CHECK ("order_lines"."qty_cancelled" + "order_lines"."qty_short" + "order_lines"."qty_shipped" <= "order_lines"."quantity" AND "order_lines"."qty_delivered" <= "order_lines"."qty_shipped" AND "order_lines"."qty_returned" <= "order_lines"."qty_shipped" AND "order_lines"."qty_refunded" <= "order_lines"."quantity");--> statement-breakpoint
ALTER TABLE "journal_lines" ADD COLUMN "order_line_id" text;--> statement-breakpoint
CREATE INDEX "journal_lines_order_line_idx" ON "journal_lines" USING btree ("order_line_id") WHERE "journal_lines"."order_line_id" IS NOT NULL;--> statement-breakpoint
-- Re-post each paid, not cancelled order's sale per line: the old entry's lines negated, and the
-- same sale split per order line exactly as ledger.rules orderPaidLines splits it (commission is
-- the base × rate rounded half up, which is what its largest-remainder split of two parts gives).
CREATE TEMP TABLE "relined" ON COMMIT DROP AS
WITH legacy AS (
  SELECT o."id", o."reseller_id", o."kind", o."pay_method", o."currency", e."id" AS entry_id
  FROM "orders" o JOIN "journal_entries" e ON e."idempotency_key" = 'order-paid:' || o."id"
  WHERE o."status" IN ('paid','shipped','delivered','completed')
    AND NOT EXISTS (SELECT 1 FROM "journal_lines" t WHERE t."entry_id" = e."id" AND t."order_line_id" IS NOT NULL)
), per_line AS (
  SELECT o."id" AS order_id, o."reseller_id", o."kind", o."pay_method", l."id" AS line_id, l."brand_id",
         l."base_price" * l."quantity" AS base, l."selling_price" * l."quantity" AS selling,
         (l."base_price" * l."quantity" * l."commission_bps" + 5000) / 10000 AS commission,
         coalesce((SELECT sum(d."amount") FROM "order_discounts" d WHERE d."order_line_id" = l."id" AND d."status" = 'applied'), 0) AS off
  FROM legacy o JOIN "order_lines" l ON l."order_id" = o."id"
), lines AS (
  SELECT order_id, 'brand_payable' AS account, brand_id AS party_id, -(base - commission) AS amount, line_id FROM per_line
  UNION ALL SELECT order_id, 'platform_commission', '', -commission, line_id FROM per_line
  UNION ALL SELECT order_id, 'reseller_margin_pending', reseller_id, -(selling - base), line_id FROM per_line WHERE kind = 'storefront'
  UNION ALL SELECT order_id, CASE pay_method WHEN 'wallet' THEN 'reseller_wallet' ELSE 'provider_cash' END, CASE pay_method WHEN 'wallet' THEN reseller_id ELSE '' END,
                   CASE kind WHEN 'storefront' THEN selling ELSE base END - off, line_id FROM per_line
  UNION ALL SELECT d."order_id", CASE d."bearer" WHEN 'platform' THEN 'promotion_expense' WHEN 'brand' THEN 'brand_payable' ELSE 'red_packet_liability' END,
                   d."bearer_party_id", d."amount", d."order_line_id" FROM "order_discounts" d JOIN legacy o ON o."id" = d."order_id" WHERE d."status" = 'applied'
  UNION ALL SELECT o."id", t."account", t."party_id", -t."amount", NULL FROM legacy o JOIN "journal_lines" t ON t."entry_id" = o.entry_id
)
SELECT l.order_id, o."currency", l.account, l.party_id, l.line_id, sum(l.amount)::bigint AS amount
FROM lines l JOIN legacy o ON o."id" = l.order_id
GROUP BY 1, 2, 3, 4, 5 HAVING sum(l.amount) <> 0;--> statement-breakpoint
INSERT INTO "journal_entries" ("id", "kind", "cause_type", "cause_id", "idempotency_key", "currency", "memo", "line_count")
SELECT 'jnl_relined_' || order_id, 'order_paid_relined', 'order', order_id, 'order-paid-relined:' || order_id, min("currency"),
       'the sale re-posted per order line', count(*)
FROM "relined" GROUP BY order_id;--> statement-breakpoint
INSERT INTO "journal_lines" ("entry_id", "account", "party_id", "amount", "currency", "order_line_id")
SELECT 'jnl_relined_' || order_id, account, party_id, amount, "currency", line_id FROM "relined" ORDER BY order_id, line_id NULLS FIRST, account;
