// The authorisation matrix over HTTP. Who may call each /api/v1 route (the expected policy below,
// checked against the API document so a new route without an entry fails); that no brand or
// reseller can reach another party's objects, a foreign id answering exactly like a missing one;
// what each role may not do even with a well-formed request; and when a session stops working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { flushViews } from '../src/modules/sharing/index.ts';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, lotCsv, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { createSaleEvent, type SaleEventView } from '../src/modules/sale-events/index.ts';

type Role = 'operator' | 'brand' | 'reseller';
const ROLES: readonly Role[] = ['operator', 'brand', 'reseller'];
const ANY_ROLE: readonly Role[] = ROLES;

/**
 * The expected policy: who may call each route. 'public' routes answer callers without an
 * account (consumers behind a shared link, the payment gateway, logging in).
 */
const POLICY: Record<string, 'public' | readonly Role[]> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': ANY_ROLE,
  'GET /api/v1/me': ANY_ROLE,
  // my account, and the operator's view of logins (logins.http.test.ts)
  'GET /api/v1/me/account': ANY_ROLE,
  'GET /api/v1/me/sessions': ANY_ROLE,
  'DELETE /api/v1/me/sessions/{sessionId}': ANY_ROLE,
  'POST /api/v1/me/sessions/revoke-others': ANY_ROLE,
  'POST /api/v1/me/password': ANY_ROLE,
  'GET /api/v1/me/logins': ANY_ROLE,
  'GET /api/v1/login-records': ['operator'],
  'GET /api/v1/login-locks': ['operator'],
  'POST /api/v1/login-locks/clear': ['operator'],
  'GET /api/v1/account-audit': ['operator'],

  'GET /api/v1/brands': ['operator', 'brand'],
  'POST /api/v1/brands': ['operator'],
  'GET /api/v1/brands/{brandId}': ['operator', 'brand'],
  'POST /api/v1/brands/{brandId}/contracts': ['operator'],
  'GET /api/v1/brands/{brandId}/statement': ['operator', 'brand'],
  'POST /api/v1/brands/{brandId}/lots': ['operator', 'brand'],
  'GET /api/v1/brands/{brandId}/lots': ['operator', 'brand'],
  'GET /api/v1/brands/{brandId}/products': ['operator', 'brand'],
  'POST /api/v1/brands/{brandId}/images': ['operator', 'brand'],

  'GET /api/v1/sale-events': ['operator', 'brand'],
  'POST /api/v1/sale-events': ['operator'],
  'GET /api/v1/sale-events/{saleEventId}': ['operator', 'brand'],
  'POST /api/v1/sale-events/{saleEventId}/schedule': ['operator'],
  'POST /api/v1/sale-events/{saleEventId}/unschedule': ['operator'],
  'POST /api/v1/sale-events/{saleEventId}/close': ['operator'],
  'PATCH /api/v1/sale-events/{saleEventId}': ['operator'],

  'GET /api/v1/resellers': ['operator'],
  'POST /api/v1/resellers': ['operator'],
  'GET /api/v1/resellers/{resellerId}': ['operator'],

  'GET /api/v1/reseller/me': ['reseller'],
  'GET /api/v1/reseller/customers': ['reseller'],
  'POST /api/v1/reseller/customers': ['reseller'],
  'GET /api/v1/reseller/customers/{customerId}': ['reseller'],
  'PATCH /api/v1/reseller/customers/{customerId}': ['reseller'],
  'DELETE /api/v1/reseller/customers/{customerId}': ['reseller'],
  'GET /api/v1/reseller/sale-events': ['operator', 'reseller'],
  'GET /api/v1/reseller/sale-events/{saleEventId}': ['operator', 'reseller'],
  'PUT /api/v1/reseller/sale-events/{saleEventId}/prices': ['reseller'],
  'POST /api/v1/reseller/wallet/topups': ['reseller'],
  'GET /api/v1/reseller/wallet/topups/{topupId}': ['reseller'],
  'POST /api/v1/reseller/orders': ['reseller'],
  'POST /api/v1/reseller/paste-order': ['reseller'],

  // sharing: a reseller's links and visitors; what a link opens, and the storefront's view records
  'POST /api/v1/reseller/share-links': ['reseller'],
  'GET /api/v1/reseller/share-links': ['reseller'],
  'GET /api/v1/reseller/share-links/{linkCode}/poster.png': ['reseller'],
  'GET /api/v1/reseller/visitors': ['reseller'],
  'GET /api/v1/reseller/dashboard': ['reseller'],
  'GET /api/v1/reseller/buyers': ['reseller'],
  'GET /api/v1/reseller/buyer-photos': ['reseller'],
  'GET /api/v1/sale-events/{saleEventId}/materials': ['operator', 'brand', 'reseller'],
  'POST /api/v1/sale-events/{saleEventId}/materials': ['operator', 'brand'],
  'DELETE /api/v1/sale-events/{saleEventId}/materials/{materialId}': ['operator', 'brand'],
  'GET /api/v1/storefront/orders/{orderId}/photos': 'public',
  'POST /api/v1/storefront/orders/{orderId}/photos': 'public',
  'GET /api/v1/sale-events/{saleEventId}/battle-report': ['operator', 'brand', 'reseller'],
  'GET /api/v1/sale-events/{saleEventId}/battle-report.png': ['operator', 'brand', 'reseller'],
  'GET /api/v1/storefront/{shareCode}/links/{linkCode}': 'public',
  'POST /api/v1/storefront/{shareCode}/views': 'public',

  // flash sales
  'POST /api/v1/sale-events/{saleEventId}/flash-items': ['operator'],
  'GET /api/v1/sale-events/{saleEventId}/flash-items': ['operator', 'brand'],
  'GET /api/v1/reseller/flash-items': ['operator', 'reseller'],
  'GET /api/v1/flash-items': ['operator'],
  'GET /api/v1/storefront/{shareCode}/flash-items': 'public',
  'POST /api/v1/storefront/{shareCode}/flash-items/{flashItemId}/orders': 'public',

  // group buys and presales
  'POST /api/v1/group-buy-offers': ['operator'],
  'GET /api/v1/group-buy-offers': ['operator', 'brand'],
  'GET /api/v1/group-buys': ['operator'],
  'GET /api/v1/reseller/group-buys': ['operator', 'reseller'],
  'GET /api/v1/storefront/{shareCode}/group-buy-offers': 'public',
  'GET /api/v1/storefront/{shareCode}/group-buy-offers/{offerId}': 'public',
  'POST /api/v1/storefront/{shareCode}/group-buy-offers/{offerId}/groups': 'public',
  'GET /api/v1/storefront/{shareCode}/groups/{groupId}': 'public',
  'POST /api/v1/storefront/{shareCode}/groups/{groupId}/join': 'public',
  'POST /api/v1/presales': ['operator'],
  'GET /api/v1/presales': ['operator', 'brand'],
  'GET /api/v1/presales/{presaleId}': ['operator', 'brand'],
  'GET /api/v1/production-orders': ['operator', 'brand'],
  'POST /api/v1/production-orders/{productionOrderId}/acknowledge': ['brand'],
  'GET /api/v1/storefront/{shareCode}/sale-events/{saleEventId}/presale': 'public',

  'GET /api/v1/orders': ANY_ROLE,
  'GET /api/v1/orders/{orderId}': ANY_ROLE,
  // every order of a filter, not a page (exports.http.test.ts)
  'GET /api/v1/orders/summary': ANY_ROLE,
  'GET /api/v1/orders/pick-list': ['operator', 'brand'],
  'GET /api/v1/orders/pick-list.csv': ['operator', 'brand'],
  'GET /api/v1/orders/export.csv': ['operator', 'brand'],
  'POST /api/v1/orders/{orderId}/cancel': ['operator', 'reseller'],

  'GET /api/v1/ledger/audit': ['operator'],
  'GET /api/v1/refunds': ['operator'],
  'GET /api/v1/payments/reconciliations': ['operator'],
  'POST /api/v1/payments/reconciliations': ['operator'],

  'GET /api/v1/analytics/overview': ['operator'],
  'GET /api/v1/analytics/sale-events/{saleEventId}/sell-through': ['operator', 'brand'],
  'GET /api/v1/reseller/today': ['reseller'],

  'GET /api/v1/storefront/{shareCode}': 'public',
  'GET /api/v1/storefront/{shareCode}/sale-events/{saleEventId}': 'public',
  'POST /api/v1/storefront/{shareCode}/orders': 'public',
  'GET /api/v1/storefront/orders/{orderId}': 'public',
  'POST /api/v1/storefront/{shareCode}/orders/{orderId}/pay': 'public',
  'POST /api/v1/payments/notify/{provider}': 'public',

  // promotions
  'GET /api/v1/coupons': ['operator', 'brand'],
  'POST /api/v1/coupons': ['operator'],
  'POST /api/v1/coupons/{couponId}/status': ['operator'],
  'GET /api/v1/reseller/red-packets': ['reseller'],
  'POST /api/v1/reseller/red-packets': ['reseller'],
  'POST /api/v1/reseller/red-packets/{batchId}/gift': ['reseller'],
  'POST /api/v1/storefront/{shareCode}/quote': 'public',
  'POST /api/v1/storefront/{shareCode}/coupons': 'public',

  // addresses (addresses.http.test.ts)
  'GET /api/v1/divisions': 'public',
  'GET /api/v1/divisions/{code}': 'public',
  // the carrier's signed tracking notifications (carriers.test.ts)
  'POST /api/v1/carriers/{carrier}/notify': 'public',

  // payouts (payouts.test.ts)
  'GET /api/v1/me/payout-accounts': ['brand', 'reseller'],
  'POST /api/v1/me/payout-accounts': ['brand', 'reseller'],
  'DELETE /api/v1/me/payout-accounts/{accountId}': ['brand', 'reseller'],
  'POST /api/v1/me/payout-accounts/{accountId}/default': ['brand', 'reseller'],
  'GET /api/v1/payout-accounts': ['operator'],
  'GET /api/v1/payouts': ['operator'],
  'GET /api/v1/payouts/{payoutId}': ['operator'],
  'GET /api/v1/payouts/reconciliations': ['operator'],
  'POST /api/v1/payouts/reconciliations': ['operator'],
  'GET /api/v1/payouts/reconciliations/{reconciliationId}': ['operator'],
  'GET /api/v1/payouts/reconciliations/{reconciliationId}/differences.csv': ['operator'],
  'POST /api/v1/payouts/notify/{provider}': 'public',
  // fulfilment (fulfilment.http.test.ts): the operator issues, receives, sorts, packs and hands over; brands confirm and drop-ship their own
  'POST /api/v1/purchase-orders/issue': ['operator'],
  'GET /api/v1/purchase-orders': ['operator', 'brand'],
  'GET /api/v1/purchase-orders/{id}': ['operator', 'brand'],
  'GET /api/v1/purchase-orders/{id}/export.csv': ['operator', 'brand'],
  'GET /api/v1/purchase-orders/{id}/export.pdf': ['operator', 'brand'],
  'GET /api/v1/warehouse/waves/{id}/labels.pdf': ['operator'],
  'GET /api/v1/warehouse/parcels/{id}/label.pdf': ['operator', 'brand'],
  'POST /api/v1/purchase-orders/{id}/confirm': ['brand'],
  'POST /api/v1/purchase-orders/{id}/scans': ['operator'],
  'POST /api/v1/purchase-orders/{id}/close': ['operator'],
  'POST /api/v1/purchase-orders/{id}/drop-ship': ['brand'],
  'POST /api/v1/warehouse/waves': ['operator'],
  'GET /api/v1/warehouse/waves': ['operator'],
  'GET /api/v1/warehouse/waves/{id}': ['operator'],
  'POST /api/v1/warehouse/parcels/{id}/pack': ['operator'],
  'POST /api/v1/warehouse/hand-over': ['operator'],
  'GET /api/v1/orders/{id}/parcels': ['operator', 'brand', 'reseller'],
  // after-sales (fulfilment.http.test.ts): resellers ask for their customers, consumers by their order link, the operator decides and inspects
  'POST /api/v1/orders/{id}/returns': ['reseller', 'operator'],
  'GET /api/v1/orders/{id}/returns': ['operator', 'brand', 'reseller'],
  'POST /api/v1/storefront/orders/{id}/returns': 'public',
  'GET /api/v1/storefront/orders/{id}/returns': 'public',
  'POST /api/v1/storefront/orders/{id}/returns/{returnId}/withdraw': 'public',
  'GET /api/v1/storefront/orders/{id}/parcels': 'public',
  'GET /api/v1/returns': ['operator', 'brand', 'reseller'],
  'GET /api/v1/returns/rates': ['operator', 'brand'],
  'GET /api/v1/returns/{id}': ['operator', 'brand', 'reseller'],
  'POST /api/v1/returns/{id}/approve': ['operator'],
  'POST /api/v1/returns/{id}/reject': ['operator'],
  'POST /api/v1/returns/{id}/inspect': ['operator'],
  'POST /api/v1/returns/{id}/withdraw': ['reseller'],
  'POST /api/v1/addresses/parse': 'public',
  'POST /api/v1/storefront/addresses': 'public',
  'POST /api/v1/storefront/addresses/search': 'public',
  'DELETE /api/v1/storefront/addresses/{addressId}': 'public',

  // unpaid holds (hoarding.http.test.ts)
  'GET /api/v1/reseller/holds': ['reseller'],
  'GET /api/v1/holds/holders': ['operator'],
  'POST /api/v1/holds/release': ['operator', 'reseller'],
  'GET /api/v1/holds/releases': ['operator'],

  // the operator's controls and their record (operator-controls.http.test.ts)
  'GET /api/v1/users': ['operator'],
  'GET /api/v1/users/{userId}': ['operator'],
  'POST /api/v1/users/{userId}/disable': ['operator'],
  'POST /api/v1/users/{userId}/enable': ['operator'],
  'POST /api/v1/users/{userId}/reset-password': ['operator'],
  'GET /api/v1/operator-actions': ['operator'],
  'POST /api/v1/sale-events/{saleEventId}/end-early': ['operator'],
  'POST /api/v1/sale-events/{saleEventId}/skus/{eventSkuId}/pull': ['operator'],
  'POST /api/v1/resellers/{resellerId}/disable': ['operator'],
  'POST /api/v1/resellers/{resellerId}/enable': ['operator'],
  'GET /api/v1/resellers/{resellerId}/wallet': ['operator', 'reseller'],
  'GET /api/v1/brands/{brandId}/payable': ['operator', 'brand'],
  'GET /api/v1/payments': ['operator'],

  // membership (settlement.http.test.ts): joining is public; my membership, team, balance and withdrawals the reseller's own
  'GET /api/v1/join/invitation': 'public',
  'POST /api/v1/join': 'public',
  'GET /api/v1/me/membership': ['reseller'],
  'POST /api/v1/me/membership/renew': ['reseller'],
  'POST /api/v1/me/membership/level': ['reseller'],
  'GET /api/v1/me/team': ['reseller'],
  'GET /api/v1/members': ['operator'],
  'GET /api/v1/members/{resellerId}': ['operator'],
  'GET /api/v1/membership/policy': ['operator'],
  'PUT /api/v1/membership/policy': ['operator'],
  'GET /api/v1/membership/invite-codes': ['operator'],
  'POST /api/v1/membership/invite-codes': ['operator'],
  'POST /api/v1/membership/levels/recompute': ['operator'],
  'GET /api/v1/membership/reviews': ['operator'],
  'POST /api/v1/membership/reviews': ['operator'],
  'GET /api/v1/membership/reviews/{reviewId}': ['operator'],
  'POST /api/v1/membership/reviews/{reviewId}/confirm': ['operator'],
  // settlement: balances, withdrawals, brand statements and their payouts
  'GET /api/v1/me/balance': ['reseller'],
  'GET /api/v1/me/rewards': ['reseller'],
  'POST /api/v1/me/withdrawals': ['reseller'],
  'GET /api/v1/me/withdrawals': ['reseller'],
  'POST /api/v1/me/withdrawals/{withdrawalId}/cancel': ['reseller'],
  'GET /api/v1/resellers/{resellerId}/balance': ['operator'],
  'GET /api/v1/withdrawals': ['operator'],
  'GET /api/v1/withdrawals/{withdrawalId}': ['operator', 'reseller'],
  'POST /api/v1/withdrawals/approve': ['operator'],
  'POST /api/v1/withdrawals/{withdrawalId}/reject': ['operator'],
  'GET /api/v1/brand-statements': ['operator', 'brand'],
  'GET /api/v1/brand-statements.csv': ['operator', 'brand'],
  'POST /api/v1/brand-statements/close': ['operator'],
  'GET /api/v1/brand-statements/{statementId}': ['operator', 'brand'],
  'GET /api/v1/brand-statements/{statementId}/pdf': ['operator', 'brand'],
  'POST /api/v1/brand-statements/{statementId}/pay': ['operator'],
  'GET /api/v1/sale-events/{saleEventId}/statement': ['operator', 'brand'],
  'GET /api/v1/sale-events/{saleEventId}/statement.csv': ['operator', 'brand'],
  'GET /api/v1/sale-events/{saleEventId}/statement.pdf': ['operator', 'brand'],
  'POST /api/v1/settlement/run': ['operator'],
};

