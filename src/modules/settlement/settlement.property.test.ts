// Property: the money rules composed over any sequence of sign-ups, fees, orders, payments,
// deliveries, refunds, settlements, withdrawals, payouts, removals and clock moves keep the books
// exact. The model posts to an in-memory ledger with nothing but the real pure rules (ledger
// orderPaidLines / unitReversalLines / reversalLines, membership bpsOf / clawbackOf /
// withdrawalFee / removalRefund / termSpan / mayRenew / levelFor); after every sequence each
// party's balance is checked against a plain computation from what happened (kept units × prices,
// the policy's rates on kept units, withdrawals that stand) — never against the rules themselves.
// SETTLEMENT_PURE_RUNS / SETTLEMENT_PURE_OPS scale it (default 1,000 sequences × 50 operations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { orderPaidLines, unitReversalLines, reversalLines, payerRefundOf, heldAccount, sumLines, type PostingLine, type AccountKind } from '../ledger/index.ts';
import { bpsOf, clawbackOf, withdrawalFee, removalRefund, termSpan, mayRenew, levelFor, levelRank, LEVELS, MembershipPolicySchema, type MembershipPolicy, type Level } from '../resellers/index.ts';

const RUNS = Number(process.env.SETTLEMENT_PURE_RUNS ?? 1000);
const OPS = Number(process.env.SETTLEMENT_PURE_OPS ?? 50);
const DAY = 86400_000;
const RETURN_WINDOW_DAYS = 7;
const BRANDS = [{ id: 'brd_a', commissionBps: 2000 }, { id: 'brd_b', commissionBps: 1750 }, { id: 'brd_c', commissionBps: 0 }];
const STRANGER = '13900000000';

// ---- the in-memory ledger ----

class Ledger {
  readonly entries = new Map<string, PostingLine[]>();
  readonly balances = new Map<string, number>();
  /** What each order line's entries hold, per account and party (refunds in flight as the provider cash they were). */
  readonly held = new Map<string, Map<string, PostingLine>>();

  post(key: string, lines: PostingLine[]): PostingLine[] {
    const live = lines.filter((l) => l.amount !== 0);
    if (live.length === 0) return [];
    assert.ok(!this.entries.has(key), `entry ${key} posted twice`);
    for (const l of live) assert.ok(Number.isSafeInteger(l.amount), `${key}: non-integer ${l.amount}`);
    assert.equal(sumLines(live), 0, `entry ${key} does not balance: ${JSON.stringify(live)}`);
    this.entries.set(key, live);
    for (const l of live) {
      const k = `${l.account}|${l.partyId}`;
      this.balances.set(k, (this.balances.get(k) ?? 0) + l.amount);
      if (l.account === 'reseller_wallet') assert.ok(this.balances.get(k)! <= 0, `${key}: wallet of ${l.partyId} below zero`);
      if (!l.orderLineId) continue;
      const h = this.held.get(l.orderLineId) ?? new Map<string, PostingLine>();
      this.held.set(l.orderLineId, h);
      const account = heldAccount(l.account);
      const partyId = account === 'provider_cash' ? '' : l.partyId;
      const hk = `${account}|${partyId}`;
      const cur = h.get(hk);
      if (cur) cur.amount += l.amount; else h.set(hk, { account, partyId, amount: l.amount, orderLineId: l.orderLineId });
    }
    return live;
  }

  heldFor(orderLineId: string): PostingLine[] {
    return [...(this.held.get(orderLineId)?.values() ?? [])].filter((l) => l.amount !== 0).map((l) => ({ ...l }));
  }

  heldOn(orderLineId: string, account: AccountKind, partyId?: string): number {
    let s = 0;
    for (const l of this.held.get(orderLineId)?.values() ?? []) if (l.account === account && (partyId === undefined || l.partyId === partyId)) s += l.amount;
    return s;
  }

  balance(account: AccountKind, partyId = ''): number {
    return this.balances.get(`${account}|${partyId}`) ?? 0;
  }

  total(account: AccountKind): number {
    let s = 0;
    for (const [k, v] of this.balances) if (k.startsWith(`${account}|`)) s += v;
    return s;
  }
}

// ---- the world the sequence acts on ----

