// Pure rules of the presale (以销定产): what a valid presale is, the decision at the deadline,
// the production order's lines and ship date, and the demand picture the brand watches.
import type { FieldIssue } from '../../platform/errors.ts';

export interface PresaleInput { moq: number; shipDays: number; deadline: Date }

/** The deadline falls inside the event's window and after now (database clock); MOQ ≥ 1; 1–180 ship days. */
export function validatePresale(p: PresaleInput, event: { startsAt: Date; endsAt: Date }, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(p.moq) || p.moq < 1 || p.moq > 1_000_000) issues.push({ path: 'moq', message: 'must be a whole number from 1 to 1000000' });
  if (!Number.isInteger(p.shipDays) || p.shipDays < 1 || p.shipDays > 180) issues.push({ path: 'shipDays', message: 'must be a whole number from 1 to 180' });
  if (p.deadline <= now) issues.push({ path: 'deadline', message: 'must be in the future' });
  else if (p.deadline <= event.startsAt || p.deadline > event.endsAt) issues.push({ path: 'deadline', message: 'must fall after the event starts and no later than it ends' });
  return issues;
}

/** Reached the minimum with paid units → the brand produces; otherwise every order is refunded. */
export function decide(paidUnits: number, moq: number): 'confirmed' | 'failed' {
  return paidUnits >= moq ? 'confirmed' : 'failed';
}

/** One line per SKU, quantities summed, zero lines dropped, in SKU order. */
export function productionLines(rows: { skuId: string; quantity: number }[]): { skuId: string; quantity: number }[] {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.skuId, (by.get(r.skuId) ?? 0) + r.quantity);
  return [...by].filter(([, q]) => q > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([skuId, quantity]) => ({ skuId, quantity }));
}

const BEIJING_MS = 8 * 3_600_000;

/** The committed ship date: the deadline's calendar day in Beijing time plus shipDays, as YYYY-MM-DD. */
export function committedShipDate(deadline: Date, shipDays: number): string {
  const local = new Date(deadline.getTime() + BEIJING_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) + shipDays * 86_400_000;
  return new Date(day).toISOString().slice(0, 10);
}

/** Progress to the MOQ in basis points, capped at 100%. */
export function progressBps(paidUnits: number, moq: number): number {
  return Math.min(10_000, Math.floor((paidUnits * 10_000) / moq));
}

export interface DemandRow { skuId: string; colour: string; size: string; paid: number; pending: number }

/** Demand summed by size (all colours together), sizes in the order first seen. */
export function demandBySize(rows: DemandRow[]): { size: string; paid: number; pending: number }[] {
  const by = new Map<string, { size: string; paid: number; pending: number }>();
  for (const r of rows) {
    const s = by.get(r.size) ?? { size: r.size, paid: 0, pending: 0 };
    s.paid += r.paid; s.pending += r.pending;
    by.set(r.size, s);
  }
  return [...by.values()];
}
