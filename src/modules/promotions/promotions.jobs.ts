import type { Ctx } from '../../platform/context.ts';

export const promotionJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [];