interface Term { fee: number; refunded: number; startsAt: number; endsAt: number; status: 'active' | 'removed' }
interface Member {
  id: string; phone: string; invitedBy: string | null; status: 'pending' | 'active' | 'removed'; level: Level;
  createdAt: number; removedAt: number | null; expiresAt: number | null; terms: Term[]; topups: number;
}
interface Line { id: string; brandId: string; commissionBps: number; qty: number; base: number; selling: number; refunded: number; steps: number; settledUnits: number | null; settledSales: number }
interface Order {
  id: string; resellerId: string; kind: 'storefront' | 'reseller'; payer: 'provider' | 'wallet'; consumerPhone: string; lines: Line[];
  status: 'unpaid' | 'paid' | 'delivered' | 'settled'; windowEndsAt: number | null; paidAt: number | null;
}
interface Reward { kind: 'invitation' | 'team'; line: Line; order: Order; beneficiary: string; invitee: string; perUnitBasis: number; bps: number; amount: number; clawed: number }
interface Withdrawal { id: string; resellerId: string; amount: number; fee: number; goodAccount: boolean; status: 'requested' | 'approved' | 'rejected' | 'cancelled'; payout: 'pending' | 'succeeded' | 'failed' | null; createdAt: number }

interface World {
  p: MembershipPolicy; now: number; seq: number; ledger: Ledger;
  members: Member[]; orders: Order[]; rewards: Reward[]; withdrawals: Withdrawal[];
  /** Money that came in through the gateway and went back out through it, counted from the facts (not the entries). */
  cashIn: number; cashBack: number; feesPaid: number; feesRefunded: number;
}

const shanghaiDay = (t: number) => Math.floor((t + 8 * 3600_000) / DAY);

/** What a reseller's requests not yet decided set aside. */
const requestedOf = (w: World, resellerId: string) => w.withdrawals.filter((x) => x.resellerId === resellerId && x.status === 'requested').reduce((a, x) => a + x.amount, 0);

function standingActive(m: Member, now: number): boolean {
  return m.status === 'active' && m.expiresAt !== null && m.expiresAt > now;
}

// ---- operations ----

const pick = <T>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

const lineArb = fc.record({ brand: fc.nat(2), qty: fc.integer({ min: 1, max: 5 }), base: fc.integer({ min: 1, max: 50_000 }), markupBps: fc.integer({ min: 0, max: 5000 }) });
const opArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('signup' as const), inviter: fc.option(fc.nat(), { nil: null, freq: 4 }), pays: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('fee' as const), who: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('order' as const), who: fc.nat(), invitee: fc.boolean(), kind: fc.constantFrom('storefront' as const, 'reseller' as const), wallet: fc.boolean(), pay: fc.nat(3), phone: fc.oneof({ weight: 4, arbitrary: fc.constant('stranger' as const) }, fc.constant('self' as const), fc.constant('inviter' as const)), lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('pay' as const), which: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('deliver' as const), which: fc.nat(), all: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('refund' as const), settled: fc.boolean(), which: fc.nat(), line: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('settle' as const) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('clock' as const), days: fc.constantFrom(0, 1, 3, 6, 7, 8, 15, 31, 95, 200), hours: fc.nat(23), job: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('level' as const), who: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('withdraw' as const), who: fc.nat(), part: fc.integer({ min: 1, max: 120 }), good: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('decide' as const), which: fc.nat(), how: fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const, 'cancel' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('payout' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('remove' as const), who: fc.nat() }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const policyArb = fc.record({
  annualFee: fc.integer({ min: 1, max: 998_00 }),
  removalRefund: fc.constantFrom('full' as const, 'pro_rata' as const, 'none' as const),
  readmitAfterDays: fc.integer({ min: 0, max: 60 }),
  steps: fc.array(fc.integer({ min: 1, max: 300_00 }), { minLength: 4, maxLength: 4 }),
  quotas: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 5, maxLength: 5 }),
  invitation: fc.record({ bps: fc.oneof(fc.constantFrom(0, 1, 46, 333, 1000, 5000), fc.integer({ min: 0, max: 5000 })), basis: fc.constantFrom('sales' as const, 'margin' as const), thresholdSales: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500_00 })), months: fc.integer({ min: 1, max: 12 }) }),
  team: fc.record({ minLevel: fc.constantFrom(...LEVELS), bps: fc.oneof(fc.constantFrom(0, 7, 200), fc.integer({ min: 0, max: 1000 })) }),
  withdrawal: fc.record({ minAmount: fc.integer({ min: 2, max: 50_00 }), span: fc.integer({ min: 0, max: 1_000_00 }), dailyCount: fc.integer({ min: 1, max: 3 }), feeBps: fc.integer({ min: 0, max: 1000 }), feeMinPart: fc.integer({ min: 0, max: 99 }) }),
}).map((g): MembershipPolicy => {
  let min = 0;
  const levels = LEVELS.map((level, i) => ({ level, minSales: i === 0 ? 0 : (min += g.steps[i - 1]), inviteQuota: g.quotas[i], perks: [] }));
  const w = g.withdrawal;
  return MembershipPolicySchema.parse({
    annualFee: g.annualFee, renewWithinDays: 30, readmitAfterDays: g.readmitAfterDays, removalRefund: g.removalRefund, levelWindowDays: 90, levels,
    monthlyMinimum: 10_000_00, firstMonthExempt: true, invitation: g.invitation, team: g.team,
    withdrawal: { minAmount: w.minAmount, maxAmount: w.minAmount + w.span, dailyCount: w.dailyCount, feeBps: w.feeBps, feeMin: Math.floor((w.minAmount - 1) * w.feeMinPart / 100) },
  });
});

