import type { Ctx } from '../../platform/context.ts';

export const presaleJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [];
