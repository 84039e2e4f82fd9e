// The order desk on a real PostgreSQL: resellers' wallet orders placed at once are committed in
// groups, and each order, its lines, its ledger entry, the wallet, the stock and the consumer's
// binding come out exactly as the ordinary path writes them; the wallet and the stock are never
// overdrawn; a write that finds the world changed since its read is judged again; and whatever
// the desk does not place goes the ordinary way and is answered as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, OPERATOR, settle, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { orderDeskStats } from '../src/flows/order-desk.flow.ts';
import { storefrontDeskStats } from '../src/flows/storefront-desk.flow.ts';
import { signBrand } from '../src/modules/brands/index.ts';
import { importLot, listProducts } from '../src/modules/catalog/index.ts';
import { AppError } from '../src/platform/errors.ts';
import { sha256, sessionLookupStats } from '../src/modules/accounts/index.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform({ poolSize: 20 }); });
after(async () => { await tp.close(); });

const phoneOf = (n: number) => `136${String(20_000_000 + n).slice(-8)}`;
const consumer = (n: number) => ({ name: `买家${n}`, phone: phoneOf(n), address: ADDRESS });
const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await tp.database.pool.query(text, values)).rows as T[];

async function arena(stock: number, sizes = ['M']) {
  // Base ¥100.00 a unit, commission 20 %.
  const brand = await brandWithLot(tp, { qty: stock, sizes, base: '100.00', tag: '399.00' });
  const ev = await liveEvent(tp, brand, { skuIds: brand.skuIds, quantity: stock });
  return { brand, ev, esks: ev.skus.map((s) => s.eventSkuId) };
}

test('orders placed at once are written in groups, each as the ordinary path writes it: order, lines, entry, wallet, stock, binding', async () => {
  const { ev, esks } = await arena(100, ['S', 'M']);
  const sellers: ResellerFixture[] = [];
  for (let i = 0; i < 4; i++) sellers.push(await reseller(tp, 1_000_000));
  const groupsBefore = orderDeskStats.groups;
  const ordersBefore = orderDeskStats.orders;
  const placed = await Promise.all(Array.from({ length: 24 }, (_, n) => {
    const s = sellers[n % sellers.length];
    return placeResellerOrder(tp.ctx(s.actor), {
      consumer: consumer(n), lines: [{ eventSkuId: esks[0], quantity: 1 + (n % 2) }, { eventSkuId: esks[1], quantity: 1 }], payWith: 'wallet', idempotencyKey: `desk-a-${n}`, note: `备注${n}`,
    });
  }));
  assert.equal(orderDeskStats.orders - ordersBefore, 24, 'every order went through the desk');
  assert.ok(orderDeskStats.groups - groupsBefore < 24, `in fewer groups than orders (${orderDeskStats.groups - groupsBefore})`);

  const sizeOf = new Map((await q<{ id: string; size: string }>('SELECT s.id, k.size FROM sale_event_skus s JOIN skus k ON k.id = s.sku_id WHERE s.id = ANY($1)', [esks])).map((r) => [r.id, r.size]));
  for (const [n, p] of placed.entries()) {
    const o = p.order;
    const units = 1 + (n % 2);
    assert.equal(p.replayed, false);
    assert.equal(o.status, 'paid');
    assert.equal(o.amountDue, (units + 1) * 10_000, 'a reseller pays the base price');
    assert.match(o.orderNo, /^\d{16}$/);
    assert.equal(o.note, `备注${n}`);
    assert.deepEqual(o.lines.map((l) => [l.eventSkuId, l.quantity, l.productName, l.size]), [0, 1].map((i) => [esks[i], i ? 1 : units, '羊毛大衣', sizeOf.get(esks[i])]));
    // The answer is the order as anyone reads it afterwards.
    const s = sellers[n % sellers.length];
    const read = await call(tp, 'GET', `/api/v1/orders/${o.id}`, { token: await login(tp, s.phone, s.password) });
    assert.equal(read.status, 200);
    assert.deepEqual(JSON.parse(JSON.stringify(o)), read.body, 'the desk answers as the order reads');
  }

  // The ledger: one balanced order_paid entry per order, wallet debited by exactly what was due.
  const entries = await q<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE kind = 'order_paid' AND cause_id = ANY($1)`, [placed.map((p) => p.order.id)]);
  assert.equal(entries[0].n, 24);
  const unbalanced = await q<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id, currency HAVING sum(amount) <> 0) x`);
  assert.equal(unbalanced[0].n, 0);
  for (const [i, s] of sellers.entries()) {
    const due = placed.filter((_, n) => n % sellers.length === i).reduce((a, p) => a + (p.order.amountDue ?? 0), 0);
    const [w] = await q<{ balance: string }>(`SELECT balance FROM guarded_balances WHERE account = 'reseller_wallet' AND party_id = $1`, [s.resellerId]);
    assert.equal(Number(w.balance), 1_000_000 - due, 'wallet = top-up − what was due');
    const lines = await q<{ s: string }>(`SELECT coalesce(-sum(amount), 0)::bigint AS s FROM journal_lines WHERE account = 'reseller_wallet' AND party_id = $1`, [s.resellerId]);
    assert.equal(Number(lines[0].s), Number(w.balance), 'the guarded balance matches its lines');
  }

  // Stock: sold = the lines, one sell movement per line, conserved.
  const pools = await q<{ event_sku_id: string; available: number; held: number; sold: number; initial: number }>(`SELECT event_sku_id, available, held, sold, initial FROM pools WHERE sale_event_id = $1`, [ev.id]);
  const sold0 = placed.reduce((a, _, n) => a + 1 + (n % 2), 0);
  const byEsk = new Map(pools.map((p) => [p.event_sku_id, p]));
  assert.equal(byEsk.get(esks[0])!.sold, sold0);
  assert.equal(byEsk.get(esks[1])!.sold, 24);
  for (const p of pools) assert.equal(p.available + p.held + p.sold, p.initial);
  const moves = await q<{ n: number; units: number }>(`SELECT count(*)::int AS n, sum(quantity)::int AS units FROM stock_movements WHERE kind = 'sell' AND order_id = ANY($1)`, [placed.map((p) => p.order.id)]);
  assert.deepEqual([moves[0].n, moves[0].units], [48, sold0 + 24]);

  // Each consumer is bound to the reseller who sold to them, by that order.
  const bindings = await q<{ consumer_phone: string; reseller_id: string; order_id: string }>(`SELECT consumer_phone, reseller_id, order_id FROM customer_bindings WHERE consumer_phone = ANY($1)`, [placed.map((_, n) => phoneOf(n))]);
  assert.equal(bindings.length, 24);
  for (const b of bindings) {
    const n = placed.findIndex((_, i) => phoneOf(i) === b.consumer_phone);
    assert.equal(b.reseller_id, sellers[n % sellers.length].resellerId);
    assert.equal(b.order_id, placed[n].order.id);
  }
});