function newWorld(p: MembershipPolicy): World {
  const w: World = { p, now: Date.UTC(2025, 0, 1), seq: 0, ledger: new Ledger(), members: [], orders: [], rewards: [], withdrawals: [], cashIn: 0, cashBack: 0, feesPaid: 0, feesRefunded: 0 };
  // Two members the operator created, paid up, to invite the first people.
  for (let i = 0; i < 2; i++) {
    const m: Member = { id: `rsl_${++w.seq}`, phone: `1380000000${i}`, invitedBy: null, status: 'pending', level: i === 0 ? 'V1' : 'V5', createdAt: w.now, removedAt: null, expiresAt: null, terms: [], topups: 0 };
    w.members.push(m);
    payFee(w, m);
  }
  return w;
}

/** The fee of a new term, paid through the gateway: a sign-up's first, a renewal, or a readmission. */
function payFee(w: World, m: Member): void {
  const current = m.status === 'active' ? m.expiresAt : null;
  const span = termSpan(current === null ? null : new Date(current), new Date(w.now));
  m.terms.push({ fee: w.p.annualFee, refunded: 0, startsAt: span.startsAt.getTime(), endsAt: span.endsAt.getTime(), status: 'active' });
  m.status = 'active';
  m.expiresAt = span.endsAt.getTime();
  m.removedAt = null;
  w.ledger.post(`membership:${m.id}:${m.terms.length}`, [
    { account: 'provider_cash', partyId: '', amount: w.p.annualFee },
    { account: 'membership_fees', partyId: '', amount: -w.p.annualFee },
  ]);
  w.cashIn += w.p.annualFee;
  w.feesPaid += w.p.annualFee;
}

/** An order paid: through the gateway, or from the wallet the reseller tops up for it first. */
function pay(w: World, o: Order): void {
  const L = w.ledger;
  const storefront = o.kind === 'storefront';
  // What the payer owes, by the plain price: the selling price on the storefront, the base price for the reseller's own order.
  const due = o.lines.reduce((a, l) => a + (storefront ? l.selling : l.base) * l.qty, 0);
  if (o.payer === 'wallet') {
    // The reseller tops the wallet up through the gateway first.
    L.post(`topup:${o.id}`, [{ account: 'provider_cash', partyId: '', amount: due }, { account: 'reseller_wallet', partyId: o.resellerId, amount: -due }]);
    w.members.find((m) => m.id === o.resellerId)!.topups += due;
  }
  w.cashIn += due;
  L.post(`paid:${o.id}`, orderPaidLines({
    resellerId: o.resellerId, payer: o.payer === 'wallet' ? { kind: 'wallet', resellerId: o.resellerId } : { kind: 'provider' }, creditMargin: storefront,
    lines: o.lines.map((l) => ({ orderLineId: l.id, brandId: l.brandId, quantity: l.qty, basePrice: l.base, sellingPrice: l.selling, commissionBps: l.commissionBps })),
  }));
  o.status = 'paid';
  o.paidAt = w.now;
}

