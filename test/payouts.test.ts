// Payouts: money leaving the platform to a reseller's or brand's account, exactly once. Accounts
// are checked and only their owner manages them; a payout is sent once however often it is
// retried, settled once however its news arrives (duplicated, reordered, lost and asked for); a
// failure gives the funding back to the fen; the daily comparison with the provider's statement
// names every planted difference by its cause and nothing when the books agree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, reseller, uniquePhone, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { post, balancesOf, auditLedger } from '../src/modules/ledger/index.ts';
import { withTx, type Ctx } from '../src/platform/context.ts';
import { loadConfig, payoutSandboxSecret } from '../src/platform/config.ts';
import { sign } from '../src/modules/payments/index.ts';
import {
  addPayoutAccount, removePayoutAccount, createPayout, submitPendingPayouts, applyTransferState, queryStalePayouts, payoutsOf, reconcilePayouts, luhnValid,
  PAYOUT_SIGNATURE_HEADER, type PayoutView,
} from '../src/modules/payouts/index.ts';

let tp: TestPlatform;
let r1: ResellerFixture;
let r2: ResellerFixture;
let brand: BrandWithLot;
const tokens: Record<string, string> = {};

before(async () => {
  const base = loadConfig();
  // Every notification sent twice; transfers settle at the next tick.
  tp = await testPlatform({ sandboxDuplicateRate: 1, payouts: { ...base.payouts, sandbox: { ...base.payouts.sandbox, settleSeconds: 0 } } });
  r1 = await reseller(tp);
  r2 = await reseller(tp);
  brand = await brandWithLot(tp);
  tokens.r1 = await login(tp, r1.phone, r1.password);
  tokens.r2 = await login(tp, r2.phone, r2.password);
  const brandPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brand.brandId, phone: brandPhone, name: 'brand finance', password: 'brand-password' });
  tokens.brand = await login(tp, brandPhone, 'brand-password');
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'op', password: 'op-password' });
  tokens.op = await login(tp, opPhone, 'op-password');
});
after(async () => { await tp.close(); });

const q = async <T = Record<string, unknown>>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];
const op = () => tp.ctx();

/** A 16-digit card number that passes the check digit and ends as asked. */
function card(ending = ''): string {
  const base = `6222${String(crypto.randomInt(0, 1e9)).padStart(9, '0')}${String(crypto.randomInt(0, 100)).padStart(2, '0')}`.slice(0, 15 - ending.length);
  // Any one digit can be chosen to satisfy the check, wherever it stands.
  for (let d = 0; d < 10; d++) if (luhnValid(`${base}${d}${ending}`)) return `${base}${d}${ending}`;
  throw new Error('unreachable');
}

async function cardAccount(actor = r1.actor, opts: { ending?: string; holderName?: string } = {}) {
  return addPayoutAccount(tp.ctx(actor), { kind: 'bank_card', holderName: opts.holderName ?? '张三', accountNo: card(opts.ending), bankName: '招商银行' });
}

const margin = async (resellerId: string) => (await balancesOf(op(), resellerId)).find((b) => b.account === 'reseller_margin_available')?.balance ?? 0;
const platformBalance = async (account: string) => (await balancesOf(op(), '')).find((b) => b.account === account)?.balance ?? 0;

let n = 0;
/** Earn some available margin for a reseller (the platform funds it, as a settled sale would). */
async function earn(resellerId: string, amount: number) {
  await post(op(), {
    kind: 'test_earning', causeType: 'test', causeId: `earn-${++n}`, idempotencyKey: `test-earn-${n}-${crypto.randomUUID()}`, currency: 'CNY',
    lines: [{ account: 'promotion_expense', partyId: '', amount }, { account: 'reseller_margin_available', partyId: resellerId, amount: -amount }],
  });
}

/** What a withdrawal does in its own transaction: fund (amount + fee off the margin) and record the payout. */
async function withdraw(resellerId: string, accountId: string, amount: number, fee = 0, causeId = `wdr_${crypto.randomUUID().replaceAll('-', '')}`, ctx: Ctx = op()): Promise<PayoutView> {
  return withTx(ctx, async (t) => {
    const fundingEntryKey = `withdrawal:${causeId}:funding`;
    await post(t, {
      kind: 'withdrawal_funded', causeType: 'withdrawal', causeId, idempotencyKey: fundingEntryKey, currency: 'CNY',
      lines: [
        { account: 'reseller_margin_available', partyId: resellerId, amount: amount + fee },
        { account: 'payouts_in_flight', partyId: resellerId, amount: -amount },
        ...(fee ? [{ account: 'platform_commission' as const, partyId: '', amount: -fee }] : []),
      ],
    });
    return createPayout(t, { purpose: 'withdrawal', causeId, partyId: resellerId, payoutAccountId: accountId, amount, fundingEntryKey, remark: '提现' });
  });
}

