-- Operator controls (运营管控): the operator can end a live sale event early, pull one SKU from
-- it, disable and re-enable a login or a reseller, and reset a user's password. Every such act
-- leaves a row in operator_actions — who, what, on which object, why, when — written in the
-- transaction that does it. Written by hand; accounts.tables.ts and sale-events.tables.ts
-- describe the same columns.

-- A login reset by the operator carries a temporary password its owner must replace first.
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- A SKU pulled from its sale event stops selling at once; its unsold units went back to the lot.
ALTER TABLE "sale_event_skus" ADD COLUMN "pulled_at" timestamp with time zone;
--> statement-breakpoint
CREATE TABLE "operator_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "operator_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text NOT NULL,
	"action" text NOT NULL,
	"object_kind" text NOT NULL,
	"object_id" text NOT NULL,
	"reason" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "operator_actions_action_ck" CHECK ("operator_actions"."action" IN ('sale_event_ended_early','sale_event_sku_pulled','user_disabled','user_enabled','reseller_disabled','reseller_enabled','password_reset')),
	CONSTRAINT "operator_actions_object_kind_ck" CHECK ("operator_actions"."object_kind" IN ('sale_event','event_sku','user','reseller')),
	CONSTRAINT "operator_actions_reason_ck" CHECK (length(btrim("operator_actions"."reason")) BETWEEN 1 AND 200)
);
--> statement-breakpoint
ALTER TABLE "operator_actions" ADD CONSTRAINT "operator_actions_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "operator_actions_object_idx" ON "operator_actions" USING btree ("object_kind","object_id","id");
--> statement-breakpoint
CREATE INDEX "operator_actions_action_idx" ON "operator_actions" USING btree ("action","id");
--> statement-breakpoint
-- One party's ledger lines, newest first: the console pages a reseller's wallet and a brand's payable.
CREATE INDEX "journal_lines_party_idx" ON "journal_lines" USING btree ("party_id","id");
