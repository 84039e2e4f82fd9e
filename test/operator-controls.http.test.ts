// The operator's controls over HTTP (issue 12): ending a live sale event early and pulling one
// SKU (stock and holds as the stock rules say), disabling and enabling a login and a reseller,
// resetting a password to a one-time temporary one that must be changed first, a reseller's
// wallet and a brand's payable from the ledger, searching payments — each act recorded with who,
// what, why and when — and who may not do any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
const tokens = {} as Record<'operator' | 'brandA' | 'brandB' | 'r1' | 'r2', string>;
let operatorId: string;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let r1: ResellerFixture;
let r2: ResellerFixture;

interface Res { status: number; body: any }

async function call(method: string, url: string, opts: { token?: string; body?: unknown; lang?: string; key?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.lang) headers['accept-language'] = opts.lang;
  if (opts.key) headers['idempotency-key'] = opts.key;
  const res = await tp.app.inject({ method: method as 'GET', url, headers, payload: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

const ok = (r: Res, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.body)); return r.body; };

async function login(phone: string, password: string): Promise<Res> {
  return call('POST', '/api/v1/auth/login', { body: { phone, password } });
}

async function newLogin(role: 'operator' | 'brand', password: string, brandId?: string): Promise<{ id: string; phone: string; name: string; token: string }> {
  const phone = uniquePhone();
  const name = `${role} ${phone.slice(-4)}`;
  const u = await createUser(tp.ctx(), { role, phone, name, password, ...(brandId ? { brandId } : {}) });
  return { id: u.id, phone, name, token: ok(await login(phone, password)).token };
}

/** A consumer's unpaid order through a reseller's link (it holds stock until paid). */
async function storefrontOrder(shareCode: string, eventSkuId: string, quantity = 1, phone = '13812345678'): Promise<Res> {
  return call('POST', `/api/v1/storefront/${shareCode}/orders`, {
    body: { consumer: { name: '张三', phone, address: ADDRESS }, lines: [{ eventSkuId, quantity }] }, key: `oc-${crypto.randomUUID()}`,
  });
}

/** A reseller's order paid from their wallet at once. */
async function paidResellerOrder(token: string, eventSkuId: string, quantity = 1): Promise<string> {
  return ok(await call('POST', '/api/v1/reseller/orders', {
    token, key: `oc-${crypto.randomUUID()}`,
    body: { consumer: { name: '李四', phone: '13912345678', address: ADDRESS }, lines: [{ eventSkuId, quantity }], payWith: 'wallet' },
  }), 201).id;
}

const pool = async (eventSkuId: string) => (await tp.database.pool.query('SELECT initial, available, held, sold, closed_at FROM pools WHERE event_sku_id = $1', [eventSkuId])).rows[0];
const allocated = async (skuId: string) => (await tp.database.pool.query('SELECT allocated FROM sku_supply WHERE sku_id = $1', [skuId])).rows[0].allocated as number;
const orderStatus = async (id: string) => (await tp.database.pool.query('SELECT status FROM orders WHERE id = $1', [id])).rows[0].status as string;
const actionsOn = async (objectId: string) => ok(await call('GET', `/api/v1/operator-actions?objectId=${objectId}`, { token: tokens.operator })).items;

before(async () => {
  tp = await testPlatform();
  const op = await newLogin('operator', 'operator-password');
  tokens.operator = op.token;
  operatorId = op.id;
  brandA = await brandWithLot(tp);
  brandB = await brandWithLot(tp);
  tokens.brandA = (await newLogin('brand', 'brand-a-password', brandA.brandId)).token;
  tokens.brandB = (await newLogin('brand', 'brand-b-password', brandB.brandId)).token;
  r1 = await reseller(tp, 500_000);
  r2 = await reseller(tp, 100_000);
  tokens.r1 = ok(await login(r1.phone, r1.password)).token;
  tokens.r2 = ok(await login(r2.phone, r2.password)).token;
});
after(async () => { await tp?.close(); });

// ---- ending a live event early ----

test('ending a live event early: it stops selling, its unpaid holds are released with the reason, paid orders stay, the act is recorded', async () => {
  const ev = await liveEvent(tp, brandA, { quantity: 10 });
  const [a, b] = ev.skus.map((s) => s.eventSkuId);
  const paid = await paidResellerOrder(tokens.r1, a, 2);
  const unpaid = ok(await storefrontOrder(r1.shareCode, b, 3), 201).order.id;
  assert.equal((await pool(b)).held, 3);

  // A ready-made reason is sent as its code: the record, the hold release and the cancelled order keep the code.
  const r = ok(await call('POST', `/api/v1/sale-events/${ev.id}/end-early`, { token: tokens.operator, body: { reason: 'brand_requested_end' } }));
  assert.equal(r.event.status, 'ended');
  assert.ok(new Date(r.event.endsAt).getTime() <= Date.now() + 1000, 'its end moved to now');
  assert.deepEqual(r.released, [{ orderId: unpaid, units: 3 }]);
  assert.equal(await orderStatus(unpaid), 'cancelled');
  assert.equal(await orderStatus(paid), 'paid');
  assert.deepEqual({ ...(await pool(b)), closed_at: null }, { initial: 10, available: 10, held: 0, sold: 0, closed_at: null });
  assert.equal((await pool(a)).sold, 2, 'the paid order keeps its units');

  // Nothing more sells in it.
  const late = await storefrontOrder(r1.shareCode, a, 1, '13812340000');
  assert.equal(late.status, 409, JSON.stringify(late.body));
  assert.equal(late.body.code, 'sale_event_not_live');

  const [rec] = await actionsOn(ev.id);
  assert.equal(rec.action, 'sale_event_ended_early');
  assert.equal(rec.objectKind, 'sale_event');
  assert.equal(rec.objectName, ev.title, 'the record names the event, not only its id');
  assert.equal(rec.reason, 'brand_requested_end');
  assert.equal(rec.actorUserId, operatorId);
  assert.deepEqual(rec.detail, { unpaidOrders: 1 });
  // The hold release names the operator and the same reason.
  const rel = (await tp.database.pool.query('SELECT actor_kind, reason FROM hold_releases WHERE order_id = $1', [unpaid])).rows;
  assert.deepEqual(rel, [{ actor_kind: 'operator', reason: 'brand_requested_end' }]);
  assert.equal((await tp.database.pool.query('SELECT cancel_reason FROM orders WHERE id = $1', [unpaid])).rows[0].cancel_reason, 'brand_requested_end');

  const again = await call('POST', `/api/v1/sale-events/${ev.id}/end-early`, { token: tokens.operator, body: { reason: '再来一次' } });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'invalid_transition');
});

