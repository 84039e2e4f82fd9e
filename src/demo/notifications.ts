// Seeding runs before the HTTP server listens, so the sandbox gateway's notifications cannot be
// POSTed to the platform yet. A second SandboxGateway over the same tables and secret hands them
// to the notification flow in-process instead: the same signature check, the same flow as the
// HTTP route, and the outbox rows are marked delivered so the worker does not send them again.
import type { Ctx } from '../platform/context.ts';
import type { Db } from '../platform/database.ts';
import { SandboxGateway } from '../modules/payments/index.ts';
import { handlePaymentNotification } from '../flows/payment-settlement.flow.ts';

export interface InProcessNotifications {
  /** Deliver every due notification until none is left; throws if the platform refused one. */
  deliverAll(): Promise<number>;
}

export function sandboxGatewayOf(ctx: Ctx): SandboxGateway {
  const gw = ctx.deps.payments;
  if (!(gw instanceof SandboxGateway)) throw new Error('the demo dataset pays through the sandbox gateway; this platform is configured with another one');
  return gw;
}

/** The sandbox charge a payment page is for (its address ends in the charge's id). */
export function chargeIdOf(payUrl: string | null | undefined): string {
  if (!payUrl) throw new Error('demo seed: the gateway returned no payment page');
  return payUrl.split('/').pop()!;
}

export function inProcessNotifications(ctx: Ctx): InProcessNotifications {
  const systemCtx: Ctx = { ...ctx, actor: { kind: 'system' } };
  const refused: string[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    try {
      const outcome = await handlePaymentNotification(systemCtx, String(init?.body ?? ''), headers);
      return new Response(JSON.stringify({ received: true, outcome }), { status: 200 });
    } catch (e) {
      refused.push(e instanceof Error ? e.message : String(e));
      return new Response('refused', { status: 500 });
    }
  }) as typeof fetch;
  const dispatcher = new SandboxGateway(ctx.db as Db, {
    secret: ctx.deps.config.sandboxSecret, baseUrl: ctx.deps.config.publicUrl, duplicateRate: ctx.deps.config.sandboxDuplicateRate, fetchImpl,
  });
  return {
    async deliverAll() {
      let total = 0;
      for (;;) {
        const r = await dispatcher.deliverDue(200);
        total += r.delivered;
        if (r.failed > 0) throw new Error(`demo seed: the platform refused ${r.failed} gateway notification(s): ${refused.join('; ')}`);
        if (r.delivered === 0) return total;
      }
    },
  };
}
