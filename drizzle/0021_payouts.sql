-- Payouts: money leaving the platform to a reseller's or a brand's account through the payout
-- provider. Payout accounts (where a party is paid; removed ones kept for history), the payouts
-- book (one per cause, funded by the caller's ledger entry, settled once by the provider's
-- outcome), the provider's notifications as received, the daily comparisons with the provider's
-- statement, and the sandbox payout provider's own books. The two ledger accounts payouts move
-- through are listed too (ON CONFLICT: the membership migration may list them first). Written by
-- hand; payouts.tables.ts describes the same tables.

-- ---- the chart of accounts ----
INSERT INTO "ledger_accounts" ("name", "normal_side", "description") VALUES
  ('payouts_in_flight', 'credit', 'money on its way to a party through the payout provider'),
  ('payout_cash', 'debit', 'money sent through the payout provider (only ever goes down)')
ON CONFLICT ("name") DO NOTHING;
--> statement-breakpoint

CREATE TABLE "payout_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"kind" text NOT NULL,
	"holder_name" text NOT NULL,
	"account_no" text NOT NULL,
	"bank_name" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "payout_accounts_owner_kind_ck" CHECK ("payout_accounts"."owner_kind" IN ('reseller','brand')),
	CONSTRAINT "payout_accounts_kind_ck" CHECK ("payout_accounts"."kind" IN ('bank_card','alipay','wechat')),
	CONSTRAINT "payout_accounts_bank_ck" CHECK (("payout_accounts"."kind" = 'bank_card') = ("payout_accounts"."bank_name" IS NOT NULL)),
	CONSTRAINT "payout_accounts_default_ck" CHECK (NOT ("payout_accounts"."is_default" AND "payout_accounts"."removed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "payout_notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_reconciliations" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"provider_count" integer NOT NULL,
	"provider_paid" bigint NOT NULL,
	"books_paid" bigint NOT NULL,
	"differences" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"cause_id" text NOT NULL,
	"party_kind" text NOT NULL,
	"party_id" text NOT NULL,
	"payout_account_id" text NOT NULL,
	"account_snapshot" jsonb NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"provider" text NOT NULL,
	"merchant_ref" text NOT NULL,
	"provider_ref" text,
	"failure_code" text,
	"failure_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"funding_entry_key" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_purpose_ck" CHECK (("payouts"."purpose" = 'withdrawal' AND "payouts"."party_kind" = 'reseller') OR ("payouts"."purpose" = 'brand_payout' AND "payouts"."party_kind" = 'brand')),
	CONSTRAINT "payouts_status_ck" CHECK ("payouts"."status" IN ('pending','submitted','succeeded','failed')),
	CONSTRAINT "payouts_amount_ck" CHECK ("payouts"."amount" > 0),
	CONSTRAINT "payouts_settled_ck" CHECK (("payouts"."status" IN ('succeeded','failed')) = ("payouts"."settled_at" IS NOT NULL)),
	CONSTRAINT "payouts_failure_ck" CHECK (("payouts"."status" = 'failed') = ("payouts"."failure_code" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "sandbox_payout_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_ref" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"fee" bigint DEFAULT 0 NOT NULL,
	"account" jsonb NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"notify_url" text NOT NULL,
	"settle_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_payouts_merchant_ref_unique" UNIQUE("merchant_ref"),
	CONSTRAINT "sandbox_payouts_status_ck" CHECK ("sandbox_payouts"."status" IN ('processing','succeeded','failed')),
	CONSTRAINT "sandbox_payouts_settled_ck" CHECK (("sandbox_payouts"."status" = 'processing') = ("sandbox_payouts"."settled_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_payout_account_id_payout_accounts_id_fk" FOREIGN KEY ("payout_account_id") REFERENCES "public"."payout_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_accounts_owner_idx" ON "payout_accounts" USING btree ("owner_kind","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_live_uq" ON "payout_accounts" USING btree ("owner_kind","owner_id","kind","account_no") WHERE "payout_accounts"."removed_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_default_uq" ON "payout_accounts" USING btree ("owner_kind","owner_id") WHERE "payout_accounts"."is_default" AND "payout_accounts"."removed_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_notifications_event_uq" ON "payout_notifications" USING btree ("provider","event_id");--> statement-breakpoint
CREATE INDEX "payout_reconciliations_period_idx" ON "payout_reconciliations" USING btree ("period_end");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_cause_uq" ON "payouts" USING btree ("purpose","cause_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_merchant_ref_uq" ON "payouts" USING btree ("merchant_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_funding_uq" ON "payouts" USING btree ("funding_entry_key");--> statement-breakpoint
CREATE INDEX "payouts_party_idx" ON "payouts" USING btree ("party_kind","party_id");--> statement-breakpoint
CREATE INDEX "payouts_due_idx" ON "payouts" USING btree ("next_attempt_at") WHERE "payouts"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "payouts_submitted_idx" ON "payouts" USING btree ("submitted_at") WHERE "payouts"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "payouts_created_idx" ON "payouts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sandbox_payout_deliveries_due_idx" ON "sandbox_payout_deliveries" USING btree ("next_attempt_at") WHERE "sandbox_payout_deliveries"."delivered_at" IS NULL;--> statement-breakpoint
CREATE INDEX "sandbox_payouts_due_idx" ON "sandbox_payouts" USING btree ("settle_at") WHERE "sandbox_payouts"."status" = 'processing';--> statement-breakpoint
CREATE INDEX "sandbox_payouts_created_idx" ON "sandbox_payouts" USING btree ("created_at");