test('ending early needs a reason, and a bad request changes nothing', async () => {
  const ev = await liveEvent(tp, brandA, { quantity: 2 });
  // No reason, a blank or too long one, an unknown field; a code the platform writes itself, or none at all.
  for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(201) }, { reason: '好', extra: 1 }, { reason: 'hold_expired' }, { reason: 'brand_short:PO20261207-0001' }, { reason: 'end_now' }]) {
    const r = await call('POST', `/api/v1/sale-events/${ev.id}/end-early`, { token: tokens.operator, body, lang: 'en' });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.code, 'validation_failed');
    assert.ok(Array.isArray(r.body.errors) && r.body.errors.length > 0, 'field details');
  }
  // The same refusal on the other acts: a system code never passes for an operator's reason.
  const esk = ev.skus[0].eventSkuId;
  for (const url of [`/api/v1/sale-events/${ev.id}/skus/${esk}/pull`, `/api/v1/resellers/${r1.resellerId}/disable`, `/api/v1/users/${operatorId}/reset-password`]) {
    const r = await call('POST', url, { token: tokens.operator, body: { reason: 'membership_removed:2026-11' } });
    assert.equal(r.status, 400, `${url}: ${JSON.stringify(r.body)}`);
    assert.ok(r.body.errors.some((e: { path: string }) => /reason$/.test(e.path)), JSON.stringify(r.body.errors));
  }
  assert.equal(ok(await call('GET', `/api/v1/sale-events/${ev.id}`, { token: tokens.operator })).status, 'live');
  assert.equal((await pool(esk)).available, 2);
  assert.deepEqual(await actionsOn(ev.id), []);
  assert.deepEqual(await actionsOn(r1.resellerId), []);
});