/** The settlement job: one batch of every delivered order whose window is over. */
function settle(w: World): void {
  const L = w.ledger;
  // One batch: every delivered order whose window is over. A line's held pending margin becomes
  // available; rewards to the invitee's inviter on kept units, never on a sale to either's phone,
  // once the invitee's sales settled before this batch passed the threshold.
  const due = w.orders.filter((o) => o.status === 'delivered' && o.windowEndsAt! <= w.now);
  const prior = new Map<string, number>();
  for (const o of w.orders) if (o.status === 'settled') for (const l of o.lines) prior.set(o.resellerId, (prior.get(o.resellerId) ?? 0) + l.settledSales);
  const { invitation, team } = w.p;
  for (const o of due) {
    const r = w.members.find((m) => m.id === o.resellerId)!;
    const inv = r.invitedBy ? w.members.find((m) => m.id === r.invitedBy)! : null;
    const entry: PostingLine[] = [];
    for (const l of o.lines) {
      const units = l.qty - l.refunded;
      l.settledUnits = units;
      l.settledSales = units * l.selling;
      const margin = -L.heldOn(l.id, 'reseller_margin_pending', o.resellerId);
      if (margin > 0) entry.push({ account: 'reseller_margin_pending', partyId: o.resellerId, amount: margin, orderLineId: l.id }, { account: 'reseller_margin_available', partyId: o.resellerId, amount: -margin, orderLineId: l.id });
      const eligible = inv && inv.status === 'active' && units > 0 && r.createdAt > w.now - invitation.months * 30 * DAY
        && (prior.get(r.id) ?? 0) >= invitation.thresholdSales && o.consumerPhone !== r.phone && o.consumerPhone !== inv.phone;
      if (!eligible) continue;
      const perUnitBasis = invitation.basis === 'sales' ? l.selling : l.selling - l.base;
      const kinds: ['invitation' | 'team', number][] = [['invitation', invitation.bps]];
      if (levelRank(inv.level) >= levelRank(team.minLevel)) kinds.push(['team', team.bps]);
      for (const [kind, bps] of kinds) {
        const amount = bpsOf(perUnitBasis * units, bps);
        if (amount <= 0) continue;
        w.rewards.push({ kind, line: l, order: o, beneficiary: inv.id, invitee: r.id, perUnitBasis, bps, amount, clawed: 0 });
        entry.push({ account: 'reward_expense', partyId: '', amount }, { account: 'reseller_margin_available', partyId: inv.id, amount: -amount });
      }
    }
    L.post(`settle:${o.id}`, entry);
    o.status = 'settled';
  }
}

