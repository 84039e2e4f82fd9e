-- Membership and settlement: joining by invitation with an annual fee paid through the gateway,
-- levels with their history, the monthly review, platform-funded rewards (one level, never on
-- fees or rewards), order lines settled after their return window, reseller withdrawals and brand
-- statements. The chart of accounts grows by the fees, rewards and payouts. Ledger lines are
-- checked per statement instead of per row (same rules, linear in the lines written).

-- ---- the chart of accounts ----
INSERT INTO "ledger_accounts" ("name", "normal_side", "description") VALUES
  ('membership_fees', 'credit', 'annual membership fees the platform took'),
  ('reward_expense', 'debit', 'invitation and team rewards the platform funds'),
  ('withdrawal_fees', 'credit', 'fees withheld from reseller withdrawals'),
  ('payouts_in_flight', 'credit', 'money on its way to a reseller or brand through the payout provider'),
  ('payout_cash', 'debit', 'money sent through the payout provider')
ON CONFLICT ("name") DO NOTHING;
--> statement-breakpoint
UPDATE "ledger_accounts" SET "description" = 'what a reseller may withdraw: settled margins and rewards' WHERE "name" = 'reseller_margin_available';
--> statement-breakpoint

-- ---- ledger lines: checked once per statement that writes them ----
-- The row trigger counted and summed an entry's lines once per line written (quadratic in an
-- entry's size), and two foreign keys looked up the entry and the account once per line. The
-- statement trigger checks every line the statement wrote, set-wise: its account is in the chart
-- of accounts, its entry exists in the line's currency, an entry never gets more lines than it
-- declared (a line appended to a posted entry is refused at once), and an entry with all its lines
-- balances. An entry still short of its lines was inserted in this transaction, so its own
-- deferred trigger judges it at commit. Every writer inserts an entry's lines in one statement.
CREATE OR REPLACE FUNCTION ledger_lines_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.account INTO bad FROM new_lines n
    WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.name = n.account) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal line on account %, which is not in the chart of accounts', bad.account
      USING ERRCODE = '23503', CONSTRAINT = 'journal_lines_account_listed';
  END IF;
  SELECT n.entry_id, n.currency INTO bad FROM new_lines n
    WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = n.entry_id AND e.currency = n.currency) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal line in % names entry %, which does not exist in that currency', bad.currency, bad.entry_id
      USING ERRCODE = '23503', CONSTRAINT = 'journal_lines_entry_currency';
  END IF;
  SELECT e.id, e.line_count, w.written, w.currency, w.total INTO bad
    FROM (SELECT DISTINCT entry_id FROM new_lines) t
    JOIN journal_entries e ON e.id = t.entry_id
    JOIN LATERAL (
      SELECT sum(c.n)::int AS written, min(c.currency) FILTER (WHERE c.total <> 0) AS currency, coalesce(max(c.total) FILTER (WHERE c.total <> 0), 0) AS total
      FROM (SELECT l.currency, count(*) AS n, sum(l.amount) AS total FROM journal_lines l WHERE l.entry_id = t.entry_id GROUP BY l.currency) c
    ) w ON true
    WHERE w.written > e.line_count OR (w.written = e.line_count AND w.total <> 0) LIMIT 1;
  IF FOUND AND bad.written > bad.line_count THEN
    RAISE EXCEPTION 'journal entry % has % lines, declared %', bad.id, bad.written, bad.line_count USING ERRCODE = '23514';
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance in % (off by %)', bad.id, bad.currency, bad.total USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "journal_lines_complete" ON "journal_lines";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_entry_id_journal_entries_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_entry_currency_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_account_ledger_accounts_name_fk";
--> statement-breakpoint
CREATE TRIGGER journal_lines_complete AFTER INSERT ON journal_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_complete();
--> statement-breakpoint
-- The chart of accounts only grows: an account lines may name is never renamed or removed.
CREATE OR REPLACE FUNCTION ledger_accounts_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger account % cannot be removed or renamed', OLD.name USING ERRCODE = '23503', CONSTRAINT = 'ledger_accounts_kept';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_kept BEFORE DELETE OR UPDATE OF "name" ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_kept();
--> statement-breakpoint