/** A syntactically valid id that names nothing: prefix, underscore, 26 lowercase alphanumerics. */
function missingId(prefix: string): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return `${prefix}_01j${[...crypto.randomBytes(23)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

const PATH_PARAMS: Record<string, () => string> = {
  brandId: () => missingId('brd'),
  saleEventId: () => missingId('evt'),
  orderId: () => missingId('ord'),
  customerId: () => missingId('cus'),
  resellerId: () => missingId('rsl'),
  topupId: () => missingId('top'),
  shareCode: () => 'zz99zz99',
  provider: () => 'sandbox',
  couponId: () => missingId('cpn'), // promotions
  batchId: () => missingId('rpb'), // promotions
  offerId: () => missingId('gbo'), // group buys and presales
  groupId: () => missingId('grp'),
  returnId: () => missingId('ret'), // after-sales
  presaleId: () => missingId('pre'),
  productionOrderId: () => missingId('pro'),
  flashItemId: () => missingId('fls'), // flash sales
  sessionId: () => missingId('ses'), // my sessions
  id: () => missingId('ord'), // purchase orders, waves, parcels, returns, an order's parcels and returns (any well-formed id)
  carrier: () => 'sandbox',
  code: () => '310000', // divisions
  addressId: () => missingId('adr'), // saved addresses
  userId: () => missingId('usr'), // operator controls
  eventSkuId: () => missingId('esk'),
  accountId: () => missingId('pac'), // payout accounts
  payoutId: () => missingId('pyo'),
  reconciliationId: () => missingId('rec'),
  reviewId: () => missingId('rvw'), // membership reviews
  withdrawalId: () => missingId('wdr'),
  statementId: () => missingId('bst'), // brand statements
  linkCode: () => 'Zz9Zz9Zz9Z', // share links
  materialId: () => missingId('mat'),
};

function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const make = PATH_PARAMS[name];
    assert.ok(make, `no sample value for the path parameter {${name}}: add one to PATH_PARAMS`);
    return make();
  });
}

// A body that cannot be parsed: the route check must answer before the body is even read, and a
// caller who passes the check gets a 400 without anything being changed.
const UNPARSABLE = '{"this is": not json';

let tp: TestPlatform;

interface Res { status: number; body: any; headers: Record<string, unknown> }

async function call(method: string, url: string, opts: { token?: string; cookie?: string; authorization?: string; body?: unknown; raw?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  if (opts.cookie) headers.cookie = `st_session=${opts.cookie}`;
  let payload: string | Buffer | undefined;
  if (opts.raw !== undefined) { payload = opts.raw; headers['content-type'] = opts.contentType ?? 'application/json'; }
  else if (opts.body !== undefined) { payload = JSON.stringify(opts.body); headers['content-type'] = 'application/json'; }
  const res = await tp.app.inject({ method: method as 'GET', url, headers, payload });
  let body: unknown;
  try { body = res.body ? JSON.parse(res.body) : undefined; } catch { body = res.body; }
  return { status: res.statusCode, body, headers: res.headers };
}

async function login(phone: string, password: string): Promise<string> {
  const r = await call('POST', '/api/v1/auth/login', { body: { phone, password } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

async function newLogin(role: Role, password: string, scope: { brandId?: string } = {}): Promise<{ phone: string; token: string }> {
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role, phone, name: `${role} user`, password, ...scope });
  return { phone, token: await login(phone, password) };
}

const withoutInstance = (body: Record<string, unknown>) => { const { instance: _i, ...rest } = body; return rest; };

/** A foreign object must answer exactly like a missing one: same status, same body but the path. */
function assertLikeMissing(foreign: Res, missing: Res, what: string): void {
  assert.equal(missing.status, 404, `${what}: a missing id answers 404 (${JSON.stringify(missing.body)})`);
  assert.equal(foreign.status, 404, `${what}: answered ${foreign.status} ${JSON.stringify(foreign.body)}`);
  assert.deepEqual(withoutInstance(foreign.body), withoutInstance(missing.body), `${what}: the body differs from a missing id's`);
  assert.equal(foreign.headers['content-type'], missing.headers['content-type']);
}

