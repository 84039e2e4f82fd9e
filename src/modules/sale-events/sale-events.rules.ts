// Sale event rules: the lifecycle table and what makes an event valid.
import type { Transitions } from '../../platform/state-machine.ts';
import type { FieldIssue } from '../../platform/errors.ts';

export type SaleEventStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'closed';

export const saleEventTransitions: Transitions<SaleEventStatus> = {
  draft: ['scheduled'],
  scheduled: ['live', 'ended', 'draft'],
  live: ['ended'],
  ended: ['closed'],
  closed: [],
};

export const MAX_EVENT_DAYS = 14;

export interface MarkupWindow { minBps: number; maxBps: number; suggestedBps: number }

export function validateSaleEvent(e: { startsAt: Date; endsAt: Date; markup: MarkupWindow; items: { skuId: string; quantity: number }[] }): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!(e.endsAt > e.startsAt)) out.push({ path: 'endsAt', message: 'must be after startsAt' });
  if (e.endsAt.getTime() - e.startsAt.getTime() > MAX_EVENT_DAYS * 86400_000) out.push({ path: 'endsAt', message: `an event lasts at most ${MAX_EVENT_DAYS} days` });
  const m = e.markup;
  if (!(m.minBps >= 0 && m.minBps <= m.suggestedBps && m.suggestedBps <= m.maxBps && m.maxBps <= 100_000)) {
    out.push({ path: 'markup', message: 'need 0 ≤ min ≤ suggested ≤ max ≤ 1000%' });
  }
  const seen = new Set<string>();
  e.items.forEach((it, i) => {
    if (seen.has(it.skuId)) out.push({ path: `items.${i}.skuId`, message: 'listed twice' });
    seen.add(it.skuId);
  });
  return out;
}