test('only the operator ends events early or pulls SKUs; a brand, a reseller and an anonymous caller cannot', async () => {
  const ev = await liveEvent(tp, brandA, { quantity: 2 });
  const esk = ev.skus[0].eventSkuId;
  for (const url of [`/api/v1/sale-events/${ev.id}/end-early`, `/api/v1/sale-events/${ev.id}/skus/${esk}/pull`]) {
    assert.equal((await call('POST', url, { body: { reason: 'x' } })).status, 401);
    for (const token of [tokens.brandA, tokens.r1]) {
      const r = await call('POST', url, { token, body: { reason: 'x' } });
      assert.equal(r.status, 403, `${url}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'forbidden');
    }
  }
  assert.equal(ok(await call('GET', `/api/v1/sale-events/${ev.id}`, { token: tokens.operator })).status, 'live');
  assert.equal((await pool(esk)).available, 2);
});

// ---- pulling one SKU ----

test('pulling a SKU: it stops selling at once, its unsold units go back to the lot, units held go back when freed', async () => {
  const ev: SaleEventView = await liveEvent(tp, brandA, { quantity: 10 });
  const pulled = ev.skus[0];
  const other = ev.skus[1];
  const before = await allocated(pulled.skuId);
  const unpaid = ok(await storefrontOrder(r1.shareCode, pulled.eventSkuId, 2, '13812341111'), 201).order.id;

  const r = ok(await call('POST', `/api/v1/sale-events/${ev.id}/skus/${pulled.eventSkuId}/pull`, { token: tokens.operator, body: { reason: 'failed_quality_check' } }));
  assert.equal(r.returnedUnits, 8);
  const view = r.event.skus.find((s: { eventSkuId: string }) => s.eventSkuId === pulled.eventSkuId);
  assert.ok(view.pulledAt, 'marked pulled');
  assert.equal(view.available, 0);
  assert.equal(await allocated(pulled.skuId), before - 8, 'the unsold units are the lot’s again');

  // The storefront and the reseller app see it unavailable; it cannot be bought; the rest of the event sells on.
  const shop = ok(await call('GET', `/api/v1/storefront/${r1.shareCode}/sale-events/${ev.id}`));
  const shopSku = shop.products.flatMap((p: { skus: { eventSkuId: string; available: number }[] }) => p.skus).find((s: { eventSkuId: string }) => s.eventSkuId === pulled.eventSkuId);
  assert.equal(shopSku.available, 0);
  const app = ok(await call('GET', `/api/v1/reseller/sale-events/${ev.id}`, { token: tokens.r1 }));
  const appSku = app.products.flatMap((p: { skus: { eventSkuId: string; available: number }[] }) => p.skus).find((s: { eventSkuId: string }) => s.eventSkuId === pulled.eventSkuId);
  assert.equal(appSku.available, 0);
  const refused = await storefrontOrder(r1.shareCode, pulled.eventSkuId, 1, '13812342222');
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  ok(await storefrontOrder(r1.shareCode, other.eventSkuId, 1, '13812343333'), 201);

  // The hold stays with its order; released, its units go back to the lot too.
  assert.equal((await pool(pulled.eventSkuId)).held, 2);
  ok(await call('POST', '/api/v1/holds/release', { token: tokens.operator, body: { orderId: unpaid, reason: '清理' } }));
  const p = await pool(pulled.eventSkuId);
  assert.deepEqual([p.initial, p.available, p.held, p.sold], [0, 0, 0, 0]);
  assert.equal(await allocated(pulled.skuId), before - 10);

  const [rec] = await actionsOn(pulled.eventSkuId);
  assert.equal(rec.action, 'sale_event_sku_pulled');
  const onEvent = ok(await call('GET', `/api/v1/operator-actions?saleEventId=${ev.id}`, { token: tokens.operator })).items as { id: string }[];
  assert.ok(onEvent.some((a) => a.id === rec.id), 'the event\'s record holds the pull of its item');
  assert.equal(rec.reason, 'failed_quality_check');
  const item = (await tp.database.pool.query(`SELECT p.name || ' · ' || k.colour || ' · ' || k.size AS label FROM skus k JOIN products p ON p.id = k.product_id WHERE k.id = $1`, [pulled.skuId])).rows[0].label;
  assert.equal(rec.objectName, item, 'the item as product · colour · size');
  assert.deepEqual(rec.detail, { saleEventId: ev.id, skuId: pulled.skuId, returnedUnits: 8, heldUnits: 2 });

  const again = await call('POST', `/api/v1/sale-events/${ev.id}/skus/${pulled.eventSkuId}/pull`, { token: tokens.operator, body: { reason: '再来' } });
  assert.equal(again.status, 409);
  // A SKU of another event answers like a missing one.
  const foreign = await call('POST', `/api/v1/sale-events/${ev.id}/skus/${(await liveEvent(tp, brandB)).skus[0].eventSkuId}/pull`, { token: tokens.operator, body: { reason: 'x' } });
  assert.equal(foreign.status, 404);
});

// ---- disabling a login ----

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a disabled login's sessions end and logging in is refused with account_disabled (${lang}); enabled again it works`, async () => {
    const u = await newLogin('brand', 'brand-user-password', brandA.brandId);
    const r = ok(await call('POST', `/api/v1/users/${u.id}/disable`, { token: tokens.operator, body: { reason: '员工离职' } }));
    assert.ok(r.disabledAt);
    assert.equal(r.endedSessions, 1);
    assert.equal((await call('GET', '/api/v1/me', { token: u.token })).status, 401, 'its session ended');

    const refused = await call('POST', '/api/v1/auth/login', { body: { phone: u.phone, password: 'brand-user-password' }, lang });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'account_disabled');
    assert.equal(refused.body.title, lang === 'en' ? 'This account has been disabled by the platform; contact the operator' : '该账号已被平台停用，请联系运营');
    // Without the password nobody learns that the login exists and is disabled.
    const wrong = await call('POST', '/api/v1/auth/login', { body: { phone: u.phone, password: 'not-the-password' }, lang });
    assert.equal(wrong.body.code, 'invalid_credentials');

    ok(await call('POST', `/api/v1/users/${u.id}/enable`, { token: tokens.operator, body: { reason: '返聘' } }));
    ok(await login(u.phone, 'brand-user-password'));
    const recs = await actionsOn(u.id);
    assert.ok(recs.every((x: { objectName: string }) => x.objectName === u.name), 'the login by its name');
    assert.deepEqual(recs.map((x: { action: string; reason: string }) => [x.action, x.reason]), [['user_enabled', '返聘'], ['user_disabled', '员工离职']]);
  });
}

test('disabling: twice is a conflict, the operator cannot disable themself, a bad request changes nothing, and only the operator may', async () => {
  const u = await newLogin('brand', 'brand-user-password', brandA.brandId);
  ok(await call('POST', `/api/v1/users/${u.id}/disable`, { token: tokens.operator, body: { reason: '停用' } }));
  assert.equal((await call('POST', `/api/v1/users/${u.id}/disable`, { token: tokens.operator, body: { reason: '停用' } })).body.code, 'invalid_transition');
  const self = await call('POST', `/api/v1/users/${operatorId}/disable`, { token: tokens.operator, body: { reason: '试试' } });
  assert.equal(self.status, 403);

  const v = await newLogin('brand', 'another-password', brandA.brandId);
  const bad = await call('POST', `/api/v1/users/${v.id}/disable`, { token: tokens.operator, body: { reason: '' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'validation_failed');
  assert.equal((await call('GET', '/api/v1/me', { token: v.token })).status, 200, 'still logged in');

  for (const path of ['disable', 'enable', 'reset-password']) {
    assert.equal((await call('POST', `/api/v1/users/${v.id}/${path}`, { body: { reason: 'x' } })).status, 401);
    for (const token of [tokens.brandA, tokens.r1]) assert.equal((await call('POST', `/api/v1/users/${v.id}/${path}`, { token, body: { reason: 'x' } })).status, 403);
  }
  for (const token of [tokens.brandA, tokens.r1]) {
    assert.equal((await call('GET', '/api/v1/users', { token })).status, 403);
    assert.equal((await call('GET', '/api/v1/operator-actions', { token })).status, 403);
  }
  assert.equal((await call('GET', '/api/v1/operator-actions')).status, 401);
  assert.equal((await call('GET', '/api/v1/me', { token: v.token })).status, 200, 'still logged in after the refused calls');
});

test('the operator finds logins by phone or name', async () => {
  const u = await newLogin('brand', 'brand-user-password', brandB.brandId);
  const found = ok(await call('GET', `/api/v1/users?q=${u.phone}`, { token: tokens.operator }));
  assert.deepEqual(found.items.map((x: { id: string }) => x.id), [u.id]);
  assert.equal(found.items[0].disabledAt, null);
  const brands = ok(await call('GET', '/api/v1/users?role=reseller&limit=200', { token: tokens.operator }));
  assert.ok(brands.items.every((x: { role: string }) => x.role === 'reseller'));
});

// ---- disabling a reseller ----

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a disabled reseller's links take no orders (reseller_disabled, ${lang}); their paid orders go on; enabled again they sell`, async () => {
    const r = await reseller(tp, 100_000);
    const token = ok(await login(r.phone, r.password)).token;
    const ev = await liveEvent(tp, brandA, { quantity: 5 });
    const paid = await paidResellerOrder(token, ev.skus[0].eventSkuId);

    const off = ok(await call('POST', `/api/v1/resellers/${r.resellerId}/disable`, { token: tokens.operator, body: { reason: '违规售假' } }));
    assert.equal(off.status, 'suspended');
    for (const res of [
      await call('GET', `/api/v1/storefront/${r.shareCode}`, { lang }),
      await call('POST', `/api/v1/storefront/${r.shareCode}/orders`, { lang, key: `oc-${crypto.randomUUID()}`, body: { consumer: { name: '张三', phone: '13812345678', address: ADDRESS }, lines: [{ eventSkuId: ev.skus[1].eventSkuId, quantity: 1 }] } }),
    ]) {
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.code, 'reseller_disabled');
      assert.equal(res.body.title, lang === 'en' ? 'This shop is paused and is not taking orders right now' : '该店铺已暂停营业，暂不接受下单');
    }
    assert.equal((await pool(ev.skus[1].eventSkuId)).available, 5, 'nothing was held');
    assert.equal(await orderStatus(paid), 'paid');
    assert.equal(ok(await call('GET', `/api/v1/orders/${paid}`, { token })).status, 'paid', 'the reseller still sees their paid order');

    ok(await call('POST', `/api/v1/resellers/${r.resellerId}/enable`, { token: tokens.operator, body: { reason: '申诉通过' } }));
    ok(await storefrontOrder(r.shareCode, ev.skus[1].eventSkuId), 201);
    assert.deepEqual((await actionsOn(r.resellerId)).map((x: { action: string; objectName: string }) => [x.action, x.objectName]), [['reseller_enabled', '测试代购'], ['reseller_disabled', '测试代购']] /* the fixture's name */);
  });
}