test('one consumer ordered for by two resellers in one group: one binding per phone per group, the other order goes the ordinary way, both paid, one binding', async () => {
  const { esks } = await arena(50, ['S', 'M']);
  const a = await reseller(tp, 100_000);
  const b = await reseller(tp, 100_000);
  const buyer = consumer(9_001);
  const samePhone = orderDeskStats.samePhone;
  // A group whose write waits on a pool row held here: the two orders queue behind it and make the next group together.
  const locker = await tp.database.pool.connect();
  let first: Awaited<ReturnType<typeof placeResellerOrder>>, second: typeof first;
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM pools WHERE event_sku_id = $1 FOR UPDATE', [esks[1]]);
    const blocker = placeResellerOrder(tp.ctx(a.actor), { consumer: consumer(9_000), lines: [{ eventSkuId: esks[1], quantity: 1 }], payWith: 'wallet', idempotencyKey: 'desk-b-blocker' });
    const deadline = Date.now() + 15_000;
    while ((await q<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH g AS%'`))[0].n === 0) {
      if (Date.now() > deadline) throw new Error('the blocking group never waited on the pool');
      await new Promise((r) => setTimeout(r, 20));
    }
    const both = Promise.all([a, b].map((s, i) => placeResellerOrder(tp.ctx(s.actor), {
      consumer: buyer, lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', idempotencyKey: `desk-b-${i}`,
    })));
    // Both are queued (their sessions are not looked up here: they call the flow directly).
    await new Promise((r) => setTimeout(r, 50));
    await locker.query('COMMIT');
    await blocker;
    [first, second] = await both;
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    locker.release();
  }
  assert.equal(first.order.status, 'paid');
  assert.equal(second.order.status, 'paid');
  assert.equal(orderDeskStats.samePhone - samePhone, 1, 'the second went the ordinary way');
  // Whichever committed first binds the consumer; the other, a live binding to another reseller, leaves it.
  const bindings = await q<{ reseller_id: string; order_id: string }>(`SELECT reseller_id, order_id FROM customer_bindings WHERE consumer_phone = $1`, [buyer.phone]);
  assert.equal(bindings.length, 1);
  const winner = [[a.resellerId, first.order.id], [b.resellerId, second.order.id]].find(([r]) => r === bindings[0].reseller_id);
  assert.ok(winner, 'bound to one of the two resellers');
  assert.equal(bindings[0].order_id, winner[1], 'by that reseller’s order');
});

