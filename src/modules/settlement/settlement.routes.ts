// HTTP: a reseller's balance, rewards and withdrawals; the operator's withdrawal queue; brand
// statements (回款) per month and per sale event, as JSON, CSV and PDF, and their payouts.
import { z } from 'zod';
import { Cursor, Id, IdempotencyHeaders, Money, Timestamp, Month, type App } from '../../platform/http.ts';
import { attachment, csvRows, csvYuan } from '../../platform/csv.ts';
import { ReasonBody, StoredReason } from '../../platform/reasons.schema.ts';
import { balanceOf, myRewards, requestWithdrawal, approveWithdrawals, closeWithdrawal, getWithdrawal, listWithdrawals } from './settlement.service.ts';
import { closeBrandStatements, listBrandStatements, getBrandStatement, payBrandStatement, eventStatement, type BrandStatementView, type EventStatementView } from './statements.service.ts';
import { renderBrandStatement, renderEventStatement } from './documents.ts';

const Balance = z.object({
  resellerId: z.string(), currency: z.string(), pending: z.number(), available: z.number(), withdrawing: z.number(), withdrawn: z.number(),
  rewards: z.object({ earned: z.number(), clawedBack: z.number() }),
  days: z.array(z.object({ day: z.string(), earned: z.number(), withdrawn: z.number(), available: z.number() })),
});
const Reward = z.object({ id: z.string(), kind: z.string(), inviteeId: z.string(), inviteeName: z.string(), orderLineId: z.string(), basis: z.number(), bps: z.number(), amount: z.number(), clawedBack: z.number(), createdAt: Timestamp });
const AccountView = z.object({ kind: z.string(), holderName: z.string(), accountNoMasked: z.string(), bankName: z.string().nullable() });
const Withdrawal = z.object({
  id: z.string(), resellerId: z.string(), resellerName: z.string().optional(), amount: z.number(), fee: z.number(), net: z.number(), currency: z.string(),
  status: z.enum(['requested', 'approved', 'rejected', 'cancelled', 'paying', 'paid', 'failed']),
  payoutAccountId: z.string(), account: AccountView.nullable(), rejectReason: StoredReason.nullable().describe('why the operator declined it'), failure: z.string().nullable(),
  createdAt: Timestamp, decidedAt: Timestamp.nullable(), paidAt: Timestamp.nullable(),
});
const Statement = z.object({
  id: z.string().nullable(), brandId: z.string(), brandName: z.string(), period: z.string(), periodStart: Timestamp, periodEnd: Timestamp, currency: z.string(),
  soldUnits: z.number(), returnedUnits: z.number(), shortUnits: z.number(), gross: z.number(), commission: z.number(), discountsBorne: z.number(),
  settled: z.number(), adjustments: z.number(), carriedIn: z.number(), amountDue: z.number(), status: z.enum(['open', 'closed', 'paying', 'paid']), paid: z.number(),
  payouts: z.array(z.object({ id: z.string(), amount: z.number(), status: z.string(), account: AccountView.nullable(), createdAt: Timestamp, settledAt: Timestamp.nullable(), failure: z.string().nullable() })),
});
const EventStatement = z.object({
  brandId: z.string(), brandName: z.string(), saleEventId: z.string(), title: z.string(), currency: z.string(),
  soldUnits: z.number(), cancelledUnits: z.number(), shortUnits: z.number(), returnedUnits: z.number(), keptUnits: z.number(),
  gross: z.number(), commission: z.number(), discountsBorne: z.number(), netPayable: z.number(), settled: z.number(), settledLines: z.number(), lines: z.number(),
  skus: z.array(z.object({ skuId: z.string(), skuCode: z.string(), name: z.string(), sold: z.number(), short: z.number(), returned: z.number(), kept: z.number(), gross: z.number(), netPayable: z.number() })),
});
const Lang = z.enum(['zh-CN', 'en']).optional();