function assertRefused(r: Res, status: 401 | 403, what: string): void {
  const code = status === 401 ? 'unauthenticated' : 'forbidden';
  assert.equal(r.status, status, `${what}: expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  if (r.body !== undefined) assert.equal(r.body.code, code, what);
}

const passedRouteCheck = (r: Res) => !(r.status === 401 && r.body?.code === 'unauthenticated') && !(r.status === 403 && r.body?.code === 'forbidden');

// ---- the world: an operator, brands A and B with logins and live events, resellers R1 and R2 ----

const tokens = {} as Record<'operator' | 'brandA' | 'brandB' | 'r1' | 'r2', string>;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let eventA: SaleEventView;
let eventB: SaleEventView;
let draftA: SaleEventView;
let r1: ResellerFixture;
let r2: ResellerFixture;
const ids = {} as Record<'customerR1' | 'customerR2' | 'orderR1' | 'orderR2' | 'mixedOrderR1' | 'storefrontOrder' | 'topupR2', string>;
let lookupToken: string;

// Personal data that must never reach a brand.
const R1_CUSTOMER = { name: '王小姐', phone: '13911110001' };
const R2_CUSTOMER = { name: '陈先生', phone: '13922220002' };
const MIXED_CONSUMER = { name: '刘女士', phone: '13933330003' };
const SHOP_CONSUMER = { name: '赵女士', phone: '13744440004' };
const PERSONAL = [R1_CUSTOMER, R2_CUSTOMER, MIXED_CONSUMER, SHOP_CONSUMER].flatMap((c) => [c.name, c.phone]).concat(ADDRESS.detail);

const esk = (ev: SaleEventView, i = 0) => ev.skus[i].eventSkuId;

before(async () => {
  tp = await testPlatform();
  tokens.operator = (await newLogin('operator', 'operator-password')).token;

  brandA = await brandWithLot(tp);
  brandB = await brandWithLot(tp);
  tokens.brandA = (await newLogin('brand', 'brand-a-password', { brandId: brandA.brandId })).token;
  tokens.brandB = (await newLogin('brand', 'brand-b-password', { brandId: brandB.brandId })).token;
  eventA = await liveEvent(tp, brandA);
  eventB = await liveEvent(tp, brandB);
  draftA = await createSaleEvent(tp.ctx(), {
    brandId: brandA.brandId, title: '未公开的档期', startsAt: new Date(Date.now() + 3 * 86400_000), endsAt: new Date(Date.now() + 5 * 86400_000),
    markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items: [{ skuId: brandA.skuIds[0], quantity: 1 }],
  });

  r1 = await reseller(tp, 200_000);
  r2 = await reseller(tp, 200_000);
  tokens.r1 = await login(r1.phone, r1.password);
  tokens.r2 = await login(r2.phone, r2.password);

  const customer = async (token: string, c: { name: string; phone: string }) => {
    const r = await call('POST', '/api/v1/reseller/customers', { token, body: { ...c, ...ADDRESS } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };
  ids.customerR1 = await customer(tokens.r1, R1_CUSTOMER);
  ids.customerR2 = await customer(tokens.r2, R2_CUSTOMER);

  const order = async (token: string, body: unknown) => {
    const r = await call('POST', '/api/v1/reseller/orders', { token, body, headers: { 'idempotency-key': `authz-${crypto.randomUUID()}` } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };
  ids.orderR1 = await order(tokens.r1, { customerId: ids.customerR1, lines: [{ eventSkuId: esk(eventA), quantity: 1 }], payWith: 'wallet' });
  ids.orderR2 = await order(tokens.r2, { customerId: ids.customerR2, lines: [{ eventSkuId: esk(eventB), quantity: 1 }], payWith: 'wallet' });
  ids.mixedOrderR1 = await order(tokens.r1, {
    consumer: { ...MIXED_CONSUMER, address: ADDRESS }, lines: [{ eventSkuId: esk(eventA, 1), quantity: 1 }, { eventSkuId: esk(eventB, 1), quantity: 2 }], payWith: 'wallet',
  });

  const sf = await call('POST', `/api/v1/storefront/${r1.shareCode}/orders`, {
    body: { consumer: { ...SHOP_CONSUMER, address: ADDRESS }, lines: [{ eventSkuId: esk(eventA, 2), quantity: 1 }] },
    headers: { 'idempotency-key': `authz-sf-${crypto.randomUUID()}` },
  });
  assert.equal(sf.status, 201, JSON.stringify(sf.body));
  ids.storefrontOrder = sf.body.order.id;
  lookupToken = sf.body.lookupToken;

  const top = await call('POST', '/api/v1/reseller/wallet/topups', { token: tokens.r2, body: { amount: 10_000 }, headers: { 'idempotency-key': `authz-top-${crypto.randomUUID()}` } });
  assert.equal(top.status, 201, JSON.stringify(top.body));
  ids.topupR2 = top.body.id;
});

after(async () => { await tp?.close(); });

/** The token the matrix uses for each role: the operator, brand A's user, reseller R1. */
const matrixToken = (role: Role) => ({ operator: tokens.operator, brand: tokens.brandA, reseller: tokens.r1 })[role];

// ---- 1. the route matrix ----

test('the expected policy names every /api/v1 route in the API document, and only those', async () => {
  const doc = await call('GET', '/api/openapi.json');
  assert.equal(doc.status, 200);
  const documented: string[] = [];
  for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of Object.keys(ops)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) documented.push(`${method.toUpperCase()} ${path}`);
    }
  }
  assert.ok(documented.length >= 40, `only ${documented.length} routes documented`);
  const missing = documented.filter((r) => !(r in POLICY)).sort();
  const stale = Object.keys(POLICY).filter((r) => !documented.includes(r)).sort();
  assert.deepEqual(missing, [], `routes without an entry in the expected policy: ${missing.join(', ')}`);
  assert.deepEqual(stale, [], `policy entries for routes that do not exist: ${stale.join(', ')}`);
});

for (const [route, allowed] of Object.entries(POLICY)) {
  const [method, path] = route.split(' ');
  const denied = allowed === 'public' ? [] : ROLES.filter((r) => !allowed.includes(r));
  const title = allowed === 'public'
    ? `${route} is public: nobody is asked to log in`
    : `${route} is for ${allowed.join(' and ')}: anonymous callers get 401${denied.length ? `, ${denied.join(' and ')} 403` : ''}`;

  test(title, async () => {
    const url = concrete(path);
    const body = method === 'GET' ? {} : { raw: UNPARSABLE };

    const anonymous = await call(method, url, body);
    if (allowed === 'public') assert.ok(passedRouteCheck(anonymous), `anonymous refused: ${anonymous.status} ${JSON.stringify(anonymous.body)}`);
    else assertRefused(anonymous, 401, `anonymous ${route}`);

    for (const role of ROLES) {
      const r = await call(method, url, { token: matrixToken(role), ...body });
      if (allowed === 'public' || allowed.includes(role)) {
        assert.ok(passedRouteCheck(r), `${role} ${route} should pass the route check, got ${r.status} ${JSON.stringify(r.body)}`);
      } else {
        assertRefused(r, 403, `${role} ${route}`);
      }
    }
  });
}

test('a HEAD request follows the rule of its GET route', async () => {
  assertRefused(await call('HEAD', '/api/v1/ledger/audit'), 401, 'anonymous HEAD /api/v1/ledger/audit');
  assertRefused(await call('HEAD', '/api/v1/ledger/audit', { token: tokens.r1 }), 403, 'reseller HEAD /api/v1/ledger/audit');
  assertRefused(await call('HEAD', `/api/v1/brands/${brandA.brandId}/statement`, { token: tokens.r1 }), 403, 'reseller HEAD statement');
});

test('the route check cannot be sidestepped by percent-encoding the path', async () => {
  // The router decodes %61 to "a" and so matches /api/v1/ledger/audit; the check must too.
  for (const url of ['/%61pi/v1/ledger/audit', '/api/v%31/ledger/audit']) {
    assertRefused(await call('GET', url), 401, `anonymous GET ${url}`);
    assertRefused(await call('GET', url, { token: tokens.r1 }), 403, `reseller GET ${url}`);
    assertRefused(await call('GET', url, { token: tokens.brandA }), 403, `brand GET ${url}`);
  }
  assertRefused(await call('GET', `/%61pi/v1/brands/${brandA.brandId}/statement`, { token: tokens.r1 }), 403, 'reseller reading a statement by an encoded path');
  assertRefused(await call('POST', '/%61pi/v1/sale-events', { token: tokens.brandA, raw: UNPARSABLE }), 403, 'brand creating an event by an encoded path');
});

// ---- 2. ownership: another party's objects answer like missing ones ----

test('a brand cannot read another brand’s profile', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/brands/${brandB.brandId}`, { token: tokens.brandA }),
    await call('GET', `/api/v1/brands/${missingId('brd')}`, { token: tokens.brandA }),
    'brand A reading brand B');
  assert.equal((await call('GET', `/api/v1/brands/${brandA.brandId}`, { token: tokens.brandA })).status, 200, 'its own profile is readable');
});

