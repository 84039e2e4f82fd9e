// Payout rules: card numbers by their check digit, accounts of each kind, masked numbers, the
// lifecycle table, and the reconciliation's causes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateTransitions } from '../../platform/state-machine.ts';
import { luhnValid, validatePayoutAccount, maskAccountNo, payoutTransitions, submitBackoffSeconds, comparePayouts, type BookPayout } from './payouts.rules.ts';

test('the Luhn check accepts real card numbers and refuses one changed digit', () => {
  for (const n of ['4111111111111111', '6222021234567890128', '5555555555554444']) assert.ok(luhnValid(n), n);
  assert.equal(luhnValid('4111111111111112'), false);
  fc.assert(fc.property(fc.stringMatching(/^\d{15,18}$/), fc.integer({ min: 0, max: 9 }), (body, delta) => {
    const check = [...Array(10).keys()].find((d) => luhnValid(body + d))!;
    assert.ok(luhnValid(body + check));
    if (delta !== 0) assert.equal(luhnValid(body + ((check + delta) % 10)), false);
  }));
});

test('a payout account is made canonical and checked by its kind', () => {
  const card = validatePayoutAccount({ kind: 'bank_card', holderName: ' 张 三 ', accountNo: '6222 0212 3456 7890 128', bankName: '工商银行' });
  assert.deepEqual(card.issues, []);
  assert.equal(card.account.accountNo, '6222021234567890128');
  assert.equal(card.account.holderName, '张 三');
  const cases: [Parameters<typeof validatePayoutAccount>[0], string[]][] = [
    [{ kind: 'bank_card', holderName: '张三', accountNo: '6222021234567890127', bankName: '工商银行' }, ['accountNo']],
    [{ kind: 'bank_card', holderName: '张三', accountNo: '411111111111111', bankName: '工商银行' }, ['accountNo']],
    [{ kind: 'bank_card', holderName: '', accountNo: '4111111111111111' }, ['holderName', 'bankName']],
    [{ kind: 'alipay', holderName: '张三', accountNo: '13812345678' }, []],
    [{ kind: 'alipay', holderName: '张三', accountNo: 'Zhang.San@Example.com' }, []],
    [{ kind: 'alipay', holderName: '张三', accountNo: '12345' }, ['accountNo']],
    [{ kind: 'wechat', holderName: '张三', accountNo: 'zhangsan_88' }, []],
    [{ kind: 'wechat', holderName: '张三', accountNo: '8zhangsan' }, ['accountNo']],
  ];
  for (const [input, paths] of cases) assert.deepEqual(validatePayoutAccount(input).issues.map((i) => i.path), paths, JSON.stringify(input));
  assert.equal(validatePayoutAccount({ kind: 'alipay', holderName: '张三', accountNo: 'Zhang.San@Example.com' }).account.accountNo, 'zhang.san@example.com');
});

test('an account number shows only its last four characters', () => {
  assert.equal(maskAccountNo('6222021234567896789'), '**** 6789');
});

test('the payout lifecycle is a valid table whose final states lead nowhere; backoff grows to an hour', () => {
  validateTransitions('payouts', payoutTransitions);
  assert.deepEqual(payoutTransitions.succeeded, []);
  assert.deepEqual(payoutTransitions.failed, []);
  assert.deepEqual([1, 2, 3, 20].map(submitBackoffSeconds), [5, 10, 20, 3600]);
});

test('the comparison names each difference by its cause, and nothing when the books agree', () => {
  const at = new Date();
  const rec = (merchantRef: string, status: 'succeeded' | 'failed' | 'processing', amount = 100) => ({ providerRef: `tr_${merchantRef}`, merchantRef, status, amount, currency: 'CNY', fee: 0, createdAt: at, settledAt: at });
  const ours = (id: string, status: BookPayout['status'], amount = 100): BookPayout => ({ id, merchantRef: id, providerRef: `tr_${id}`, status, amount, currency: 'CNY' });
  const agree = comparePayouts({
    records: [rec('a', 'succeeded'), rec('b', 'failed'), rec('c', 'processing')],
    ours: new Map([['a', ours('a', 'succeeded')], ['b', ours('b', 'failed')], ['c', ours('c', 'submitted')]]),
    unknownToProvider: [], ledger: [{ account: 'payout_cash', currency: 'CNY', expected: -100, actual: -100 }],
  });
  assert.deepEqual(agree, []);
  const diff = comparePayouts({
    records: [rec('x', 'succeeded'), rec('p', 'succeeded'), rec('f', 'failed'), rec('m', 'succeeded', 90)],
    ours: new Map([['p', ours('p', 'submitted')], ['f', ours('f', 'succeeded')], ['m', ours('m', 'succeeded')]]),
    unknownToProvider: [ours('u', 'submitted')], ledger: [{ account: 'payout_cash', currency: 'CNY', expected: -100, actual: -90 }],
  });
  assert.deepEqual(diff.map((d) => [d.cause, d.merchantRef]), [
    ['provider_paid_not_in_books', 'x'], ['provider_paid_not_in_books', 'p'], ['books_paid_provider_failed', 'f'], ['amount_differs', 'm'], ['unknown_to_provider', 'u'], ['ledger_difference', null],
  ]);
});