const STATEMENT_HEAD = {
  'zh-CN': ['品牌', '月份', '售出件数', '退货件数', '短缺件数', '货款(元)', '平台佣金(元)', '品牌承担优惠(元)', '本月结算(元)', '售后调整(元)', '上期结转(元)', '应付金额(元)', '已付(元)', '状态'],
  en: ['Brand', 'Month', 'Units sold', 'Units returned', 'Units short', 'Gross (yuan)', 'Commission (yuan)', 'Discounts borne (yuan)', 'Settled (yuan)', 'Adjustments (yuan)', 'Carried in (yuan)', 'Amount due (yuan)', 'Paid (yuan)', 'Status'],
};
function statementRow(s: BrandStatementView) {
  return [s.brandName, s.period, s.soldUnits, s.returnedUnits, s.shortUnits, csvYuan(s.gross), csvYuan(s.commission), csvYuan(s.discountsBorne), csvYuan(s.settled), csvYuan(s.adjustments), csvYuan(s.carriedIn), csvYuan(s.amountDue), csvYuan(s.paid), s.status];
}
const EVENT_HEAD = {
  'zh-CN': ['货号', '商品', '售出', '短缺', '退货', '实售', '货款(元)', '应付(元)'],
  en: ['SKU code', 'Product', 'Sold', 'Short', 'Returned', 'Kept', 'Gross (yuan)', 'Net payable (yuan)'],
};
function eventRows(e: EventStatementView) {
  return e.skus.map((s) => [s.skuCode, s.name, s.sold, s.short, s.returned, s.kept, csvYuan(s.gross), csvYuan(s.netPayable)]);
}

