// The promotions sweep: uses of ended orders given back, unused red packets expired and refunded.
import type { Ctx } from '../../platform/context.ts';
import { sweepPromotions } from './promotions.service.ts';

export const promotionJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [
  { name: 'promotions-sweep', everyMs: 5000, run: sweepPromotions },
];
