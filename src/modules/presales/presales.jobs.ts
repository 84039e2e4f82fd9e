import type { Ctx } from '../../platform/context.ts';
import { decidePresales } from '../../flows/presale.flow.ts';

/** Presales past their deadline are decided within seconds (database clock). */
export const presaleJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [
  { name: 'presales-decide', everyMs: 3_000, run: (ctx) => decidePresales(ctx) },
];
