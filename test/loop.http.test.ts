// The core sale loop over HTTP, as the operator, a brand, a reseller and a consumer would use
// it: import → event → live → reseller price → both order kinds → payment → ledger → cancel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { uniquePhone, ADDRESS } from './support/fixtures.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform(); });
after(async () => { await tp.close(); });

async function call(method: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.raw !== undefined) { payload = opts.raw; headers['content-type'] = opts.contentType ?? 'text/csv'; }
  else if (opts.body !== undefined) { payload = JSON.stringify(opts.body); headers['content-type'] = 'application/json'; }
  const res = await tp.app.inject({ method: method as 'GET', url, headers, payload });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

async function login(phone: string, password: string): Promise<string> {
  const r = await call('POST', '/api/v1/auth/login', { body: { phone, password } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

const CSV = `款号,商品名称,品类,颜色,尺码,SKU编码,条码,吊牌价,平台价,数量,图片
C100,羊毛双面大衣,女装,黑色,M,C100-BK-M,6901000000011,899.00,199.00,50,https://img.example.com/c100.jpg
C100,羊毛双面大衣,女装,黑色,L,C100-BK-L,6901000000012,899.00,199.00,50,https://img.example.com/c100.jpg
C200,针织开衫,女装,米白,均码,C200-WH-F,6901000000021,399.00,89.50,30,
`;

test('the whole loop balances to the fen and cancellation reverses it', async () => {
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'op', password: 'op-password' });
  const op = await login(opPhone, 'op-password');

  // 1. Operator signs a brand with a 20% contract and a login.
  const brandPhone = uniquePhone();
  const brand = await call('POST', '/api/v1/brands', { token: op, body: { name: '暖冬女装', nameEn: 'Warm Winter', category: '女装', contract: { commissionBps: 2000 }, user: { phone: brandPhone, name: '品牌运营', password: 'brand-password' } } });
  assert.equal(brand.status, 201, JSON.stringify(brand.body));
  assert.equal(brand.body.contract.commissionBps, 2000);
  const brandToken = await login(brandPhone, 'brand-password');

  // 2. The brand imports its lot (Chinese headers); importing the same file again changes nothing.
  const imp = await call('POST', `/api/v1/brands/${brand.body.id}/lots?fileName=winter.csv`, { token: brandToken, raw: CSV });
  assert.equal(imp.status, 201, JSON.stringify(imp.body));
  assert.deepEqual([imp.body.rowCount, imp.body.units], [3, 130]);
  const again = await call('POST', `/api/v1/brands/${brand.body.id}/lots?fileName=winter.csv`, { token: brandToken, raw: CSV });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, imp.body.id);
  assert.equal(again.body.duplicate, true);
  const products = await call('GET', `/api/v1/brands/${brand.body.id}/products`, { token: brandToken });
  const skus = products.body.items.flatMap((p: { skus: { id: string; skuCode: string; supplied: number }[] }) => p.skus);
  assert.equal(skus.length, 3);
  assert.ok(skus.every((s: { supplied: number }) => s.supplied > 0));
  const skuBy = (code: string) => skus.find((s: { skuCode: string }) => s.skuCode === code).id;

  // 3. Operator schedules an event that has already started: it goes live at once.
  const ev = await call('POST', '/api/v1/sale-events', { token: op, body: {
    brandId: brand.body.id, title: '暖冬女装专场', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString(),
    markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 },
    items: [{ skuId: skuBy('C100-BK-M'), quantity: 20 }, { skuId: skuBy('C100-BK-L'), quantity: 20 }, { skuId: skuBy('C200-WH-F'), quantity: 10 }],
  } });
  assert.equal(ev.status, 201, JSON.stringify(ev.body));
  assert.equal(ev.body.status, 'draft');
  const live = await call('POST', `/api/v1/sale-events/${ev.body.id}/schedule`, { token: op });
  assert.equal(live.body.status, 'live');
  const eskBySku = (code: string) => live.body.skus.find((s: { skuId: string }) => s.skuId === skuBy(code)).eventSkuId;

  // 4. A reseller is enrolled, logs in, tops up the wallet through the gateway.
  const rPhone = uniquePhone();
  const rsl = await call('POST', '/api/v1/resellers', { token: op, body: { name: '李丽', phone: rPhone, password: 'reseller-pw', level: 'V3' } });
  assert.equal(rsl.status, 201);
  const rt = await login(rPhone, 'reseller-pw');
  const top = await call('POST', '/api/v1/reseller/wallet/topups', { token: rt, body: { amount: 100_000 }, headers: { 'idempotency-key': 'topup-0001' } });
  assert.equal(top.status, 201, JSON.stringify(top.body));
  const chargeId = top.body.payment.payUrl.split('/').pop();
  const page = await tp.app.inject({ method: 'GET', url: `/sandbox/pay/${chargeId}` });
  assert.match(page.body, /¥1,000\.00/);
  const paid = await tp.app.inject({ method: 'POST', url: `/sandbox/pay/${chargeId}`, payload: { outcome: 'succeed' } });
  assert.equal(paid.statusCode, 200);
  assert.equal((await call('GET', '/api/v1/reseller/me', { token: rt })).body.wallet, 0, 'credited only when the notification arrives');
  assert.equal(await tp.deliver(), 1);
  assert.equal((await call('GET', '/api/v1/reseller/me', { token: rt })).body.wallet, 100_000);

  // 5. The reseller prices inside the window (base ¥199, 20–30% → ¥238.80–¥258.70); outside is refused.
  const detail = await call('GET', `/api/v1/reseller/sale-events/${ev.body.id}`, { token: rt });
  const coat = detail.body.products.find((p: { name: string }) => p.name === '羊毛双面大衣');
  assert.deepEqual([coat.skus[0].minPrice, coat.skus[0].maxPrice, coat.skus[0].suggestedPrice], [23880, 25870, 24900]);
  const bad = await call('PUT', `/api/v1/reseller/sale-events/${ev.body.id}/prices`, { token: rt, body: { prices: [{ productId: coat.id, sellingPrice: 30000 }] }, headers: { 'accept-language': 'en' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'price_outside_window');
  assert.equal(bad.body.title, 'The selling price is outside the markup window');
  assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  const ok = await call('PUT', `/api/v1/reseller/sale-events/${ev.body.id}/prices`, { token: rt, body: { prices: [{ productId: coat.id, sellingPrice: 25000 }] } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.items.length, 2);

  // 6a. Reseller-placed order (代下单) for a customer, paid from the wallet at base price.
  const cust = await call('POST', '/api/v1/reseller/customers', { token: rt, body: { name: '王小姐', phone: '13911112222', ...ADDRESS } });
  assert.equal(cust.status, 201);
  const o1 = await call('POST', '/api/v1/reseller/orders', { token: rt, body: { customerId: cust.body.id, lines: [{ eventSkuId: eskBySku('C100-BK-M'), quantity: 2 }], payWith: 'wallet' }, headers: { 'idempotency-key': 'order-0001' } });
  assert.equal(o1.status, 201, JSON.stringify(o1.body));
  assert.equal(o1.body.status, 'paid');
  assert.deepEqual([o1.body.baseTotal, o1.body.sellingTotal, o1.body.amountDue], [39800, 50000, 39800]);
  assert.deepEqual([o1.body.lines[0].productName, o1.body.lines[0].colour, o1.body.lines[0].size], ['羊毛双面大衣', '黑色', 'M']);
  assert.equal((await call('GET', '/api/v1/reseller/me', { token: rt })).body.wallet, 100_000 - 39_800);

  // 6b. A consumer opens the shared link: the reseller's price, never the base price.
  const shop = await call('GET', `/api/v1/storefront/${rsl.body.shareCode}/sale-events/${ev.body.id}`);
  assert.equal(shop.status, 200);
  assert.ok(!JSON.stringify(shop.body).includes('basePrice'));
  const cardigan = shop.body.products.find((p: { name: string }) => p.name === '针织开衫');
  assert.equal(cardigan.skus[0].price, 11200, 'no price set: the suggested one (¥89.50 + 25% → ¥111.88 → ¥112)');
  const o2 = await call('POST', `/api/v1/storefront/${rsl.body.shareCode}/orders`, { body: { consumer: { name: '赵女士', phone: '13700001111', address: ADDRESS }, lines: [{ eventSkuId: eskBySku('C100-BK-L'), quantity: 1 }, { eventSkuId: eskBySku('C200-WH-F'), quantity: 1 }] }, headers: { 'idempotency-key': 'sf-order-0001' } });
  assert.equal(o2.status, 201, JSON.stringify(o2.body));
  assert.equal(o2.body.order.status, 'pending_payment');
  assert.equal(o2.body.order.amountDue, 25000 + 11200);
  assert.equal(o2.body.order.baseTotal, null);
  const held = await call('GET', `/api/v1/sale-events/${ev.body.id}`, { token: op });
  assert.equal(held.body.skus.find((s: { eventSkuId: string }) => s.eventSkuId === eskBySku('C100-BK-L')).held, 1);
  await tp.gateway.completeCharge(o2.body.order.payment.payUrl.split('/').pop(), 'succeed');
  await tp.deliver();
  const lookup = await call('GET', `/api/v1/storefront/orders/${o2.body.order.id}?token=${o2.body.lookupToken}`);
  assert.equal(lookup.body.status, 'paid');
  assert.equal((await call('GET', `/api/v1/storefront/orders/${o2.body.order.id}?token=wrong-token-123`)).status, 404);

  // 7. Ledger, per party, against hand-computed figures.
  // Coat ¥199 base ×3 → brand 3×159.20, platform 3×39.80; cardigan ¥89.50 → brand 71.60, platform 17.90.
  const statement = await call('GET', `/api/v1/brands/${brand.body.id}/statement`, { token: brandToken });
  assert.equal(statement.body.payable, 3 * 15920 + 7160);
  const me = await call('GET', '/api/v1/reseller/me', { token: rt });
  assert.deepEqual(me.body.earnings, { pending: (25000 - 19900) + (11200 - 8950), available: 0 });
  let audit = await call('GET', '/api/v1/ledger/audit', { token: op });
  const acct = (a: string, p = '') => audit.body.accounts.find((x: { account: string; partyId: string }) => x.account === a && x.partyId === p)?.balance ?? 0;
  assert.equal(acct('platform_commission'), -(3 * 3980 + 1790));
  assert.equal(acct('provider_cash'), 100_000 + 36_200);
  assert.deepEqual([audit.body.unbalancedEntries, audit.body.total, audit.body.guardedMismatches], [0, 0, 0]);

  // 8. Cancelling reverses everything: stock back, wallet refunded at once, gateway refund settles later.
  const c2 = await call('POST', `/api/v1/orders/${o2.body.order.id}/cancel`, { token: rt, body: { reason: '顾客不要了' } });
  assert.equal(c2.status, 200, JSON.stringify(c2.body));
  assert.equal(c2.body.status, 'cancelled');
  await tp.deliver();
  const c1 = await call('POST', `/api/v1/orders/${o1.body.id}/cancel`, { token: rt, body: { reason: '尺码不合适' } });
  assert.equal(c1.body.status, 'cancelled');
  assert.equal((await call('GET', '/api/v1/reseller/me', { token: rt })).body.wallet, 100_000);
  assert.equal((await call('GET', `/api/v1/brands/${brand.body.id}/statement`, { token: brandToken })).body.payable, 0);
  audit = await call('GET', '/api/v1/ledger/audit', { token: op });
  assert.equal(acct('platform_commission'), 0);
  assert.equal(acct('refunds_in_flight'), 0);
  assert.equal(acct('provider_cash'), 100_000, 'the consumer got ¥362 back through the gateway');
  assert.equal(acct('reseller_margin_pending', rsl.body.id), 0);
  assert.deepEqual([audit.body.unbalancedEntries, audit.body.total, audit.body.guardedMismatches], [0, 0, 0]);
  const after = await call('GET', `/api/v1/sale-events/${ev.body.id}`, { token: op });
  for (const s of after.body.skus) assert.deepEqual([s.available, s.held, s.sold], [s.initial, 0, 0]);
});
