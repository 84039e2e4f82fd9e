-- Order numbers (订单号): one number per order that people read out, search and print — the
-- Asia/Shanghai date of the order (yyyymmdd) and 8 digits, e.g. 2026120407315862. The digits
-- come from a sequence scrambled by a bijection of 0…99,999,999 (x·36264691 + 41280513 mod 10^8),
-- so numbers of one day never repeat and do not give away how many orders a day sees. The
-- column's default assigns it in the statement that inserts the order, whichever flow does.

CREATE SEQUENCE "order_no_seq" AS bigint;
--> statement-breakpoint
CREATE FUNCTION "order_no_for"(at timestamptz) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
      || lpad((((nextval('order_no_seq') % 100000000) * 36264691 + 41280513) % 100000000)::text, 8, '0')
$$;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "order_no" text;
--> statement-breakpoint
-- Existing orders get a number of the day they were placed.
UPDATE "orders" SET "order_no" = order_no_for("created_at");
--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "order_no" SET DEFAULT order_no_for(now());
--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "order_no" SET NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "orders_order_no_uq" ON "orders" USING btree ("order_no");
--> statement-breakpoint
-- Searching by the last digits of a number (客服 asks for the tail): a prefix search of the reversed number.
CREATE INDEX "orders_order_no_tail_idx" ON "orders" USING btree (reverse("order_no") text_pattern_ops);
