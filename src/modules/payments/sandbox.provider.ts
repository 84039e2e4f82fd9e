// The built-in sandbox gateway. It behaves like a real one: a hosted pay page, charges that
// succeed or fail, partial refunds, and notifications that arrive later, signed (HMAC-SHA256
// over "timestamp.body"), retried with backoff until acknowledged, sometimes twice, and in any
// order. Its books live in its own tables; the platform talks to it only through the adapter.
import crypto from 'node:crypto';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { executeHot, type Db } from '../../platform/database.ts';
import { AppError } from '../../platform/errors.ts';
import { deliverDueNotifications } from '../../platform/notification-deliveries.ts';
import { sandboxCharges, sandboxRefunds, sandboxDeliveries } from './payments.tables.ts';
import type { ChargeState, ChargeStatus, GatewayActivity, PaymentProvider, RefundState, VerifiedNotification } from '../../platform/payment-provider.ts';

export const SIGNATURE_HEADER = 'x-sandbox-signature';
export const TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Send one signed notification (the sandboxes' webhooks): the body signed at the moment of
 * sending under `header`. Null when the receiver acknowledged it (2xx), else why not.
 */
export async function postSigned(f: typeof fetch, url: string, header: string, secret: string, body: string): Promise<string | null> {
  try {
    const res = await f(url, { method: 'POST', body, signal: AbortSignal.timeout(10_000), headers: { 'content-type': 'application/json', [header]: sign(secret, Math.floor(Date.now() / 1000), body) } });
    await res.arrayBuffer().catch(() => {});
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).message;
  }
}

export function verifySignature(secret: string, header: string | undefined, body: string, now: Date): { timestamp: number } {
  if (!header) throw new AppError('signature_invalid', { detail: 'missing signature header' });
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) throw new AppError('signature_invalid', { detail: 'malformed signature header' });
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new AppError('signature_invalid');
  if (Math.abs(now.getTime() / 1000 - t) > TOLERANCE_SECONDS) throw new AppError('notification_stale');
  return { timestamp: t };
}

export interface SandboxOptions {
  secret: string;
  /** Where the hosted pay page lives, e.g. http://localhost:3000 */
  baseUrl: string;
  /** Probability [0,1] that a notification is sent twice (real gateways do this). */
  duplicateRate?: number;
  fetchImpl?: typeof fetch;
}

function chargeState(c: typeof sandboxCharges.$inferSelect): ChargeState {
  return { providerRef: c.id, merchantRef: c.merchantRef, status: c.status as ChargeStatus, amount: c.amount, currency: c.currency, refunded: c.refunded, paidAt: c.paidAt };
}

function refundState(r: typeof sandboxRefunds.$inferSelect): RefundState {
  return { providerRef: r.id, merchantRef: r.merchantRef, chargeRef: r.chargeId, status: r.status as RefundState['status'], amount: r.amount };
}

type ChargeInput = { merchantRef: string; amount: number; currency: string; description: string; notifyUrl: string; returnUrl?: string };
type RawCharge = { id: string; merchant_ref: string; status: string; amount: string | number };
type ChargeRow = { id: string; status: string; amount: number };
const chargeRow = (r: RawCharge): ChargeRow => ({ id: r.id, status: r.status, amount: Number(r.amount) });

/** What the sandbox gateways of this process have done: statements that opened charges, and the calls they answered. */
export const sandboxStats = { openStatements: 0, chargesAsked: 0 };