test('a brand’s list of brands holds only itself', async () => {
  const r = await call('GET', '/api/v1/brands', { token: tokens.brandA });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((b: { id: string }) => b.id), [brandA.brandId]);
});

test('a brand cannot read another brand’s statement', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/brands/${brandB.brandId}/statement`, { token: tokens.brandA }),
    await call('GET', `/api/v1/brands/${missingId('brd')}/statement`, { token: tokens.brandA }),
    'brand A reading brand B’s statement');
  const own = await call('GET', `/api/v1/brands/${brandA.brandId}/statement`, { token: tokens.brandA });
  assert.equal(own.status, 200);
  assert.equal(own.body.partyId, brandA.brandId);
});

test('a brand cannot read another brand’s products', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/brands/${brandB.brandId}/products`, { token: tokens.brandA }),
    await call('GET', `/api/v1/brands/${missingId('brd')}/products`, { token: tokens.brandA }),
    'brand A reading brand B’s products');
  const own = await call('GET', `/api/v1/brands/${brandA.brandId}/products`, { token: tokens.brandA });
  assert.equal(own.status, 200);
  assert.ok(own.body.items.length > 0 && own.body.items.every((p: { brandId: string }) => p.brandId === brandA.brandId));
});

test('a brand cannot read another brand’s lots', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/brands/${brandB.brandId}/lots`, { token: tokens.brandA }),
    await call('GET', `/api/v1/brands/${missingId('brd')}/lots`, { token: tokens.brandA }),
    'brand A reading brand B’s lots');
  const own = await call('GET', `/api/v1/brands/${brandA.brandId}/lots`, { token: tokens.brandA });
  assert.ok(own.body.items.length > 0 && own.body.items.every((l: { brandId: string }) => l.brandId === brandA.brandId));
});

test('a brand cannot import a lot or upload an image into another brand’s catalogue', async () => {
  const csv = lotCsv([{ spu: 'INTRUDER', name: '冒名商品', colours: ['黑色'], sizes: ['M'], tag: '99.00', base: '9.00', qty: 5 }]);
  assertLikeMissing(
    await call('POST', `/api/v1/brands/${brandB.brandId}/lots?fileName=x.csv`, { token: tokens.brandA, raw: csv, contentType: 'text/csv' }),
    await call('POST', `/api/v1/brands/${missingId('brd')}/lots?fileName=x.csv`, { token: tokens.brandA, raw: csv, contentType: 'text/csv' }),
    'brand A importing into brand B');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  assertLikeMissing(
    await call('POST', `/api/v1/brands/${brandB.brandId}/images`, { token: tokens.brandA, raw: png, contentType: 'application/octet-stream' }),
    await call('POST', `/api/v1/brands/${missingId('brd')}/images`, { token: tokens.brandA, raw: png, contentType: 'application/octet-stream' }),
    'brand A uploading an image for brand B');
  const lots = await call('GET', `/api/v1/brands/${brandB.brandId}/lots`, { token: tokens.brandB });
  assert.equal(lots.body.items.length, 1, 'brand B still has only its own lot');
});

test('a brand cannot read another brand’s sale event', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/sale-events/${eventB.id}`, { token: tokens.brandA }),
    await call('GET', `/api/v1/sale-events/${missingId('evt')}`, { token: tokens.brandA }),
    'brand A reading brand B’s event');
  assert.equal((await call('GET', `/api/v1/sale-events/${eventA.id}`, { token: tokens.brandA })).status, 200);
});

