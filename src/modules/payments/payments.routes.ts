// HTTP: wallet top-ups, and the sandbox gateway's hosted pay page (outside /api/v1: it stands
// for the payment company's own site).
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { Id, IdempotencyHeaders, Money, Timestamp, type App } from '../../platform/http.ts';
import { requestTopup, getTopup } from './payments.service.ts';
import { SandboxGateway } from './sandbox.provider.ts';
import { formatMoney } from '../../platform/money.ts';

const Topup = z.object({ id: z.string(), resellerId: z.string(), amount: z.number(), currency: z.string(), status: z.string(), createdAt: Timestamp, payment: z.object({ id: z.string(), status: z.string(), payUrl: z.string().nullable() }) });

export function paymentsRoutes(app: App): void {
  app.post('/api/v1/reseller/wallet/topups', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Top up my wallet through the payment gateway (Idempotency-Key required)',
      headers: IdempotencyHeaders, body: z.strictObject({ amount: Money.min(100).max(10_000_000) }), response: { 201: Topup },
    },
  }, async (req, reply) => reply.code(201).send(await requestTopup(req.ctx, { amount: req.body.amount, idempotencyKey: req.headers['idempotency-key'] })));

  app.get('/api/v1/reseller/wallet/topups/:topupId', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], params: z.strictObject({ topupId: Id }), response: { 200: Topup } },
  }, async (req) => getTopup(req.ctx, req.params.topupId));
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
<h1>${esc(c.description || '订单支付')}</h1><div class="amt" data-testid="amount">${esc(formatMoney(c.amount))}</div>
${done ? `<p data-testid="status">状态 Status: <b>${esc(c.status)}</b></p>${c.returnUrl ? `<p><a href="${esc(c.returnUrl)}">返回商户 Back to shop</a></p>` : ''}` : `
<form method="post" action="/sandbox/pay/${esc(c.id)}"><input type="hidden" name="outcome" value="succeed"><button class="pay" type="submit">确认支付 Pay</button></form>
<form method="post" action="/sandbox/pay/${esc(c.id)}"><input type="hidden" name="outcome" value="fail"><button class="fail" type="submit">模拟支付失败 Decline</button></form>`}
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
