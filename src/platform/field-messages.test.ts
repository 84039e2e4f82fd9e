import { test } from 'node:test';
import assert from 'node:assert/strict';
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

test('zod’s own messages use zod’s Chinese locale; our custom ones our catalogue', () => {
  const r = z.object({ q: z.number().int().min(1), phone: z.string().regex(/^1\d{10}$/, 'a mainland mobile number of 11 digits') }).safeParse({ q: 0, phone: 'x' });
  assert.ok(!r.success);
  const [q, phone] = r.error.issues.map((i) => zodIssueMessage(i as never, 'zh-CN'));
  assert.match(q, /[\u4e00-\u9fff]/, 'zod wrote it, zod translates it');
  assert.equal(phone, '请输入 11 位大陆手机号');
  const typed = z.object({ q: z.number() }).safeParse({ q: 'x' });
  const { input: _drop, ...withoutInput } = (typed as { error: z.ZodError }).error.issues[0] as unknown as Record<string, unknown>;
  assert.match(zodIssueMessage(withoutInput as never, 'zh-CN'), /[\u4e00-\u9fff]/, 'even without the input a type error is translated');
});