test('a brand’s event calendar holds only its own events, and cannot be pointed at another brand', async () => {
  const own = await call('GET', '/api/v1/sale-events', { token: tokens.brandA });
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.items.map((e: { id: string }) => e.id).sort(), [eventA.id, draftA.id].sort());
  assertLikeMissing(
    await call('GET', `/api/v1/sale-events?brandId=${brandB.brandId}`, { token: tokens.brandA }),
    await call('GET', `/api/v1/sale-events?brandId=${missingId('brd')}`, { token: tokens.brandA }),
    'brand A listing brand B’s events');
});

test('a brand cannot read an order that holds only another brand’s items', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/orders/${ids.orderR2}`, { token: tokens.brandA }),
    await call('GET', `/api/v1/orders/${missingId('ord')}`, { token: tokens.brandA }),
    'brand A reading an order of brand B’s items');
});

test('a brand reading an order sees only its own lines and no consumer personal data', async () => {
  for (const [token, brandId, quantity] of [[tokens.brandA, brandA.brandId, 1], [tokens.brandB, brandB.brandId, 2]] as const) {
    const r = await call('GET', `/api/v1/orders/${ids.mixedOrderR1}`, { token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.consumer, null);
    assert.equal(r.body.payment, null);
    assert.deepEqual(r.body.lines.map((l: { brandId: string; quantity: number }) => [l.brandId, l.quantity]), [[brandId, quantity]]);
    for (const secret of PERSONAL) assert.ok(!JSON.stringify(r.body).includes(secret), `the brand sees ${secret}`);
  }
});

test('a brand’s order list holds only orders with its items, without consumer personal data', async () => {
  const r = await call('GET', '/api/v1/orders?limit=200', { token: tokens.brandA });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((o: { id: string }) => o.id).sort(), [ids.orderR1, ids.mixedOrderR1, ids.storefrontOrder].sort());
  for (const o of r.body.items) {
    assert.equal(o.consumer, null, `order ${o.id} shows the consumer to the brand`);
    assert.ok(o.lines.length > 0 && o.lines.every((l: { brandId: string }) => l.brandId === brandA.brandId), `order ${o.id} shows another brand’s lines`);
  }
  for (const secret of PERSONAL) assert.ok(!JSON.stringify(r.body).includes(secret), `the brand’s order list shows ${secret}`);
  // Filters cannot widen the scope.
  const widened = await call('GET', `/api/v1/orders?brandId=${brandB.brandId}&resellerId=${r2.resellerId}`, { token: tokens.brandA });
  assert.equal(widened.status, 200);
  assert.ok(widened.body.items.every((o: { id: string }) => o.id !== ids.orderR2), 'a brandId filter showed another brand’s order');
});

test('a brand cannot find orders by the consumer’s name or phone', async () => {
  // A search over fields the brand may not see would reveal them one guess at a time.
  const asOperator = await call('GET', `/api/v1/orders?q=${R1_CUSTOMER.phone}`, { token: tokens.operator });
  assert.deepEqual(asOperator.body.items.map((o: { id: string }) => o.id), [ids.orderR1], 'the operator finds the order by phone');
  for (const q of [R1_CUSTOMER.phone, R1_CUSTOMER.phone.slice(0, 7), encodeURIComponent(R1_CUSTOMER.name), encodeURIComponent(SHOP_CONSUMER.name)]) {
    const r = await call('GET', `/api/v1/orders?q=${q}`, { token: tokens.brandA });
    const found = r.status === 200 ? r.body.items.map((o: { id: string }) => o.id) : [];
    assert.deepEqual(found, [], `a brand searching q=${decodeURIComponent(q)} found ${found.join(', ')}`);
  }
});

test('a reseller cannot read another reseller’s order', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/orders/${ids.orderR2}`, { token: tokens.r1 }),
    await call('GET', `/api/v1/orders/${missingId('ord')}`, { token: tokens.r1 }),
    'R1 reading R2’s order');
  assert.equal((await call('GET', `/api/v1/orders/${ids.orderR1}`, { token: tokens.r1 })).status, 200);
});