test('a member who has not paid the fee (pending) or was removed is neither enabled nor disabled by the operator: their membership decides', async () => {
  for (const status of ['pending', 'removed'] as const) {
    const r = await reseller(tp);
    await tp.database.pool.query('UPDATE resellers SET status = $2 WHERE id = $1', [r.resellerId, status]);
    for (const path of ['enable', 'disable']) {
      const res = await call('POST', `/api/v1/resellers/${r.resellerId}/${path}`, { token: tokens.operator, body: { reason: '试试' } });
      assert.equal(res.body.code, 'invalid_transition', `${path} a ${status} reseller: ${JSON.stringify(res.body)}`);
      assert.match(res.body.detail, status === 'pending' ? /membership fee/ : /monthly review/);
    }
    assert.equal((await tp.database.pool.query('SELECT status FROM resellers WHERE id = $1', [r.resellerId])).rows[0].status, status, 'unchanged');
    assert.deepEqual(await actionsOn(r.resellerId), [], 'nothing recorded');
  }
});

test('only the operator disables resellers', async () => {
  for (const path of ['disable', 'enable']) {
    assert.equal((await call('POST', `/api/v1/resellers/${r2.resellerId}/${path}`, { body: { reason: 'x' } })).status, 401);
    for (const token of [tokens.brandA, tokens.r1, tokens.r2]) assert.equal((await call('POST', `/api/v1/resellers/${r2.resellerId}/${path}`, { token, body: { reason: 'x' } })).status, 403);
  }
  ok(await call('GET', `/api/v1/storefront/${r2.shareCode}`));
});

