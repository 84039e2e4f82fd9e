// Payout accounts (where a reseller or a brand is paid) and payouts (money leaving the platform
// through the payout provider). A caller — a reseller's withdrawal, a brand's statement — funds a
// payout in its own transaction and records it here; a job sends it to the provider (outside any
// transaction; the provider pays each reference once, so a retry asks again, never twice); the
// provider's outcome, however it arrives (notification, query sweep, a repeated request), is
// applied exactly once: paid moves the money from payouts_in_flight to payout_cash, failed posts
// the exact negation of the funding entry, so the money (fee and all) goes back where it came from.
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';
import { assertTransition } from '../../platform/state-machine.ts';
import { PayoutProviderError, type PayeeAccount, type TransferState, type VerifiedPayoutNotification } from '../../platform/payout-provider.ts';
import { post, linesOf, type PostingLine } from '../ledger/index.ts';
import { payoutAccounts, payouts, payoutNotifications } from './payouts.tables.ts';
import {
  validatePayoutAccount, maskAccountNo, partyKindOf, payoutTransitions, submitBackoffSeconds,
  type PartyKind, type PayoutAccountInput, type PayoutPurpose, type PayoutStatus,
} from './payouts.rules.ts';

type PayoutAccountRow = typeof payoutAccounts.$inferSelect;
export type PayoutRow = typeof payouts.$inferSelect;

// ---- payout accounts ----

export interface PayoutAccountView {
  id: string; ownerKind: PartyKind; ownerId: string; kind: PayeeAccount['kind']; holderName: string;
  /** Only the last four characters (**** 6789): the full number never leaves the server. */
  accountNoMasked: string; bankName: string | null; isDefault: boolean; createdAt: Date; removedAt: Date | null;
}

function accountView(a: PayoutAccountRow): PayoutAccountView {
  return {
    id: a.id, ownerKind: a.ownerKind as PartyKind, ownerId: a.ownerId, kind: a.kind as PayeeAccount['kind'], holderName: a.holderName,
    accountNoMasked: maskAccountNo(a.accountNo), bankName: a.bankName, isDefault: a.isDefault, createdAt: a.createdAt, removedAt: a.removedAt,
  };
}

/** The party a signed-in reseller or brand user manages accounts for: themselves, or their brand. */
function myParty(ctx: Ctx): { ownerKind: PartyKind; ownerId: string } {
  authorize(ctx, 'payout-accounts.manage');
  if (ctx.actor.kind === 'reseller') return { ownerKind: 'reseller', ownerId: ctx.actor.resellerId };
  if (ctx.actor.kind === 'brand') return { ownerKind: 'brand', ownerId: ctx.actor.brandId };
  throw new AppError('forbidden');
}

const live = (ownerKind: PartyKind, ownerId: string) => and(eq(payoutAccounts.ownerKind, ownerKind), eq(payoutAccounts.ownerId, ownerId), isNull(payoutAccounts.removedAt));

