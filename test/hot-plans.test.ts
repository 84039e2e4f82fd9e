// The hot path's named statements keep PostgreSQL's generic plan: parsed and planned once per
// connection, not planned again on every call. A statement whose custom plans look cheaper than
// the generic one is planned afresh each time (the session lookup was: 0.2 ms of planning for
// 0.06 ms of work, on every request), which pg_prepared_statements counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { reseller, uniquePhone } from './support/fixtures.ts';
import { login } from './support/http.ts';
import { sql } from 'drizzle-orm';
import { connect, executeHot } from '../src/platform/database.ts';
import { heldJsonSql, HeldTally, type HeldJson } from '../src/modules/orders/index.ts';
import { actorForToken, createUser, liveSessionsSql, sha256 } from '../src/modules/accounts/index.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform(); });
after(async () => { await tp.close(); });

/**
 * The one named statement on this connection whose text holds `marker`, called `calls` times:
 * planned afresh only on PostgreSQL's first five tries, its generic plan kept after them.
 */
async function assertGenericPlan(one: ReturnType<typeof connect>, marker: string, what: string, calls = 13) {
  const rows = (await one.pool.query<{ generic_plans: string; custom_plans: string }>(
    "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'hot\\_%' AND statement LIKE $1", [`%${marker}%`])).rows;
  assert.equal(rows.length, 1, `${what} is one named prepared statement`);
  // PostgreSQL tries five custom plans before it weighs the generic one.
  assert.ok(Number(rows[0].custom_plans) <= 5, `planned again on ${rows[0].custom_plans} of ${calls} calls`);
  assert.ok(Number(rows[0].generic_plans) >= calls - 5, `the generic plan served ${rows[0].generic_plans} of ${calls} calls`);
}

test('the session lookup keeps a generic plan: after the first five calls PostgreSQL stops planning it', async () => {
  const s = await reseller(tp, 0);
  const token = await login(tp, s.phone, s.password);
  // One connection, so every call meets the same prepared statement.
  const one = connect(tp.url, 1);
  try {
    for (let i = 0; i < 12; i++) {
      const actor = await actorForToken(one.db, token);
      assert.equal(actor.kind, 'reseller');
    }
    assert.equal((await actorForToken(one.db, 'not-a-session')).kind, 'anonymous');
    await assertGenericPlan(one, 'token_hash', 'the lookup');
  } finally {
    await one.close();
  }
});

test('what a group’s holders hold keeps a generic plan: counted in every storefront group’s read and, under the locks, its write, it is not planned again each time', async () => {
  const limits = { ...tp.config.holdLimits, ordersPerPhone: 5, unitsPerPhone: 10, ordersPerAddress: 20, ordersPerLink: 50 };
  const one = connect(tp.url, 1);
  // The count is the database function held_by_holders, whose query PL/pgSQL plans and keeps for the
  // session: its plans, nested in the calling statement, are seen through auto_explain. A custom plan
  // has the window's start as a constant; the generic one a parameter.
  const plans: string[] = [];
  one.pool.on('connect', (c) => c.on('notice', (m) => { if (m.message?.includes('ROW(consumer_phone, created_at) >')) plans.push(m.message); }));
  try {
    for (const set of ["LOAD 'auto_explain'", 'SET auto_explain.log_min_duration = 0', 'SET auto_explain.log_nested_statements = on', 'SET client_min_messages = log']) await one.pool.query(set);
    // Groups of different sizes, as the desk counts them: one to eight orders, each its phone, address and link.
    for (let i = 0; i < 13; i++) {
      const holders = Array.from({ length: 1 + (i % 8) }, (_, n) => ({ phone: `139${String(i * 10 + n).padStart(8, '0')}`, address: `10.0.${i}.${n}`, resellerId: `rsl_${n}` }));
      const [row] = await executeHot<{ held: HeldJson }>(one.db, sql`SELECT ${heldJsonSql(holders, limits)} AS held`);
      const { phoneOrders, phoneUnits, addressOrders, linkOrders } = HeldTally.fromJson(row.held).heldNow(holders[0]);
      assert.deepEqual({ phoneOrders, phoneUnits, addressOrders, linkOrders }, { phoneOrders: 0, phoneUnits: 0, addressOrders: 0, linkOrders: 0 });
    }
    await assertGenericPlan(one, 'held_by_holders', 'the call');
    assert.equal(plans.length, 13, 'one plan of the count seen per call');
    const generic = plans.filter((p) => /ROW\(h\.k, \$\d+\)/.test(p)).length;
    // PostgreSQL tries five custom plans before it weighs the generic one.
    assert.ok(generic >= 13 - 5, `the count's generic plan served ${generic} of 13 calls`);
  } finally {
    await one.close();
  }
});

test('the order desk’s check of its group’s sessions keeps a generic plan whatever the group’s size, and finds only the live resellers’ sessions', async () => {
  const hashOf = async (phone: string, password: string) => sha256(await login(tp, phone, password));
  const live = await reseller(tp, 0);
  const liveHash = await hashOf(live.phone, live.password);
  // Not live for the desk: expired, its user disabled, a password to change, an operator's.
  const expired = await reseller(tp, 0);
  const expiredHash = await hashOf(expired.phone, expired.password);
  await tp.database.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [expiredHash]);
  const disabled = await reseller(tp, 0);
  const disabledHash = await hashOf(disabled.phone, disabled.password);
  await tp.database.pool.query(`UPDATE users SET disabled_at = now() WHERE reseller_id = $1`, [disabled.resellerId]);
  const reset = await reseller(tp, 0);
  const resetHash = await hashOf(reset.phone, reset.password);
  await tp.database.pool.query(`UPDATE users SET must_change_password = true WHERE reseller_id = $1`, [reset.resellerId]);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'op', password: 'op-password' });
  const operatorHash = await hashOf(opPhone, 'op-password');
  const notLive = [expiredHash, disabledHash, resetHash, operatorHash];
  const one = connect(tp.url, 1);
  try {
    for (let i = 0; i < 13; i++) {
      const hashes = [liveHash, ...notLive.slice(0, i % 5), ...Array.from({ length: i % 4 }, (_, n) => sha256(`no-such-session-${i}-${n}`))];
      const [row] = await executeHot<{ live: Record<string, string> | null }>(one.db, sql`SELECT ${liveSessionsSql(hashes)} AS live`);
      assert.deepEqual(row.live, { [liveHash]: live.resellerId }, `only the live reseller's session, with its reseller (${hashes.length} asked)`);
    }
    await assertGenericPlan(one, 'must_change_password', 'the check, whatever the group’s size,');
  } finally {
    await one.close();
  }
});
