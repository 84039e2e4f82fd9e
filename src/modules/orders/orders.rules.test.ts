import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseLines, priceOrder, orderTransitions, orderNoTerm, type SkuTerms } from './orders.rules.ts';
import { validateTransitions, canTransition } from '../../platform/state-machine.ts';
import { saleEventTransitions } from '../sale-events/index.ts';

test('lifecycle tables are well formed', () => {
  validateTransitions('order', orderTransitions);
  validateTransitions('sale event', saleEventTransitions);
  assert.equal(canTransition(orderTransitions, 'shipped', 'cancelled'), false, 'no cancelling after shipment');
  assert.equal(canTransition(orderTransitions, 'expired', 'paid'), false, 'an expired hold is never paid');
});

test('repeated SKUs merge; quantities are checked after merging', () => {
  const r = normaliseLines([{ eventSkuId: 'esk_a', quantity: 2 }, { eventSkuId: 'esk_a', quantity: 3 }, { eventSkuId: 'esk_b', quantity: 1 }]);
  assert.deepEqual(r.lines, [{ eventSkuId: 'esk_a', quantity: 5 }, { eventSkuId: 'esk_b', quantity: 1 }]);
  assert.ok(normaliseLines([{ eventSkuId: 'esk_a', quantity: 60 }, { eventSkuId: 'esk_a', quantity: 60 }]).issues.length > 0);
});

const terms = (id: string, base: number, onSale = true): SkuTerms => ({
  eventSkuId: id, saleEventId: 'evt_1', skuId: `sku_${id}`, productId: 'prd_1', brandId: 'brd_1', basePrice: base, currency: 'CNY',
  commissionBps: 2000, markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, onSale,
});

test('storefront payers owe the selling price; resellers owe the base price', () => {
  const t = new Map([['esk_a', terms('esk_a', 19900)], ['esk_b', terms('esk_b', 8950)]]);
  const lines = [{ eventSkuId: 'esk_a', quantity: 2 }, { eventSkuId: 'esk_b', quantity: 1 }];
  const sf = priceOrder('storefront', lines, t, new Map([['esk_a', 25000]]));
  assert.deepEqual([sf.order.baseTotal, sf.order.sellingTotal, sf.order.amountDue], [48750, 61200, 61200]);
  const rs = priceOrder('reseller', lines, t, new Map());
  assert.equal(rs.order.amountDue, 48750);
});

test('items of events not on sale, or unknown items, are reported', () => {
  const t = new Map([['esk_a', terms('esk_a', 100, false)]]);
  const r = priceOrder('storefront', [{ eventSkuId: 'esk_a', quantity: 1 }, { eventSkuId: 'esk_x', quantity: 1 }], t, new Map());
  assert.deepEqual(r.notLive, ['esk_a']);
  assert.equal(r.issues[0].path, 'lines.1.eventSkuId');
});

test('a search term names an order number whole or by its last digits, as a customer reads it out', () => {
  assert.deepEqual(orderNoTerm('2026120412345678'), { kind: 'whole', digits: '2026120412345678' });
  assert.deepEqual(orderNoTerm(' 2026 1204-1234 5678 '), { kind: 'whole', digits: '2026120412345678' });
  assert.deepEqual(orderNoTerm('5678'), { kind: 'tail', digits: '5678' });
  assert.deepEqual(orderNoTerm('12345678'), { kind: 'tail', digits: '12345678' });
  assert.equal(orderNoTerm('678'), null, 'too few digits to be told apart');
  assert.equal(orderNoTerm('20261204123456789'), null, 'longer than any order number');
  assert.equal(orderNoTerm('张三'), null);
  assert.equal(orderNoTerm('ord_01abc'), null);
});