function rid(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(12).toString('hex')}`;
}

export class SandboxGateway implements PaymentProvider {
  readonly name = 'sandbox';
  constructor(private readonly db: Db, private readonly opts: SandboxOptions) {}

  /**
   * Open a charge, or answer the one already under this reference. Calls made together (a
   * storefront group opens its orders' charges at once) are opened together: one statement for
   * the calls made before the next microtask runs (a caller's loop that asks for many), as a
   * gateway's front end batches its writes — each call is answered as if it had been made alone.
   */
  createCharge(input: ChargeInput): Promise<{ providerRef: string; payUrl: string; status: ChargeStatus }> {
    return new Promise((resolve, reject) => {
      this.opening.push({ input, resolve, reject });
      if (this.opening.length === 1) queueMicrotask(() => void this.openTogether());
    });
  }

  private opening: { input: ChargeInput; resolve: (c: { providerRef: string; payUrl: string; status: ChargeStatus }) => void; reject: (e: unknown) => void }[] = [];

  private async openTogether(): Promise<void> {
    const calls = this.opening.splice(0);
    sandboxStats.openStatements++;
    sandboxStats.chargesAsked += calls.length;
    let opened: Map<string, ChargeRow>;
    try {
      opened = await this.openCharges(calls.map((c) => c.input));
    } catch (e) {
      for (const c of calls) c.reject(e);
      return;
    }
    for (const { input, resolve, reject } of calls) {
      const c = opened.get(input.merchantRef);
      if (!c) reject(new Error(`sandbox: no charge under ${input.merchantRef} after opening it`));
      // A reference closed before it was ever opened stays closed: it can never be paid.
      else if (c.status !== 'closed' && c.amount !== input.amount) reject(new Error(`sandbox: charge ${c.id} exists with another amount`));
      else resolve({ providerRef: c.id, payUrl: `${this.opts.baseUrl}/sandbox/pay/${c.id}`, status: c.status as ChargeStatus });
    }
  }

  /**
   * One statement (a named prepared one): each reference's charge opened, or the one already
   * under it. The first call of a reference opens it; references are inserted in one order, so
   * two batches sharing some never wait on each other in a cycle. A reference opened by a
   * concurrent batch that committed after this statement began is read by a second statement.
   */
  private async openCharges(inputs: ChargeInput[]): Promise<Map<string, ChargeRow>> {
    const byRef = new Map<string, ChargeInput>();
    for (const i of inputs) if (!byRef.has(i.merchantRef)) byRef.set(i.merchantRef, i);
    const first = [...byRef.values()].sort((a, b) => (a.merchantRef < b.merchantRef ? -1 : a.merchantRef > b.merchantRef ? 1 : 0));
    const refs = first.map((i) => i.merchantRef);
    const col = <T>(f: (i: ChargeInput) => T) => sql.param(first.map(f));
    const rows = await executeHot<RawCharge>(this.db, sql`WITH opened AS (
        INSERT INTO sandbox_charges (id, merchant_ref, amount, currency, description, notify_url, return_url)
        SELECT * FROM unnest(${col(() => rid('ch'))}::text[], ${col((i) => i.merchantRef)}::text[], ${col((i) => i.amount)}::bigint[], ${col((i) => i.currency)}::text[],
                             ${col((i) => i.description)}::text[], ${col((i) => i.notifyUrl)}::text[], ${col((i) => i.returnUrl ?? null)}::text[])
        ON CONFLICT (merchant_ref) DO NOTHING RETURNING id, merchant_ref, status, amount)
      SELECT id, merchant_ref, status, amount FROM opened
      UNION ALL
      SELECT id, merchant_ref, status, amount FROM sandbox_charges WHERE merchant_ref = ANY(${sql.param(refs)}::text[]) AND merchant_ref NOT IN (SELECT merchant_ref FROM opened)`);
    const charges = new Map(rows.map((r) => [r.merchant_ref, chargeRow(r)]));
    const late = refs.filter((r) => !charges.has(r));
    if (late.length) {
      for (const r of await executeHot<RawCharge>(this.db, sql`SELECT id, merchant_ref, status, amount FROM sandbox_charges WHERE merchant_ref = ANY(${sql.param(late)}::text[])`)) charges.set(r.merchant_ref, chargeRow(r));
    }
    return charges;
  }

  async retrieveCharge(providerRef: string): Promise<ChargeState> {
    const [c] = await this.db.select().from(sandboxCharges).where(eq(sandboxCharges.id, providerRef));
    // A reference we never issued (a notification naming something else): the caller's mistake, not ours.
    if (!c) throw new AppError('not_found', { detail: `the gateway knows no charge ${providerRef}` });
    return chargeState(c);
  }

  async findCharge(merchantRef: string): Promise<ChargeState | null> {
    const [c] = await this.db.select().from(sandboxCharges).where(eq(sandboxCharges.merchantRef, merchantRef));
    return c && c.amount > 0 ? chargeState(c) : null;
  }

  async closeCharge(merchantRef: string): Promise<ChargeState | null> {
    return this.db.transaction(async (tx) => {
      // A reference never opened gets a closed record (amount 0), so a late createCharge cannot open it.
      await tx.insert(sandboxCharges).values({ id: rid('ch'), merchantRef, amount: 0, currency: '', status: 'closed', notifyUrl: '' })
        .onConflictDoNothing({ target: sandboxCharges.merchantRef });
      const [c] = await tx.update(sandboxCharges).set({ status: sql`CASE WHEN ${sandboxCharges.status} = 'pending' THEN 'closed' ELSE ${sandboxCharges.status} END`, updatedAt: sql`now()` })
        .where(eq(sandboxCharges.merchantRef, merchantRef)).returning();
      return c.amount > 0 ? chargeState(c) : null;
    });
  }

  /**
   * What the payer does on the hosted page: pay, or have the card declined. The charge's new
   * state and its notification are one transaction, as a real gateway's books and queue are.
   */
  async completeCharge(providerRef: string, outcome: 'succeed' | 'fail'): Promise<ChargeState> {
    const to = outcome === 'succeed' ? 'succeeded' : 'failed';
    await this.db.transaction(async (tx) => {
      const r = await tx.update(sandboxCharges).set({ status: to, paidAt: to === 'succeeded' ? sql`now()` : null, updatedAt: sql`now()` })
        .where(and(eq(sandboxCharges.id, providerRef), eq(sandboxCharges.status, 'pending'))).returning();
      if (r.length === 1) await this.enqueue(r[0].notifyUrl, `charge.${to}`, r[0].id, tx);
    });
    return this.retrieveCharge(providerRef);
  }

  async refund(input: { chargeRef: string; merchantRef: string; amount: number; notifyUrl: string }) {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(sandboxRefunds).where(eq(sandboxRefunds.merchantRef, input.merchantRef));
      if (existing) return { providerRef: existing.id, status: existing.status as RefundState['status'] };
      const id = rid('re');
      const ok = await tx.update(sandboxCharges).set({ refunded: sql`${sandboxCharges.refunded} + ${input.amount}`, updatedAt: sql`now()` })
        .where(and(eq(sandboxCharges.id, input.chargeRef), eq(sandboxCharges.status, 'succeeded'), sql`${sandboxCharges.refunded} + ${input.amount} <= ${sandboxCharges.amount}`))
        .returning({ id: sandboxCharges.id });
      const status = ok.length ? 'succeeded' : 'failed';
      await tx.insert(sandboxRefunds).values({ id, chargeId: input.chargeRef, merchantRef: input.merchantRef, amount: input.amount, status });
      // Refunds settle asynchronously: the answer now is "accepted", the outcome comes by notification.
      await this.enqueue(input.notifyUrl, `refund.${status}`, id, tx);
      return { providerRef: id, status: 'pending' as const };
    });
  }

  async retrieveRefund(providerRef: string): Promise<RefundState> {
    const [r] = await this.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.id, providerRef));
    if (!r) throw new AppError('not_found', { detail: `the gateway knows no refund ${providerRef}` });
    return refundState(r);
  }

  async findRefund(merchantRef: string): Promise<RefundState | null> {
    const [r] = await this.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.merchantRef, merchantRef));
    return r ? refundState(r) : null;
  }

  async activity(from: Date, to: Date): Promise<GatewayActivity> {
    const charges = await this.db.select().from(sandboxCharges)
      .where(and(eq(sandboxCharges.status, 'succeeded'), gte(sandboxCharges.paidAt, from), lt(sandboxCharges.paidAt, to))).orderBy(sandboxCharges.paidAt);
    const refunds = await this.db.select().from(sandboxRefunds)
      .where(and(eq(sandboxRefunds.status, 'succeeded'), gte(sandboxRefunds.createdAt, from), lt(sandboxRefunds.createdAt, to))).orderBy(sandboxRefunds.createdAt);
    const currencyOf = new Map<string, string>();
    if (refunds.length) {
      for (const c of await this.db.select({ id: sandboxCharges.id, currency: sandboxCharges.currency }).from(sandboxCharges).where(inArray(sandboxCharges.id, [...new Set(refunds.map((r) => r.chargeId))]))) currencyOf.set(c.id, c.currency);
    }
    return {
      charges: charges.map((c) => ({ providerRef: c.id, merchantRef: c.merchantRef, amount: c.amount, currency: c.currency, paidAt: c.paidAt! })),
      refunds: refunds.map((r) => ({ providerRef: r.id, merchantRef: r.merchantRef, chargeRef: r.chargeId, amount: r.amount, currency: currencyOf.get(r.chargeId) ?? '', at: r.createdAt })),
    };
  }

  verifyNotification(rawBody: string, headers: Record<string, string | string[] | undefined>, now: Date): VerifiedNotification {
    const h = headers[SIGNATURE_HEADER];
    verifySignature(this.opts.secret, Array.isArray(h) ? h[0] : h, rawBody, now);
    let body: { id?: unknown; type?: unknown; data?: { object?: unknown } };
    try { body = JSON.parse(rawBody); } catch { throw new AppError('validation_failed', { detail: 'notification body is not JSON' }); }
    const types = ['charge.succeeded', 'charge.failed', 'refund.succeeded', 'refund.failed'];
    if (typeof body.id !== 'string' || typeof body.type !== 'string' || !types.includes(body.type) || typeof body.data?.object !== 'string') {
      throw new AppError('validation_failed', { detail: 'notification body has an unknown shape' });
    }
    return { eventId: body.id, type: body.type as VerifiedNotification['type'], objectRef: body.data.object };
  }

  private async enqueue(url: string, type: string, objectRef: string, db: Pick<Db, 'insert'> = this.db): Promise<void> {
    const eventId = rid('evt');
    const body = JSON.stringify({ id: eventId, type, created: Math.floor(Date.now() / 1000), data: { object: objectRef } });
    const copies = Math.random() < (this.opts.duplicateRate ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) await db.insert(sandboxDeliveries).values({ id: rid('dl'), eventType: type, url, body });
  }

  /** Deliver due notifications, signed at send time, retried (1 s, 2 s, 4 s … up to an hour) until acknowledged (platform/notification-deliveries.ts). */
  async deliverDue(limit = 50): Promise<{ delivered: number; failed: number }> {
    const f = this.opts.fetchImpl ?? fetch;
    return deliverDueNotifications(this.db, sandboxDeliveries, {
      limit, retryBaseSeconds: 1, send: (url, body) => postSigned(f, url, SIGNATURE_HEADER, this.opts.secret, body),
    });
  }

  async chargeForPage(providerRef: string) {
    const [c] = await this.db.select().from(sandboxCharges).where(eq(sandboxCharges.id, providerRef));
    return c ?? null;
  }
}