const payout = async (id: string) => (await q<{ status: string; provider_ref: string | null; failure_code: string | null; attempts: number; last_error: string | null }>('SELECT * FROM payouts WHERE id = $1', [id]))[0];
const entriesOf = async (payoutId: string) => (await q<{ idempotency_key: string }>(`SELECT idempotency_key FROM journal_entries WHERE cause_type = 'payout' AND cause_id = $1 ORDER BY idempotency_key`, [payoutId])).map((e) => e.idempotency_key);

/** Take a transfer's queued notifications out of the sandbox's outbox (as if lost), returning their bodies. */
async function takeNotifications(providerRef: string): Promise<string[]> {
  const rows = await q<{ id: string; body: string }>(`SELECT id, body FROM sandbox_payout_deliveries WHERE delivered_at IS NULL AND body LIKE $1 ORDER BY created_at`, [`%${providerRef}%`]);
  await q(`UPDATE sandbox_payout_deliveries SET delivered_at = now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
  return rows.map((r) => r.body);
}

async function notify(body: string, signature?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers[PAYOUT_SIGNATURE_HEADER] = signature;
  const res = await tp.app.inject({ method: 'POST', url: '/api/v1/payouts/notify/sandbox', headers, payload: body });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
const now = () => Math.floor(Date.now() / 1000);
const signed = (body: string) => sign(payoutSandboxSecret(tp.config), now(), body);

// ---- payouts ----

test('a payout succeeds once under duplicate and reordered notifications; a failed one beside it fails once', async () => {
  const good = await cardAccount();
  const bad = await cardAccount(r1.actor, { ending: '0000' });
  await earn(r1.resellerId, 50_000);
  const a = await withdraw(r1.resellerId, good.id, 10_000);
  const b = await withdraw(r1.resellerId, bad.id, 20_000);
  assert.equal(a.status, 'pending');
  assert.equal(a.account.accountNoMasked.startsWith('**** '), true);
  await submitPendingPayouts(op());
  assert.equal((await payout(a.id)).status, 'submitted');
  assert.equal((await tp.payouts.settleDue()), 2);
  const aRef = (await payout(a.id)).provider_ref!, bRef = (await payout(b.id)).provider_ref!;
  const aBodies = await takeNotifications(aRef), bBodies = await takeNotifications(bRef);
  assert.equal(aBodies.length, 2, 'the sandbox sends each notification twice');
  // Delivered in reverse order, each copy twice more.
  for (const body of [...bBodies, ...aBodies].reverse().flatMap((x) => [x, x])) assert.equal((await notify(body, signed(body))).status, 200);
  assert.equal((await payout(a.id)).status, 'succeeded');
  const failed = await payout(b.id);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.failure_code, 'account_invalid');
  assert.deepEqual(await entriesOf(a.id), [`payout:${a.id}:paid`]);
  assert.deepEqual(await entriesOf(b.id), [`payout:${b.id}:failed`]);
  // Each event recorded once (two events, however many deliveries).
  const events = await q<{ n: number }>(`SELECT count(*)::int AS n FROM payout_notifications WHERE payload->'data'->>'object' = ANY($1)`, [[aRef, bRef]]);
  assert.equal(events[0].n, 2);
  // A late "still processing" answer or a replayed outcome changes nothing.
  assert.equal(await applyTransferState(op(), await tp.payouts.retrieveTransfer(aRef)), 'duplicate');
  assert.equal(await applyTransferState(op(), { ...(await tp.payouts.retrieveTransfer(aRef)), status: 'processing' }), 'ignored');
  assert.equal((await payout(a.id)).status, 'succeeded');
  const seen = await payoutsOf(op(), { purpose: 'withdrawal', causeIds: [a.causeId, b.causeId] });
  assert.deepEqual([seen.get(a.causeId)?.status, seen.get(b.causeId)?.status], ['succeeded', 'failed']);
  const audit = await auditLedger(op());
  assert.equal(audit.unbalancedEntries, 0);
});

test('a failed payout gives its funding back exactly, fee included, to the fen', async () => {
  const acct = await cardAccount(r2.actor, { holderName: '测试失败' });
  await earn(r2.resellerId, 12_345);
  const marginBefore = await margin(r2.resellerId);
  const feesBefore = await platformBalance('platform_commission');
  const p = await withdraw(r2.resellerId, acct.id, 9_999, 201);
  assert.equal(await margin(r2.resellerId), marginBefore + 10_200, 'the margin (credit-normal) is debited amount + fee');
  await submitPendingPayouts(op());
  await tp.payouts.settleDue();
  assert.ok((await tp.payouts.deliverDue()).delivered >= 1);
  const row = await payout(p.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.failure_code, 'name_mismatch');
  assert.equal(await margin(r2.resellerId), marginBefore);
  assert.equal(await platformBalance('platform_commission'), feesBefore);
  const inFlight = (await balancesOf(op(), r2.resellerId)).find((b) => b.account === 'payouts_in_flight')?.balance ?? 0;
  assert.equal(inFlight, 0);
});

test('unsigned, tampered, wrongly signed and stale notifications are refused and change nothing', async () => {
  const acct = await cardAccount();
  await earn(r1.resellerId, 5_000);
  const p = await withdraw(r1.resellerId, acct.id, 5_000);
  await submitPendingPayouts(op());
  await tp.payouts.settleDue();
  const [body] = await takeNotifications((await payout(p.id)).provider_ref!);
  const notes = async () => (await q<{ n: number }>('SELECT count(*)::int AS n FROM payout_notifications'))[0].n;
  const before = await notes();
  const secret = payoutSandboxSecret(tp.config);
  const cases: [string, string, string | undefined, string][] = [
    ['unsigned', body, undefined, 'signature_invalid'],
    ['tampered', body.replace('transfer.succeeded', 'transfer.failed'), sign(secret, now(), body), 'signature_invalid'],
    ['the payment gateway’s secret', body, sign(tp.config.sandboxSecret, now(), body), 'signature_invalid'],
    ['stale', body, sign(secret, now() - 400, body), 'notification_stale'],
  ];
  for (const [name, b, sig, code] of cases) {
    const res = await notify(b, sig);
    assert.equal(res.status, 401, name);
    assert.equal(res.body.code, code, name);
  }
  assert.equal((await payout(p.id)).status, 'submitted');
  assert.deepEqual(await entriesOf(p.id), []);
  assert.equal(await notes(), before);
  assert.equal((await notify(body, signed(body))).body.outcome, 'applied');
  assert.equal((await payout(p.id)).status, 'succeeded');
});

test('a submission retried after a transient error reaches the provider once', async () => {
  const acct = await cardAccount();
  await earn(r1.resellerId, 6_000);
  const p = await withdraw(r1.resellerId, acct.id, 3_000);
  const p2 = await withdraw(r1.resellerId, acct.id, 3_000);
  const transfers = async (ref: string) => (await q<{ n: number }>('SELECT count(*)::int AS n FROM sandbox_payouts WHERE merchant_ref = $1', [ref]))[0].n;
  // The first request times out after the provider took it; the second finds it unavailable.
  tp.payouts.interruptNext(1, 'timeout');
  tp.payouts.interruptNext(1, 'unavailable');
  const first = await submitPendingPayouts(op());
  assert.equal(first.retrying, 2);
  const r = await payout(p.id);
  assert.equal(r.status, 'pending');
  assert.match(r.last_error ?? '', /timed out/);
  assert.equal(await transfers(p.id) + await transfers(p2.id), 1, 'the timed-out request reached the provider; the refused one did not');
  await q(`UPDATE payouts SET next_attempt_at = now() WHERE id = ANY($1)`, [[p.id, p2.id]]);
  const second = await submitPendingPayouts(op());
  assert.equal(second.submitted, 2);
  assert.equal(await transfers(p.id), 1);
  assert.equal(await transfers(p2.id), 1);
  assert.equal((await payout(p.id)).attempts, 2);
});

test('a permanent rejection fails the payout at once and gives the money back', async () => {
  const acct = await cardAccount();
  await earn(r1.resellerId, 6_000_000);
  const before = await margin(r1.resellerId);
  const p = await withdraw(r1.resellerId, acct.id, 5_000_001);
  await submitPendingPayouts(op());
  const row = await payout(p.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.failure_code, 'amount_over_limit');
  assert.equal(await margin(r1.resellerId), before);
});

test('payouts whose notifications were lost are settled by asking the provider', async () => {
  const acct = await cardAccount();
  await earn(r1.resellerId, 4_000);
  const p = await withdraw(r1.resellerId, acct.id, 4_000);
  await submitPendingPayouts(op());
  await tp.payouts.settleDue();
  await takeNotifications((await payout(p.id)).provider_ref!);
  assert.equal((await queryStalePayouts(op())).applied, 0, 'too young to ask about');
  await q(`UPDATE payouts SET submitted_at = now() - interval '1 hour' WHERE id = $1`, [p.id]);
  assert.equal((await queryStalePayouts(op())).applied, 1);
  assert.equal((await payout(p.id)).status, 'succeeded');
});

test('concurrent payouts of one cause make one payout and one funding entry; the same cause with other money is refused', async () => {
  const acct = await cardAccount(r2.actor);
  await earn(r2.resellerId, 10_000);
  const cause = `wdr_${crypto.randomUUID().replaceAll('-', '')}`;
  const results = await Promise.allSettled(Array.from({ length: 8 }, () => withdraw(r2.resellerId, acct.id, 2_500, 0, cause)));
  assert.deepEqual(results.filter((x) => x.status === 'rejected').map((x) => String((x as PromiseRejectedResult).reason)), []);
  const ids = new Set(results.map((x) => (x as PromiseFulfilledResult<PayoutView>).value.id));
  assert.equal(ids.size, 1);
  assert.equal((await q<{ n: number }>(`SELECT count(*)::int AS n FROM payouts WHERE cause_id = $1`, [cause]))[0].n, 1);
  assert.equal((await q<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE idempotency_key = $1`, [`withdrawal:${cause}:funding`]))[0].n, 1);
  await assert.rejects(withTx(op(), (t) => createPayout(t, { purpose: 'withdrawal', causeId: cause, partyId: r2.resellerId, payoutAccountId: acct.id, amount: 2_600, fundingEntryKey: `withdrawal:${cause}:funding` })), { code: 'conflict' });
});