-- ---- resellers: joining, removal, one-level invitations that cannot form a cycle ----
ALTER TABLE "resellers" DROP CONSTRAINT "resellers_status_ck";
--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_status_ck" CHECK ("resellers"."status" IN ('pending','active','suspended','removed'));
--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "removed_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "invite_code" text;
--> statement-breakpoint
UPDATE "resellers" r SET "invited_by" = NULL WHERE "invited_by" IS NOT NULL AND ("invited_by" = r."id" OR NOT EXISTS (SELECT 1 FROM "resellers" i WHERE i."id" = r."invited_by"));
--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_invited_by_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."resellers"("id");
--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_not_self_invited_ck" CHECK ("resellers"."invited_by" IS NULL OR "resellers"."invited_by" <> "resellers"."id");
--> statement-breakpoint
CREATE INDEX "resellers_invited_by_idx" ON "resellers" ("invited_by") WHERE "invited_by" IS NOT NULL;
--> statement-breakpoint
-- An inviter is named when a reseller is created and never changed: a new reseller can only name
-- one who already exists, so the invitation graph has no cycles.
CREATE OR REPLACE FUNCTION resellers_inviter_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.invited_by IS DISTINCT FROM OLD.invited_by THEN
    RAISE EXCEPTION 'a reseller''s inviter cannot change' USING ERRCODE = '23514', CONSTRAINT = 'resellers_inviter_fixed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER resellers_inviter_fixed BEFORE UPDATE OF "invited_by" ON "resellers"
  FOR EACH ROW EXECUTE FUNCTION resellers_inviter_fixed();
--> statement-breakpoint

-- ---- the policy in force: the newest row (defaults in code when there is none) ----
CREATE TABLE "membership_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint

-- ---- membership terms: a year each, paid through the gateway ----
CREATE TABLE "membership_terms" (
	"id" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL REFERENCES "resellers"("id"),
	"term_no" integer NOT NULL,
	"fee" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_terms_no_uq" UNIQUE ("reseller_id", "term_no"),
	CONSTRAINT "membership_terms_status_ck" CHECK ("status" IN ('pending_payment','active','removed','cancelled')),
	CONSTRAINT "membership_terms_fee_ck" CHECK ("fee" > 0 AND "refunded" >= 0 AND "refunded" <= "fee"),
	CONSTRAINT "membership_terms_paid_ck" CHECK (("status" IN ('active','removed')) = ("paid_at" IS NOT NULL) AND ("paid_at" IS NULL OR ("starts_at" IS NOT NULL AND "ends_at" > "starts_at")))
);
--> statement-breakpoint
-- One unpaid term per reseller at a time.
CREATE UNIQUE INDEX "membership_terms_pending_uq" ON "membership_terms" ("reseller_id") WHERE "status" = 'pending_payment';
--> statement-breakpoint
ALTER TABLE "payment_intents" ADD COLUMN "membership_term_id" text REFERENCES "membership_terms"("id");
--> statement-breakpoint
ALTER TABLE "payment_intents" DROP CONSTRAINT "payment_intents_purpose_ck";
--> statement-breakpoint
ALTER TABLE "payment_intents" ADD CONSTRAINT "payment_intents_purpose_ck" CHECK ("payment_intents"."purpose" IN ('order','topup','membership')
  AND (("payment_intents"."purpose" = 'order') = ("payment_intents"."order_id" IS NOT NULL))
  AND (("payment_intents"."purpose" = 'topup') = ("payment_intents"."topup_id" IS NOT NULL))
  AND (("payment_intents"."purpose" = 'membership') = ("payment_intents"."membership_term_id" IS NOT NULL)));
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_membership_uq" ON "payment_intents" ("membership_term_id") WHERE "membership_term_id" IS NOT NULL;
--> statement-breakpoint

