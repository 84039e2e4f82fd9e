// HTTP: the carriers' tracking notifications. Public, but only a notification signed by the
// carrier (over the exact bytes received) and fresh is believed.
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import { recordTrackingEvent } from './carriers.service.ts';

export function carriersRoutes(app: App): void {
  app.post('/api/v1/carriers/:carrier/notify', {
    config: { auth: 'public' },
    schema: {
      tags: ['carriers'], summary: 'Signed tracking notifications from the carrier (物流轨迹推送); 2xx acknowledges, anything else is retried',
      params: z.strictObject({ carrier: z.string().max(20) }),
      response: { 200: z.object({ ok: z.literal(true), outcome: z.enum(['recorded', 'duplicate']) }) },
    },
  }, async (req) => {
    const carrier = req.ctx.deps.carrier;
    if (req.params.carrier !== carrier.name) throw new AppError('not_found');
    if (typeof req.rawBody !== 'string') throw new AppError('tracking_event_invalid', { detail: 'expected a JSON body' });
    const verified = carrier.verifyNotification(req.headers, req.rawBody, new Date());
    const { outcome } = await recordTrackingEvent(req.ctx, verified);
    return { ok: true as const, outcome };
  });
}