test('a removed account takes no new payouts but keeps naming the ones it was paid', async () => {
  const acct = await cardAccount();
  await earn(r1.resellerId, 2_000);
  const p = await withdraw(r1.resellerId, acct.id, 1_000);
  await removePayoutAccount(tp.ctx(r1.actor), acct.id);
  await assert.rejects(withdraw(r1.resellerId, acct.id, 1_000), { code: 'payout_account_unusable' });
  const other = await cardAccount(r2.actor);
  await assert.rejects(withdraw(r1.resellerId, other.id, 1_000), { code: 'payout_account_unusable' });
  const seen = await call(tp, 'GET', `/api/v1/payouts/${p.id}`, { token: tokens.op });
  assert.equal(seen.status, 200);
  assert.equal(seen.body.payoutAccountId, acct.id);
  const accounts = await call(tp, 'GET', `/api/v1/payout-accounts?partyKind=reseller&partyId=${r1.resellerId}`, { token: tokens.op });
  assert.ok(accounts.body.items.some((a: { id: string; removedAt: string | null }) => a.id === acct.id && a.removedAt));
});

// ---- reconciliation ----

test('reconciliation lists nothing when the books agree, then each planted difference by its cause, and exports them', async () => {
  // Settle everything still open from the tests above, so the books agree.
  await q(`UPDATE payouts SET next_attempt_at = now() WHERE status = 'pending'`);
  await submitPendingPayouts(op());
  await tp.payouts.settleDue();
  await tp.payouts.deliverDue(500);
  const period = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 1000) });
  const clean = await reconcilePayouts(op(), period());
  assert.deepEqual(clean.differences, []);
  assert.ok(clean.providerCount > 0);

  const acct = await cardAccount();
  await earn(r1.resellerId, 40_000);
  const [paid, failedAtProvider, resized, unknown] = [await withdraw(r1.resellerId, acct.id, 1_000), await withdraw(r1.resellerId, acct.id, 2_000), await withdraw(r1.resellerId, acct.id, 3_000), await withdraw(r1.resellerId, acct.id, 4_000)];
  await submitPendingPayouts(op());
  await tp.payouts.settleDue();
  await tp.payouts.deliverDue(500);
  // The provider paid a transfer the platform never asked for.
  const stranger = await tp.payouts.createTransfer({ merchantRef: 'pyo_not_ours', amount: 777, currency: 'CNY', payee: { kind: 'alipay', holderName: '李四', accountNo: '13912345678', bankName: null }, remark: '', notifyUrl: 'http://test.local/nowhere' });
  assert.equal(stranger.outcome, 'accepted');
  await tp.payouts.settleDue();
  await q(`UPDATE sandbox_payout_deliveries SET delivered_at = now() WHERE delivered_at IS NULL`);
  // The provider's books say otherwise than ours.
  await q(`UPDATE sandbox_payouts SET status = 'failed', failure_code = 'bank_rejected' WHERE merchant_ref = $1`, [failedAtProvider.id]);
  await q(`UPDATE sandbox_payouts SET amount = amount - 1 WHERE merchant_ref = $1`, [resized.id]);
  await q(`DELETE FROM sandbox_payouts WHERE merchant_ref = $1`, [unknown.id]);
  // Money out of payout cash that no payout explains.
  await post(op(), { kind: 'test_stray', causeType: 'test', causeId: 'stray', idempotencyKey: `stray-${crypto.randomUUID()}`, currency: 'CNY', lines: [{ account: 'promotion_expense', partyId: '', amount: 5 }, { account: 'payout_cash', partyId: '', amount: -5 }] });
  assert.equal((await payout(paid.id)).status, 'succeeded');

  const res = await call(tp, 'POST', '/api/v1/payouts/reconciliations', { token: tokens.op, body: { from: period().from.toISOString(), to: period().to.toISOString() } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const causes = res.body.differences.map((d: { cause: string; merchantRef: string | null; account?: string }) => [d.cause, d.merchantRef ?? d.account]).sort();
  assert.deepEqual(causes, [
    ['amount_differs', resized.id],
    ['books_paid_provider_failed', failedAtProvider.id],
    ['ledger_difference', 'payout_cash'],
    ['provider_paid_not_in_books', 'pyo_not_ours'],
    ['unknown_to_provider', unknown.id],
  ].sort());
  const ledger = res.body.differences.find((d: { cause: string }) => d.cause === 'ledger_difference');
  assert.equal(ledger.actual - ledger.expected, -5);

  const list = await call(tp, 'GET', '/api/v1/payouts/reconciliations?limit=1', { token: tokens.op });
  assert.equal(list.body.items[0].id, res.body.id);
  assert.ok(list.body.nextCursor);
  const csv = await tp.app.inject({ method: 'GET', url: `/api/v1/payouts/reconciliations/${res.body.id}/differences.csv?lang=en`, headers: { authorization: `Bearer ${tokens.op}` } });
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^cause,payout_id,merchant_ref/);
  assert.ok(lines.some((l) => l.startsWith(`unknown_to_provider,${unknown.id},`)));
});