function apply(w: World, op: Op): void {
  const L = w.ledger;
  switch (op.t) {
    case 'signup': {
      // With an inviter (an active member with quota left) or an operator's code.
      let invitedBy: string | null = null;
      if (op.inviter !== null) {
        const inv = pick(w.members.filter((x) => standingActive(x, w.now)), op.inviter);
        if (!inv) return;
        const quota = w.p.levels[levelRank(inv.level)].inviteQuota;
        const used = w.members.filter((x) => x.invitedBy === inv.id && x.createdAt > w.now - 365 * DAY && (x.status !== 'pending' || x.createdAt > w.now - DAY)).length;
        if (used >= quota) return;
        invitedBy = inv.id;
      }
      const m: Member = { id: `rsl_${++w.seq}`, phone: `137${String(w.seq).padStart(8, '0')}`, invitedBy, status: 'pending', level: 'V1', createdAt: w.now, removedAt: null, expiresAt: null, terms: [], topups: 0 };
      w.members.push(m);
      // Most pay the fee as they join; the others later (a fee op) or never.
      if (op.pays) payFee(w, m);
      return;
    }
    case 'fee': {
      const m = pick(w.members, op.who)!;
      const mayPay = m.status === 'pending'
        || (m.status === 'active' && mayRenew(w.p, m.expiresAt === null ? null : new Date(m.expiresAt), new Date(w.now)))
        || (m.status === 'removed' && w.now >= m.removedAt! + w.p.readmitAfterDays * DAY);
      if (mayPay) payFee(w, m);
      return;
    }
    case 'order': {
      const active = w.members.filter((x) => standingActive(x, w.now));
      const invitees = active.filter((x) => x.invitedBy);
      const r = pick(op.invitee && invitees.length ? invitees : active, op.who);
      if (!r) return;
      const inviter = r.invitedBy ? w.members.find((x) => x.id === r.invitedBy)! : null;
      const consumerPhone = op.phone === 'self' ? r.phone : op.phone === 'inviter' && inviter ? inviter.phone : STRANGER;
      const id = `ord_${++w.seq}`;
      const lines: Line[] = op.lines.map((l) => {
        const b = BRANDS[l.brand];
        return { id: `oln_${++w.seq}`, brandId: b.id, commissionBps: b.commissionBps, qty: l.qty, base: l.base, selling: l.base + Math.floor((l.base * l.markupBps) / 10_000), refunded: 0, steps: 0, settledUnits: null, settledSales: 0 };
      });
      const placed: Order = { id, resellerId: r.id, kind: op.kind, payer: op.kind === 'reseller' && op.wallet ? 'wallet' : 'provider', consumerPhone, lines, status: 'unpaid', windowEndsAt: null, paidAt: null };
      w.orders.push(placed);
      // Most are paid at once; the others later (a pay op) or never.
      if (op.pay > 0) pay(w, placed);
      return;
    }
    case 'pay': {
      const o = pick(w.orders.filter((x) => x.status === 'unpaid'), op.which);
      if (o) pay(w, o);
      return;
    }
    case 'deliver': {
      // One order's parcels reach the consumer, or every paid order's (a day of deliveries).
      const paid = w.orders.filter((x) => x.status === 'paid');
      for (const o of op.all ? paid : paid.slice(op.which % Math.max(1, paid.length)).slice(0, 1)) {
        o.status = 'delivered';
        o.windowEndsAt = w.now + RETURN_WINDOW_DAYS * DAY;
      }
      return;
    }
    case 'refund': {
      // k of a line's remaining units given back: before delivery, inside the window, or after settlement.
      const open = w.orders.filter((x) => x.status !== 'unpaid' && x.lines.some((l) => l.qty > l.refunded));
      const settled = open.filter((x) => x.status === 'settled');
      const o = pick(op.settled && settled.length ? settled : open, op.which);
      if (!o) return;
      const l = pick(o.lines.filter((x) => x.qty > x.refunded), op.line)!;
      const remaining = l.qty - l.refunded;
      const k = Math.max(1, Math.ceil((remaining * op.part) / 100));
      const key = `refund:${++w.seq}`;
      const rev = L.post(key, unitReversalLines(L.heldFor(l.id), k, remaining));
      const back = payerRefundOf(rev);
      // The gateway pays it back (refunds in flight settle); a wallet refund is credited at once.
      if (back.provider > 0) L.post(`${key}:settled`, [{ account: 'refunds_in_flight', partyId: '', amount: back.provider, orderLineId: l.id }, { account: 'provider_cash', partyId: '', amount: -back.provider, orderLineId: l.id }]);
      // Independently: a unit costs its payer the plain price; it all comes back through the gateway except what the wallet paid.
      const unitPaid = o.kind === 'storefront' ? l.selling : l.base;
      if (o.payer === 'provider') w.cashBack += unitPaid * k;
      l.refunded += k;
      l.steps++;
      // After settlement the rewards earned on those units are taken back.
      const claws: PostingLine[] = [];
      for (const r of w.rewards.filter((x) => x.line === l)) {
        const c = clawbackOf({ held: r.amount - r.clawed, basis: r.perUnitBasis * r.line.settledUnits!, bps: r.bps, units: r.line.settledUnits! }, k, remaining);
        if (c <= 0) continue;
        r.clawed += c;
        claws.push({ account: 'reseller_margin_available', partyId: r.beneficiary, amount: c }, { account: 'reward_expense', partyId: '', amount: -c });
      }
      L.post(`${key}:reward-clawback`, claws);
      return;
    }
    case 'settle':
      settle(w);
      return;
    case 'clock':
      w.now += op.days * DAY + op.hours * 3600_000;
      // The settlement job often runs right after (it runs every few minutes in production).
      if (op.job) settle(w);
      return;
    case 'level': {
      // Levels by the rolling window's kept sales of paid orders.
      const m = pick(w.members, op.who)!;
      const sales = w.orders.filter((o) => o.resellerId === m.id && o.paidAt !== null && o.paidAt > w.now - w.p.levelWindowDays * DAY)
        .reduce((a, o) => a + o.lines.reduce((b, l) => b + (l.qty - l.refunded) * l.selling, 0), 0);
      m.level = levelFor(w.p, sales);
      return;
    }
    case 'withdraw': {
      // A request sets the amount aside (it may not be asked for twice) and moves no money.
      const withMoney = w.members.filter((x) => L.balance('reseller_margin_available', x.id) < 0);
      const m = pick(withMoney.length ? withMoney : w.members, op.who)!;
      const spendable = 0 - L.balance('reseller_margin_available', m.id) - requestedOf(w, m.id);
      const { minAmount, maxAmount, dailyCount } = w.p.withdrawal;
      const amount = Math.min(maxAmount, Math.max(minAmount, Math.floor((Math.max(spendable, 0) * op.part) / 100)));
      const today = w.withdrawals.filter((x) => x.resellerId === m.id && (x.status === 'requested' || x.status === 'approved') && shanghaiDay(x.createdAt) === shanghaiDay(w.now)).length;
      if (today >= dailyCount || spendable < amount) return;
      w.withdrawals.push({ id: `wdr_${++w.seq}`, resellerId: m.id, amount, fee: withdrawalFee(w.p, amount), goodAccount: op.good, status: 'requested', payout: null, createdAt: w.now });
      return;
    }
    case 'decide': {
      const wd = pick(w.withdrawals.filter((x) => x.status === 'requested'), op.which);
      if (!wd) return;
      if (op.how !== 'approve') { wd.status = op.how === 'reject' ? 'rejected' : 'cancelled'; return; }
      // Approval moves the money, if the balance still covers it (a clawback since may have taken it): skipped otherwise.
      if (0 - L.balance('reseller_margin_available', wd.resellerId) - (requestedOf(w, wd.resellerId) - wd.amount) < wd.amount) return;
      wd.status = 'approved';
      wd.payout = 'pending';
      L.post(`withdrawal:${wd.id}:funded`, [
        { account: 'reseller_margin_available', partyId: wd.resellerId, amount: wd.amount },
        { account: 'payouts_in_flight', partyId: wd.resellerId, amount: -(wd.amount - wd.fee) },
        { account: 'withdrawal_fees', partyId: '', amount: -wd.fee },
      ]);
      return;
    }
    case 'payout': {
      // The provider settles a payout: paid to a good account, failed for one it does not know.
      const wd = pick(w.withdrawals.filter((x) => x.payout === 'pending'), op.which);
      if (!wd) return;
      const funding = L.entries.get(`withdrawal:${wd.id}:funded`)!;
      if (wd.goodAccount) {
        const net = wd.amount - wd.fee;
        L.post(`payout:${wd.id}:paid`, [...funding.filter((l) => l.account === 'payouts_in_flight').map((l) => ({ ...l, amount: -l.amount })), { account: 'payout_cash', partyId: '', amount: -net }]);
        wd.payout = 'succeeded';
      } else {
        L.post(`payout:${wd.id}:failed`, funding.map((l) => ({ ...l, amount: -l.amount })));
        wd.payout = 'failed';
      }
      return;
    }
    case 'remove': {
      // The monthly review removes an active member; the fee goes back by policy through the gateway.
      const m = pick(w.members, op.who)!;
      if (m.status !== 'active') return;
      m.status = 'removed';
      m.removedAt = w.now;
      for (const [i, term] of m.terms.entries()) {
        if (term.status !== 'active') continue;
        term.status = 'removed';
        const back = term.endsAt > w.now ? removalRefund(w.p, { fee: term.fee, refunded: term.refunded, startsAt: new Date(term.startsAt), endsAt: new Date(term.endsAt) }, new Date(w.now)) : 0;
        if (back <= 0) continue;
        term.refunded += back;
        L.post(`membership-refund:${m.id}:${i + 1}`, [{ account: 'membership_fees', partyId: '', amount: back }, { account: 'refunds_in_flight', partyId: '', amount: -back }]);
        L.post(`membership-refund:${m.id}:${i + 1}:settled`, [{ account: 'refunds_in_flight', partyId: '', amount: back }, { account: 'provider_cash', partyId: '', amount: -back }]);
        // Independently: all of what is left, the unused share of the term (floor), or nothing.
        const expected = w.p.removalRefund === 'full' ? term.fee
          : w.p.removalRefund === 'none' ? 0
            : Math.floor((term.fee * Math.min(term.endsAt - term.startsAt, term.endsAt - w.now)) / (term.endsAt - term.startsAt));
        assert.equal(back, expected, 'fee refund on removal');
        w.cashBack += expected;
        w.feesRefunded += expected;
      }
      return;
    }
  }
}