export function settlementRoutes(app: App): void {
  // ---- reseller app ----
  app.get('/api/v1/me/balance', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'My earnings: pending (inside return windows), available, being withdrawn, withdrawn; the last 30 days', response: { 200: Balance } },
  }, async (req) => balanceOf(req.ctx));

  app.get('/api/v1/me/rewards', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'Invitation and team rewards I earned, newest first', querystring: Cursor, response: { 200: z.object({ items: z.array(Reward), nextCursor: z.string().nullable() }) } },
  }, async (req) => myRewards(req.ctx, req.query));

  app.post('/api/v1/me/withdrawals', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Withdraw from my available balance to a payout account (Idempotency-Key required)',
      headers: IdempotencyHeaders, body: z.strictObject({ amount: Money.min(1), payoutAccountId: Id.optional() }), response: { 201: Withdrawal },
    },
  }, async (req, reply) => reply.code(201).send(await requestWithdrawal(req.ctx, { ...req.body, idempotencyKey: req.headers['idempotency-key'] })));

  app.get('/api/v1/me/withdrawals', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], querystring: Cursor, response: { 200: z.object({ items: z.array(Withdrawal), nextCursor: z.string().nullable() }) } },
  }, async (req) => listWithdrawals(req.ctx, req.query));

  app.post('/api/v1/me/withdrawals/:withdrawalId/cancel', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'Cancel a withdrawal not yet approved: the money is available again', params: z.strictObject({ withdrawalId: Id }), response: { 200: Withdrawal } },
  }, async (req) => closeWithdrawal(req.ctx, req.params.withdrawalId, {}));

  // ---- operator ----
  app.get('/api/v1/resellers/:resellerId/balance', {
    config: { auth: ['operator'] },
    schema: { tags: ['settlement'], params: z.strictObject({ resellerId: Id }), response: { 200: Balance } },
  }, async (req) => balanceOf(req.ctx, req.params.resellerId));

  app.get('/api/v1/withdrawals', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['settlement'], summary: 'Withdrawals newest first (the approval queue: status=requested)',
      querystring: Cursor.extend({ status: z.enum(['requested', 'approved', 'rejected', 'cancelled']).optional(), resellerId: Id.optional() }),
      response: { 200: z.object({ items: z.array(Withdrawal), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listWithdrawals(req.ctx, req.query));

  app.get('/api/v1/withdrawals/:withdrawalId', {
    config: { auth: ['operator', 'reseller'] },
    schema: { tags: ['settlement'], params: z.strictObject({ withdrawalId: Id }), response: { 200: Withdrawal } },
  }, async (req) => getWithdrawal(req.ctx, req.params.withdrawalId));

  app.post('/api/v1/withdrawals/approve', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['settlement'], summary: 'Approve requested withdrawals (one or a batch): each is paid through the payout provider, once',
      body: z.strictObject({ ids: z.array(Id).min(1).max(500) }),
      response: { 200: z.object({ approved: z.array(Withdrawal), skipped: z.array(z.object({ id: z.string(), status: z.string() })) }) },
    },
  }, async (req) => approveWithdrawals(req.ctx, req.body.ids));

  app.post('/api/v1/withdrawals/:withdrawalId/reject', {
    config: { auth: ['operator'] },
    schema: { tags: ['settlement'], params: z.strictObject({ withdrawalId: Id }), body: ReasonBody, response: { 200: Withdrawal } },
  }, async (req) => closeWithdrawal(req.ctx, req.params.withdrawalId, { reject: req.body.reason }));

  // ---- brand statements ----
  app.get('/api/v1/brand-statements', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['settlement'], summary: 'Monthly brand statements newest first (a brand: its own, with the current month as it stands)',
      querystring: z.strictObject({ brandId: Id.optional(), lang: z.string().optional() }), response: { 200: z.object({ items: z.array(Statement) }) },
    },
  }, async (req) => listBrandStatements(req.ctx, req.query));

  app.get('/api/v1/brand-statements.csv', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['settlement'], summary: 'The statements as CSV', querystring: z.strictObject({ brandId: Id.optional(), lang: Lang }) },
  }, async (req, reply) => {
    const lang = req.query.lang ?? 'zh-CN';
    const { items } = await listBrandStatements(req.ctx, req.query);
    const name = lang === 'en' ? 'brand-statements.csv' : '品牌对账单.csv';
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment('brand-statements.csv', name)).send('\uFEFF' + csvRows([STATEMENT_HEAD[lang], ...items.map(statementRow)]));
  });

  app.post('/api/v1/brand-statements/close', {
    config: { auth: ['operator'] },
    schema: { tags: ['settlement'], summary: 'Close a month\u2019s statements now (the daily job closes the month just ended)', body: z.strictObject({ period: Month }), response: { 200: z.object({ closed: z.number() }) } },
  }, async (req) => closeBrandStatements(req.ctx, req.body.period));

  app.get('/api/v1/brand-statements/:statementId', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['settlement'], params: z.strictObject({ statementId: Id }), response: { 200: Statement } },
  }, async (req) => getBrandStatement(req.ctx, req.params.statementId));

  app.get('/api/v1/brand-statements/:statementId/pdf', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['settlement'], summary: 'A statement as an A4 PDF', params: z.strictObject({ statementId: Id }), querystring: z.strictObject({ lang: Lang }) },
  }, async (req, reply) => {
    const s = await getBrandStatement(req.ctx, req.params.statementId);
    const pdf = await renderBrandStatement(s, req.query.lang ?? 'zh-CN');
    return reply.type('application/pdf').header('content-disposition', attachment(`statement-${s.period}.pdf`, `statement-${s.period}.pdf`)).send(Buffer.from(pdf));
  });

  app.post('/api/v1/brand-statements/:statementId/pay', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['settlement'], summary: 'Pay a closed statement\u2019s amount due to the brand through the payout provider',
      params: z.strictObject({ statementId: Id }), body: z.strictObject({ payoutAccountId: Id.optional() }), response: { 200: Statement },
    },
  }, async (req) => payBrandStatement(req.ctx, req.params.statementId, req.body));

  app.get('/api/v1/sale-events/:saleEventId/statement', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['settlement'], summary: 'A sale event\u2019s statement for its brand, as it stands, per SKU', params: z.strictObject({ saleEventId: Id }), response: { 200: EventStatement } },
  }, async (req) => eventStatement(req.ctx, { saleEventId: req.params.saleEventId }));

  app.get('/api/v1/sale-events/:saleEventId/statement.csv', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['settlement'], params: z.strictObject({ saleEventId: Id }), querystring: z.strictObject({ lang: Lang }) },
  }, async (req, reply) => {
    const lang = req.query.lang ?? 'zh-CN';
    const e = await eventStatement(req.ctx, { saleEventId: req.params.saleEventId });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`event-statement-${e.saleEventId}.csv`, `event-statement-${e.saleEventId}.csv`))
      .send('\uFEFF' + csvRows([EVENT_HEAD[lang], ...eventRows(e)]));
  });

  app.get('/api/v1/sale-events/:saleEventId/statement.pdf', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['settlement'], params: z.strictObject({ saleEventId: Id }), querystring: z.strictObject({ lang: Lang }) },
  }, async (req, reply) => {
    const e = await eventStatement(req.ctx, { saleEventId: req.params.saleEventId });
    const pdf = await renderEventStatement(e, req.query.lang ?? 'zh-CN');
    return reply.type('application/pdf').header('content-disposition', attachment(`event-statement-${e.saleEventId}.pdf`, `event-statement-${e.saleEventId}.pdf`)).send(Buffer.from(pdf));
  });
}
