// Property: whatever sequence of orders, payments, cancellations, expiries and refunds happens,
// every journal entry balances, guarded balances equal their lines, and each party's balance
// equals what the business rules say it is owed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, CONSUMER, type ResellerFixture } from './support/fixtures.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import { auditLedger, balancesOf, splitLine } from '../src/modules/ledger/index.ts';
import { AppError } from '../src/platform/errors.ts';

let tp: TestPlatform;
let resellers: ResellerFixture[];
let esks: string[];
let brandIds: string[];
before(async () => {
  tp = await testPlatform();
  const a = await brandWithLot(tp, { commissionBps: 2000, base: '199.00', qty: 1000 });
  const b = await brandWithLot(tp, { commissionBps: 1750, base: '33.33', tag: '99.00', qty: 1000 });
  brandIds = [a.brandId, b.brandId];
  const ea = await liveEvent(tp, a, { quantity: 500 });
  const eb = await liveEvent(tp, b, { quantity: 500 });
  esks = [...ea.skus, ...eb.skus].map((s) => s.eventSkuId);
  resellers = [await reseller(tp, 10_000_000), await reseller(tp, 10_000_000)];
});
after(async () => { await tp.close(); });

const action = fc.oneof(
  fc.record({ t: fc.constant('wallet' as const), r: fc.nat(1), sku: fc.nat(11), q: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('storefront' as const), r: fc.nat(1), sku: fc.nat(11), q: fc.integer({ min: 1, max: 4 }), pay: fc.constantFrom('succeed', 'fail', 'never') }),
  fc.record({ t: fc.constant('cancel' as const), pick: fc.nat(50) }),
  fc.record({ t: fc.constant('expire' as const), pick: fc.nat(50) }),
);