test('a wallet with money for five orders, twenty orders at once: five paid, fifteen insufficient_funds, the wallet at zero', async () => {
  const { esks } = await arena(100);
  const s = await reseller(tp, 50_000);
  const out = await settle(Array.from({ length: 20 }, (_, n) => placeResellerOrder(tp.ctx(s.actor), {
    consumer: consumer(100 + n), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', idempotencyKey: `desk-c-${n}`,
  })));
  assert.equal(out.filter((o) => typeof o !== 'string').length, 5);
  assert.deepEqual([...new Set(out.filter((o) => typeof o === 'string'))], ['insufficient_funds']);
  const [w] = await q<{ balance: string }>(`SELECT balance FROM guarded_balances WHERE account = 'reseller_wallet' AND party_id = $1`, [s.resellerId]);
  assert.equal(Number(w.balance), 0);
});

test('ten units, forty orders from eight resellers at once: ten sold, thirty sold_out, none oversold', async () => {
  const { ev, esks } = await arena(10);
  const sellers: ResellerFixture[] = [];
  for (let i = 0; i < 8; i++) sellers.push(await reseller(tp, 1_000_000));
  const out = await settle(Array.from({ length: 40 }, (_, n) => placeResellerOrder(tp.ctx(sellers[n % 8].actor), {
    consumer: consumer(200 + n), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', idempotencyKey: `desk-d-${n}`,
  })));
  assert.equal(out.filter((o) => typeof o !== 'string').length, 10);
  assert.equal(out.filter((o) => o === 'sold_out').length, 30);
  const [p] = await q<{ available: number; sold: number }>(`SELECT available, sold FROM pools WHERE sale_event_id = $1 AND event_sku_id = $2`, [ev.id, esks[0]]);
  assert.deepEqual([p.available, p.sold], [0, 10]);
});

