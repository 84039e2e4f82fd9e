// Payments opened and their gateway charges recorded a batch at a time, for a desk that writes a
// group of orders in one statement: the batched forms of openIntent (an intent with its first
// charge, not yet at the gateway) and of attachCharge's record of what the gateway answered.
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { executeHot, hiddenLengthArray, type Db } from '../../platform/database.ts';
import { newId } from '../../platform/ids.ts';
import { within } from '../../platform/within.ts';
import type { PaymentProvider } from '../../platform/payment-provider.ts';
import { merchantRefOf, notifyUrl } from './payments.service.ts';

/** An order's payment to open: the intent's id is given, so the caller knows it before the write. */
export interface NewOrderIntent { id: string; orderId: string; amount: number; currency: string }

/** What openIntentsCtes opened, per intent: its first charge, as the gateway is to be asked for it. */
export interface OpenedCharge { intentId: string; chargeId: string; merchantRef: string; amount: number; currency: string }

/**
 * Two common table expressions: `<name>` inserts the orders' payment intents (status
 * requires_payment, attempt 1, at this platform's gateway) and `<name>_charges` their first
 * charges, both only when `when` holds. Returns the charges it opens, for askGateway after the
 * statement commits.
 */
export function openIntentsCtes(ctx: Ctx, name: string, intents: NewOrderIntent[], when: SQL): { ctes: SQL; charges: OpenedCharge[] } {
  const provider = ctx.deps.payments.name;
  const charges = intents.map((i) => ({ intentId: i.id, chargeId: newId('chg'), merchantRef: merchantRefOf(i.id, 1), amount: i.amount, currency: i.currency }));
  const ids = sql.param(intents.map((i) => i.id));
  const amounts = sql.param(intents.map((i) => i.amount));
  const currencies = sql.param(intents.map((i) => i.currency));
  const ctes = sql`${sql.identifier(name)} AS (
      INSERT INTO payment_intents (id, purpose, order_id, amount, currency, provider)
      SELECT x.id, 'order', x.order_id, x.amount, x.currency, ${provider}
      FROM unnest(${ids}::text[], ${sql.param(intents.map((i) => i.orderId))}::text[], ${amounts}::bigint[], ${currencies}::text[]) AS x(id, order_id, amount, currency)
      WHERE ${when} RETURNING 1),
    ${sql.identifier(`${name}_charges`)} AS (
      INSERT INTO payment_charges (id, intent_id, attempt, provider, merchant_ref, amount, currency)
      SELECT x.id, x.intent_id, 1, ${provider}, x.merchant_ref, x.amount, x.currency
      FROM unnest(${sql.param(charges.map((c) => c.chargeId))}::text[], ${ids}::text[], ${sql.param(charges.map((c) => c.merchantRef))}::text[], ${amounts}::bigint[], ${currencies}::text[])
        AS x(id, intent_id, merchant_ref, amount, currency)
      WHERE ${when} AND (SELECT count(*) FROM ${sql.identifier(name)}) >= 0 RETURNING 1)`;
  return { ctes, charges };
}

/**
 * Calls to the gateway at once for one batch: a group of hundreds must not take every connection
 * (the sandbox's books are in our database) or socket. The storefront desk answers at most four
 * groups at once, so its calls are at most 64 at a time per pool (besides them, each order the
 * ordinary path places, or a read finds without its link, calls for itself).
 */
const GATEWAY_CALLS_AT_ONCE = 16;

/** What the gateway answered for one charge of a batch (askGateway): null when it did not open it in time or failed. */
export interface GatewayAnswer { charge: OpenedCharge; opened: Awaited<ReturnType<PaymentProvider['createCharge']>> | null }

/**
 * Open these first charges at the gateway (each its own call, GATEWAY_CALLS_AT_ONCE at a time).
 * Never throws: a call that fails, or has no answer within `waitMs` (a slow gateway must not hold
 * up the caller's next group), answers null, and its order goes the ordinary way (ensurePayable),
 * which asks again (the gateway dedupes on our reference) and records whatever it says. Returns
 * every charge's answer, for payLinksOf and recordGatewayAnswers.
 */