let keySeq = 0;
test('any sequence of pay / cancel / expire / refund keeps the books exact', async () => {
  await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
    const orders: { id: string; actor: ResellerFixture['actor'] }[] = [];
    for (const a of actions) {
      try {
        if (a.t === 'wallet') {
          const r = resellers[a.r];
          const o = await placeResellerOrder(tp.ctx(r.actor), { consumer: CONSUMER, lines: [{ eventSkuId: esks[a.sku % esks.length], quantity: a.q }], payWith: 'wallet', idempotencyKey: `p-${++keySeq}` });
          orders.push({ id: o.order.id, actor: r.actor });
        } else if (a.t === 'storefront') {
          const r = resellers[a.r];
          const o = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: r.shareCode, consumer: { ...CONSUMER, phone: uniquePhone() }, lines: [{ eventSkuId: esks[a.sku % esks.length], quantity: a.q }], idempotencyKey: `p-${++keySeq}` });
          orders.push({ id: o.order.id, actor: r.actor });
          if (a.pay !== 'never') await tp.gateway.completeCharge(o.order.payment!.payUrl!.split('/').pop()!, a.pay);
        } else if (a.t === 'cancel' && orders.length) {
          const o = orders[a.pick % orders.length];
          await cancelOrderFlow(tp.ctx(o.actor), o.id, 'property');
        } else if (a.t === 'expire' && orders.length) {
          const o = orders[a.pick % orders.length];
          await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1 AND status = 'pending_payment'`, [o.id]);
          await expireHolds(tp.ctx());
        }
      } catch (e) {
        if (!(e instanceof AppError) || !['invalid_transition', 'sold_out'].includes(e.code)) throw e;
      }
      await tp.deliver();
    }
    await tp.deliver();

    const audit = await auditLedger(tp.ctx());
    assert.equal(audit.unbalancedEntries, 0);
    assert.equal(audit.total, 0);
    assert.equal(audit.guardedMismatches, 0);

    // What each party is owed, recomputed from the orders that stand (paid and not cancelled).
    const lines = (await tp.database.pool.query(`
      SELECT o.kind, o.reseller_id, l.brand_id, l.quantity, l.base_price, l.selling_price, l.commission_bps
      FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'paid'`)).rows;
    const owed = new Map<string, number>();
    const add = (k: string, v: number) => owed.set(k, (owed.get(k) ?? 0) + v);
    for (const l of lines) {
      const s = splitLine({ brandId: l.brand_id, quantity: l.quantity, basePrice: l.base_price, sellingPrice: l.selling_price, commissionBps: l.commission_bps });
      add(`brand_payable:${l.brand_id}`, s.brandPayable);
      add('platform_commission:', s.commission);
      if (l.kind === 'storefront') add(`reseller_margin_pending:${l.reseller_id}`, s.margin);
    }
    for (const b of brandIds) {
      const bal = (await balancesOf(tp.ctx(), b)).find((x) => x.account === 'brand_payable')?.balance ?? 0;
      assert.equal(0 - bal, owed.get(`brand_payable:${b}`) ?? 0, 'brand payable');
    }
    const platform = await balancesOf(tp.ctx(), '');
    const acct = (a: string) => platform.find((x) => x.account === a)?.balance ?? 0;
    assert.equal(0 - acct('platform_commission'), owed.get('platform_commission:') ?? 0, 'commission');
    assert.equal(acct('refunds_in_flight'), 0, 'every refund settled');
    for (const r of resellers) {
      const bal = (await balancesOf(tp.ctx(), r.resellerId)).find((x) => x.account === 'reseller_margin_pending')?.balance ?? 0;
      assert.equal(0 - bal, owed.get(`reseller_margin_pending:${r.resellerId}`) ?? 0, 'reseller margin');
    }
    // Cash at the gateway = top-ups + what payers paid for orders that stand.
    const cash = (await tp.database.pool.query(`
      SELECT (SELECT coalesce(sum(amount),0) FROM wallet_topups WHERE status = 'succeeded')
           + (SELECT coalesce(sum(amount_due),0) FROM orders WHERE status = 'paid' AND pay_method = 'provider') AS expected`)).rows[0].expected;
    assert.equal(acct('provider_cash'), Number(cash), 'provider cash');
    // Stock: every pool conserves its units and matches its orders.
    const pools = (await tp.database.pool.query(`
      SELECT p.available, p.held, p.sold, p.initial,
        (SELECT coalesce(sum(l.quantity),0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.event_sku_id = p.event_sku_id AND o.status = 'paid')::int AS paid,
        (SELECT coalesce(sum(l.quantity),0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.event_sku_id = p.event_sku_id AND o.status = 'pending_payment')::int AS pending
      FROM pools p`)).rows;
    for (const p of pools) assert.deepEqual([p.sold, p.held, p.available + p.held + p.sold], [p.paid, p.pending, p.initial]);
  }), { numRuns: Number(process.env.LEDGER_PROPERTY_RUNS ?? 25) });
});

test('the database refuses an unbalanced entry and any change to a posted one', async () => {
  // An entry whose lines are all written and do not sum to zero is refused by the statement that wrote them.
  assert.match(await refused([
    `INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, line_count) VALUES ('jnl_bad1', 'x', 'x', 'x', 'bad-1', 'CNY', 2)`,
    `INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ('jnl_bad1', 'provider_cash', 100, 'CNY'), ('jnl_bad1', 'platform_commission', -99, 'CNY')`,
  ]), /does not balance/);
  // Written one line at a time, it is judged at commit, when the entry's own check runs.
  assert.match(await refused([
    `INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, line_count) VALUES ('jnl_bad2', 'x', 'x', 'x', 'bad-2', 'CNY', 3)`,
    `INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ('jnl_bad2', 'provider_cash', 100, 'CNY')`,
    `INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ('jnl_bad2', 'platform_commission', -99, 'CNY')`,
  ]), /has 2 lines, declared 3/);
  await assert.rejects(tp.database.pool.query(`UPDATE journal_lines SET amount = amount + 1 WHERE id = (SELECT min(id) FROM journal_lines)`), /immutable/);
  await assert.rejects(tp.database.pool.query(`DELETE FROM journal_entries WHERE id = (SELECT min(id) FROM journal_entries)`), /immutable/);
  await assert.rejects(tp.database.pool.query(`UPDATE guarded_balances SET balance = -1`), /guarded_balances_nonneg_ck/);
});

/** Run statements in one transaction and return the error that stopped it (at COMMIT for deferred checks). */
async function refused(statements: string[]): Promise<string> {
  const c = await tp.database.pool.connect();
  try {
    await c.query('BEGIN');
    for (const q of statements) await c.query(q);
    await c.query('COMMIT');
    return 'committed';
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    return (e as Error).message;
  } finally { c.release(); }
}

test('a posted entry takes no more lines; an entry needs its lines; lines name a listed account in the entry’s currency', async () => {
  const entry = (id: string, lines = 2, currency = 'CNY') => `INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, line_count) VALUES ('${id}', 'x', 'x', 'x', '${id}', '${currency}', ${lines})`;
  const line = (id: string, account: string, amount: number, currency = 'CNY') => `INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ('${id}', '${account}', ${amount}, '${currency}')`;
  // A well-formed entry commits.
  assert.equal(await refused([entry('jnl_ok1'), line('jnl_ok1', 'provider_cash', 100), line('jnl_ok1', 'platform_commission', -100)]), 'committed');
  // Appending a balanced pair to it in a later transaction: refused at the first line appended.
  assert.match(await refused([line('jnl_ok1', 'provider_cash', 5), line('jnl_ok1', 'platform_commission', -5)]), /has 3 lines, declared 2/);
  // An entry with no lines at all.
  assert.match(await refused([entry('jnl_empty')]), /has 0 lines, declared 2/);
  // An entry that declares fewer than two lines.
  assert.match(await refused([entry('jnl_one', 1)]), /journal_entries_lines_ck/);
  // A line in another currency than its entry's.
  assert.match(await refused([entry('jnl_cur'), line('jnl_cur', 'provider_cash', 100, 'USD'), line('jnl_cur', 'platform_commission', -100, 'USD')]), /does not exist in that currency/);
  // An account that is not in the chart of accounts.
  assert.match(await refused([entry('jnl_acct'), line('jnl_acct', 'provider_cash', 100), line('jnl_acct', 'petty_cash', -100)]), /not in the chart of accounts/);
  // A line of an entry that does not exist; an account removed from the chart or renamed.
  assert.match(await refused([line('jnl_nosuch', 'provider_cash', 100)]), /does not exist in that currency/);
  assert.match(await refused([`DELETE FROM ledger_accounts WHERE name = 'payout_cash'`]), /cannot be removed or renamed/);
  assert.match(await refused([`UPDATE ledger_accounts SET name = 'cash' WHERE name = 'provider_cash'`]), /cannot be removed or renamed/);
  const n = (await tp.database.pool.query(`SELECT count(*)::int AS n FROM journal_lines WHERE entry_id = 'jnl_ok1'`)).rows[0].n;
  assert.equal(n, 2, 'nothing was appended');
});

test('an entry found whole by the statement that wrote its lines is not counted again at commit; every other entry is', async () => {
  const entries = (ids: string[], lines = 2) => `INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, line_count) VALUES ${ids.map((id) => `('${id}', 'x', 'x', 'x', '${id}', 'CNY', ${lines})`).join(', ')}`;
  const entry = (id: string, lines = 2) => entries([id], lines);
  const lines = (id: string, ...amounts: number[]) => `INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ${amounts.map((a, i) => `('${id}', '${i % 2 ? 'platform_commission' : 'provider_cash'}', ${a}, 'CNY')`).join(', ')}`;
  const noted = `SELECT current_setting('sellthrough.ledger_whole', true) AS v`;
  const c = await tp.database.pool.connect();
  try {
    // Whole in one statement: noted for the check at commit, which then has nothing to count.
    await c.query('BEGIN');
    await c.query(`WITH e AS (${entry('jnl_w1')} RETURNING id) ${lines('jnl_w1', 100, -100)}`);
    assert.match((await c.query(noted)).rows[0].v, /,jnl_w1,/);
    // Lines written over two statements: the first leaves the entry short, so it is not noted
    // (the check at commit counts it), and the second completes it in a statement of its own.
    await c.query(entry('jnl_w2', 3));
    await c.query(lines('jnl_w2', 50, -30));
    assert.doesNotMatch((await c.query(noted)).rows[0].v, /jnl_w2/);
    await c.query(`INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ('jnl_w2', 'platform_commission', -20, 'CNY')`);
    assert.doesNotMatch((await c.query(noted)).rows[0].v, /jnl_w2/, 'the last statement wrote one of its three lines');
    // A line more on the noted entry, in the same transaction: refused by the statement's check.
    await c.query('SAVEPOINT more');
    await assert.rejects(c.query(lines('jnl_w1', 5)), /has 3 lines, declared 2/);
    await c.query('ROLLBACK TO SAVEPOINT more');
    await c.query('COMMIT');
    // A savepoint rolled back takes its note with it: the same entry written again short is caught at commit.
    await c.query('BEGIN');
    await c.query('SAVEPOINT s');
    await c.query(`WITH e AS (${entry('jnl_w3')} RETURNING id) ${lines('jnl_w3', 100, -100)}`);
    assert.match((await c.query(noted)).rows[0].v, /,jnl_w3,/);
    await c.query('ROLLBACK TO SAVEPOINT s');
    assert.doesNotMatch((await c.query(noted)).rows[0].v ?? '', /jnl_w3/);
    await c.query(entry('jnl_w3'));
    await c.query(lines('jnl_w3', 100));
    await assert.rejects(c.query('COMMIT'), /journal entry jnl_w3 has 1 lines, declared 2/);
    // An id with a comma is never taken for two noted neighbours: 'a,b' short is caught though 'a' and 'b' are noted.
    await c.query('BEGIN');
    await c.query(`WITH e AS (${entries(['jnl_ca', 'jnl_cb', 'jnl_ca,jnl_cb'])} RETURNING id) SELECT count(*) FROM e`);
    await c.query(lines('jnl_ca', 5, -5));
    await c.query(lines('jnl_cb', 5, -5));
    assert.match((await c.query(noted)).rows[0].v, /,jnl_ca,jnl_cb,/);
    await c.query(lines('jnl_ca,jnl_cb', 5));
    await assert.rejects(c.query('COMMIT'), /journal entry jnl_ca,jnl_cb has 1 lines, declared 2/);
    // More whole entries in one statement than the note keeps (100; ids of 35 characters fit the
    // note's 4,000): the rest are counted at commit, and an entry left short after them is caught.
    const many = Array.from({ length: 300 }, (_, i) => `jnl_m${String(i).padStart(30, '0')}`);
    const pairs = (ids: string[]) => ids.flatMap((id) => [`('${id}', 'provider_cash', 7, 'CNY')`, `('${id}', 'platform_commission', -7, 'CNY')`]).join(', ');
    await c.query('BEGIN');
    await c.query(`WITH e AS (${entries(many)} RETURNING id)
      INSERT INTO journal_lines (entry_id, account, amount, currency) VALUES ${pairs(many)}`);
    const kept = ((await c.query(noted)).rows[0].v ?? '').split(',').filter(Boolean);
    assert.equal(kept.length, 100, 'a statement notes up to 100 entries; the rest are counted at commit');
    await c.query(entry('jnl_short'));
    await c.query(lines('jnl_short', 7));
    await assert.rejects(c.query('COMMIT'), /journal entry jnl_short has 1 lines, declared 2/);
  } finally {
    await c.query('ROLLBACK').catch(() => {});
    c.release();
  }
  const stored = (await tp.database.pool.query(`SELECT id FROM journal_entries WHERE id LIKE 'jnl_w%' OR id LIKE 'jnl_m%' OR id LIKE 'jnl_c%' OR id = 'jnl_short' ORDER BY id`)).rows.map((r) => r.id);
  assert.deepEqual(stored, ['jnl_w1', 'jnl_w2']);
});