// ---- resetting a password ----

test('a password reset: a one-time temporary password, every session ends, and the user must change it before anything else', async () => {
  const r = await reseller(tp);
  const old = ok(await login(r.phone, r.password)).token;
  const userId = r.actor.kind === 'reseller' ? r.actor.userId : '';
  const reset = ok(await call('POST', `/api/v1/users/${userId}/reset-password`, { token: tokens.operator, body: { reason: '用户忘记密码，电话核实身份' } }));
  assert.match(reset.temporaryPassword, /^[A-Za-z2-9]{12}$/);
  assert.equal(reset.endedSessions, 1);
  assert.equal(reset.user.mustChangePassword, true);
  assert.equal((await call('GET', '/api/v1/me', { token: old })).status, 401, 'the old session ended');
  assert.equal((await login(r.phone, r.password)).body.code, 'invalid_credentials', 'the old password is gone');
  assert.equal(JSON.stringify(await actionsOn(userId)).includes(reset.temporaryPassword), false, 'the record never holds the password');

  const first = ok(await login(r.phone, reset.temporaryPassword));
  assert.equal(first.user.mustChangePassword, true);
  const me = ok(await call('GET', '/api/v1/me', { token: first.token }));
  assert.equal(me.mustChangePassword, true);
  for (const lang of ['zh-CN', 'en'] as const) {
    const blocked = await call('GET', '/api/v1/reseller/me', { token: first.token, lang });
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    assert.equal(blocked.body.title, lang === 'en' ? 'Your password was reset: choose a new password before anything else' : '您的密码已被重置，请先设置新密码');
  }
  ok(await call('POST', '/api/v1/me/password', { token: first.token, body: { currentPassword: reset.temporaryPassword, newPassword: 'my-own-password' } }));
  assert.equal(ok(await call('GET', '/api/v1/me', { token: first.token })).mustChangePassword, false);
  ok(await call('GET', '/api/v1/reseller/me', { token: first.token }));
  assert.equal(ok(await login(r.phone, 'my-own-password')).user.mustChangePassword, false);

  const [rec] = await actionsOn(userId);
  assert.deepEqual([rec.action, rec.reason, rec.actorUserId, rec.detail], ['password_reset', '用户忘记密码，电话核实身份', operatorId, { endedSessions: 1 }]);
});