export async function askGateway(ctx: Ctx, charges: (OpenedCharge & { description: string; returnUrl?: string })[], waitMs: number): Promise<GatewayAnswer[]> {
  const notify = notifyUrl(ctx);
  const deadline = Date.now() + waitMs;
  const answers: GatewayAnswer[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(GATEWAY_CALLS_AT_ONCE, charges.length) }, async () => {
    while (next < charges.length) {
      const c = charges[next++];
      const call = ctx.deps.payments.createCharge({ merchantRef: c.merchantRef, amount: c.amount, currency: c.currency, description: c.description, notifyUrl: notify, returnUrl: c.returnUrl });
      const r = await within(call, Math.max(0, deadline - Date.now()), null).catch(() => null);
      // An answer after the deadline is not recorded here: the order's own request asks again.
      call.catch(() => {});
      answers.push({ charge: c, opened: r });
    }
  }));
  return answers;
}

/** The pay link of each intent whose charge the gateway opened and is payable. */
export function payLinksOf(answers: GatewayAnswer[]): Map<string, string> {
  return new Map(answers.filter((a) => a.opened?.status === 'pending').map((a) => [a.charge.intentId, a.opened!.payUrl]));
}

/**
 * What the gateway answered, recorded in one statement as attachCharge records it: a reference it
 * opened (its link only while payable); one it did not open stays unrecorded, for ensurePayable.
 * A charge recorded or settled meanwhile (a read of its order, a notification, the expiry sweep)
 * is left as it is.
 */
export async function recordGatewayAnswers(ctx: Ctx, answers: GatewayAnswer[]): Promise<void> {
  const recorded = answers.filter((a) => a.opened !== null);
  if (!recorded.length) return;
  // The arrays' length hidden from the planner: planned on every group otherwise.
  await executeHot(ctx.db as Db, sql`UPDATE payment_charges c SET provider_ref = x.provider_ref, pay_url = x.pay_url
    FROM unnest(${hiddenLengthArray(recorded.map((a) => a.charge.chargeId))}, ${hiddenLengthArray(recorded.map((a) => a.opened!.providerRef))},
                ${hiddenLengthArray(recorded.map((a) => (a.opened!.status === 'pending' ? a.opened!.payUrl : null)))}) AS x(id, provider_ref, pay_url)
    WHERE c.id = x.id AND c.provider_ref IS NULL AND c.status = 'open'`);
}

/**
 * A batch's answers are recorded at most this long (ms) after they were given: answers given
 * meanwhile — the groups a desk writes while orders flow — are recorded with them, in one
 * statement. At 8 buyers a storefront group is written every ~8 ms, and its record was one
 * statement and commit in four (docs/benchmarks.md); an answer not yet recorded costs nothing but
 * a gateway call, should its order be read meanwhile (readStorefrontOrder asks the gateway, which
 * dedupes on our reference, and records it).
 */
const RECORD_AFTER_MS = 40;
/** Answers recorded in one statement at most; this many waiting are recorded at once. */
const RECORD_AT_ONCE = 512;

/**
 * The gateway's answers of many batches, recorded together (recordGatewayAnswers) at most
 * RECORD_AFTER_MS after each was given, one statement at a time. `add` waits only when a whole
 * statement's worth is waiting — for its record, after any under way (a slow database holds back
 * the caller, not an ever longer queue); `settled` records what waits now and resolves once every
 * record begun has ended (a stopping app waits for it).
 */
export class GatewayRecorder {
  private waiting: GatewayAnswer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private recording: Promise<void> = Promise.resolve();
  /** Statements begun. */
  statements = 0;

  constructor(private readonly ctx: Ctx) {}

  add(answers: GatewayAnswer[]): Promise<void> {
    const opened = answers.filter((a) => a.opened !== null);
    if (!opened.length) return Promise.resolve();
    this.waiting.push(...opened);
    if (this.waiting.length >= RECORD_AT_ONCE) return this.record();
    this.timer ??= setTimeout(() => void this.record(), RECORD_AFTER_MS).unref();
    return Promise.resolve();
  }

  /** Records what waits now, after any record under way; resolves when that ended. */
  settled(): Promise<void> {
    return this.waiting.length ? this.record() : this.recording;
  }

  private record(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const batch = this.waiting.splice(0, RECORD_AT_ONCE);
    if (this.waiting.length) this.timer = setTimeout(() => void this.record(), 0).unref();
    if (!batch.length) return this.recording;
    this.statements++;
    this.recording = this.recording.then(() => recordGatewayAnswers(this.ctx, batch)).catch((e: unknown) => {
      // Nothing is lost: each unrecorded charge is recorded by the next read of its order, or by its payment's notification.
      this.ctx.log.warn({ err: e, charges: batch.length }, 'the gateway\'s answers were not recorded');
    });
    return this.recording;
  }
}