-- ---- operator invitation codes ----
CREATE TABLE "invite_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"created_by" text NOT NULL,
	"max_uses" integer NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invite_codes_uses_ck" CHECK ("max_uses" > 0 AND "uses" >= 0 AND "uses" <= "max_uses")
);
--> statement-breakpoint

-- ---- levels: every change, why, and the sales it was judged on ----
CREATE TABLE "level_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL REFERENCES "resellers"("id"),
	"from_level" text NOT NULL,
	"to_level" text NOT NULL,
	"rolling_sales" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "level_changes_ck" CHECK ("from_level" <> "to_level" AND "reason" IN ('job','on_demand','operator'))
);
--> statement-breakpoint
CREATE INDEX "level_changes_reseller_idx" ON "level_changes" ("reseller_id", "id");
--> statement-breakpoint

-- ---- the monthly review: a preview the operator confirms ----
CREATE TABLE "membership_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"minimum" bigint NOT NULL,
	"status" text NOT NULL,
	"members" integer NOT NULL,
	"flagged" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text,
	CONSTRAINT "membership_reviews_month_uq" UNIQUE ("month"),
	CONSTRAINT "membership_reviews_status_ck" CHECK ("status" IN ('preview','confirmed') AND (("status" = 'confirmed') = ("confirmed_at" IS NOT NULL)))
);
--> statement-breakpoint
CREATE TABLE "membership_review_rows" (
	"review_id" text NOT NULL REFERENCES "membership_reviews"("id"),
	"reseller_id" text NOT NULL REFERENCES "resellers"("id"),
	"month_sales" bigint NOT NULL,
	"flagged" boolean NOT NULL,
	"exempt" text,
	"decision" text,
	"fee_refund" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "membership_review_rows_pk" PRIMARY KEY ("review_id", "reseller_id"),
	CONSTRAINT "membership_review_rows_decision_ck" CHECK ("decision" IS NULL OR ("decision" IN ('remove','keep') AND "flagged"))
);
--> statement-breakpoint
CREATE INDEX "membership_review_rows_flagged_idx" ON "membership_review_rows" ("review_id") WHERE "flagged";
--> statement-breakpoint