// ---- wallets and payables from the ledger ----

test('the operator sees a reseller’s wallet: its balance and the ledger lines behind it, paged', async () => {
  const r = await reseller(tp, 30_000);
  const token = ok(await login(r.phone, r.password)).token;
  const ev = await liveEvent(tp, brandA, { quantity: 5 });
  await paidResellerOrder(token, ev.skus[0].eventSkuId);
  const w = ok(await call('GET', `/api/v1/resellers/${r.resellerId}/wallet`, { token: tokens.operator }));
  const me = ok(await call('GET', '/api/v1/reseller/me', { token }));
  assert.equal(w.walletBalance, me.wallet, 'the same balance the reseller sees');
  assert.ok(w.walletBalance < 30_000 && w.walletBalance > 0);
  const walletLines = w.items.filter((i: { account: string }) => i.account === 'reseller_wallet');
  assert.equal(walletLines.reduce((a: number, i: { amount: number }) => a + i.amount, 0), w.walletBalance, 'the lines explain the balance');
  assert.equal(w.accounts.find((a: { account: string }) => a.account === 'reseller_wallet').balance, w.walletBalance);

  const p1 = ok(await call('GET', `/api/v1/resellers/${r.resellerId}/wallet?limit=1`, { token: tokens.operator }));
  assert.equal(p1.items.length, 1);
  assert.ok(p1.nextCursor);
  const p2 = ok(await call('GET', `/api/v1/resellers/${r.resellerId}/wallet?limit=1&cursor=${p1.nextCursor}`, { token: tokens.operator }));
  assert.notEqual(p2.items[0].lineId, p1.items[0].lineId);
  assert.deepEqual([...p1.items, ...p2.items].map((i: { lineId: string }) => i.lineId), w.items.slice(0, 2).map((i: { lineId: string }) => i.lineId));

  // Their own wallet is theirs to see; nobody else's.
  ok(await call('GET', `/api/v1/resellers/${r.resellerId}/wallet`, { token }));
  const foreign = await call('GET', `/api/v1/resellers/${r1.resellerId}/wallet`, { token });
  assert.equal(foreign.status, 404);
  assert.equal((await call('GET', `/api/v1/resellers/${r.resellerId}/wallet`, { token: tokens.brandA })).status, 403);
  assert.equal((await call('GET', `/api/v1/resellers/${r.resellerId}/wallet`)).status, 401);
  assert.equal((await call('GET', `/api/v1/resellers/${r.resellerId}/wallet?limit=0`, { token: tokens.operator })).body.code, 'validation_failed');
});