test('a reseller cannot cancel another reseller’s order', async () => {
  assertLikeMissing(
    await call('POST', `/api/v1/orders/${ids.orderR2}/cancel`, { token: tokens.r1, body: { reason: '不要了' } }),
    await call('POST', `/api/v1/orders/${missingId('ord')}/cancel`, { token: tokens.r1, body: { reason: '不要了' } }),
    'R1 cancelling R2’s order');
  const still = await call('GET', `/api/v1/orders/${ids.orderR2}`, { token: tokens.r2 });
  assert.equal(still.body.status, 'paid', 'the order was not cancelled');
});

test('a reseller sees and releases only their own customers’ unpaid holds', async () => {
  assertLikeMissing(
    await call('POST', '/api/v1/holds/release', { token: tokens.r2, body: { orderId: ids.storefrontOrder, reason: '不要了' } }),
    await call('POST', '/api/v1/holds/release', { token: tokens.r2, body: { orderId: missingId('ord'), reason: '不要了' } }),
    'R2 releasing R1’s customer’s hold');
  const byPhone = await call('POST', '/api/v1/holds/release', { token: tokens.r2, body: { by: 'phone', key: SHOP_CONSUMER.phone, reason: '不要了' } });
  assert.deepEqual([byPhone.status, byPhone.body.released], [200, []], 'R2 releasing by R1’s customer’s phone releases nothing');
  const r1Holds = await call('GET', '/api/v1/reseller/holds', { token: tokens.r1 });
  assert.deepEqual(r1Holds.body.orders.map((o: { id: string }) => o.id), [ids.storefrontOrder]);
  const r2Holds = await call('GET', '/api/v1/reseller/holds', { token: tokens.r2 });
  assert.deepEqual(r2Holds.body.orders, [], 'R2 sees none of R1’s customers');
  for (const secret of [SHOP_CONSUMER.name, SHOP_CONSUMER.phone]) assert.ok(!JSON.stringify(r2Holds.body).includes(secret));
  const still = await call('GET', `/api/v1/orders/${ids.storefrontOrder}`, { token: tokens.r1 });
  assert.equal(still.body.status, 'pending_payment', 'the hold was not released');
});

test('a reseller never sees another reseller’s visitors or links, and another shop’s code does not open their link', async () => {
  const made = await call('POST', '/api/v1/reseller/share-links', { token: tokens.r1, body: { target: 'event', saleEventId: eventA.id, channel: 'group' } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const v = await tp.app.inject({ method: 'POST', url: `/api/v1/storefront/${r1.shareCode}/views`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ page: 'event', saleEventId: eventA.id, link: made.body.code }) });
  assert.equal(v.statusCode, 204, v.body);
  await flushViews(tp.ctx());
  const mine = await call('GET', '/api/v1/reseller/visitors', { token: tokens.r1 });
  assert.equal(mine.body.items.length, 1, JSON.stringify(mine.body));
  const theirs = await call('GET', '/api/v1/reseller/visitors', { token: tokens.r2 });
  assert.deepEqual(theirs.body.items, [], 'R2 sees none of R1’s visitors');
  const links = await call('GET', '/api/v1/reseller/share-links', { token: tokens.r2 });
  assert.ok(!links.body.items.some((l: { code: string }) => l.code === made.body.code), 'R2 does not list R1’s link');
  assertLikeMissing(
    await call('GET', `/api/v1/storefront/${r2.shareCode}/links/${made.body.code}`),
    await call('GET', `/api/v1/storefront/${r2.shareCode}/links/Zz9Zz9Zz9Z`),
    'R1’s link under R2’s shop code');
});

test('a reseller cannot read another reseller’s customer', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/reseller/customers/${ids.customerR2}`, { token: tokens.r1 }),
    await call('GET', `/api/v1/reseller/customers/${missingId('cus')}`, { token: tokens.r1 }),
    'R1 reading R2’s customer');
  const book = await call('GET', '/api/v1/reseller/customers', { token: tokens.r1 });
  assert.deepEqual(book.body.items.map((c: { id: string }) => c.id), [ids.customerR1], 'the address book holds only my customers');
});

test('a reseller can neither correct nor delete another reseller’s customer', async () => {
  assertLikeMissing(
    await call('PATCH', `/api/v1/reseller/customers/${ids.customerR2}`, { token: tokens.r1, body: { name: '改名' } }),
    await call('PATCH', `/api/v1/reseller/customers/${missingId('cus')}`, { token: tokens.r1, body: { name: '改名' } }),
    'R1 correcting R2’s customer');
  assertLikeMissing(
    await call('DELETE', `/api/v1/reseller/customers/${ids.customerR2}`, { token: tokens.r1 }),
    await call('DELETE', `/api/v1/reseller/customers/${missingId('cus')}`, { token: tokens.r1 }),
    'R1 deleting R2’s customer');
  const still = await call('GET', `/api/v1/reseller/customers/${ids.customerR2}`, { token: tokens.r2 });
  assert.deepEqual([still.status, still.body.name], [200, R2_CUSTOMER.name], 'R2’s customer is unchanged and still there');
});

test('a reseller cannot read another reseller’s top-up', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/reseller/wallet/topups/${ids.topupR2}`, { token: tokens.r1 }),
    await call('GET', `/api/v1/reseller/wallet/topups/${missingId('top')}`, { token: tokens.r1 }),
    'R1 reading R2’s top-up');
  assert.equal((await call('GET', `/api/v1/reseller/wallet/topups/${ids.topupR2}`, { token: tokens.r2 })).status, 200);
});