// ---- accounts over HTTP ----

test('payout accounts: each party manages only its own; a foreign one answers like a missing one', async () => {
  const mine = await call(tp, 'POST', '/api/v1/me/payout-accounts', { token: tokens.r1, body: { kind: 'alipay', holderName: '张三', accountNo: '13800001111' } });
  assert.equal(mine.status, 201, JSON.stringify(mine.body));
  assert.equal(mine.body.accountNoMasked, '**** 1111');
  assert.ok(!JSON.stringify(mine.body).includes('13800001111'), 'the full number never leaves the server');
  const id = mine.body.id;
  // Another reseller and a brand user: 404, as for an id that does not exist.
  for (const token of [tokens.r2, tokens.brand]) {
    assert.equal((await call(tp, 'DELETE', `/api/v1/me/payout-accounts/${id}`, { token })).status, 404);
    assert.equal((await call(tp, 'POST', `/api/v1/me/payout-accounts/${id}/default`, { token })).status, 404);
    assert.ok(!(await call(tp, 'GET', '/api/v1/me/payout-accounts', { token })).body.items.some((a: { id: string }) => a.id === id));
  }
  assert.equal((await call(tp, 'GET', '/api/v1/me/payout-accounts')).status, 401);
  assert.equal((await call(tp, 'DELETE', `/api/v1/me/payout-accounts/${id}`)).status, 401);
  assert.equal((await call(tp, 'GET', '/api/v1/me/payout-accounts', { token: tokens.op })).status, 403);
  assert.equal((await call(tp, 'GET', '/api/v1/payouts', { token: tokens.r1 })).status, 403);
  assert.equal((await call(tp, 'GET', `/api/v1/payout-accounts?partyKind=reseller&partyId=${r1.resellerId}`, { token: tokens.brand })).status, 403);
  // The brand manages its brand's accounts; the first is its default.
  const b = await call(tp, 'POST', '/api/v1/me/payout-accounts', { token: tokens.brand, body: { kind: 'bank_card', holderName: '某某服饰有限公司', accountNo: card(), bankName: '中国银行' } });
  assert.equal(b.status, 201);
  assert.equal(b.body.ownerKind, 'brand');
  assert.equal(b.body.ownerId, brand.brandId);
  assert.equal(b.body.isDefault, true);
  // Default moves; the same account again answers the one there.
  const again = await call(tp, 'POST', '/api/v1/me/payout-accounts', { token: tokens.r1, body: { kind: 'alipay', holderName: '张三', accountNo: '13800001111' } });
  assert.equal(again.body.id, id);
  const d = await call(tp, 'POST', `/api/v1/me/payout-accounts/${id}/default`, { token: tokens.r1 });
  assert.equal(d.body.isDefault, true);
  const listed = await call(tp, 'GET', '/api/v1/me/payout-accounts', { token: tokens.r1 });
  assert.equal(listed.body.items.filter((a: { isDefault: boolean }) => a.isDefault).length, 1);
  assert.equal(listed.body.items[0].id, id);
  assert.deepEqual((await call(tp, 'DELETE', `/api/v1/me/payout-accounts/${id}`, { token: tokens.r1 })).body, { ok: true });
  const afterRemoval = await call(tp, 'GET', '/api/v1/me/payout-accounts', { token: tokens.r1 });
  assert.ok(!afterRemoval.body.items.some((a: { id: string }) => a.id === id));
  assert.equal(afterRemoval.body.items.filter((a: { isDefault: boolean }) => a.isDefault).length, 1, 'another account became the default');
  // The operator reads any party's, and the payouts list.
  const ops = await call(tp, 'GET', `/api/v1/payout-accounts?partyKind=reseller&partyId=${r1.resellerId}`, { token: tokens.op });
  assert.equal(ops.status, 200);
  assert.ok(ops.body.items.some((a: { id: string }) => a.id === id));
  const page = await call(tp, 'GET', `/api/v1/payouts?partyKind=reseller&partyId=${r2.resellerId}&status=failed&limit=1`, { token: tokens.op });
  assert.equal(page.status, 200);
  assert.equal(page.body.items.length, 1);
  assert.equal(page.body.items[0].failureCode, 'name_mismatch');
});

