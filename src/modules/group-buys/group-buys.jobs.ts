import type { Ctx } from '../../platform/context.ts';

export const groupBuyJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [];
