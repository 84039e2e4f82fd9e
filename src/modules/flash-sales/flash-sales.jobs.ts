import type { Ctx } from '../../platform/context.ts';

export const flashSaleJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [];