test('an invalid account is refused as problem+json naming each field, in zh-CN and in English', async () => {
  const bad = { kind: 'bank_card', holderName: '', accountNo: '6222 0212 3456 7890 127' };
  const zh = await call(tp, 'POST', '/api/v1/me/payout-accounts', { token: tokens.r1, body: bad });
  assert.equal(zh.status, 400);
  assert.match(String(zh.headers['content-type']), /application\/problem\+json/);
  assert.equal(zh.body.code, 'validation_failed');
  assert.deepEqual(zh.body.errors.map((e: { path: string }) => e.path), ['holderName', 'accountNo', 'bankName']);
  assert.equal(zh.body.errors.find((e: { path: string }) => e.path === 'accountNo').message, '银行卡号无效（须为 16–19 位数字且校验位正确）');
  const en = await call(tp, 'POST', '/api/v1/me/payout-accounts?lang=en', { token: tokens.r1, body: bad, headers: { 'accept-language': 'en' } });
  assert.equal(en.body.errors.find((e: { path: string }) => e.path === 'accountNo').message, 'Not a valid card number (16–19 digits with a correct check digit)');
  const wechat = await call(tp, 'POST', '/api/v1/me/payout-accounts', { token: tokens.r1, body: { kind: 'wechat', holderName: '张三', accountNo: '1abc' }, headers: { 'accept-language': 'en' } });
  assert.equal(wechat.body.errors[0].message, 'A WeChat ID of 6–20 letters, digits, _ or -, starting with a letter');
  const alipay = await call(tp, 'POST', '/api/v1/me/payout-accounts', { token: tokens.r1, body: { kind: 'alipay', holderName: '张三', accountNo: 'nope' } });
  assert.equal(alipay.body.errors[0].message, '须为手机号或邮箱');
});
