// HTTP: wallet top-ups, and the sandbox gateway's hosted pay page (outside /api/v1: it stands
// for the payment company's own site).
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { Id, IdempotencyHeaders, Money, Timestamp, ResellerReturnPath, returnUrlOf, type App } from '../../platform/http.ts';
import { requestTopup, getTopup, listRefunds, listPayments } from './payments.service.ts';
import { reconcileWithGateway, listReconciliations } from './payments.reconciliation.ts';
import { SandboxGateway } from './sandbox.provider.ts';
import { formatMoney } from '../../platform/money.ts';
import { escapeHtml } from '../../platform/web-shell.ts';
import { StoredReason } from '../../platform/reasons.schema.ts';

const RefundItem = z.object({
  id: z.string(), amount: z.number(), currency: z.string(), status: z.enum(['pending', 'succeeded', 'failed']), reason: StoredReason, createdAt: Timestamp, settledAt: Timestamp.nullable(),
  orderId: z.string().nullable(), orderNo: z.string().nullable(), chargeId: z.string(), paymentId: z.string().nullable(), providerRef: z.string().nullable(),
});
const PaymentItem = z.object({
  id: z.string(), purpose: z.enum(['order', 'topup', 'membership']), orderId: z.string().nullable(), orderNo: z.string().nullable(), topupId: z.string().nullable(),
  amount: z.number(), currency: z.string(), status: z.enum(['requires_payment', 'succeeded', 'failed']), attempt: z.number(), provider: z.string(),
  createdAt: Timestamp, succeededAt: Timestamp.nullable(),
  charges: z.array(z.object({
    id: z.string(), attempt: z.number().nullable(), merchantRef: z.string(), providerRef: z.string().nullable(), status: z.string(),
    captured: z.number(), refunded: z.number(), paidAt: Timestamp.nullable(), createdAt: Timestamp,
  })),
});
const Mismatch = z.object({
  kind: z.enum(['charge', 'refund']), providerRef: z.string(), merchantRef: z.string(),
  gateway: z.object({ amount: z.number(), currency: z.string() }), ours: z.object({ status: z.string(), amount: z.number() }).nullable(),
});
const Reconciliation = z.object({
  id: z.string(), provider: z.string(), periodStart: Timestamp, periodEnd: Timestamp, currency: z.string(),
  gatewayCaptured: z.number(), gatewayRefunded: z.number(), unheld: z.number(), ledgerDifference: z.number(), mismatches: z.array(Mismatch), createdAt: Timestamp,
});

const Topup = z.object({ id: z.string(), resellerId: z.string(), amount: z.number(), currency: z.string(), status: z.string(), createdAt: Timestamp, payment: z.object({ id: z.string(), status: z.string(), payUrl: z.string().nullable() }) });