/** floor(a × bps / 10000) for non-negative integers, in BigInt so nothing rounds on the way. */
const rate = (a: number, bps: number) => Number((BigInt(a) * BigInt(bps)) / 10_000n);

function check(w: World): void {
  const L = w.ledger;
  // Every entry balances (post() asserted each one); every account over every party sums to zero.
  let total = 0;
  for (const v of L.balances.values()) total += v;
  assert.equal(total, 0, 'Σ of every account over every party');
  for (const lines of L.entries.values()) assert.equal(sumLines(lines), 0);

  // Each order line holds exactly what its kept units say.
  for (const o of w.orders) {
    if (o.status === 'unpaid') { for (const l of o.lines) assert.equal(L.heldFor(l.id).length, 0, 'an unpaid order holds nothing'); continue; }
    const storefront = o.kind === 'storefront';
    for (const l of o.lines) {
      const kept = l.qty - l.refunded;
      if (kept === 0) { assert.deepEqual(L.heldFor(l.id), [], `line ${l.id} refunded in full holds nothing`); continue; }
      const payerAccount = o.payer === 'wallet' ? 'reseller_wallet' : 'provider_cash';
      assert.equal(L.heldOn(l.id, payerAccount), (storefront ? l.selling : l.base) * kept, 'what the payer paid for the kept units');
      assert.equal(L.heldOn(l.id, 'brand_payable', l.brandId) + L.heldOn(l.id, 'platform_commission'), -l.base * kept, 'brand payable + commission = base of the kept units');
      // Commission stays the contract's rate of the kept base, within a fen per step of giving back.
      const exact = (l.base * kept * l.commissionBps) / 10_000;
      assert.ok(Math.abs(0 - L.heldOn(l.id, 'platform_commission') - exact) < 1 + l.steps, `commission ${0 - L.heldOn(l.id, 'platform_commission')} vs ${exact}`);
      const margin = storefront ? (l.selling - l.base) * kept : 0;
      const settled: boolean = o.status === 'settled';
      assert.equal(0 - L.heldOn(l.id, 'reseller_margin_pending'), settled ? 0 : margin, 'pending margin of the line');
      assert.equal(0 - L.heldOn(l.id, 'reseller_margin_available'), settled ? margin : 0, 'available margin of the line');
    }
  }

  // Rewards: exactly the policy's rate of the basis of the kept units, rounded down per line; zero
  // for a line refunded in full however the refunds were split; one level; never on self-purchases.
  for (const r of w.rewards) {
    const kept = r.line.qty - r.line.refunded;
    const invitee = w.members.find((m) => m.id === r.invitee)!;
    const inviter = w.members.find((m) => m.id === r.beneficiary)!;
    assert.equal(invitee.invitedBy, inviter.id, 'a reward goes to the invitee’s own inviter');
    assert.ok(r.order.consumerPhone !== invitee.phone && r.order.consumerPhone !== inviter.phone, 'no reward on a self-purchase');
    assert.equal(r.amount - r.clawed, rate(r.perUnitBasis * kept, r.bps), `${r.kind} reward on line ${r.line.id}: ${r.amount} − ${r.clawed} for ${kept} of ${r.line.settledUnits} units at ${r.perUnitBasis} × ${r.bps} bps`);
  }

  // Each reseller's balances, from the facts.
  // Money moved for approved withdrawals whose payout did not fail; a request only sets money aside.
  const standing = (wd: Withdrawal) => wd.status === 'approved' && wd.payout !== 'failed';
  for (const m of w.members) {
    let pending = 0, available = 0, wallet = m.topups, inFlight = 0;
    for (const o of w.orders) {
      if (o.resellerId !== m.id || o.status === 'unpaid') continue;
      for (const l of o.lines) {
        const kept = l.qty - l.refunded;
        if (o.kind === 'storefront') { if (o.status === 'settled') available += (l.selling - l.base) * kept; else pending += (l.selling - l.base) * kept; }
        if (o.payer === 'wallet') wallet -= l.base * kept;
      }
    }
    for (const r of w.rewards) if (r.beneficiary === m.id) available += rate(r.perUnitBasis * (r.line.qty - r.line.refunded), r.bps);
    for (const wd of w.withdrawals) {
      if (wd.resellerId !== m.id || !standing(wd)) continue;
      available -= wd.amount;
      if (wd.payout !== 'succeeded') inFlight += wd.amount - wd.fee;
    }
    assert.equal(0 - L.balance('reseller_margin_pending', m.id), pending, `pending of ${m.id}`);
    assert.equal(0 - L.balance('reseller_margin_available', m.id), available, `available of ${m.id}`);
    assert.equal(0 - L.balance('reseller_wallet', m.id), wallet, `wallet of ${m.id}`);
    assert.equal(0 - L.balance('payouts_in_flight', m.id), inFlight, `payouts in flight to ${m.id}`);
  }

  // The platform's accounts, from the facts: no money created or lost.
  const paidOut = w.withdrawals.filter((x) => x.payout === 'succeeded').reduce((a, x) => a + x.amount - x.fee, 0);
  assert.equal(L.total('provider_cash'), w.cashIn - w.cashBack, 'cash at the gateway = paid in − paid back');
  assert.equal(L.total('payout_cash'), 0 - paidOut, 'cash out through the payout provider');
  assert.equal(L.total('refunds_in_flight'), 0, 'every refund settled');
  assert.equal(0 - L.total('membership_fees'), w.feesPaid - w.feesRefunded, 'membership fees kept');
  assert.equal(0 - L.total('withdrawal_fees'), w.withdrawals.filter(standing).reduce((a, x) => a + x.fee, 0), 'withdrawal fees of withdrawals that stand');
  const rewards = w.rewards.reduce((a, r) => a + rate(r.perUnitBasis * (r.line.qty - r.line.refunded), r.bps), 0);
  assert.equal(L.total('reward_expense'), rewards, 'reward expense');
  let base = 0;
  for (const o of w.orders) if (o.status !== 'unpaid') for (const l of o.lines) base += l.base * (l.qty - l.refunded);
  assert.equal(0 - (L.total('brand_payable') + L.total('platform_commission')), base, 'brands and commission: the base of every kept unit');
}

