// The built-in sandbox payout provider (沙箱代付). It behaves like a real one: a transfer request is
// accepted idempotently by our reference and settles a few seconds later (settleSeconds), paid
// or failed; its outcome comes by notification, signed with HMAC-SHA256 over "timestamp.body"
// (the payment gateway's scheme and code), retried with backoff until acknowledged, sometimes
// twice; a request now and then fails transiently (unavailable before it was recorded, or a
// timeout after it was); and its statement lists every transfer with status, amount, fee (0) and
// time. Its books live in its own tables; the platform talks to it only through the adapter.
//
// How a transfer ends, so tests and the demo can choose it by the account:
// - a card number ending 0000: failed, account_invalid (收款账户不存在或已注销). Always.
// - the holder's name 测试失败: failed, name_mismatch (收款人户名不符). Always.
// - otherwise: paid, except that with probability failureRate it fails as bank_rejected (银行退票).
// Refused at once, for good: a currency other than CNY (currency_unsupported), an amount over
// maxAmount (amount_over_limit).
import crypto from 'node:crypto';
import { and, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/database.ts';
import { AppError } from '../../platform/errors.ts';
import { deliverDueNotifications } from '../../platform/notification-deliveries.ts';
import {
  PayoutProviderError, type PayeeAccount, type PayoutProvider, type TransferOutcome, type TransferRecord, type TransferRequest, type TransferState, type TransferStatus, type VerifiedPayoutNotification,
} from '../../platform/payout-provider.ts';
import { postSigned, verifySignature } from '../payments/index.ts';
import { sandboxPayouts, sandboxPayoutDeliveries } from './payouts.tables.ts';

export const PAYOUT_SIGNATURE_HEADER = 'x-payout-signature';

export interface SandboxPayoutOptions {
  /** Signs the notifications (HMAC-SHA256 over "timestamp.body"). */
  secret: string;
  /** Seconds from acceptance until a transfer settles (default 5). */
  settleSeconds?: number;
  /** Probability [0,1] that a transfer to a good account fails anyway (bank_rejected). */
  failureRate?: number;
  /** Probability [0,1] that a request fails transiently (half before it is recorded, half after: a timeout). */
  transientRate?: number;
  /** Probability [0,1] that a notification is sent twice. */
  duplicateRate?: number;
  /** The largest single transfer, in fen (default ¥50,000). */
  maxAmount?: number;
  /** First retry of a notification after this many seconds, doubling up to an hour (default 1). */
  retryBaseSeconds?: number;
  fetchImpl?: typeof fetch;
}

/** The deterministic failures (see the file's header); null for an account that is paid. */
function sandboxPayoutFailure(payee: PayeeAccount): { code: string; message: string } | null {
  if (payee.kind === 'bank_card' && payee.accountNo.endsWith('0000')) return { code: 'account_invalid', message: '收款账户不存在或已注销' };
  if (payee.holderName === '测试失败') return { code: 'name_mismatch', message: '收款人户名不符' };
  return null;
}

type Row = typeof sandboxPayouts.$inferSelect;

function stateOf(r: Row): TransferState {
  return {
    providerRef: r.id, merchantRef: r.merchantRef, status: r.status as TransferStatus, amount: r.amount, currency: r.currency, fee: r.fee,
    failureCode: r.failureCode, failureMessage: r.failureMessage, settledAt: r.settledAt, createdAt: r.createdAt,
  };
}

function rid(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(12).toString('hex')}`;
}

export class SandboxPayouts implements PayoutProvider {
  readonly name = 'sandbox';
  /** Faults asked for by hand (tests, demos): the next requests fail so, in order. */
  private readonly faults: ('unavailable' | 'timeout')[] = [];
  constructor(private readonly db: Db, private readonly opts: SandboxPayoutOptions) {}

  /** The next `count` transfer requests fail transiently: unavailable (never recorded) or timeout (recorded, answer lost). */
  interruptNext(count: number, kind: 'unavailable' | 'timeout'): void {
    for (let i = 0; i < count; i++) this.faults.push(kind);
  }

  private nextFault(): 'unavailable' | 'timeout' | null {
    const queued = this.faults.shift();
    if (queued) return queued;
    if (Math.random() < (this.opts.transientRate ?? 0)) return Math.random() < 0.5 ? 'unavailable' : 'timeout';
    return null;
  }

  async createTransfer(input: TransferRequest): Promise<TransferOutcome> {
    const fault = this.nextFault();
    if (fault === 'unavailable') throw new PayoutProviderError('sandbox payouts: service unavailable (503)', true);
    if (input.currency !== 'CNY') return { outcome: 'rejected', code: 'currency_unsupported', message: `只支持人民币代付，不支持 ${input.currency}` };
    const max = this.opts.maxAmount ?? 5_000_000;
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > max) return { outcome: 'rejected', code: 'amount_over_limit', message: `单笔代付金额须在 0.01 到 ${max / 100} 元之间` };
    await this.db.insert(sandboxPayouts).values({
      id: rid('tr'), merchantRef: input.merchantRef, amount: input.amount, currency: input.currency, account: input.payee, remark: input.remark, notifyUrl: input.notifyUrl,
      settleAt: sql`now() + make_interval(secs => ${this.opts.settleSeconds ?? 5}::double precision)`,
    }).onConflictDoNothing({ target: sandboxPayouts.merchantRef });
    const [r] = await this.db.select().from(sandboxPayouts).where(eq(sandboxPayouts.merchantRef, input.merchantRef));
    // The same reference with another amount is the caller's bug; a real provider refuses it too.
    if (r.amount !== input.amount || r.currency !== input.currency) throw new PayoutProviderError(`sandbox payouts: transfer ${r.id} exists with another amount`, false);
    if (fault === 'timeout') throw new PayoutProviderError('sandbox payouts: timed out waiting for the answer', true);
    return { outcome: 'accepted', state: stateOf(r) };
  }

  async retrieveTransfer(providerRef: string): Promise<TransferState> {
    const [r] = await this.db.select().from(sandboxPayouts).where(eq(sandboxPayouts.id, providerRef));
    if (!r) throw new AppError('not_found', { detail: `the payout provider knows no transfer ${providerRef}` });
    return stateOf(r);
  }

  async findTransfer(merchantRef: string): Promise<TransferState | null> {
    const [r] = await this.db.select().from(sandboxPayouts).where(eq(sandboxPayouts.merchantRef, merchantRef));
    return r ? stateOf(r) : null;
  }

  async records(period: { from: Date; to: Date }): Promise<TransferRecord[]> {
    const rows = await this.db.select().from(sandboxPayouts)
      .where(and(gte(sandboxPayouts.createdAt, period.from), lt(sandboxPayouts.createdAt, period.to))).orderBy(sandboxPayouts.createdAt, sandboxPayouts.id);
    return rows.map((r) => ({ providerRef: r.id, merchantRef: r.merchantRef, status: r.status as TransferStatus, amount: r.amount, currency: r.currency, fee: r.fee, createdAt: r.createdAt, settledAt: r.settledAt }));
  }

  verifyNotification(rawBody: string, headers: Record<string, string | string[] | undefined>, now: Date): VerifiedPayoutNotification {
    const h = headers[PAYOUT_SIGNATURE_HEADER];
    verifySignature(this.opts.secret, Array.isArray(h) ? h[0] : h, rawBody, now);
    let body: { id?: unknown; type?: unknown; data?: { object?: unknown } };
    try { body = JSON.parse(rawBody); } catch { throw new AppError('validation_failed', { detail: 'notification body is not JSON' }); }
    if (typeof body.id !== 'string' || (body.type !== 'transfer.succeeded' && body.type !== 'transfer.failed') || typeof body.data?.object !== 'string') {
      throw new AppError('validation_failed', { detail: 'notification body has an unknown shape' });
    }
    return { eventId: body.id, type: body.type, objectRef: body.data.object };
  }

  /** The tick: transfers whose time has come settle, then due notifications are sent. */
  async tick(limit = 50): Promise<{ settled: number; delivered: number; failed: number }> {
    const settled = await this.settleDue(limit);
    return { settled, ...(await this.deliverDue(limit)) };
  }

  /** Settle due transfers: paid or failed (see the header), with the notification in the same transaction, as a real provider's books and queue. */
  async settleDue(limit = 50): Promise<number> {
    return this.db.transaction(async (tx) => {
      const due = await tx.select().from(sandboxPayouts)
        .where(and(eq(sandboxPayouts.status, 'processing'), lte(sandboxPayouts.settleAt, sql`now()`)))
        .orderBy(sandboxPayouts.settleAt).limit(limit).for('update', { skipLocked: true });
      for (const r of due) {
        const failure = sandboxPayoutFailure(r.account as PayeeAccount)
          ?? (Math.random() < (this.opts.failureRate ?? 0) ? { code: 'bank_rejected', message: '收款银行退票' } : null);
        const status = failure ? 'failed' : 'succeeded';
        await tx.update(sandboxPayouts).set({ status, failureCode: failure?.code ?? null, failureMessage: failure?.message ?? null, settledAt: sql`now()` }).where(eq(sandboxPayouts.id, r.id));
        await this.enqueue(tx, r.notifyUrl, `transfer.${status}`, r.id);
      }
      return due.length;
    });
  }

  private async enqueue(db: Executor, url: string, type: string, objectRef: string): Promise<void> {
    const body = JSON.stringify({ id: rid('pevt'), type, created: Math.floor(Date.now() / 1000), data: { object: objectRef } });
    const copies = Math.random() < (this.opts.duplicateRate ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) await db.insert(sandboxPayoutDeliveries).values({ id: rid('pdl'), eventType: type, url, body });
  }

  /** Deliver due notifications, signed at send time, retried until acknowledged (platform/notification-deliveries.ts). */
  async deliverDue(limit = 50): Promise<{ delivered: number; failed: number }> {
    const f = this.opts.fetchImpl ?? fetch;
    return deliverDueNotifications(this.db, sandboxPayoutDeliveries, {
      limit, retryBaseSeconds: this.opts.retryBaseSeconds ?? 1, send: (url, body) => postSigned(f, url, PAYOUT_SIGNATURE_HEADER, this.opts.secret, body),
    });
  }
}
