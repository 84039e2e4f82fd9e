import type { Ctx } from '../../platform/context.ts';
import { releaseFlashClaims } from './flash-sales.service.ts';

export const flashSaleJobs: { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }[] = [
  // An expired flash hold goes back on sale within seconds: its claim must follow.
  { name: 'flash-sales-release-claims', everyMs: 3000, run: (ctx) => releaseFlashClaims(ctx) },
];