test('a reseller cannot place an order for another reseller’s customer', async () => {
  const before = (await call('GET', '/api/v1/reseller/me', { token: tokens.r1 })).body.wallet;
  const place = (customerId: string) => call('POST', '/api/v1/reseller/orders', {
    token: tokens.r1, headers: { 'idempotency-key': `authz-${crypto.randomUUID()}` },
    body: { customerId, lines: [{ eventSkuId: esk(eventA), quantity: 1 }], payWith: 'wallet' },
  });
  assertLikeMissing(await place(ids.customerR2), await place(missingId('cus')), 'R1 ordering for R2’s customer');
  assert.equal((await call('GET', '/api/v1/reseller/me', { token: tokens.r1 })).body.wallet, before, 'nothing was charged');
});

test('a reseller’s order list holds only their orders, whatever the filters say', async () => {
  const mine = [ids.orderR1, ids.mixedOrderR1, ids.storefrontOrder].sort();
  for (const query of ['', `?resellerId=${r2.resellerId}`, `?brandId=${brandB.brandId}`, `?q=${ids.orderR2}`]) {
    const r = await call('GET', `/api/v1/orders${query}`, { token: tokens.r1 });
    assert.equal(r.status, 200);
    const got = r.body.items.map((o: { id: string }) => o.id);
    assert.ok(got.every((id: string) => mine.includes(id)), `R1 listing orders${query} saw ${got.join(', ')}`);
    assert.ok(r.body.items.every((o: { resellerId: string }) => o.resellerId === r1.resellerId));
  }
  const all = await call('GET', '/api/v1/orders', { token: tokens.r1 });
  assert.deepEqual(all.body.items.map((o: { id: string }) => o.id).sort(), mine);
});

test('a reseller and a storefront cannot see a draft sale event', async () => {
  assertLikeMissing(
    await call('GET', `/api/v1/reseller/sale-events/${draftA.id}`, { token: tokens.r1 }),
    await call('GET', `/api/v1/reseller/sale-events/${missingId('evt')}`, { token: tokens.r1 }),
    'R1 reading a draft event');
  assertLikeMissing(
    await call('GET', `/api/v1/storefront/${r1.shareCode}/sale-events/${draftA.id}`),
    await call('GET', `/api/v1/storefront/${r1.shareCode}/sale-events/${missingId('evt')}`),
    'a consumer reading a draft event');
});

test('a storefront order lookup with a wrong token answers like a missing order', async () => {
  const ok = await call('GET', `/api/v1/storefront/orders/${ids.storefrontOrder}?token=${lookupToken}`);
  assert.equal(ok.status, 200, 'the right token finds the order');
  const missing = await call('GET', `/api/v1/storefront/orders/${missingId('ord')}?token=${lookupToken}`);
  const wrong = 'x'.repeat(lookupToken.length);
  assertLikeMissing(await call('GET', `/api/v1/storefront/orders/${ids.storefrontOrder}?token=${wrong}`), missing, 'a wrong token');
  assertLikeMissing(await call('GET', `/api/v1/storefront/orders/${ids.storefrontOrder}?token=${lookupToken.slice(0, -1)}`), missing, 'a truncated token');
  assertLikeMissing(await call('GET', `/api/v1/storefront/orders/${ids.orderR1}?token=${lookupToken}`), missing, 'another order’s token on a reseller order');
  assertLikeMissing(await call('GET', `/api/v1/storefront/orders/${ids.storefrontOrder}?token=${wrong}`, { token: tokens.r1 }), missing, 'the order’s own reseller, logged in, with a wrong token');
});

// ---- 3. what each role may not do, even with a well-formed request ----

interface Limit { title: string; role: 'brandA' | 'r1' | 'operator'; method: string; url: () => string; body?: () => unknown; raw?: () => string; contentType?: string; headers?: Record<string, string> }

const LIMITS: Limit[] = [
  {
    title: 'a brand cannot create sale events, even for its own brand', role: 'brandA', method: 'POST', url: () => '/api/v1/sale-events',
    body: () => ({ brandId: brandA.brandId, title: '自建档期', startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 2 * 86400_000).toISOString(), markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items: [{ skuId: brandA.skuIds[0], quantity: 1 }] }),
  },
  { title: 'a brand cannot schedule its own draft event', role: 'brandA', method: 'POST', url: () => `/api/v1/sale-events/${draftA.id}/schedule` },
  { title: 'a brand cannot enrol resellers', role: 'brandA', method: 'POST', url: () => '/api/v1/resellers', body: () => ({ name: '品牌自招代购', phone: uniquePhone(), password: 'reseller-password' }) },
  { title: 'a brand cannot sign brands', role: 'brandA', method: 'POST', url: () => '/api/v1/brands', body: () => ({ name: '新品牌', category: '女装' }) },
  { title: 'a brand cannot change its own contract', role: 'brandA', method: 'POST', url: () => `/api/v1/brands/${brandA.brandId}/contracts`, body: () => ({ commissionBps: 0, validFrom: new Date().toISOString(), validTo: new Date(Date.now() + 86400_000).toISOString() }) },
  { title: 'a brand cannot read the ledger audit', role: 'brandA', method: 'GET', url: () => '/api/v1/ledger/audit' },
  { title: 'a brand cannot cancel an order with its items', role: 'brandA', method: 'POST', url: () => `/api/v1/orders/${ids.orderR1}/cancel`, body: () => ({ reason: '品牌取消' }) },
  {
    title: 'a reseller cannot import lots', role: 'r1', method: 'POST', url: () => `/api/v1/brands/${brandA.brandId}/lots?fileName=r.csv`, contentType: 'text/csv',
    raw: () => lotCsv([{ spu: 'RSLLOT', name: '代购自导', colours: ['红色'], sizes: ['S'], tag: '99.00', base: '1.00', qty: 5 }]),
  },
  { title: 'a reseller cannot read brand statements', role: 'r1', method: 'GET', url: () => `/api/v1/brands/${brandA.brandId}/statement` },
  { title: 'a reseller cannot read brand products with their supply', role: 'r1', method: 'GET', url: () => `/api/v1/brands/${brandA.brandId}/products` },
  { title: 'a reseller cannot read the operator’s view of a sale event', role: 'r1', method: 'GET', url: () => `/api/v1/sale-events/${eventA.id}` },
  { title: 'a reseller cannot read the ledger audit', role: 'r1', method: 'GET', url: () => '/api/v1/ledger/audit' },
  { title: 'a reseller cannot list refunds', role: 'r1', method: 'GET', url: () => '/api/v1/refunds' },
  { title: 'a brand cannot list refunds', role: 'brandA', method: 'GET', url: () => '/api/v1/refunds' },
  { title: 'a brand cannot run the gateway reconciliation', role: 'brandA', method: 'POST', url: () => '/api/v1/payments/reconciliations', body: () => ({}) },
  { title: 'a reseller cannot read another reseller’s profile through the operator’s route', role: 'r1', method: 'GET', url: () => `/api/v1/resellers/${r2.resellerId}` },
  {
    title: 'an operator cannot place reseller orders', role: 'operator', method: 'POST', url: () => '/api/v1/reseller/orders', headers: { 'idempotency-key': 'authz-operator-order' },
    body: () => ({ consumer: { name: '运营代下', phone: '13955556666', address: ADDRESS }, lines: [{ eventSkuId: esk(eventA), quantity: 1 }], payWith: 'wallet' }),
  },
  { title: 'an operator cannot set reseller prices', role: 'operator', method: 'PUT', url: () => `/api/v1/reseller/sale-events/${eventA.id}/prices`, body: () => ({ prices: [{ eventSkuId: esk(eventA), sellingPrice: 25_000 }] }) },
  { title: 'an operator cannot top up a wallet', role: 'operator', method: 'POST', url: () => '/api/v1/reseller/wallet/topups', headers: { 'idempotency-key': 'authz-operator-topup' }, body: () => ({ amount: 10_000 }) },
  { title: 'a reseller cannot release holds by client address', role: 'r1', method: 'POST', url: () => '/api/v1/holds/release', body: () => ({ by: 'address', key: '203.0.113.9', reason: '清空' }) },
  { title: 'a reseller cannot release holds by reseller link', role: 'r1', method: 'POST', url: () => '/api/v1/holds/release', body: () => ({ by: 'link', key: r2.resellerId, reason: '清空' }) },
];

