-- Password guessing: failed logins counted per phone and per client address (shared by every API
-- process), a record of every login (who, when, from where), sessions that say where and when
-- they were used, and an audit of what users and operators did to logins and sessions.
-- Written by hand; accounts.tables.ts describes the same tables.

-- ---- throttles: one row per phone or client address with failures outstanding ----
CREATE TABLE "login_throttles" (
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"failures" integer NOT NULL,
	"first_failed_at" timestamp with time zone NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "login_throttles_pk" PRIMARY KEY ("kind", "value"),
	CONSTRAINT "login_throttles_kind_ck" CHECK ("login_throttles"."kind" IN ('phone','address')),
	CONSTRAINT "login_throttles_failures_ck" CHECK ("login_throttles"."failures" >= 0)
);
--> statement-breakpoint
CREATE INDEX "login_throttles_locked_idx" ON "login_throttles" USING btree ("locked_until") WHERE "locked_until" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "login_throttles_last_idx" ON "login_throttles" USING btree ("last_failed_at");
--> statement-breakpoint

-- ---- every login tried: the phone as typed, the user when the phone is one, the outcome ----
CREATE TABLE "login_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"phone" text NOT NULL,
	"user_id" text,
	"outcome" text NOT NULL,
	"ip" text NOT NULL,
	"user_agent" text NOT NULL,
	CONSTRAINT "login_records_outcome_ck" CHECK ("login_records"."outcome" IN ('succeeded','failed','locked'))
);
--> statement-breakpoint
ALTER TABLE "login_records" ADD CONSTRAINT "login_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "login_records_phone_idx" ON "login_records" USING btree ("phone", "id");
--> statement-breakpoint
CREATE INDEX "login_records_user_idx" ON "login_records" USING btree ("user_id", "id");
--> statement-breakpoint
CREATE INDEX "login_records_outcome_idx" ON "login_records" USING btree ("outcome", "id");
--> statement-breakpoint

-- ---- who did what to a login or a session (operator unlocks, password changes, sign-outs) ----
CREATE TABLE "account_audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"subject_user_id" text,
	"target" text NOT NULL,
	"ip" text NOT NULL,
	"user_agent" text NOT NULL,
	CONSTRAINT "account_audit_action_ck" CHECK ("account_audit"."action" IN ('throttle_cleared','password_changed','password_change_refused','session_revoked','other_sessions_revoked'))
);
--> statement-breakpoint
ALTER TABLE "account_audit" ADD CONSTRAINT "account_audit_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "account_audit" ADD CONSTRAINT "account_audit_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint

-- ---- sessions: where they began and when they were last used (at most once a minute) ----
ALTER TABLE "sessions" ADD COLUMN "last_used_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "ip" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "user_agent" text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE "sessions" SET "last_used_at" = "created_at";
--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "last_used_at" SET DEFAULT now();
--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "last_used_at" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone;
