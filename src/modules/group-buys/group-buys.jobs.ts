import type { Ctx } from '../../platform/context.ts';
import { sweepGroupBuys } from '../../flows/group-buy.flow.ts';

/** Groups follow their members' orders: payments, expired holds, cancellations, deadlines. */
export const groupBuyJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [
  { name: 'group-buys-sweep', everyMs: 2_000, run: (ctx) => sweepGroupBuys(ctx) },
];
