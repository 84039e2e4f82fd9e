// HTTP for settlement work that spans modules: confirming a monthly review (removals refund their
// fee through the gateway) and settling now what is due (the job does it every five minutes).
import { z } from 'zod';
import { Id, type App } from '../platform/http.ts';
import { authorize } from '../platform/access.ts';
import { ReviewSchema } from '../modules/resellers/index.ts';
import { confirmMonthlyReview, completeAndSettleOrders } from './settlement.flow.ts';

export function settlementFlowRoutes(app: App): void {
  app.post('/api/v1/membership/reviews/:reviewId/confirm', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['membership'], summary: 'Confirm a review: remove the flagged members named (their fee refunded by policy), keep the other flagged ones',
      params: z.strictObject({ reviewId: Id }), body: z.strictObject({ remove: z.array(Id).max(100_000) }), response: { 200: ReviewSchema },
    },
  }, async (req) => confirmMonthlyReview(req.ctx, req.params.reviewId, req.body));

  app.post('/api/v1/settlement/run', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['settlement'], summary: 'Complete delivered orders past their return window and settle them now',
      body: z.strictObject({}).optional(), response: { 200: z.object({ orders: z.number(), lines: z.number(), rewards: z.number() }) },
    },
  }, async (req) => {
    authorize(req.ctx, 'settlement.operate');
    return completeAndSettleOrders(req.ctx);
  });
}