test('the operator sees a brand’s payable; a brand sees only its own; a reseller none', async () => {
  const ev = await liveEvent(tp, brandB, { quantity: 5 });
  await paidResellerOrder(tokens.r1, ev.skus[0].eventSkuId);
  const p = ok(await call('GET', `/api/v1/brands/${brandB.brandId}/payable`, { token: tokens.operator }));
  const statement = ok(await call('GET', `/api/v1/brands/${brandB.brandId}/statement`, { token: tokens.operator }));
  assert.ok(p.payable > 0);
  assert.equal(p.payable, statement.accounts.find((a: { account: string }) => a.account === 'brand_payable').balance);
  assert.equal(p.items.filter((i: { account: string }) => i.account === 'brand_payable').reduce((a: number, i: { amount: number }) => a + i.amount, 0), p.payable);
  assert.ok(p.items.every((i: { causeType: string; kind: string }) => i.causeType && i.kind));
  // An order's line names the order by the number people read (订单号), not its id.
  const orderLines = p.items.filter((i: { causeType: string }) => i.causeType === 'order') as { causeId: string; causeNo: string }[];
  assert.ok(orderLines.length > 0);
  for (const l of orderLines) {
    const [{ order_no: no }] = (await tp.database.pool.query('SELECT order_no FROM orders WHERE id = $1', [l.causeId])).rows;
    assert.equal(l.causeNo, no);
  }

  assert.equal(ok(await call('GET', `/api/v1/brands/${brandB.brandId}/payable`, { token: tokens.brandB })).payable, p.payable);
  const foreign = await call('GET', `/api/v1/brands/${brandB.brandId}/payable`, { token: tokens.brandA });
  assert.equal(foreign.status, 404, 'brand A cannot see brand B’s payable');
  assert.equal((await call('GET', `/api/v1/brands/${brandB.brandId}/payable`, { token: tokens.r1 })).status, 403);
  assert.equal((await call('GET', `/api/v1/brands/${brandB.brandId}/payable`)).status, 401);
});

// ---- searching payments ----

