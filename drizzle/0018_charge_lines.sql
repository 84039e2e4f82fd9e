-- Payments per order line: what each charge paid for each line (the ceiling of that line's refunds)
-- and which lines each refund is for. Charges of paid orders are given their lines from the sale's
-- ledger lines (tagged per line since 0014).
CREATE TABLE "charge_lines" (
	"charge_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"captured" bigint NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "charge_lines_charge_id_order_line_id_pk" PRIMARY KEY("charge_id","order_line_id"),
	CONSTRAINT "charge_lines_ck" CHECK ("charge_lines"."captured" > 0 AND "charge_lines"."refunded" >= 0 AND "charge_lines"."refunded" <= "charge_lines"."captured")
);
--> statement-breakpoint
CREATE TABLE "refund_lines" (
	"refund_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "refund_lines_refund_id_order_line_id_pk" PRIMARY KEY("refund_id","order_line_id"),
	CONSTRAINT "refund_lines_amount_ck" CHECK ("refund_lines"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "charge_lines" ADD CONSTRAINT "charge_lines_charge_id_payment_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."payment_charges"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
INSERT INTO "charge_lines" ("charge_id", "order_line_id", "captured")
SELECT c.id, jl.order_line_id, sum(jl.amount)
FROM "orders" o JOIN "payment_intents" i ON i.order_id = o.id
JOIN LATERAL (SELECT pc.id FROM "payment_charges" pc WHERE pc.intent_id = i.id AND pc.status = 'succeeded' ORDER BY pc.attempt LIMIT 1) c ON true
JOIN "journal_entries" e ON e.cause_type = 'order' AND e.cause_id = o.id AND e.kind IN ('order_paid','order_paid_relined')
JOIN "journal_lines" jl ON jl.entry_id = e.id AND jl.account = 'provider_cash' AND jl.order_line_id IS NOT NULL
WHERE o.status <> 'cancelled'
GROUP BY 1, 2 HAVING sum(jl.amount) > 0;
