-- A value date on journal entries: when a movement took effect before it was posted (a settlement's
-- margins became available when their return windows ended). NULL: when posted.
ALTER TABLE "journal_entries" ADD COLUMN "effective_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_effective_ck" CHECK ("journal_entries"."effective_at" IS NULL OR "journal_entries"."effective_at" <= "journal_entries"."created_at");