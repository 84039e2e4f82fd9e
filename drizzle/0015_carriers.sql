-- Carriers (快递): the waybill the platform opens for each parcel, every tracking event the
-- carrier reports (once each, by its event id, consumed once by the fulfilment side), and the
-- sandbox carrier's own books (its waybills, the scheduled way of each parcel, the notifications
-- it sends). Written by hand; carriers.tables.ts describes the same tables.

-- One waybill per parcel and carrier; its status is the latest tracking event by when it happened.
CREATE TABLE "waybills" (
	"id" text PRIMARY KEY NOT NULL,
	"parcel_ref" text NOT NULL,
	"carrier" text NOT NULL,
	"waybill_no" text NOT NULL,
	"service" text NOT NULL,
	"sort_code" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"picked_up_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_at" timestamp with time zone,
	CONSTRAINT "waybills_status_ck" CHECK ("waybills"."status" IN ('created','picked_up','in_transit','out_for_delivery','delivered','exception','returned_to_sender','cancelled')),
	CONSTRAINT "waybills_service_ck" CHECK ("waybills"."service" IN ('standard','bulky')),
	CONSTRAINT "waybills_cancelled_ck" CHECK (("waybills"."status" = 'cancelled') = ("waybills"."cancelled_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "waybills_parcel_uq" ON "waybills" USING btree ("parcel_ref","carrier");
--> statement-breakpoint
CREATE UNIQUE INDEX "waybills_waybill_no_uq" ON "waybills" USING btree ("waybill_no","carrier");
--> statement-breakpoint
-- Waybills still on their way: what reconciliation asks the carrier about.
CREATE INDEX "waybills_open_idx" ON "waybills" USING btree ("created_at") WHERE "waybills"."status" NOT IN ('delivered','returned_to_sender','cancelled');
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tracking_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"waybill_id" text NOT NULL,
	"carrier" text NOT NULL,
	"event_id" text NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "tracking_events_status_ck" CHECK ("tracking_events"."status" IN ('created','picked_up','in_transit','out_for_delivery','delivered','exception','returned_to_sender')),
	CONSTRAINT "tracking_events_source_ck" CHECK ("tracking_events"."source" IN ('notification','query'))
);
--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_waybill_id_waybills_id_fk" FOREIGN KEY ("waybill_id") REFERENCES "public"."waybills"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- A duplicate notification, or an event found again by asking, is the same row.
CREATE UNIQUE INDEX "tracking_events_event_uq" ON "tracking_events" USING btree ("carrier","event_id");
--> statement-breakpoint
CREATE INDEX "tracking_events_waybill_idx" ON "tracking_events" USING btree ("waybill_id","occurred_at");
--> statement-breakpoint
-- The queue the fulfilment side takes from (FOR UPDATE SKIP LOCKED), oldest first.
CREATE INDEX "tracking_events_unapplied_idx" ON "tracking_events" USING btree ("occurred_at","id") WHERE "tracking_events"."applied_at" IS NULL;
--> statement-breakpoint
-- ---- the sandbox carrier's books ----
CREATE TABLE "sandbox_carrier_waybills" (
	"waybill_no" text PRIMARY KEY NOT NULL,
	"merchant_ref" text NOT NULL,
	"service" text NOT NULL,
	"sender" jsonb NOT NULL,
	"recipient" jsonb NOT NULL,
	"weight_grams" integer NOT NULL,
	"items" jsonb NOT NULL,
	"sort_code" text NOT NULL,
	"notify_url" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"pickup_due_at" timestamp with time zone NOT NULL,
	"picked_up_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_carrier_waybills_merchant_ref_unique" UNIQUE("merchant_ref"),
	CONSTRAINT "sandbox_carrier_waybills_status_ck" CHECK ("sandbox_carrier_waybills"."status" IN ('created','picked_up','cancelled')),
	CONSTRAINT "sandbox_carrier_waybills_weight_ck" CHECK ("sandbox_carrier_waybills"."weight_grams" > 0)
);
--> statement-breakpoint
CREATE INDEX "sandbox_carrier_waybills_pickup_idx" ON "sandbox_carrier_waybills" USING btree ("pickup_due_at") WHERE "sandbox_carrier_waybills"."status" = 'created';
--> statement-breakpoint
CREATE TABLE "sandbox_carrier_events" (
	"id" text PRIMARY KEY NOT NULL,
	"waybill_no" text NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "sandbox_carrier_events_status_ck" CHECK ("sandbox_carrier_events"."status" IN ('created','picked_up','in_transit','out_for_delivery','delivered','exception','returned_to_sender'))
);
--> statement-breakpoint
ALTER TABLE "sandbox_carrier_events" ADD CONSTRAINT "sandbox_carrier_events_waybill_no_sandbox_carrier_waybills_waybill_no_fk" FOREIGN KEY ("waybill_no") REFERENCES "public"."sandbox_carrier_waybills"("waybill_no") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_carrier_events_seq_uq" ON "sandbox_carrier_events" USING btree ("waybill_no","seq");
--> statement-breakpoint
CREATE TABLE "sandbox_carrier_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox_carrier_deliveries" ADD CONSTRAINT "sandbox_carrier_deliveries_event_id_sandbox_carrier_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sandbox_carrier_events"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "sandbox_carrier_deliveries_due_idx" ON "sandbox_carrier_deliveries" USING btree ("next_attempt_at") WHERE "sandbox_carrier_deliveries"."delivered_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "sandbox_carrier_deliveries_event_idx" ON "sandbox_carrier_deliveries" USING btree ("event_id");
