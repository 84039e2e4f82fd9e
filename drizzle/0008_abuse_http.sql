-- Abuse at the HTTP edge: request counters for rate limits (shared by every API process), secrets
-- the platform generates on first start when none is configured, and idempotency keys of requests
-- that have no row of their own to carry one (cancelling an order). Written by hand;
-- src/platform/platform.tables.ts describes the same tables.

-- ---- rate limits: one fixed-window counter per (group of routes, client address) ----
-- UNLOGGED: counting a request writes no WAL (no fsync on the hot path of a flash sale); after a
-- crash the table is empty, which forgives the current window and nothing else.
CREATE UNLOGGED TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"resets_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_counters_resets_idx" ON "rate_limit_counters" USING btree ("resets_at");
--> statement-breakpoint

-- ---- secrets generated when SELLTHROUGH_SECRET / PAYMENT_SANDBOX_SECRET are not set ----
CREATE TABLE "platform_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint

-- ---- idempotency keys: (who sent it, key) → the request's hash and what it acted on ----
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"resource_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY ("scope", "key")
);