-- ---- settlement: an order line's money moves once its return window is over ----
CREATE TABLE "line_settlements" (
	"order_line_id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"reseller_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"sale_event_id" text NOT NULL,
	"currency" text NOT NULL,
	"units" integer NOT NULL,
	"sales" bigint NOT NULL,
	"margin" bigint NOT NULL,
	"brand_amount" bigint NOT NULL,
	"commission" bigint NOT NULL,
	"last_journal_line_id" bigint NOT NULL,
	"settled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "line_settlements_ck" CHECK ("units" >= 0 AND "sales" >= 0 AND "margin" >= 0 AND "brand_amount" >= 0 AND "commission" >= 0)
);
--> statement-breakpoint
CREATE INDEX "line_settlements_brand_idx" ON "line_settlements" ("brand_id", "settled_at");
--> statement-breakpoint
CREATE INDEX "line_settlements_reseller_idx" ON "line_settlements" ("reseller_id", "settled_at");
--> statement-breakpoint
CREATE INDEX "line_settlements_order_idx" ON "line_settlements" ("order_id");
--> statement-breakpoint
-- Orders whose lines are all settled (the settlement job's anti-join reads this, not every line).
CREATE TABLE "order_settlements" (
	"order_id" text PRIMARY KEY NOT NULL,
	"entry_key" text,
	"settled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint

-- ---- rewards: platform-funded, one level, on an invitee's settled order lines only ----
CREATE TABLE "rewards" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"order_line_id" text NOT NULL REFERENCES "line_settlements"("order_line_id"),
	"beneficiary_id" text NOT NULL REFERENCES "resellers"("id"),
	"invitee_id" text NOT NULL REFERENCES "resellers"("id"),
	"basis" bigint NOT NULL,
	"bps" integer NOT NULL,
	"amount" bigint NOT NULL,
	"clawed_back" bigint DEFAULT 0 NOT NULL,
	"units" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_line_uq" UNIQUE ("kind", "order_line_id"),
	CONSTRAINT "rewards_kind_ck" CHECK ("kind" IN ('invitation','team')),
	CONSTRAINT "rewards_not_self_ck" CHECK ("beneficiary_id" <> "invitee_id"),
	CONSTRAINT "rewards_amount_ck" CHECK ("amount" > 0 AND "basis" > 0 AND "bps" > 0 AND "bps" <= 5000 AND "clawed_back" >= 0 AND "clawed_back" <= "amount" AND "units" > 0)
);
--> statement-breakpoint
CREATE INDEX "rewards_beneficiary_idx" ON "rewards" ("beneficiary_id", "id");
--> statement-breakpoint
-- A reward goes to the invitee's own inviter, on an order line the invitee sold: one level, and
-- never on a fee or another reward (those are not order lines).
CREATE OR REPLACE FUNCTION rewards_one_level() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM resellers r WHERE r.id = NEW.invitee_id AND r.invited_by = NEW.beneficiary_id) THEN
    RAISE EXCEPTION 'reward % for % is not to their inviter', NEW.kind, NEW.invitee_id USING ERRCODE = '23514', CONSTRAINT = 'rewards_one_level';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM line_settlements s WHERE s.order_line_id = NEW.order_line_id AND s.reseller_id = NEW.invitee_id) THEN
    RAISE EXCEPTION 'reward % is not on a line % sold', NEW.kind, NEW.invitee_id USING ERRCODE = '23514', CONSTRAINT = 'rewards_one_level';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER rewards_one_level BEFORE INSERT OR UPDATE OF "beneficiary_id", "invitee_id", "order_line_id" ON "rewards"
  FOR EACH ROW EXECUTE FUNCTION rewards_one_level();
--> statement-breakpoint

-- ---- withdrawals ----
CREATE TABLE "withdrawals" (
	"id" text PRIMARY KEY NOT NULL,
	"reseller_id" text NOT NULL REFERENCES "resellers"("id"),
	"amount" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"payout_account_id" text NOT NULL,
	"status" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "withdrawals_idem_uq" UNIQUE ("reseller_id", "idempotency_key"),
	CONSTRAINT "withdrawals_status_ck" CHECK ("status" IN ('requested','approved','rejected','cancelled')),
	CONSTRAINT "withdrawals_amount_ck" CHECK ("amount" > 0 AND "fee" >= 0 AND "fee" < "amount")
);
--> statement-breakpoint
CREATE INDEX "withdrawals_status_idx" ON "withdrawals" ("status", "created_at");
--> statement-breakpoint
CREATE INDEX "withdrawals_reseller_idx" ON "withdrawals" ("reseller_id", "created_at");
--> statement-breakpoint

-- ---- brand statements (回款) and the payouts that settle them ----
CREATE TABLE "brand_statements" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"period" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"sold_units" integer NOT NULL,
	"returned_units" integer NOT NULL,
	"short_units" integer NOT NULL,
	"gross" bigint NOT NULL,
	"commission" bigint NOT NULL,
	"discounts_borne" bigint NOT NULL,
	"settled" bigint NOT NULL,
	"adjustments" bigint NOT NULL,
	"carried_in" bigint NOT NULL,
	"amount_due" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_statements_period_uq" UNIQUE ("brand_id", "period"),
	CONSTRAINT "brand_statements_ck" CHECK ("period_end" > "period_start" AND "amount_due" >= 0)
);
--> statement-breakpoint
CREATE TABLE "brand_payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"statement_id" text NOT NULL REFERENCES "brand_statements"("id"),
	"brand_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_payouts_amount_ck" CHECK ("amount" > 0)
);
--> statement-breakpoint
CREATE INDEX "brand_payouts_statement_idx" ON "brand_payouts" ("statement_id");
