// Customer binding (流量保护) as pure rules: whose sale an order through a link is, and what a
// paid order does to the binding — every case of the table in docs/sharing.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attributeStorefrontOrder, bindingAfterPaid, type BindingNow } from './sharing.rules.ts';

const bound = (resellerId: string, live = true, resellerActive = true): BindingNow => ({ resellerId, live, resellerActive });

test('an order through a link: the link’s reseller, unless the consumer is bound, live, to another who can sell', () => {
  assert.deepEqual(attributeStorefrontOrder('b', null), { resellerId: 'b', viaResellerId: null, rule: 'unbound' });
  assert.deepEqual(attributeStorefrontOrder('b', bound('b')), { resellerId: 'b', viaResellerId: null, rule: 'own' });
  assert.deepEqual(attributeStorefrontOrder('b', bound('a')), { resellerId: 'a', viaResellerId: 'b', rule: 'protected' });
  assert.deepEqual(attributeStorefrontOrder('b', bound('a', false)), { resellerId: 'b', viaResellerId: null, rule: 'binding_expired' });
  assert.deepEqual(attributeStorefrontOrder('b', bound('a', true, false)), { resellerId: 'b', viaResellerId: null, rule: 'bound_reseller_inactive' });
});

test('a paid order binds, renews, or leaves another’s live binding alone; 0 days binds nobody', () => {
  assert.deepEqual(bindingAfterPaid(null, 'a', 30), { kind: 'bind', resellerId: 'a' });
  assert.deepEqual(bindingAfterPaid(bound('a'), 'a', 30), { kind: 'renew', resellerId: 'a' });
  assert.deepEqual(bindingAfterPaid(bound('a'), 'b', 30), { kind: 'keep' });
  assert.deepEqual(bindingAfterPaid(bound('a', false), 'b', 30), { kind: 'bind', resellerId: 'b' });
  assert.deepEqual(bindingAfterPaid(bound('a', true, false), 'b', 30), { kind: 'bind', resellerId: 'b' });
  assert.deepEqual(bindingAfterPaid(null, 'a', 0), { kind: 'keep' });
});

test('properties: an order never goes to a reseller who cannot sell or whose binding ended, and “via” is set exactly when it goes elsewhere', () => {
  const r = fc.constantFrom('a', 'b', 'c');
  fc.assert(fc.property(r, fc.option(fc.record({ resellerId: r, live: fc.boolean(), resellerActive: fc.boolean() }), { nil: null }), (owner, b) => {
    const x = attributeStorefrontOrder(owner, b);
    assert.equal(x.viaResellerId !== null, x.resellerId !== owner);
    if (x.resellerId !== owner) {
      assert.ok(b && b.live && b.resellerActive && b.resellerId === x.resellerId && x.viaResellerId === owner);
    }
    // Paying for that order never takes a live, protected consumer away from their reseller.
    const change = bindingAfterPaid(b, x.resellerId, 30);
    if (b && b.live && b.resellerActive) assert.ok(change.kind === 'keep' || change.resellerId === b.resellerId);
  }));
});