test('stock taken between the group’s read and its write: the pool’s CHECK refuses the write, the group is judged again and refused sold_out, nothing written', async () => {
  const { ev, esks } = await arena(5);
  const s = await reseller(tp, 1_000_000);
  const rejudged = orderDeskStats.rejudged;
  const locker = await tp.database.pool.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM pools WHERE event_sku_id = $1 FOR UPDATE', [esks[0]]);
    const placing = settle(Array.from({ length: 3 }, (_, n) => placeResellerOrder(tp.ctx(s.actor), {
      consumer: consumer(300 + n), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', idempotencyKey: `desk-e-${n}`,
    })));
    // The group read 5 available and its write now waits on the pool's row.
    const deadline = Date.now() + 15_000;
    while ((await q<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH g AS%'`))[0].n === 0) {
      if (Date.now() > deadline) throw new Error('the desk’s write never waited on the pool');
      await new Promise((r) => setTimeout(r, 20));
    }
    // Meanwhile every unit goes on hold elsewhere.
    await locker.query('UPDATE pools SET held = held + available, available = 0 WHERE event_sku_id = $1', [esks[0]]);
    await locker.query('COMMIT');
    const out = await placing;
    assert.deepEqual(out, ['sold_out', 'sold_out', 'sold_out']);
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    locker.release();
  }
  assert.ok(orderDeskStats.rejudged > rejudged, 'the group was judged again');
  const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM order_lines WHERE sale_event_id = $1`, [ev.id]);
  assert.equal(n.n, 0, 'no order, line or entry was left behind');
  const [w] = await q<{ balance: string }>(`SELECT balance FROM guarded_balances WHERE account = 'reseller_wallet' AND party_id = $1`, [s.resellerId]);
  assert.equal(Number(w.balance), 1_000_000);
});

test('what the desk does not place goes the ordinary way: an idempotent replay, a pulled or unknown item, a disabled reseller', async () => {
  const { esks } = await arena(20, ['S', 'M']);
  const s = await reseller(tp, 1_000_000);
  const input = { consumer: consumer(400), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet' as const, idempotencyKey: 'desk-f-1' };
  const first = await placeResellerOrder(tp.ctx(s.actor), input);
  const ordinary = orderDeskStats.ordinary;
  const again = await placeResellerOrder(tp.ctx(s.actor), input);
  assert.equal(again.replayed, true);
  assert.equal(again.order.id, first.order.id);
  assert.ok(orderDeskStats.ordinary > ordinary, 'the replay went the ordinary way');
  await assert.rejects(placeResellerOrder(tp.ctx(s.actor), { ...input, idempotencyKey: 'desk-f-1', note: 'different' }), (e: unknown) => e instanceof AppError && e.code === 'idempotency_key_reused');
  await assert.rejects(placeResellerOrder(tp.ctx(s.actor), { ...input, idempotencyKey: 'desk-f-2', lines: [{ eventSkuId: 'esk_nonexistent', quantity: 1 }] }),
    (e: unknown) => e instanceof AppError && e.code === 'validation_failed');
  await q(`UPDATE resellers SET status = 'suspended' WHERE id = $1`, [s.resellerId]);
  await assert.rejects(placeResellerOrder(tp.ctx(s.actor), { ...input, idempotencyKey: 'desk-f-3' }), (e: unknown) => e instanceof AppError && e.code === 'reseller_disabled');
});

test('with ORDER_GROUP_COMMIT off every order takes the ordinary path', async () => {
  const off = await testPlatform({ orderGroupCommit: false });
  try {
    const brand = await brandWithLot(off, { qty: 10, sizes: ['M'], base: '100.00' });
    const ev = await liveEvent(off, brand, { skuIds: brand.skuIds, quantity: 10 });
    const s = await reseller(off, 100_000);
    const orders = orderDeskStats.orders;
    const ordinary = orderDeskStats.ordinary;
    const r = await placeResellerOrder(off.ctx(s.actor), { consumer: consumer(500), lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }], payWith: 'wallet', idempotencyKey: 'desk-g-1' });
    assert.equal(r.order.status, 'paid');
    assert.deepEqual([orderDeskStats.orders, orderDeskStats.ordinary], [orders, ordinary], 'the desk never saw it');
  } finally {
    await off.close();
  }
});

test('while orders flow, the next group waits a moment for the buyers just answered; after a pause an order starts its group at once', async () => {
  // A long gather (it ends as soon as the orders expected are there): on a loaded machine four
  // requests 5 ms apart took more than 50 ms to reach the desk, and the group was cut short.
  const gathering = await testPlatform({ orderDeskGatherMs: 1_000 });
  try {
    const brand = await brandWithLot(gathering, { qty: 20, sizes: ['M'], base: '100.00' });
    const ev = await liveEvent(gathering, brand, { skuIds: brand.skuIds, quantity: 20 });
    const s = await reseller(gathering, 1_000_000);
    const esk = ev.skus[0].eventSkuId;
    const place = (n: number) => placeResellerOrder(gathering.ctx(s.actor), { consumer: consumer(600 + n), lines: [{ eventSkuId: esk, quantity: 1 }], payWith: 'wallet', idempotencyKey: `desk-h-${n}` });
    const stats = () => ({ ...orderDeskStats });
    // Four at once: one group, answered together.
    let before = stats();
    const first = await Promise.all([0, 1, 2, 3].map(place));
    assert.deepEqual([orderDeskStats.groups - before.groups, orderDeskStats.orders - before.orders, orderDeskStats.gathered - before.gathered], [1, 4, 0], 'one group of four, nothing to wait for');
    // The same four buyers again, 5 ms apart: the first waits for the other three, one group.
    before = stats();
    const again = await Promise.all([4, 5, 6, 7].map((n, i) => new Promise<Awaited<ReturnType<typeof place>>>((resolve, reject) => {
      setTimeout(() => { place(n).then(resolve, reject); }, i * 5);
    })));
    assert.deepEqual([orderDeskStats.groups - before.groups, orderDeskStats.orders - before.orders, orderDeskStats.gathered - before.gathered], [1, 4, 1], 'the four written in one group that waited for them');
    // After a pause a lone order waits for nobody.
    await new Promise((r) => setTimeout(r, 100));
    before = stats();
    const lone = await place(8);
    assert.deepEqual([orderDeskStats.groups - before.groups, orderDeskStats.gathered - before.gathered], [1, 0], 'a group of its own, no wait');
    for (const p of [...first, ...again, lone]) assert.equal(p.order.status, 'paid');
    const [{ sold }] = (await gathering.database.pool.query<{ sold: number }>('SELECT sold FROM pools WHERE event_sku_id = $1', [esk])).rows;
    assert.equal(sold, 9);
  } finally {
    await gathering.close();
  }
});

test('a wallet order on a session looked up a moment ago is checked in the desk\'s read, with no lookup of its own; a session ended, a user disabled or a password reset meanwhile is refused and nothing is written', async () => {
  const { esks } = await arena(50);
  const s = await reseller(tp, 1_000_000);
  const userId = (s.actor as { userId: string }).userId;
  const order = (token: string, n: number, extra: Record<string, unknown> = {}) => call(tp, 'POST', '/api/v1/reseller/orders', {
    token, headers: { 'idempotency-key': `sess-key-${n}` }, body: { consumer: consumer(500 + n), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', ...extra },
  });
  const placedUnder = async (n: number) => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE reseller_id = $1 AND idempotency_key = $2`, [s.resellerId, `sess-key-${n}`]))[0].n;
  const endSession = (token: string) => q(`DELETE FROM sessions WHERE token_hash = $1`, [sha256(token)]);
  /** A request on a session this process looked up a moment ago: refused as `status` and `code`, by the desk's read or by a lookup, nothing written. */
  async function refused(token: string, n: number, want: { status: number; code: string; by: 'desk' | 'lookup' }, extra: Record<string, unknown> = {}) {
    const [atDesk, lookups] = [orderDeskStats.sessionsRefused, sessionLookupStats.sessions];
    const r = await order(token, n, extra);
    assert.equal(r.status, want.status, JSON.stringify(r.body));
    assert.equal(r.body.code, want.code);
    assert.equal(orderDeskStats.sessionsRefused - atDesk, want.by === 'desk' ? 1 : 0, `found out by the ${want.by}`);
    assert.equal(sessionLookupStats.sessions - lookups, 1, 'then checked by one lookup before anything else');
    assert.equal(await placedUnder(n), 0, 'nothing written');
  }

  // The first request looks its session up; the next, a moment later, goes to the desk on it.
  let token = await login(tp, s.phone, s.password);
  assert.equal((await order(token, 1)).status, 201);
  const [lookups, atDesk] = [sessionLookupStats.sessions, orderDeskStats.orders];
  const second = await order(token, 2);
  assert.equal(second.status, 201, JSON.stringify(second.body));
  assert.equal(sessionLookupStats.sessions - lookups, 0, 'no lookup of its own');
  assert.equal(orderDeskStats.orders - atDesk, 1, 'placed by the desk');

  // Ended elsewhere (another process's logout: this one still remembers it).
  await endSession(token);
  await refused(token, 3, { status: 401, code: 'unauthenticated', by: 'desk' });

  // The user disabled meanwhile: refused as a lookup refuses it.
  token = await login(tp, s.phone, s.password);
  assert.equal((await order(token, 4)).status, 201);
  await q(`UPDATE users SET disabled_at = now() WHERE id = $1`, [userId]);
  await refused(token, 5, { status: 401, code: 'unauthenticated', by: 'desk' });
  await q(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [userId]);

  // A password reset meanwhile: only the password may be changed.
  assert.equal((await order(token, 6)).status, 201);
  await q(`UPDATE users SET must_change_password = true WHERE id = $1`, [userId]);
  await refused(token, 7, { status: 403, code: 'password_change_required', by: 'desk' });
  await q(`UPDATE users SET must_change_password = false WHERE id = $1`, [userId]);

  // The ordinary path checks it before it reads anything: a saved customer (a 401, not the 404 of
  // a customer not found), an order paid through the gateway.
  for (const [n, extra] of [[9, { consumer: undefined, customerId: 'cus_01jnosuchcustomernosuchcus' }], [11, { payWith: 'provider' }]] as const) {
    token = await login(tp, s.phone, s.password);
    assert.equal((await order(token, n - 1)).status, 201);
    await endSession(token);
    await refused(token, n, { status: 401, code: 'unauthenticated', by: 'lookup' }, extra);
  }

  // The wallet paid for the orders placed on live sessions, and only those.
  const paid = await q<{ n: number; due: string }>(`SELECT count(*)::int AS n, sum(amount_due)::bigint AS due FROM orders WHERE reseller_id = $1`, [s.resellerId]);
  assert.equal(paid[0].n, 6, 'orders 1, 2, 4, 6, 8 and 10');
  const [w] = await q<{ balance: string }>(`SELECT balance FROM guarded_balances WHERE account = 'reseller_wallet' AND party_id = $1`, [s.resellerId]);
  assert.equal(Number(w.balance), 1_000_000 - Number(paid[0].due));
});