test(`settlement money rules: ${RUNS} random sequences × ${OPS} operations keep every balance what the rules say`, () => {
  fc.assert(fc.property(policyArb, fc.array(opArb, { minLength: OPS, maxLength: OPS }), (p, ops) => {
    const w = newWorld(p);
    for (const op of ops) apply(w, op);
    check(w);
    // Then every parcel arrives and every window ends: what is left settles, and the books still agree.
    apply(w, { t: 'deliver', which: 0, all: true });
    apply(w, { t: 'clock', days: RETURN_WINDOW_DAYS, hours: 1, job: true });
    check(w);
  }), { numRuns: RUNS, includeErrorInReport: true });
});

test('a reward on a line refunded in any steps after settlement comes back whole, to the fen', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 5000 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), (perUnit, bps, cuts) => {
    const units = cuts.reduce((a, b) => a + b, 0);
    let held = bpsOf(perUnit * units, bps);
    let remaining = units;
    for (const k of cuts) {
      held -= clawbackOf({ held, basis: perUnit * units, bps, units }, k, remaining);
      remaining -= k;
      assert.equal(held, rate(perUnit * remaining, bps), `after giving back ${k}, ${remaining} of ${units} units kept`);
    }
    assert.equal(held, 0);
  }), { includeErrorInReport: true });
});