for (const l of LIMITS) {
  test(`${l.title} (403)`, async () => {
    const r = await call(l.method, l.url(), { token: tokens[l.role], body: l.body?.(), raw: l.raw?.(), contentType: l.contentType, headers: l.headers });
    assertRefused(r, 403, l.title);
  });
}

test('refused requests change nothing', async () => {
  const events = await call('GET', `/api/v1/sale-events?brandId=${brandA.brandId}`, { token: tokens.operator });
  assert.deepEqual(events.body.items.map((e: { id: string }) => e.id).sort(), [eventA.id, draftA.id].sort(), 'no event was created');
  assert.equal(events.body.items.find((e: { id: string }) => e.id === draftA.id).status, 'draft', 'the draft was not scheduled');
  const lots = await call('GET', `/api/v1/brands/${brandA.brandId}/lots`, { token: tokens.operator });
  assert.equal(lots.body.items.length, 1, 'no lot was imported');
  const brands = await call('GET', '/api/v1/brands', { token: tokens.operator });
  assert.equal(brands.body.items.length, 2, 'no brand was signed');
  const resellers = await call('GET', '/api/v1/resellers', { token: tokens.operator });
  assert.equal(resellers.body.items.length, 2, 'no reseller was enrolled');
  const order = await call('GET', `/api/v1/orders/${ids.orderR1}`, { token: tokens.operator });
  assert.equal(order.body.status, 'paid', 'the order was not cancelled');
  const detail = await call('GET', `/api/v1/reseller/sale-events/${eventA.id}`, { token: tokens.r1 });
  assert.ok(detail.body.products.every((p: { skus: { myPrice: number | null }[] }) => p.skus.every((s) => s.myPrice === null)), 'no price was set');
});

// ---- 4. sessions ----

test('an unknown or malformed credential is refused with 401', async () => {
  const fake = crypto.randomBytes(32).toString('base64url');
  for (const [what, opts] of [
    ['an unknown bearer token', { authorization: `Bearer ${fake}` }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['a token in another scheme', { authorization: `Basic ${fake}` }],
    ['a valid token without the Bearer scheme', { authorization: tokens.operator }],
    ['an almost-right token', { authorization: `Bearer ${tokens.operator.slice(0, -1)}${tokens.operator.endsWith('A') ? 'B' : 'A'}` }],
    ['an unknown session cookie', { cookie: fake }],
  ] as const) {
    assertRefused(await call('GET', '/api/v1/me', opts), 401, what);
    assertRefused(await call('GET', '/api/v1/ledger/audit', opts), 401, `${what} on an operator route`);
  }
});

test('an expired session is refused with 401', async () => {
  const { token } = await newLogin('operator', 'expiring-password');
  assert.equal((await call('GET', '/api/v1/me', { token })).status, 200);
  const hash = crypto.createHash('sha256').update(token).digest('hex');
  const u = await tp.database.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hash]);
  assert.equal(u.rowCount, 1);
  assertRefused(await call('GET', '/api/v1/me', { token }), 401, 'an expired bearer token');
  assertRefused(await call('GET', '/api/v1/me', { cookie: token }), 401, 'an expired session cookie');
  assertRefused(await call('GET', '/api/v1/ledger/audit', { token }), 401, 'an expired token on an operator route');
});

test('a logged-out token stops working, as a bearer token and as a cookie', async () => {
  const { token } = await newLogin('brand', 'logout-password', { brandId: brandA.brandId });
  const other = (await newLogin('brand', 'second-password', { brandId: brandA.brandId })).token;
  assert.equal((await call('GET', '/api/v1/me', { token })).status, 200);
  assert.equal((await call('GET', '/api/v1/me', { cookie: token })).status, 200, 'the session cookie works like the bearer token');
  const out = await call('POST', '/api/v1/auth/logout', { token });
  assert.equal(out.status, 200, JSON.stringify(out.body));
  for (const name of ['st_session', 'st_signed_in']) assert.match(String(out.headers['set-cookie']), new RegExp(`${name}=;.*Expires=Thu, 01 Jan 1970`), `${name} cleared`);
  assertRefused(await call('GET', '/api/v1/me', { token }), 401, 'a logged-out bearer token');
  assertRefused(await call('GET', '/api/v1/me', { cookie: token }), 401, 'a logged-out session cookie');
  assertRefused(await call('GET', `/api/v1/brands/${brandA.brandId}/statement`, { token }), 401, 'a logged-out token on a brand route');
  assertRefused(await call('POST', '/api/v1/auth/logout', { token }), 401, 'logging out twice');
  assert.equal((await call('GET', '/api/v1/me', { token: other })).status, 200, 'other sessions go on');
  assert.equal((await call('GET', '/api/v1/me', { token: tokens.brandA })).status, 200, 'other sessions go on');
});

test('a disabled user’s sessions stop working', async () => {
  const phone = uniquePhone();
  const u = await createUser(tp.ctx(), { role: 'operator', phone, name: 'leaving operator', password: 'disabled-password' });
  const token = await login(phone, 'disabled-password');
  assert.equal((await call('GET', '/api/v1/ledger/audit', { token })).status, 200);
  await tp.database.pool.query('UPDATE users SET disabled_at = now() WHERE id = $1', [u.id]);
  assertRefused(await call('GET', '/api/v1/ledger/audit', { token }), 401, 'a disabled user’s token');
  // The right password is told the login is disabled (issue 12); a wrong one learns nothing.
  const again = await call('POST', '/api/v1/auth/login', { body: { phone, password: 'disabled-password' } });
  assert.equal(again.status, 403);
  assert.equal(again.body.code, 'account_disabled');
  const guess = await call('POST', '/api/v1/auth/login', { body: { phone, password: 'a-guess' } });
  assert.equal(guess.status, 401);
  assert.equal(guess.body.code, 'invalid_credentials');
});
