-- Faults and money: every gateway charge as a row (with a refund ceiling), refunds tied to the
-- charge they return, the gateway's paid-at time, ledger entries closed to late lines, a chart of
-- accounts, numbered order lines, and pools that remember their event closed. Today's data is kept.

-- ---- the chart of accounts ----
CREATE TABLE "ledger_accounts" (
	"name" text PRIMARY KEY NOT NULL,
	"normal_side" text NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "ledger_accounts_side_ck" CHECK ("ledger_accounts"."normal_side" IN ('debit','credit'))
);
--> statement-breakpoint
INSERT INTO "ledger_accounts" ("name", "normal_side", "description") VALUES
  ('provider_cash', 'debit', 'money held at the payment provider'),
  ('refunds_in_flight', 'credit', 'money owed back to payers, awaiting the provider'),
  ('brand_payable', 'credit', 'owed to a brand'),
  ('platform_commission', 'credit', 'platform revenue'),
  ('reseller_margin_pending', 'credit', 'reseller earnings inside the return window'),
  ('reseller_margin_available', 'credit', 'reseller earnings that may be withdrawn'),
  ('reseller_wallet', 'credit', 'a reseller''s prepaid balance'),
  ('promotion_expense', 'debit', 'the platform''s cost of the coupons it funds'),
  ('red_packet_liability', 'credit', 'red packets a reseller bought and has not yet seen used or expire');
--> statement-breakpoint

-- ---- journal entries declare their lines; lines name a listed account in their entry's currency ----
ALTER TABLE "journal_entries" ADD COLUMN "line_count" integer;
--> statement-breakpoint
ALTER TABLE "journal_entries" DISABLE TRIGGER "journal_entries_immutable";
--> statement-breakpoint
UPDATE "journal_entries" e SET "line_count" = (SELECT count(*) FROM "journal_lines" l WHERE l."entry_id" = e."id");
--> statement-breakpoint
ALTER TABLE "journal_entries" ENABLE TRIGGER "journal_entries_immutable";
--> statement-breakpoint
ALTER TABLE "journal_entries" ALTER COLUMN "line_count" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_lines_ck" CHECK ("journal_entries"."line_count" >= 2);
--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_currency_uq" UNIQUE("id","currency");
--> statement-breakpoint
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_account_ledger_accounts_name_fk" FOREIGN KEY ("account") REFERENCES "public"."ledger_accounts"("name") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_entry_currency_fk" FOREIGN KEY ("entry_id","currency") REFERENCES "public"."journal_entries"("id","currency") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Checked at commit, once per line or entry written: the entry's lines sum to zero per currency,
-- and there are exactly as many as the entry declared. A line appended to an entry posted in an
-- earlier transaction makes one too many; an entry with no lines has too few.
CREATE OR REPLACE FUNCTION ledger_entry_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry text;
  declared integer;
  written integer;
  unbalanced record;
BEGIN
  -- A record's fields are resolved when a statement runs: each branch names only its table's column.
  IF TG_TABLE_NAME = 'journal_entries' THEN entry := NEW.id; ELSE entry := NEW.entry_id; END IF;
  SELECT line_count INTO declared FROM journal_entries WHERE id = entry;
  SELECT count(*) INTO written FROM journal_lines WHERE entry_id = entry;
  IF written <> declared THEN
    RAISE EXCEPTION 'journal entry % has % lines, declared %', entry, written, declared USING ERRCODE = '23514';
  END IF;
  SELECT currency, sum(amount) AS total INTO unbalanced
    FROM journal_lines WHERE entry_id = entry
    GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance in % (off by %)', entry, unbalanced.currency, unbalanced.total
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "journal_lines_balanced" ON "journal_lines";
--> statement-breakpoint
DROP FUNCTION ledger_entry_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_lines_complete AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_complete();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_entries_complete AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_complete();
--> statement-breakpoint

-- ---- order lines are numbered in the order they were asked for ----
ALTER TABLE "order_lines" ADD COLUMN "line_no" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
UPDATE "order_lines" l SET "line_no" = n.no
  FROM (SELECT "id", row_number() OVER (PARTITION BY "order_id" ORDER BY "id") AS no FROM "order_lines") n
  WHERE n."id" = l."id" AND n.no <> 1;
--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_line_no_uq" ON "order_lines" USING btree ("order_id","line_no");
--> statement-breakpoint
DROP INDEX "order_lines_order_idx";
--> statement-breakpoint

-- ---- pools of closed events ----
ALTER TABLE "pools" ADD COLUMN "closed_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "pools" p SET "closed_at" = now() FROM "sale_events" e WHERE e."id" = p."sale_event_id" AND e."status" = 'closed';
--> statement-breakpoint

-- ---- the sandbox gateway: when a charge was paid, and charges closed unpaid ----
ALTER TABLE "sandbox_charges" ADD COLUMN "paid_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "sandbox_charges" SET "paid_at" = "updated_at" WHERE "status" = 'succeeded';
--> statement-breakpoint
ALTER TABLE "sandbox_charges" DROP CONSTRAINT "sandbox_charges_status_ck";
--> statement-breakpoint
ALTER TABLE "sandbox_charges" ADD CONSTRAINT "sandbox_charges_status_ck" CHECK ("sandbox_charges"."status" IN ('pending','succeeded','failed','closed'));
--> statement-breakpoint
ALTER TABLE "sandbox_charges" ADD CONSTRAINT "sandbox_charges_paid_ck" CHECK (("sandbox_charges"."status" = 'succeeded') = ("sandbox_charges"."paid_at" IS NOT NULL));
--> statement-breakpoint
CREATE INDEX "sandbox_refunds_charge_idx" ON "sandbox_refunds" USING btree ("charge_id");
--> statement-breakpoint
ALTER TABLE "wallet_topups" DROP CONSTRAINT "wallet_topups_status_ck";
--> statement-breakpoint
ALTER TABLE "wallet_topups" ADD CONSTRAINT "wallet_topups_status_ck" CHECK ("wallet_topups"."status" IN ('pending','succeeded','failed','expired'));
--> statement-breakpoint

