// Lifecycles are tables: a map from each state to the states it may move to. A transition is
// checked here and written with a guarded UPDATE (… WHERE status = $from) by the owning module.
import { AppError } from './errors.ts';

export type Transitions<S extends string> = { readonly [K in S]: readonly S[] };

export function canTransition<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from]?.includes(to) ?? false;
}

export function assertTransition<S extends string>(table: Transitions<S>, from: S, to: S): void {
  if (!canTransition(table, from, to)) {
    throw new AppError('invalid_transition', { detail: `cannot move from ${from} to ${to}`, extra: { from, to } });
  }
}

/** Start-up check: every target is a known state, and every state is reachable from the first. */
export function validateTransitions<S extends string>(name: string, table: Transitions<S>): void {
  const states = Object.keys(table) as S[];
  for (const s of states) for (const t of table[s]) if (!states.includes(t)) throw new Error(`${name}: ${s} → unknown state ${t}`);
  const seen = new Set<S>([states[0]]);
  const queue = [states[0]];
  while (queue.length) for (const t of table[queue.shift()!]) if (!seen.has(t)) { seen.add(t); queue.push(t); }
  const unreachable = states.filter((s) => !seen.has(s));
  if (unreachable.length) throw new Error(`${name}: unreachable states ${unreachable.join(', ')}`);
}
