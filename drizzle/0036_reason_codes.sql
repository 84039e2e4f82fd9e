-- Reasons as codes (src/platform/reasons.ts, docs/decisions.md "Reasons are codes"): rows written
-- before stored the ready-made reasons as the words of the language their chooser used, and the
-- platform's own reasons as English sentences. Both become the catalogue's codes (a reference
-- after ':' where there was one), so every screen says them in its reader's language. Only the
-- exact words the forms offered and the exact sentences the code wrote are rewritten; anything a
-- person typed stays as typed. The ledger's memos are left as they were: entries are immutable.
CREATE TEMPORARY TABLE reason_words (words text PRIMARY KEY, code text NOT NULL);
--> statement-breakpoint
-- A cancelled order's reason also names its refund and may come from a hold release: one table of
-- words for all three columns.
INSERT INTO reason_words (words, code) VALUES
  ('消费者要求取消', 'consumer_asked'), ('Consumer asked to cancel', 'consumer_asked'),
  ('品牌缺货', 'brand_out_of_stock'), ('Brand out of stock', 'brand_out_of_stock'),
  ('地址无法配送', 'address_unserviceable'), ('Address cannot be served', 'address_unserviceable'),
  ('重复下单', 'duplicate_order'), ('Duplicate order', 'duplicate_order'), ('顾客重复下单', 'duplicate_order'), ('Ordered twice', 'duplicate_order'),
  ('顾客不想要了', 'customer_changed_mind'), ('顾客说不要了', 'customer_changed_mind'), ('Customer changed their mind', 'customer_changed_mind'),
  ('尺码选错了', 'wrong_size'), ('Wrong size', 'wrong_size'),
  ('地址填错了', 'wrong_address'), ('Wrong address', 'wrong_address'),
  ('联系不上顾客', 'customer_unreachable'), ('Cannot reach the customer', 'customer_unreachable'),
  ('恶意占库存', 'hoarding'), ('Hoarding stock', 'hoarding'),
  ('同一人重复下单不付款', 'repeated_unpaid'), ('Repeated orders, never paid', 'repeated_unpaid'),
  ('脚本批量下单', 'scripted_orders'), ('Scripted orders', 'scripted_orders'),
  -- the platform's own sentences
  ('hold expired', 'hold_expired'),
  ('paid after the hold expired', 'paid_after_hold_expired'),
  ('paid after the order was no longer payable', 'paid_too_late'),
  ('paid twice: another payment already paid this', 'paid_twice'),
  ('the payment matched no order or top-up', 'payment_unmatched'),
  ('group buy did not fill in time', 'group_not_filled'),
  ('presale did not reach the minimum quantity', 'presale_minimum_not_reached'),
  ('presale closed before payment', 'presale_closed_unpaid');
--> statement-breakpoint
UPDATE "orders" o SET "cancel_reason" = w.code FROM reason_words w WHERE o."cancel_reason" = w.words;
--> statement-breakpoint
UPDATE "refunds" f SET "reason" = w.code FROM reason_words w WHERE f."reason" = w.words;
--> statement-breakpoint
UPDATE "hold_releases" h SET "reason" = w.code FROM reason_words w WHERE h."reason" = w.words;
--> statement-breakpoint
UPDATE "orders" SET "cancel_reason" = CASE
    WHEN "cancel_reason" ~ '^brand_short: \S' THEN regexp_replace("cancel_reason", '^brand_short: ', 'brand_short:')
    WHEN "cancel_reason" ~ '^refused: parcel \S+ returned to sender$' THEN regexp_replace("cancel_reason", '^refused: parcel (\S+) returned to sender$', 'parcel_refused:\1')
    WHEN "cancel_reason" ~ '^return \S+: [a-z_]+$' THEN regexp_replace("cancel_reason", '^return (\S+): [a-z_]+$', 'return:\1')
    ELSE regexp_replace("cancel_reason", '^refund only (\S+): [a-z_]+$', 'refund_only:\1')
  END
  WHERE "cancel_reason" ~ '^(brand_short: \S|refused: parcel \S+ returned to sender$|return \S+: [a-z_]+$|refund only \S+: [a-z_]+$)';
--> statement-breakpoint
UPDATE "refunds" SET "reason" = CASE
    WHEN "reason" ~ '^brand short on \S+$' THEN regexp_replace("reason", '^brand short on (\S+)$', 'brand_short:\1')
    WHEN "reason" ~ '^parcel \S+ refused$' THEN regexp_replace("reason", '^parcel (\S+) refused$', 'parcel_refused:\1')
    ELSE regexp_replace("reason", '^membership removed: monthly review (\d{4}-\d{2})$', 'membership_removed:\1')
  END
  WHERE "reason" ~ '^(brand short on \S+$|parcel \S+ refused$|membership removed: monthly review \d{4}-\d{2}$)';
--> statement-breakpoint
-- A return's refund named its request only: the request says whether the units came back.
UPDATE "refunds" f SET "reason" = CASE WHEN r."kind" = 'refund_only' THEN 'refund_only:' ELSE 'return:' END || r."return_no"
  FROM "return_requests" r WHERE f."reason" = 'return ' || r."return_no";
--> statement-breakpoint
UPDATE "return_requests" SET "decision_reason" = 'refund_only_within_policy' WHERE "decision_reason" = 'refund-only within policy';
--> statement-breakpoint
DROP TABLE reason_words;
