// The campaigns' jobs that run a flow: group buys follow their members' orders, presales are
// decided at their deadline. (A module's own sweeps stay in the module, e.g. flash-sales.jobs.ts.)
import type { Ctx } from '../platform/context.ts';
import { sweepGroupBuys } from './group-buy.flow.ts';
import { decidePresales } from './presale.flow.ts';

/** Groups follow their members' orders: payments, expired holds, cancellations, deadlines. */
export const groupBuyJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [
  { name: 'group-buys-sweep', everyMs: 2_000, run: (ctx) => sweepGroupBuys(ctx) },
];

/** Presales past their deadline are decided within seconds (database clock). */
export const presaleJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [
  { name: 'presales-decide', everyMs: 3_000, run: (ctx) => decidePresales(ctx) },
];