export function paymentsRoutes(app: App): void {
  app.post('/api/v1/reseller/wallet/topups', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Top up my wallet through the payment gateway (Idempotency-Key required)',
      headers: IdempotencyHeaders, body: z.strictObject({ amount: Money.min(100).max(10_000_000), returnTo: ResellerReturnPath.optional() }), response: { 201: Topup },
    },
  }, async (req, reply) => {
    return reply.code(201).send(await requestTopup(req.ctx, { amount: req.body.amount, idempotencyKey: req.headers['idempotency-key'], returnUrl: returnUrlOf(req.ctx, req.body.returnTo) }));
  });

  app.get('/api/v1/refunds', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payments'], summary: 'Refunds newest first: by status, or find one by refund, order (id or number), payment, charge or gateway reference',
      querystring: z.strictObject({ status: z.enum(['pending', 'succeeded', 'failed']).optional(), q: z.string().trim().max(64).optional(), cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional() }),
      response: { 200: z.object({ items: z.array(RefundItem), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listRefunds(req.ctx, req.query));

  app.get('/api/v1/payments', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payments'], summary: 'Payments newest first: by status, purpose and start time [from, to), or find one by payment, order (id or number), top-up, charge or gateway reference',
      querystring: z.strictObject({
        status: z.enum(['requires_payment', 'succeeded', 'failed']).optional(), purpose: z.enum(['order', 'topup', 'membership']).optional(), q: z.string().trim().max(64).optional(),
        from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(),
        cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional(),
      }).refine((b) => !b.from || !b.to || new Date(b.from) < new Date(b.to), { message: 'from must be before to', path: ['from'] }),
      response: { 200: z.object({ items: z.array(PaymentItem), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listPayments(req.ctx, { ...req.query, from: req.query.from ? new Date(req.query.from) : undefined, to: req.query.to ? new Date(req.query.to) : undefined }));

  app.get('/api/v1/payments/reconciliations', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payments'], summary: 'Daily comparisons of the gateway’s books with ours, newest first (unheld and ledgerDifference must be 0)',
      response: { 200: z.object({ items: z.array(Reconciliation) }) },
    },
  }, async (req) => ({ items: await listReconciliations(req.ctx) }));

  app.post('/api/v1/payments/reconciliations', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payments'], summary: 'Compare the gateway’s books with ours for a period now (default: today so far, UTC)',
      body: z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }).optional()
        .refine((b) => !b?.from || !b.to || new Date(b.from) < new Date(b.to), { message: 'from must be before to', path: ['from'] }),
      response: { 201: Reconciliation },
    },
  }, async (req, reply) => {
    const now = new Date();
    const to = req.body?.to ? new Date(req.body.to) : now;
    const from = req.body?.from ? new Date(req.body.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    return reply.code(201).send(await reconcileWithGateway(req.ctx, { from, to }));
  });

  app.get('/api/v1/reseller/wallet/topups/:topupId', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], params: z.strictObject({ topupId: Id }), response: { 200: Topup } },
  }, async (req) => getTopup(req.ctx, req.params.topupId));
}


export function sandboxGatewayRoutes(app: App, gateway: SandboxGateway): void {
  app.get('/sandbox/pay/:chargeId', { schema: { hide: true, params: z.object({ chargeId: z.string().max(64) }) } }, async (req, reply) => {
    const c = await gateway.chargeForPage(req.params.chargeId);
    if (!c) return reply.code(404).type('text/html').send('<!doctype html><meta charset="utf-8"><p>未找到支付单 / Charge not found</p>');
    const done = c.status !== 'pending';
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>沙箱收银台 Sandbox checkout</title><style>body{font-family:system-ui,sans-serif;max-width:420px;margin:2rem auto;padding:0 1rem;color:#222}
.amt{font-size:2.4rem;font-weight:700;margin:.5rem 0}button{font-size:1.1rem;padding:.8rem;width:100%;margin:.4rem 0;border-radius:8px;border:0;cursor:pointer}
.pay{background:#07c160;color:#fff}.fail{background:#eee;color:#a00}.note{color:#666;font-size:.9rem}h1{font-size:1.2rem;word-break:break-all}</style></head><body>
<p class="note">沙箱支付网关 · Sandbox payment gateway (no real money)</p>
<h1>${escapeHtml(c.description || '订单支付')}</h1><div class="amt" data-testid="amount">${escapeHtml(formatMoney(c.amount))}</div>
${done ? `<p data-testid="status">状态 Status: <b>${escapeHtml(c.status)}</b></p>${c.returnUrl ? `<p><a href="${escapeHtml(c.returnUrl)}" data-testid="return">返回商户 Back to shop</a></p>` : ''}` : `
<form method="post" action="/sandbox/pay/${escapeHtml(c.id)}"><input type="hidden" name="outcome" value="succeed"><button class="pay" type="submit">确认支付 Pay</button></form>
<form method="post" action="/sandbox/pay/${escapeHtml(c.id)}"><input type="hidden" name="outcome" value="fail"><button class="fail" type="submit">模拟支付失败 Decline</button></form>`}
</body></html>`;
    return reply.type('text/html').send(html);
  });

  app.post('/sandbox/pay/:chargeId', {
    schema: { hide: true, params: z.object({ chargeId: z.string().max(64) }), body: z.object({ outcome: z.enum(['succeed', 'fail']) }) },
  }, async (req, reply) => {
    const c = await gateway.chargeForPage(req.params.chargeId);
    if (!c) throw new AppError('not_found');
    const state = await gateway.completeCharge(c.id, req.body.outcome);
    if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return reply.redirect(c.returnUrl && state.status === 'succeeded' ? c.returnUrl : `/sandbox/pay/${c.id}`, 303);
    }
    return { status: state.status };
  });
}