test('the operator lists and finds payments by order id or number, payment, charge and gateway reference, status and dates', async () => {
  const ev = await liveEvent(tp, brandA, { quantity: 5 });
  const placed = ok(await storefrontOrder(r2.shareCode, ev.skus[0].eventSkuId, 1, '13812349999'), 201);
  const orderId = placed.order.id;
  const payUrl = placed.order.payment.payUrl as string;
  const find = async (qs: string) => ok(await call('GET', `/api/v1/payments?${qs}`, { token: tokens.operator })).items as any[];

  const [byOrder] = await find(`q=${orderId}`);
  assert.equal(byOrder.orderId, orderId);
  assert.equal(byOrder.status, 'requires_payment');
  assert.equal(byOrder.amount, placed.order.amountDue);
  const chargeId = byOrder.charges[0].id;
  const orderNo = (await tp.database.pool.query('SELECT order_no FROM orders WHERE id = $1', [orderId])).rows[0].order_no;
  assert.equal(byOrder.orderNo, orderNo);
  for (const q of [orderNo, byOrder.id, chargeId]) assert.deepEqual((await find(`q=${q}`)).map((i) => i.id), [byOrder.id], `found by ${q}`);

  await payOnGateway(tp, payUrl);
  const [paid] = await find(`q=${orderId}`);
  assert.equal(paid.status, 'succeeded');
  const providerRef = paid.charges[0].providerRef;
  assert.ok(providerRef);
  assert.deepEqual((await find(`q=${providerRef}`)).map((i) => i.id), [paid.id]);
  assert.ok((await find('status=succeeded&limit=200')).every((i) => i.status === 'succeeded'));
  assert.ok((await find('status=requires_payment&limit=200')).every((i) => i.id !== paid.id));
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  const inAnHour = new Date(Date.now() + 3600_000).toISOString();
  assert.ok((await find(`from=${encodeURIComponent(hourAgo)}&to=${encodeURIComponent(inAnHour)}&limit=200`)).some((i) => i.id === paid.id));
  assert.deepEqual(await find(`from=${encodeURIComponent(inAnHour)}`), []);
  assert.deepEqual(await find('q=nothing-like-this'), []);

  // Newest first by when each began, not by id: a payment imported or backdated (the demo's
  // history) has a new id and an old time. Paged one at a time, every payment comes once, in time order.
  const older = ok(await storefrontOrder(r2.shareCode, ev.skus[0].eventSkuId, 1, '13812349998'), 201);
  await tp.database.pool.query(`UPDATE payment_intents SET created_at = now() - interval '2 days' WHERE order_id = $1`, [older.order.id]);
  const walked: { id: string; createdAt: string }[] = [];
  for (let cursor: string | null = '', n = 0; cursor !== null && n < 500; n++) {
    const page = ok(await call('GET', `/api/v1/payments?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tokens.operator }));
    walked.push(...page.items);
    cursor = page.nextCursor;
  }
  const total = (await tp.database.pool.query('SELECT count(*)::int AS n FROM payment_intents')).rows[0].n;
  assert.equal(new Set(walked.map((i) => i.id)).size, total, 'every payment once');
  assert.equal(walked.length, total);
  for (let i = 1; i < walked.length; i++) assert.ok(walked[i - 1].createdAt >= walked[i].createdAt, `in time order at ${i}`);
  const at = (id: string) => walked.findIndex((i) => (i as unknown as { orderId: string }).orderId === id);
  assert.ok(at(older.order.id) > at(orderId), 'the backdated payment comes after the older-id one made today');

  const badDates = await call('GET', `/api/v1/payments?from=${encodeURIComponent(inAnHour)}&to=${encodeURIComponent(hourAgo)}`, { token: tokens.operator, lang: 'en' });
  assert.equal(badDates.status, 400);
  assert.equal(badDates.body.code, 'validation_failed');
  assert.equal((await call('GET', '/api/v1/payments?from=yesterday', { token: tokens.operator })).status, 400);
  assert.equal((await call('GET', '/api/v1/payments?status=maybe', { token: tokens.operator })).status, 400);
  for (const token of [tokens.brandA, tokens.r1]) assert.equal((await call('GET', '/api/v1/payments', { token })).status, 403);
  assert.equal((await call('GET', '/api/v1/payments')).status, 401);
});