/** One writer of a party's accounts at a time: the default is decided against every account they have. */
async function lockPartyAccounts(t: Ctx, p: { ownerKind: PartyKind; ownerId: string }): Promise<void> {
  await t.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`payout-accounts:${p.ownerKind}:${p.ownerId}`}))`);
}

/** Accounts by id, masked (removed ones too: history names them). No access check: callers check access to what names them. */
export async function payoutAccountsByIds(ctx: Ctx, ids: string[]): Promise<Map<string, PayoutAccountView>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select().from(payoutAccounts).where(inArray(payoutAccounts.id, [...new Set(ids)]));
  return new Map(rows.map((a) => [a.id, accountView(a)]));
}

/** My payout accounts (a reseller's own, a brand user's brand's), the default first. */
export async function listMyPayoutAccounts(ctx: Ctx): Promise<PayoutAccountView[]> {
  const p = myParty(ctx);
  const rows = await ctx.db.select().from(payoutAccounts).where(live(p.ownerKind, p.ownerId)).orderBy(desc(payoutAccounts.isDefault), desc(payoutAccounts.id));
  return rows.map(accountView);
}

/**
 * Add a payout account of mine. The first one (or one asked to be) becomes the default. The same
 * account entered again answers the one already there.
 */
export async function addPayoutAccount(ctx: Ctx, input: PayoutAccountInput & { makeDefault?: boolean }): Promise<PayoutAccountView> {
  const p = myParty(ctx);
  const { account, issues } = validatePayoutAccount(input);
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  return withTx(ctx, async (t) => {
    await lockPartyAccounts(t, p);
    const [same] = await t.db.select().from(payoutAccounts).where(and(live(p.ownerKind, p.ownerId), eq(payoutAccounts.kind, account.kind), eq(payoutAccounts.accountNo, account.accountNo)));
    if (same) return accountView(same);
    const [hasDefault] = await t.db.select({ id: payoutAccounts.id }).from(payoutAccounts).where(and(live(p.ownerKind, p.ownerId), eq(payoutAccounts.isDefault, true)));
    const makeDefault = !hasDefault || input.makeDefault === true;
    if (makeDefault && hasDefault) await t.db.update(payoutAccounts).set({ isDefault: false }).where(eq(payoutAccounts.id, hasDefault.id));
    const [row] = await t.db.insert(payoutAccounts).values({ id: newId('pac'), ownerKind: p.ownerKind, ownerId: p.ownerId, ...account, isDefault: makeDefault }).returning();
    return accountView(row);
  });
}

async function lockMyAccount(t: Ctx, id: string): Promise<PayoutAccountRow> {
  const p = myParty(t);
  await lockPartyAccounts(t, p);
  const [a] = await t.db.select().from(payoutAccounts).where(and(eq(payoutAccounts.id, id), live(p.ownerKind, p.ownerId)));
  // Another party's account answers exactly like a missing one.
  if (!a) throw new AppError('not_found');
  return a;
}

/** Remove a payout account of mine. Payouts already sent to it keep naming it; the newest other account becomes the default. */
export async function removePayoutAccount(ctx: Ctx, id: string): Promise<void> {
  myParty(ctx);
  await withTx(ctx, async (t) => {
    const a = await lockMyAccount(t, id);
    await t.db.update(payoutAccounts).set({ removedAt: sql`now()`, isDefault: false }).where(eq(payoutAccounts.id, a.id));
    if (!a.isDefault) return;
    const [next] = await t.db.select({ id: payoutAccounts.id }).from(payoutAccounts).where(live(a.ownerKind as PartyKind, a.ownerId)).orderBy(desc(payoutAccounts.id)).limit(1);
    if (next) await t.db.update(payoutAccounts).set({ isDefault: true }).where(eq(payoutAccounts.id, next.id));
  });
}

/** Make one of my payout accounts the default (where a withdrawal goes unless another is chosen). */
export async function setDefaultPayoutAccount(ctx: Ctx, id: string): Promise<PayoutAccountView> {
  myParty(ctx);
  return withTx(ctx, async (t) => {
    const a = await lockMyAccount(t, id);
    await t.db.update(payoutAccounts).set({ isDefault: false }).where(and(live(a.ownerKind as PartyKind, a.ownerId), eq(payoutAccounts.isDefault, true)));
    const [row] = await t.db.update(payoutAccounts).set({ isDefault: true }).where(eq(payoutAccounts.id, a.id)).returning();
    return accountView(row);
  });
}

/** The operator's view of any party's payout accounts, removed ones too (newest first). */
export async function payoutAccountsOf(ctx: Ctx, party: { kind: PartyKind; id: string }): Promise<PayoutAccountView[]> {
  authorize(ctx, 'payouts.read');
  const rows = await ctx.db.select().from(payoutAccounts).where(and(eq(payoutAccounts.ownerKind, party.kind), eq(payoutAccounts.ownerId, party.id)))
    .orderBy(sql`${payoutAccounts.removedAt} IS NOT NULL`, desc(payoutAccounts.isDefault), desc(payoutAccounts.id));
  return rows.map(accountView);
}

/**
 * A party's payout account to pay into: the one named (if it is theirs and not removed), or
 * their default; null when there is none. The party itself, the operator and jobs may ask.
 */
export async function payoutAccountFor(ctx: Ctx, party: { kind: PartyKind; id: string }, accountId?: string): Promise<PayoutAccountView | null> {
  if (ctx.actor.kind === 'reseller' || ctx.actor.kind === 'brand') authorize(ctx, 'payout-accounts.manage', party.kind === 'reseller' ? { resellerId: party.id } : { brandId: party.id });
  else authorize(ctx, 'payouts.read');
  const [a] = await ctx.db.select().from(payoutAccounts)
    .where(and(live(party.kind, party.id), accountId ? eq(payoutAccounts.id, accountId) : eq(payoutAccounts.isDefault, true)));
  return a ? accountView(a) : null;
}

// ---- payouts ----

export interface PayoutView {
  id: string; purpose: PayoutPurpose; causeId: string; partyKind: PartyKind; partyId: string;
  payoutAccountId: string;
  /** The account as it was paid (masked). */
  account: { kind: PayeeAccount['kind']; holderName: string; accountNoMasked: string; bankName: string | null };
  amount: number; currency: string; status: PayoutStatus; provider: string; merchantRef: string; providerRef: string | null;
  failureCode: string | null; failureMessage: string | null; attempts: number; lastError: string | null;
  createdAt: Date; submittedAt: Date | null; settledAt: Date | null;
}

function payoutView(p: PayoutRow): PayoutView {
  const a = p.accountSnapshot as PayeeAccount;
  return {
    id: p.id, purpose: p.purpose as PayoutPurpose, causeId: p.causeId, partyKind: p.partyKind as PartyKind, partyId: p.partyId, payoutAccountId: p.payoutAccountId,
    account: { kind: a.kind, holderName: a.holderName, accountNoMasked: maskAccountNo(a.accountNo), bankName: a.bankName },
    amount: p.amount, currency: p.currency, status: p.status as PayoutStatus, provider: p.provider, merchantRef: p.merchantRef, providerRef: p.providerRef,
    failureCode: p.failureCode, failureMessage: p.failureMessage, attempts: p.attempts, lastError: p.lastError,
    createdAt: p.createdAt, submittedAt: p.submittedAt, settledAt: p.settledAt,
  };
}

export interface CreatePayoutInput {
  purpose: PayoutPurpose;
  /** The withdrawal's or the brand statement's id: a cause is paid at most once. */
  causeId: string;
  /** The reseller (withdrawal) or brand (brand_payout) paid. */
  partyId: string;
  payoutAccountId: string;
  /** Integer fen, > 0: what the party receives (any fee the caller keeps is in its funding entry, not here). */
  amount: number;
  currency?: string;
  /** The idempotency key of the caller's funding entry (Dr the party's account, Cr payouts_in_flight `amount`). */
  fundingEntryKey: string;
  /** Words on the payee's statement (附言). */
  remark?: string;
}

/**
 * Record a payout, inside the caller's transaction, right after it posted the funding entry.
 * Idempotent by (purpose, causeId): asked again (or concurrently), the one payout comes back. The
 * funding entry must put exactly `amount` into payouts_in_flight; the account must be the
 * party's and not removed (payout_account_unusable). A job sends it to the provider.
 */
export async function createPayout(ctx: Ctx, input: CreatePayoutInput): Promise<PayoutView> {
  authorize(ctx, 'payouts.operate');
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new AppError('validation_failed', { fields: [{ path: 'amount', message: 'must be more than 0' }] });
  const currency = input.currency ?? 'CNY';
  const partyKind = partyKindOf(input.purpose);
  return withTx(ctx, async (t) => {
    const [existing] = await t.db.select().from(payouts).where(and(eq(payouts.purpose, input.purpose), eq(payouts.causeId, input.causeId)));
    if (existing) return sameCause(existing, input);
    const [account] = await t.db.select().from(payoutAccounts)
      .where(and(eq(payoutAccounts.id, input.payoutAccountId), live(partyKind, input.partyId)));
    if (!account) throw new AppError('payout_account_unusable', { extra: { payoutAccountId: input.payoutAccountId } });
    const funding = await linesOf(t, input.fundingEntryKey);
    const inFlight = funding.filter((l) => l.account === 'payouts_in_flight').reduce((a, l) => a + l.amount, 0);
    if (inFlight !== -input.amount) throw new Error(`payout for ${input.purpose} ${input.causeId}: funding entry ${input.fundingEntryKey} puts ${-inFlight} into payouts_in_flight, not ${input.amount}`);
    const id = newId('pyo');
    const payee: PayeeAccount = { kind: account.kind as PayeeAccount['kind'], holderName: account.holderName, accountNo: account.accountNo, bankName: account.bankName };
    const ins = await t.db.insert(payouts).values({
      id, purpose: input.purpose, causeId: input.causeId, partyKind, partyId: input.partyId, payoutAccountId: account.id, accountSnapshot: { ...payee, remark: input.remark ?? '' },
      amount: input.amount, currency, provider: t.deps.payouts.name, merchantRef: id, fundingEntryKey: input.fundingEntryKey,
    }).onConflictDoNothing({ target: [payouts.purpose, payouts.causeId] }).returning();
    if (ins.length === 1) return payoutView(ins[0]);
    // A concurrent call for the same cause committed first (this insert waited for it).
    const [other] = await t.db.select().from(payouts).where(and(eq(payouts.purpose, input.purpose), eq(payouts.causeId, input.causeId)));
    return sameCause(other, input);
  });
}

function sameCause(p: PayoutRow, input: CreatePayoutInput): PayoutView {
  // The same cause asked with other money would fund a second payout that never happens.
  if (p.amount !== input.amount || p.partyId !== input.partyId || p.fundingEntryKey !== input.fundingEntryKey) {
    throw new AppError('conflict', { detail: `${input.purpose} ${input.causeId} already has payout ${p.id} of ${p.amount} funded by ${p.fundingEntryKey}` });
  }
  return payoutView(p);
}

function payoutNotifyUrl(ctx: Ctx): string {
  return `${ctx.deps.config.publicUrl}/api/v1/payouts/notify/${ctx.deps.payouts.name}`;
}

/**
 * The job: send pending payouts whose time has come to the provider. Each is claimed (attempts
 * + 1, not due again for a minute) in a short transaction, then asked for outside it; the
 * provider pays each reference once, so a request whose answer was lost is simply asked again.
 * Accepted → submitted (or settled, if the provider already settled it); refused for good →
 * failed (the funding goes back); a transient error → pending again, after a backoff.
 */
export async function submitPendingPayouts(ctx: Ctx, limit = 50): Promise<{ claimed: number; submitted: number; failed: number; retrying: number }> {
  const claimed = await withTx(ctx, async (t) => {
    const rows = await t.db.select().from(payouts)
      .where(and(eq(payouts.status, 'pending'), sql`${payouts.nextAttemptAt} <= now()`)).orderBy(payouts.nextAttemptAt).limit(limit).for('update', { skipLocked: true });
    if (rows.length === 0) return rows;
    return t.db.update(payouts).set({ attempts: sql`${payouts.attempts} + 1`, nextAttemptAt: sql`now() + interval '60 seconds'`, updatedAt: sql`now()` })
      .where(inArray(payouts.id, rows.map((r) => r.id))).returning();
  });
  let submitted = 0, failed = 0, retrying = 0;
  for (const p of claimed) {
    const r = await submitPayout(ctx, p);
    if (r === 'submitted') submitted++; else if (r === 'failed') failed++; else if (r === 'retrying') retrying++;
  }
  return { claimed: claimed.length, submitted, failed, retrying };
}

async function submitPayout(ctx: Ctx, p: PayoutRow): Promise<'submitted' | 'failed' | 'retrying' | 'settled'> {
  const { remark, ...payee } = p.accountSnapshot as PayeeAccount & { remark?: string };
  try {
    const res = await ctx.deps.payouts.createTransfer({ merchantRef: p.merchantRef, amount: p.amount, currency: p.currency, payee, remark: remark ?? '', notifyUrl: payoutNotifyUrl(ctx) });
    if (res.outcome === 'rejected') {
      await settle(ctx, p.merchantRef, { status: 'failed', providerRef: null, failureCode: res.code, failureMessage: res.message });
      return 'failed';
    }
    if (res.state.status !== 'processing') {
      await applyTransferState(ctx, res.state);
      return 'settled';
    }
    await ctx.db.update(payouts).set({ status: 'submitted', providerRef: res.state.providerRef, submittedAt: sql`now()`, lastError: null, updatedAt: sql`now()` })
      .where(and(eq(payouts.id, p.id), eq(payouts.status, 'pending')));
    return 'submitted';
  } catch (e) {
    const transient = !(e instanceof PayoutProviderError) || e.transient;
    const wait = transient ? submitBackoffSeconds(p.attempts) : 3600;
    await ctx.db.update(payouts).set({ lastError: String((e as Error).message).slice(0, 500), nextAttemptAt: sql`now() + make_interval(secs => ${wait})`, updatedAt: sql`now()` })
      .where(and(eq(payouts.id, p.id), eq(payouts.status, 'pending')));
    ctx.log[transient ? 'warn' : 'error']({ err: e, payoutId: p.id }, transient ? 'payout submission failed; retried later' : 'the payout provider refused a payout request as malformed');
    return 'retrying';
  }
}

export type PayoutOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * Apply the provider's state of one transfer, exactly once, whoever brings it (a notification,
 * the query sweep, a repeated request). A transfer we do not know is left to reconciliation.
 */
export async function applyTransferState(ctx: Ctx, state: TransferState): Promise<PayoutOutcome> {
  if (state.status === 'processing') {
    const r = await ctx.db.update(payouts).set({ status: 'submitted', providerRef: state.providerRef, submittedAt: sql`coalesce(${payouts.submittedAt}, now())`, checkedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(payouts.merchantRef, state.merchantRef), eq(payouts.status, 'pending'))).returning({ id: payouts.id });
    if (r.length === 0) await ctx.db.update(payouts).set({ checkedAt: sql`now()` }).where(eq(payouts.merchantRef, state.merchantRef));
    return 'ignored';
  }
  return settle(ctx, state.merchantRef, { status: state.status, providerRef: state.providerRef, failureCode: state.failureCode, failureMessage: state.failureMessage });
}

async function settle(ctx: Ctx, merchantRef: string, o: { status: 'succeeded' | 'failed'; providerRef: string | null; failureCode: string | null; failureMessage: string | null }): Promise<PayoutOutcome> {
  return withTx(ctx, async (t) => {
    const [p] = await t.db.select().from(payouts).where(eq(payouts.merchantRef, merchantRef)).for('update');
    if (!p) {
      t.log.warn({ merchantRef }, 'the payout provider reported a transfer the platform does not know; reconciliation lists it');
      return 'ignored';
    }
    const from = p.status as PayoutStatus;
    if (from === 'succeeded' || from === 'failed') return 'duplicate';
    assertTransition(payoutTransitions, from, o.status);
    await t.db.update(payouts).set({
      status: o.status, providerRef: p.providerRef ?? o.providerRef, settledAt: sql`now()`, checkedAt: sql`now()`, updatedAt: sql`now()`,
      submittedAt: o.providerRef ? sql`coalesce(${payouts.submittedAt}, now())` : payouts.submittedAt,
      failureCode: o.status === 'failed' ? o.failureCode ?? 'failed' : null, failureMessage: o.status === 'failed' ? o.failureMessage : null,
    }).where(and(eq(payouts.id, p.id), eq(payouts.status, from)));
    const funding = await linesOf(t, p.fundingEntryKey);
    if (funding.length === 0) throw new Error(`payout ${p.id}: its funding entry ${p.fundingEntryKey} is missing`);
    const negate = (l: PostingLine): PostingLine => ({ ...l, amount: -l.amount });
    if (o.status === 'succeeded') {
      // The money left through the provider: out of payouts in flight (as the funding put it in) into payout cash.
      const inFlight = funding.filter((l) => l.account === 'payouts_in_flight').map(negate);
      await post(t, {
        kind: 'payout_paid', causeType: 'payout', causeId: p.id, idempotencyKey: `payout:${p.id}:paid`, currency: p.currency,
        lines: [...inFlight, { account: 'payout_cash', partyId: '', amount: -p.amount }],
      });
    } else {
      // Not paid: the funding entry exactly undone, so the money (and any fee in it) goes back where it came from.
      await post(t, { kind: 'payout_failed', causeType: 'payout', causeId: p.id, idempotencyKey: `payout:${p.id}:failed`, currency: p.currency, lines: funding.map(negate) });
    }
    return 'applied';
  });
}

/** Remember a notification; false if this event id was already recorded (a duplicate). */
async function recordNotification(ctx: Ctx, v: VerifiedPayoutNotification, payload: unknown, outcome: string): Promise<boolean> {
  const r = await ctx.db.insert(payoutNotifications).values({ id: newId('ntf'), provider: ctx.deps.payouts.name, eventId: v.eventId, type: v.type, payload, outcome })
    .onConflictDoNothing().returning({ id: payoutNotifications.id });
  return r.length === 1;
}

/**
 * A payout provider notification: verify it, ask the provider for the transfer's real state (a
 * forged, duplicated or out-of-order body moves nothing), apply it once, and record the
 * notification once. One naming a transfer the provider does not know is refused (not_found).
 */
export async function handlePayoutNotification(ctx: Ctx, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<PayoutOutcome> {
  const provider = ctx.deps.payouts;
  const v = provider.verifyNotification(rawBody, headers, new Date());
  const state = await provider.retrieveTransfer(v.objectRef);
  const outcome = await applyTransferState(ctx, state);
  await recordNotification(ctx, v, JSON.parse(rawBody) as unknown, `transfer ${state.status}: ${outcome}`);
  return outcome;
}

/**
 * The query sweep: payouts submitted more than `afterMinutes` ago (PAYOUT_QUERY_AFTER_MINUTES)
 * with no outcome yet — their notification lost or late — are asked about at the provider
 * (each at most once a minute) and what it says is applied.
 */
export async function queryStalePayouts(ctx: Ctx, opts: { afterMinutes?: number; limit?: number } = {}): Promise<{ asked: number; applied: number }> {
  const after = opts.afterMinutes ?? ctx.deps.config.payouts.queryAfterMinutes;
  const rows = await ctx.db.select().from(payouts)
    .where(and(eq(payouts.status, 'submitted'), sql`${payouts.submittedAt} < now() - make_interval(secs => ${after * 60}::double precision)`,
      or(isNull(payouts.checkedAt), sql`${payouts.checkedAt} < now() - interval '60 seconds'`)))
    .orderBy(payouts.submittedAt).limit(opts.limit ?? 200);
  let applied = 0;
  for (const p of rows) {
    try {
      const state = p.providerRef ? await ctx.deps.payouts.retrieveTransfer(p.providerRef) : await ctx.deps.payouts.findTransfer(p.merchantRef);
      // Applying the provider's state marks the payout checked; one it never heard of is marked here.
      if (!state) await ctx.db.update(payouts).set({ checkedAt: sql`now()` }).where(eq(payouts.id, p.id));
      else if ((await applyTransferState(ctx, state)) === 'applied') applied++;
    } catch (err) {
      ctx.log.warn({ err, payoutId: p.id }, 'asking the payout provider about a transfer failed; the sweep asks again');
    }
  }
  return { asked: rows.length, applied };
}

/**
 * The payouts of these causes, by cause id (callers derive their own state: succeeded → paid,
 * failed → failed, otherwise paying). Callers check access to their causes.
 */
export async function payoutsOf(ctx: Ctx, q: { purpose: PayoutPurpose; causeIds: string[] }): Promise<Map<string, PayoutView>> {
  if (q.causeIds.length === 0) return new Map();
  const rows = await ctx.db.select().from(payouts).where(and(eq(payouts.purpose, q.purpose), inArray(payouts.causeId, q.causeIds)));
  return new Map(rows.map((r) => [r.causeId, payoutView(r)]));
}

export interface PayoutFilter {
  status?: PayoutStatus; purpose?: PayoutPurpose; partyKind?: PartyKind; partyId?: string;
  /** Created in [from, to). */
  from?: Date; to?: Date; cursor?: string; limit?: number;
}

/** The operator's payout list, newest first, by status, purpose, party and when it was created. */
export async function listPayouts(ctx: Ctx, f: PayoutFilter): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
  authorize(ctx, 'payouts.read');
  const limit = pageSize(f.limit);
  const conds: (SQL | undefined)[] = [
    f.status ? eq(payouts.status, f.status) : undefined,
    f.purpose ? eq(payouts.purpose, f.purpose) : undefined,
    f.partyKind ? eq(payouts.partyKind, f.partyKind) : undefined,
    f.partyId ? eq(payouts.partyId, f.partyId) : undefined,
    f.from ? sql`${payouts.createdAt} >= ${f.from.toISOString()}` : undefined,
    f.to ? sql`${payouts.createdAt} < ${f.to.toISOString()}` : undefined,
    f.cursor ? lt(payouts.id, f.cursor) : undefined,
  ];
  const rows = await ctx.db.select().from(payouts).where(and(...conds)).orderBy(desc(payouts.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  return { items: page.map(payoutView), nextCursor };
}

export async function getPayout(ctx: Ctx, id: string): Promise<PayoutView> {
  authorize(ctx, 'payouts.read');
  const [p] = await ctx.db.select().from(payouts).where(eq(payouts.id, id));
  if (!p) throw new AppError('not_found');
  return payoutView(p);
}

// ---- for reconciliation ----

/** Our payouts the provider knows by these references. */
export async function payoutsByMerchantRefs(ctx: Ctx, refs: string[]): Promise<Map<string, PayoutRow>> {
  if (refs.length === 0) return new Map();
  const rows = await ctx.db.select().from(payouts).where(and(eq(payouts.provider, ctx.deps.payouts.name), inArray(payouts.merchantRef, refs)));
  return new Map(rows.map((r) => [r.merchantRef, r]));
}

/** Payouts the provider accepted (by our books) in [from, to). */
export async function payoutsSubmittedIn(ctx: Ctx, period: { from: Date; to: Date }): Promise<PayoutRow[]> {
  return ctx.db.select().from(payouts).where(and(eq(payouts.provider, ctx.deps.payouts.name), sql`${payouts.providerRef} IS NOT NULL`,
    sql`${payouts.submittedAt} >= ${period.from.toISOString()}`, sql`${payouts.submittedAt} < ${period.to.toISOString()}`));
}

/** Σ amount per currency of succeeded payouts, and of those still on their way (pending, submitted). */
export async function payoutTotals(ctx: Ctx): Promise<{ paid: Map<string, number>; inFlight: Map<string, number> }> {
  const r = await ctx.db.execute<{ currency: string; paid: string; in_flight: string }>(sql`
    SELECT currency, coalesce(sum(amount) FILTER (WHERE status = 'succeeded'), 0)::text AS paid,
           coalesce(sum(amount) FILTER (WHERE status IN ('pending','submitted')), 0)::text AS in_flight
    FROM payouts GROUP BY currency`);
  return {
    paid: new Map(r.rows.map((x) => [x.currency, Number(x.paid)])),
    inFlight: new Map(r.rows.map((x) => [x.currency, Number(x.in_flight)])),
  };
}
