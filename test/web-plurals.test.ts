// The web app's counted words in English say "1 item", "2 items" (i18next plurals: the call
// passes `count`); in Chinese one form serves both. Loads the areas' real string tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { i18n as I18n } from 'i18next';

// Loaded by path at run time: the web app's files are type-checked by the web app's own settings
// (their JSON imports are Vite's), not the server's.
const web = (file: string) => import(new URL(`../web/src/${file}`, import.meta.url).href);
const i18n: I18n = (await web('lib/i18n.ts')).default;
for (const f of ['areas/reseller/i18n.ts', 'areas/reseller/holds.i18n.ts', 'areas/reseller/share.i18n.ts', 'areas/storefront/i18n.ts', 'areas/storefront/orders.i18n.ts', 'areas/storefront/addresses.i18n.ts', 'areas/console/controls.i18n.ts']) await web(f);

const CASES: [key: string, vars: (n: number) => Record<string, unknown>, en1: string, en2: string, zh2: string][] = [
  ['reseller.orders.units', (n) => ({ count: n }), '1 item', '2 items', '2 件'],
  ['reseller.holds.units', (n) => ({ count: n }), '1 item', '2 items', '2 件'],
  ['reseller.visitors.views', (n) => ({ count: n }), '1 view', '2 views', '看了 2 次'],
  ['reseller.events.products', (n) => ({ count: n }), '1 style', '2 styles', '2 款'],
  ['storefront.cartCount', (n) => ({ count: n }), 'Cart, 1 item', 'Cart, 2 items', '购物车，2 件'],
  ['storefront.eventMeta', (n) => ({ products: n, count: n, sold: 5 }), '1 style · 5 sold', '2 styles · 5 sold', '2 款 · 已抢 5 件'],
  ['storefront.tracking.items', (n) => ({ count: n }), '1 item', '2 items', '2 件'],
  ['console.controls.actions.detail.unpaidOrders', (n) => ({ count: n }), '1 unpaid order', '2 unpaid orders', '未付款订单 2 笔'],
  ['console.controls.actions.detail.returnedUnits', (n) => ({ count: n }), '1 unit back to lot', '2 units back to lot', '回货盘 2 件'],
  ['console.controls.actions.detail.heldUnits', (n) => ({ count: n }), '1 unit held', '2 units held', '占用中 2 件'],
  ['console.controls.actions.detail.endedSessions', (n) => ({ count: n }), '1 session ended', '2 sessions ended', '结束登录 2 个'],
  ['storefront.groupJoin.short', (n) => ({ count: n }), '1 more needed', '2 more needed', '还差 2 人'],
];

test('counted words agree with their number in English and read the same in Chinese', () => {
  const en = i18n.getFixedT('en');
  const zh = i18n.getFixedT('zh-CN');
  for (const [key, vars, en1, en2, zh2] of CASES) {
    assert.equal(en(key, vars(1)), en1, key);
    assert.equal(en(key, vars(2)), en2, key);
    assert.equal(zh(key, vars(2)), zh2, key);
  }
  assert.match(en('reseller.share.eFrom', { count: 1, price: '¥9.90' }), /^1 style from ¥9\.90$/);
});