-- ---- every charge attempt as a row ----
CREATE TABLE "payment_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"intent_id" text,
	"attempt" integer,
	"provider" text NOT NULL,
	"merchant_ref" text NOT NULL,
	"provider_ref" text,
	"pay_url" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"captured" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	"checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "payment_charges_status_ck" CHECK ("payment_charges"."status" IN ('open','succeeded','failed','closed')),
	CONSTRAINT "payment_charges_amount_ck" CHECK ("payment_charges"."amount" > 0),
	CONSTRAINT "payment_charges_captured_ck" CHECK ("payment_charges"."captured" = CASE WHEN "payment_charges"."status" = 'succeeded' THEN "payment_charges"."amount" ELSE 0 END),
	CONSTRAINT "payment_charges_refund_ck" CHECK ("payment_charges"."refunded" >= 0 AND "payment_charges"."refunded" <= "payment_charges"."captured"),
	CONSTRAINT "payment_charges_intent_ck" CHECK (("payment_charges"."intent_id" IS NULL) = ("payment_charges"."attempt" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "payment_charges" ADD CONSTRAINT "payment_charges_intent_id_payment_intents_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."payment_intents"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_charges_merchant_ref_uq" ON "payment_charges" USING btree ("provider","merchant_ref");
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_charges_provider_ref_uq" ON "payment_charges" USING btree ("provider","provider_ref");
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_charges_attempt_uq" ON "payment_charges" USING btree ("intent_id","attempt");
--> statement-breakpoint
CREATE INDEX "payment_charges_open_idx" ON "payment_charges" USING btree ("created_at") WHERE "payment_charges"."status" = 'open';
--> statement-breakpoint
-- What the platform knew of each try: the intent's current charge when it succeeded is captured;
-- a declined one failed; anything else is open, so the reconciliation sweep asks the gateway
-- about it (a charge the gateway took but the platform never applied is found that way).
INSERT INTO "payment_charges" ("id", "intent_id", "attempt", "provider", "merchant_ref", "provider_ref", "pay_url", "amount", "currency", "status", "captured", "paid_at", "created_at", "settled_at")
SELECT 'chg_' || substr(md5(sc."id"), 1, 26), i."id",
       CASE WHEN position('.' in sc."merchant_ref") > 0 THEN split_part(sc."merchant_ref", '.', 2)::int ELSE 1 END,
       i."provider", sc."merchant_ref", sc."id", i."pay_url", sc."amount", sc."currency",
       CASE WHEN i."provider_ref" = sc."id" AND i."status" = 'succeeded' THEN 'succeeded' WHEN sc."status" = 'failed' THEN 'failed' ELSE 'open' END,
       CASE WHEN i."provider_ref" = sc."id" AND i."status" = 'succeeded' THEN sc."amount" ELSE 0 END,
       CASE WHEN i."provider_ref" = sc."id" AND i."status" = 'succeeded' THEN coalesce(sc."paid_at", i."succeeded_at") END,
       sc."created_at",
       CASE WHEN (i."provider_ref" = sc."id" AND i."status" = 'succeeded') OR sc."status" = 'failed' THEN sc."updated_at" END
FROM "sandbox_charges" sc JOIN "payment_intents" i ON i."id" = split_part(sc."merchant_ref", '.', 1)
WHERE i."provider" = 'sandbox';
--> statement-breakpoint
-- The pay link of a try that never reached the gateway's books is not kept: the intent is paid again through a new charge.
UPDATE "payment_charges" c SET "pay_url" = NULL FROM "payment_intents" i WHERE i."id" = c."intent_id" AND i."provider_ref" IS DISTINCT FROM c."provider_ref";
--> statement-breakpoint

-- ---- refunds return a charge, never more than it captured ----
ALTER TABLE "refunds" ALTER COLUMN "payment_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "charge_id" text;
--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "checked_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "refunds" r SET "charge_id" = c."id"
  FROM "payment_intents" i JOIN "payment_charges" c ON c."intent_id" = i."id" AND c."provider_ref" = i."provider_ref"
  WHERE i."id" = r."payment_id";
--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "charge_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_charge_id_payment_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."payment_charges"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
UPDATE "payment_charges" c SET "refunded" = s.total
  FROM (SELECT "charge_id", sum("amount") AS total FROM "refunds" WHERE "status" <> 'failed' GROUP BY "charge_id") s
  WHERE s."charge_id" = c."id";
--> statement-breakpoint
CREATE INDEX "refunds_charge_idx" ON "refunds" USING btree ("charge_id");
--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id");
--> statement-breakpoint
CREATE INDEX "refunds_created_idx" ON "refunds" USING btree ("created_at");
--> statement-breakpoint

-- ---- intents no longer carry one overwritten gateway reference ----
DROP INDEX "payment_intents_ref_uq";
--> statement-breakpoint
ALTER TABLE "payment_intents" DROP COLUMN "provider_ref";
--> statement-breakpoint
ALTER TABLE "payment_intents" DROP COLUMN "pay_url";
--> statement-breakpoint

-- ---- the daily comparison with the gateway's books ----
CREATE TABLE "payment_reconciliations" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"gateway_captured" bigint NOT NULL,
	"gateway_refunded" bigint NOT NULL,
	"unheld" bigint NOT NULL,
	"ledger_difference" bigint NOT NULL,
	"mismatches" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payment_reconciliations_period_idx" ON "payment_reconciliations" USING btree ("period_end");