test('an order line shows the colour bought: the blue jacket’s own picture at the desk, on the ordinary path, in the storefront and as the order reads — not the product’s first (pink) one', async () => {
  const ctx = tp.ctx();
  const b = await signBrand(ctx, { name: '小树苗童装', category: '童装', contract: { commissionBps: 2000 } });
  // As the demo's lot files list them: a main picture (drawn in the first colour) and each colour's own.
  const img = (n: string) => `https://img.example.com/xs801-${n}.jpg`;
  const csv = ['spu_code,product_name,category,colour,size,sku_code,tag_price,base_price,quantity,image_urls',
    ...[['粉色', 'PK'], ['浅蓝', 'LB']].flatMap(([colour, cc]) => ['100', '110'].map((size) => `XS801,儿童摇粒绒外套,童装,${colour},${size},XS801-${cc}-${size},299.00,100.00,50,${img('main')}|${img(cc.toLowerCase())}`))].join('\n') + '\n';
  await importLot(ctx, { brandId: b.id, fileName: 'kids.csv', content: Buffer.from(csv) });
  const [product] = (await listProducts(ctx, { brandId: b.id })).items;
  assert.deepEqual(product.images, [img('main'), img('pk'), img('lb')]);
  const skuIds = product.skus.map((k) => k.id);
  const ev = await liveEvent(tp, { brandId: b.id, skuIds, brandActor: OPERATOR }, { skuIds, quantity: 20 });
  const eskOf = (colour: string, size: string) => ev.skus.find((e) => e.skuId === product.skus.find((k) => k.colour === colour && k.size === size)!.id)!.eventSkuId;
  const blue = eskOf('浅蓝', '110');
  const pink = eskOf('粉色', '110');
  const s = await reseller(tp, 1_000_000);
  const pictures = (o: { lines: { eventSkuId: string; image: string | null }[] }) => o.lines.map((l) => [l.eventSkuId, l.image]);

  // The order desk (skuFactsSql), a blue and a pink line.
  const deskOrders = orderDeskStats.orders;
  const atDesk = await placeResellerOrder(tp.ctx(s.actor), { consumer: consumer(900), lines: [{ eventSkuId: blue, quantity: 1 }, { eventSkuId: pink, quantity: 1 }], payWith: 'wallet', idempotencyKey: 'desk-pic-1' });
  assert.equal(orderDeskStats.orders - deskOrders, 1, 'placed at the desk');
  assert.deepEqual(pictures(atDesk.order), [[blue, img('lb')], [pink, img('pk')]]);
  // The ordinary path (a gateway-paid order) and the order as anyone reads it (lineFacts).
  const ordinary = await placeResellerOrder(tp.ctx(s.actor), { consumer: consumer(901), lines: [{ eventSkuId: blue, quantity: 1 }], payWith: 'provider', idempotencyKey: 'desk-pic-2' });
  assert.deepEqual(pictures(ordinary.order), [[blue, img('lb')]]);
  const token = await login(tp, s.phone, s.password);
  for (const o of [atDesk.order, ordinary.order]) {
    const read = await call(tp, 'GET', `/api/v1/orders/${o.id}`, { token });
    assert.deepEqual(pictures(read.body), pictures(o));
  }

  // The storefront: each item carries its picture for the cart, and the storefront desk's order line shows it.
  const shop = await call(tp, 'GET', `/api/v1/storefront/${s.shareCode}/sale-events/${ev.id}`);
  assert.equal(shop.status, 200);
  const item: { images: string[]; skus: { eventSkuId: string; image: string | null }[] } = shop.body.products[0];
  assert.deepEqual(item.images, [img('main'), img('pk'), img('lb')]);
  const shown = new Map(item.skus.map((k) => [k.eventSkuId, k.image]));
  assert.deepEqual([shown.get(blue), shown.get(pink)], [img('lb'), img('pk')]);
  const sfOrders = storefrontDeskStats.orders;
  const bought = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: s.shareCode, consumer: { name: '顾客', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: blue, quantity: 1 }], idempotencyKey: 'sf-pic-1', clientAddress: '10.9.8.7' });
  assert.equal(storefrontDeskStats.orders - sfOrders, 1, 'placed at the storefront desk');
  assert.deepEqual(pictures(bought.order), [[blue, img('lb')]]);
});
