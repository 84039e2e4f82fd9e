-- Saved delivery addresses per consumer phone (addresses/addresses.tables.ts describes the same
-- columns): offered at storefront checkout to a consumer who proves the phone with an order link.
-- Written by hand; the unique index (phone first) also serves the look-up by phone.
CREATE TABLE "consumer_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"name" text NOT NULL,
	"province" text NOT NULL,
	"city" text NOT NULL,
	"district" text NOT NULL,
	"detail" text NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "consumer_addresses_same_uq" ON "consumer_addresses" USING btree ("phone","name","province","city","district","detail");
