import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { translateFieldMessage, zodIssueMessage } from './field-messages.ts';
import { AppError, toProblem } from './errors.ts';

test('our field messages and problem details read naturally in Chinese and in English', () => {
  assert.equal(translateFieldMessage('tag price is below base price', 'zh-CN'), '吊牌价低于平台价');
  assert.equal(translateFieldMessage('missing column "base_price"', 'zh-CN'), '缺少列「平台价」');
  assert.equal(translateFieldMessage('must be between 23880 and 25870 fen', 'zh-CN'), '售价必须在 ¥238.80 到 ¥258.70 之间');
  assert.equal(translateFieldMessage('cannot move from closed to scheduled', 'zh-CN'), '不能从「已关闭」变为「待开始」');
  assert.equal(translateFieldMessage('must be a whole number', 'en'), 'Must be a whole number');
  assert.equal(translateFieldMessage('must be between 23880 and 25870 fen', 'en'), 'The price must be between ¥238.80 and ¥258.70', 'never fen on screen');
  assert.equal(translateFieldMessage('must be between 119900 and 150000 fen', 'zh-CN'), '售价必须在 ¥1,199.00 到 ¥1,500.00 之间');
  assert.equal(translateFieldMessage('must be more than 0', 'zh-CN'), '必须大于 0');
  assert.equal(translateFieldMessage('withdraw between 1000 and 5000000 fen', 'zh-CN'), '单笔提现金额须在 ¥10.00 到 ¥50,000.00 之间');
  assert.equal(translateFieldMessage('withdraw between 1000 and 5000000 fen', 'en'), 'Withdraw between ¥10.00 and ¥50,000.00 at a time');
  assert.equal(translateFieldMessage('must be more than the level below', 'zh-CN'), '必须高于下一级的门槛');
  assert.equal(translateFieldMessage('rsl_01abc is not flagged in this review', 'zh-CN'), 'rsl_01abc 不在本次考核的待处理名单中');
  const p = toProblem(new AppError('import_rejected', { detail: 'upload a .csv or .xlsx file', fields: [{ path: 'rows.3.quantity', row: 3, column: 'quantity', message: 'must be a whole number' }] }), 'zh-CN');
  assert.deepEqual([p.detail, p.errors?.[0].message, p.errors?.[0].row], ['请上传 .csv 或 .xlsx 文件', '必须是整数', 3]);
});

test('zod’s own messages read plainly in Chinese and in English; our custom ones our catalogue', () => {
  const r = z.object({ q: z.number().int().min(1), phone: z.string().regex(/^1\d{10}$/, 'a mainland mobile number of 11 digits') }).safeParse({ q: 0, phone: 'x' });
  assert.ok(!r.success);
  const [q, phone] = r.error.issues.map((i) => zodIssueMessage(i as never, 'zh-CN'));
  assert.equal(q, '不能小于 1', 'no English type name in the Chinese (zod’s own locale says "数值过小：期望 number >=1")');
  assert.equal(phone, '请输入 11 位大陆手机号');
  assert.equal(zodIssueMessage(r.error.issues[0] as never, 'en'), 'Must be at least 1');
  assert.equal(zodIssueMessage(r.error.issues[1] as never, 'en'), 'a mainland mobile number of 11 digits', 'our own English as written');
  const typed = z.object({ q: z.number() }).safeParse({ q: 'x' });
  const { input: _drop, ...withoutInput } = (typed as { error: z.ZodError }).error.issues[0] as unknown as Record<string, unknown>;
  assert.equal(zodIssueMessage(withoutInput as never, 'zh-CN'), '应为数字', 'even without the input a type error is translated');
  const said = (schema: z.ZodTypeAny, value: unknown) => {
    const res = schema.safeParse(value);
    assert.ok(!res.success);
    const issue = res.error.issues[0] as never;
    return [zodIssueMessage(issue, 'zh-CN'), zodIssueMessage(issue, 'en')];
  };
  const cases: [z.ZodTypeAny, unknown, string, string][] = [
    [z.number().max(99), 100, '不能大于 99', 'Must be at most 99'],
    [z.number().positive(), 0, '必须大于 0', 'Must be more than 0'],
    [z.number().int(), 1.5, '应为整数', 'Must be a whole number'],
    [z.string().min(1), '', '不能为空', 'Must not be empty'],
    [z.string().min(3), 'a', '至少 3 个字符', 'Must be at least 3 characters'],
    [z.string().max(2), 'abc', '最多 2 个字符', 'Must be at most 2 characters'],
    [z.string().length(4), 'abc', '必须是 4 个字符', 'Must be exactly 4 characters'],
    [z.array(z.string()).min(1), [], '至少需要 1 项', 'Needs at least 1 item'],
    [z.array(z.string()).max(1), ['a', 'b'], '最多 1 项', 'Must be at most 1 item'],
    [z.object({ a: z.string() }), {}, '必填', 'Required'],
    [z.boolean(), 'x', '应为是或否', 'Must be true or false'],
    [z.enum(['wallet', 'gateway']), 'cash', '必须是以下之一：wallet、gateway', 'Must be one of: wallet, gateway'],
    [z.object({ a: z.string() }).strict(), { a: 'x', b: 1 }, '不支持的字段：b', 'Unknown field: b'],
    [z.string().email(), 'x', '邮箱格式不正确', 'Not an email address'],
    [z.string().regex(/^\d+$/), 'x', '格式不正确', 'Not in the expected format'],
    [z.number().multipleOf(5), 3, '必须是 5 的倍数', 'Must be a multiple of 5'],
  ];
  for (const [schema, value, zh, en] of cases) assert.deepEqual(said(schema, value), [zh, en], JSON.stringify(value));
  // Whatever zod says that we do not word ourselves: its own locale, never its English in Chinese.
  assert.match(said(z.union([z.string(), z.number()]), true)[0], /^[\u4e00-\u9fff]+$/);
});

test('every field message the code writes in English has its Chinese, and no amount in fen reaches a person', () => {
  // Read from the sources: `message: '…'` and `message: \`…\`` outside tests. A placeholder is
  // tried as a number, a level, a code and a China time; one of them must read in Chinese.
  const root = fileURLToPath(new URL('../', import.meta.url));
  const files: string[] = [];
  const walk = (d: string) => { for (const f of fs.readdirSync(d)) { const p = path.join(d, f); if (fs.statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p); } };
  walk(root);
  const untranslated: string[] = [];
  let seen = 0;
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/message: (['`])((?:(?!\1).)*)\1/g)) {
      if (/[\u4e00-\u9fff]/.test(m[2])) continue;
      seen++;
      const tries = ['12', 'V2', 'PO1', '2026-12-15 02:38'].map((x) => m[2].replace(/\$\{[^}]*\}/g, x));
      if (!tries.some((t) => translateFieldMessage(t, 'zh-CN') !== t)) untranslated.push(`${path.relative(root, f)}: ${m[2]}`);
      assert.doesNotMatch(translateFieldMessage(tries[0], 'en'), /\d fen\b/, `${tries[0]}: an amount in fen`);
    }
  }
  assert.ok(seen > 100, `read the messages (${seen})`);
  assert.deepEqual(untranslated, [], 'messages without Chinese');
  assert.equal(translateFieldMessage('must be at least the platform price (25900 fen)', 'zh-CN'), '不能低于平台价 ¥259.00');
  assert.equal(translateFieldMessage('must be at least the platform price (25900 fen)', 'en'), 'Must be at least the platform price (¥259.00)');
});
