import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { i18n as I18n, TFunction } from 'i18next';
import { PRESET_REASONS, SYSTEM_REASONS, parseReason, reasonOf } from './reasons.ts';
import { ChosenReason } from './reasons.schema.ts';

// The web app's words for the codes, loaded by path (its files are type-checked by the web app's settings).
const web = (file: string) => import(new URL(`../../web/src/${file}`, import.meta.url).href);
const i18n: I18n = (await web('lib/i18n.ts')).default;
const w: {
  CANCEL_PRESETS: Record<string, string[]>; RELEASE_PRESETS: Record<string, string[]>; OPERATOR_PRESETS: Record<string, string[]>;
  reasonText: (t: TFunction, stored: string | null | undefined) => string;
} = await web('lib/reasons.ts');
const returns: { isBrandShort: (r: string | null | undefined) => boolean } = await web('lib/returns.ts');

test('a stored reason is a code with its reference, or a person’s words', () => {
  assert.equal(reasonOf('brand_short', 'PO20261207-0001'), 'brand_short:PO20261207-0001');
  assert.equal(reasonOf('hold_expired'), 'hold_expired');
  assert.deepEqual(parseReason('brand_short:PO20261207-0001'), { code: 'brand_short', ref: 'PO20261207-0001' });
  assert.deepEqual(parseReason('consumer_asked'), { code: 'consumer_asked', ref: null });
  for (const words of ['消费者要求取消', 'Consumer asked to cancel', '顾客说尺码拍错了，取消重拍', 'test', 'brand short on PO1', 'not_a_code', '', null, undefined]) {
    assert.equal(parseReason(words), null, String(words));
  }
});

test('a person may send a ready-made reason’s code or their own words, never a system code or an unknown one', () => {
  for (const ok of ['consumer_asked', 'wrong_size', 'hoarding', '  duplicate_order  ', '顾客临时不要了', 'Customer asked by phone', 'x', 'spam', 'note:abc', '好'.repeat(200)]) {
    assert.ok(ChosenReason.safeParse(ok).success, ok);
  }
  for (const bad of ['', '   ', '好'.repeat(201), 'refund_now', 'brand_short:PO20261207-0001', 'hold_expired', 'return', 'return:R12345678', 'consumer_asked:1', 'foo_bar:1']) {
    assert.ok(!ChosenReason.safeParse(bad).success, bad);
  }
  assert.equal(ChosenReason.parse('  wrong_size '), 'wrong_size', 'trimmed');
});

test('the web app says each code in Chinese and in English, the reference kept', () => {
  const zh = i18n.getFixedT('zh-CN') as TFunction;
  const en = i18n.getFixedT('en') as TFunction;
  for (const code of [...PRESET_REASONS, ...SYSTEM_REASONS]) {
    const [z, e] = [w.reasonText(zh, code), w.reasonText(en, code)];
    assert.ok(z && z !== code && /[\u4e00-\u9fff]/.test(z), `${code} in Chinese: ${z}`);
    assert.ok(e && e !== code && !/[\u4e00-\u9fff]/.test(e), `${code} in English: ${e}`);
  }
  assert.equal(w.reasonText(zh, 'consumer_asked'), '消费者要求取消');
  assert.equal(w.reasonText(en, 'consumer_asked'), 'Consumer asked to cancel');
  assert.equal(w.reasonText(zh, 'brand_short:PO20261207-0001'), '品牌缺货未能供货（PO20261207-0001）');
  assert.equal(w.reasonText(en, 'return:R12345678'), 'Returned (R12345678)');
  // A person's words, and a token no list has, are shown as written.
  assert.equal(w.reasonText(en, '顾客临时不要了'), '顾客临时不要了');
  assert.equal(w.reasonText(zh, 'Customer asked by phone'), 'Customer asked by phone');
  assert.equal(w.reasonText(zh, 'test'), 'test');
  // Every chip of every form is a preset.
  const forms = [...Object.values(w.CANCEL_PRESETS), ...Object.values(w.RELEASE_PRESETS), ...Object.values(w.OPERATOR_PRESETS)];
  for (const list of forms) for (const c of list) assert.ok((PRESET_REASONS as readonly string[]).includes(c), c);
  // …and every preset is some form's chip (a code nobody can pick would only widen what a person may send).
  for (const c of PRESET_REASONS) assert.ok(forms.some((list) => list.includes(c)), `${c} is offered by a form`);
  assert.equal(w.reasonText(zh, 'brand_requested_end'), '品牌方要求下线');
  assert.equal(w.reasonText(en, 'failed_quality_check'), 'Failed quality check');
  assert.equal(w.reasonText(zh, 'payout_account_wrong'), '收款账户信息有误，请更新后重新申请');
  // The storefront's and the reseller app's brand-short notice reads the code.
  assert.equal(returns.isBrandShort('brand_short:PO20261207-0001'), true);
  assert.equal(returns.isBrandShort('品牌缺货'), false);
  assert.equal(returns.isBrandShort('brand_out_of_stock'), false, 'an operator’s 品牌缺货 chip is not the platform’s shortage');
  assert.equal(returns.isBrandShort(null), false);
});
