-- The operator's acts, declined withdrawals and return decisions take reason codes too
-- (src/platform/reasons.ts; docs/decisions.md "Reasons are codes"): rows written before stored the
-- words of the chips the console offered, in the language of the operator who chose them — and a
-- declined withdrawal's reason is what its reseller reads, a return decision's what the consumer
-- and the reseller read (an approval with nothing typed said the console's default words). Ending an event early also gave its reason to the unpaid
-- orders it cancelled and to their hold releases. Only the exact words the console offered
-- (and the demo's own sentence) are rewritten; anything an operator typed stays as typed.
CREATE TEMPORARY TABLE operator_reason_words (words text PRIMARY KEY, code text NOT NULL);
--> statement-breakpoint
INSERT INTO operator_reason_words (words, code) VALUES
  ('品牌货已备齐，提前结束进入发货', 'goods_ready_ship_early'),
  ('品牌方要求下线', 'brand_requested_end'), ('The brand asked to stop', 'brand_requested_end'),
  ('商品质量问题', 'quality_issue'), ('Product quality problem', 'quality_issue'),
  ('价格设置错误', 'price_error'), ('Wrong prices', 'price_error'), ('Wrong price', 'price_error'),
  ('质检不合格', 'failed_quality_check'), ('Failed quality check', 'failed_quality_check'),
  ('品牌方召回', 'brand_recall'), ('Recalled by the brand', 'brand_recall'),
  ('违规售假', 'counterfeit_sales'), ('Selling counterfeits', 'counterfeit_sales'),
  ('恶意刷单', 'fake_orders'), ('Fake orders', 'fake_orders'),
  ('会员未续费', 'membership_lapsed'), ('Membership not renewed', 'membership_lapsed'),
  ('员工离职', 'staff_left'), ('Left the company', 'staff_left'),
  ('账号疑似被盗', 'account_compromised'), ('Account looks stolen', 'account_compromised'),
  ('用户忘记密码，已核实身份', 'identity_verified'), ('Forgot the password, identity checked', 'identity_verified'),
  ('收款账户信息有误，请更新后重新申请', 'payout_account_wrong'), ('The payout account is wrong; update it and ask again', 'payout_account_wrong'),
  ('账户存在风险，需人工核实', 'account_needs_check'), ('The account needs a manual check', 'account_needs_check'),
  ('重复申请', 'asked_twice'), ('Asked twice', 'asked_twice'),
  ('符合售后政策，同意', 'within_policy'), ('Within the after-sales policy; approved', 'within_policy');
--> statement-breakpoint
UPDATE "operator_actions" a SET "reason" = w.code FROM operator_reason_words w WHERE a."reason" = w.words;
--> statement-breakpoint
UPDATE "orders" o SET "cancel_reason" = w.code FROM operator_reason_words w WHERE o."cancel_reason" = w.words;
--> statement-breakpoint
UPDATE "hold_releases" h SET "reason" = w.code FROM operator_reason_words w WHERE h."reason" = w.words;
--> statement-breakpoint
UPDATE "withdrawals" d SET "reject_reason" = w.code FROM operator_reason_words w WHERE d."reject_reason" = w.words;
--> statement-breakpoint
UPDATE "return_requests" r SET "decision_reason" = w.code FROM operator_reason_words w WHERE r."decision_reason" = w.words;
--> statement-breakpoint
DROP TABLE operator_reason_words;
