// Failed-login throttling as pure rules: how long a phone or a client address waits after a run
// of failures, whether an attempt may be tried now, and what a success gives back. No I/O; `now`
// is the database's clock, passed in. The service applies these under the rows' locks.

export type ThrottleKind = 'phone' | 'address';

export interface ThrottlePolicy {
  /** The failure in a run from which each failure locks the key. */
  lockAfter: number;
  /** The lock after failure number `lockAfter`; each later failure doubles it … */
  baseSeconds: number;
  /** … up to this. */
  maxSeconds: number;
  /** A run of failures is forgotten after this long without a failure (longer than any lock). */
  forgetSeconds: number;
}

/**
 * A phone gets 5 tries, then waits 30 s, 1 min, 2 min … up to an hour between tries (at most 11
 * guesses in the first hour, about one an hour after that); a success clears it. A client address
 * is shared by whole offices and mobile networks (carrier NAT), so it gets 20 tries across every
 * phone before it waits (30 s doubling to 15 min) and is forgotten after an hour of quiet: it
 * stops one machine from trying many phones, while the phone's own count protects each account.
 */
export const THROTTLE_POLICIES: Record<ThrottleKind, ThrottlePolicy> = {
  phone: { lockAfter: 5, baseSeconds: 30, maxSeconds: 3600, forgetSeconds: 86_400 },
  address: { lockAfter: 20, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
};

export interface ThrottleState {
  failures: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  lockedUntil: Date | null;
}

/** How long a key is locked after its n-th failure in a run: none before `lockAfter`, then doubling up to the cap. */
export function backoffSeconds(failures: number, p: ThrottlePolicy): number {
  if (failures < p.lockAfter) return 0;
  // 2^40 × base is past any cap; the exponent is bounded so the arithmetic stays exact.
  return Math.min(p.maxSeconds, p.baseSeconds * 2 ** Math.min(failures - p.lockAfter, 40));
}

/** The lock a run of `failures` ending at `lastFailedAt` imposes (null: none). */
export function lockFor(failures: number, lastFailedAt: Date, p: ThrottlePolicy): Date | null {
  const s = backoffSeconds(failures, p);
  return s === 0 ? null : new Date(lastFailedAt.getTime() + s * 1000);
}

/** The run as it stands at `now`: null when there is none or it has been forgotten. */
export function standing(state: ThrottleState | null, now: Date, p: ThrottlePolicy): ThrottleState | null {
  if (!state || state.failures <= 0) return null;
  if (now.getTime() - state.lastFailedAt.getTime() >= p.forgetSeconds * 1000) return null;
  return state;
}

/** Whole seconds until `until` (at least 1): what Retry-After says. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

export type Admission =
  | { admitted: true; before: ThrottleState | null; after: ThrottleState }
  | { admitted: false; lockedUntil: Date; retryAfter: number };

/**
 * May one more attempt be tried at `now`? An admitted attempt is counted as a failure before the
 * password is even checked (a success gives it back, see `refund`): counted afterwards, a burst
 * of a thousand parallel guesses would all pass the check before the first failure was written.
 */
export function admit(state: ThrottleState | null, now: Date, p: ThrottlePolicy): Admission {
  const run = standing(state, now, p);
  if (run?.lockedUntil && run.lockedUntil > now) return { admitted: false, lockedUntil: run.lockedUntil, retryAfter: secondsUntil(run.lockedUntil, now) };
  const failures = (run?.failures ?? 0) + 1;
  return { admitted: true, before: run, after: { failures, firstFailedAt: run?.firstFailedAt ?? now, lastFailedAt: now, lockedUntil: lockFor(failures, now, p) } };
}

const same = (a: ThrottleState, b: ThrottleState) =>
  a.failures === b.failures && a.firstFailedAt.getTime() === b.firstFailedAt.getTime() && a.lastFailedAt.getTime() === b.lastFailedAt.getTime()
  && (a.lockedUntil?.getTime() ?? null) === (b.lockedUntil?.getTime() ?? null);

/**
 * What a successful attempt leaves of a key's run: exactly the state before its admission when
 * nothing else touched the key since (a success never starts or lengthens a lock); otherwise the
 * other attempts' failures stand and only this one's is taken back.
 */
export function refund(current: ThrottleState | null, admitted: { before: ThrottleState | null; after: ThrottleState }, p: ThrottlePolicy): ThrottleState | null {
  if (!current) return null; // cleared meanwhile (an operator, a success for the phone)
  if (same(current, admitted.after)) return admitted.before;
  const failures = current.failures - 1;
  if (failures <= 0) return null;
  return { ...current, failures, lockedUntil: lockFor(failures, current.lastFailedAt, p) };
}

export interface KeyDecision { kind: ThrottleKind; admission: Admission }

/**
 * One attempt is judged on every key it carries (its phone, its client address): refused when any
 * is locked, with the longest wait; otherwise every key counts it.
 */
export function admitAll(keys: { kind: ThrottleKind; state: ThrottleState | null }[], now: Date, policies = THROTTLE_POLICIES):
  | { admitted: true; keys: { kind: ThrottleKind; before: ThrottleState | null; after: ThrottleState }[] }
  | { admitted: false; kind: ThrottleKind; lockedUntil: Date; retryAfter: number } {
  const decided = keys.map((k) => ({ kind: k.kind, a: admit(k.state, now, policies[k.kind]) }));
  let refused: { kind: ThrottleKind; lockedUntil: Date; retryAfter: number } | undefined;
  for (const d of decided) {
    if (!d.a.admitted && (!refused || d.a.lockedUntil > refused.lockedUntil)) refused = { kind: d.kind, lockedUntil: d.a.lockedUntil, retryAfter: d.a.retryAfter };
  }
  if (refused) return { admitted: false, ...refused };
  return { admitted: true, keys: decided.map((d) => { const a = d.a as Extract<Admission, { admitted: true }>; return { kind: d.kind, before: a.before, after: a.after }; }) };
}

/** "30 秒" / "2 分钟" / "1 小时" or "30 seconds" / "2 minutes" / "1 hour": a wait, rounded up. */
export function waitText(seconds: number, lang: 'zh-CN' | 'en'): string {
  const [n, unit] = seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 's'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'min'] : [Math.ceil(seconds / 3600), 'h'];
  if (lang === 'en') return `${n} ${unit === 's' ? 'second' : unit === 'min' ? 'minute' : 'hour'}${n === 1 ? '' : 's'}`;
  return `${n} ${unit === 's' ? '秒' : unit === 'min' ? '分钟' : '小时'}`;
}

