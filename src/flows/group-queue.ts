// The queue in front of a desk that commits requests in groups (the order desk for resellers'
// wallet orders, the storefront desk for consumers' orders): requests wait in the process while
// the group before them is read and written, one group at a time, and while orders flow a small
// group waits a moment for the orders expected. What a group is and how it is committed is the
// desk's; when to start one is here.
import { makeCtx, type Ctx } from '../platform/context.ts';
import type { Db } from '../platform/database.ts';

/** A request waiting for its group: settled by the desk's commit. */
export interface Waiting<T> { resolve: (o: T) => void; reject: (e: unknown) => void }

/** Counted by the queue: groups that waited a moment for the orders expected. */
export interface QueueStats { gathered: number }

/** Orders per group, at most. */
const MAX_GROUP = 500;
/**
 * Groups are gathered up to this many orders: beyond it a group's fixed cost (its statements, a
 * commit) is already a small part of each order's, and waiting would only add latency.
 */
const GATHER_UP_TO = 32;
/**
 * Orders are flowing when a group was committed less than this long ago (ms); after a pause the
 * first order never waits. (The storefront desk answers a group while the next is written: its
 * buyers come back a little later, and the gather below still waits for them — measured better
 * than not waiting while a group is being answered, docs/benchmarks.md.)
 */
const FLOWING_MS = 20;

export class GroupQueue<R extends Waiting<never>> {
  private readonly queue: R[] = [];
  private running = false;
  /** The orders the next group waits for: the last group's and those that waited meanwhile, up to GATHER_UP_TO. */
  private want = 0;
  private lastCommitted = -Infinity;
  private arrived: (() => void) | null = null;

  /**
   * `commit` settles every request of the group it is given, before it returns or after (the
   * storefront desk answers while the next group is written; a throw rejects those it left);
   * `gatherMs()` is the wait for a small group (0: never wait), read at every group.
   */
  constructor(private readonly commit: (group: R[]) => Promise<void>, private readonly gatherMs: () => number, private readonly stats: QueueStats) {}

  submit(r: R): void {
    this.queue.push(r);
    if (this.arrived && this.queue.length >= this.want) {
      const arrived = this.arrived;
      this.arrived = null;
      arrived();
    }
    if (!this.running) {
      this.running = true;
      void this.drain();
    }
  }

  /**
   * Takes groups while requests wait, one at a time: the requests that arrive while a group is
   * read and written make the next group (measured: one group at a time gave larger groups and
   * less CPU per order than two or three in flight, or than reading the next group during a write).
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        await this.gather();
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await this.commit(group);
        } catch (e) {
          // Settling twice is harmless: a request the commit answered keeps its answer.
          for (const r of group) r.reject(e);
        }
        this.want = Math.min(GATHER_UP_TO, group.length + this.queue.length);
        this.lastCommitted = performance.now();
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * While orders flow and groups are small, wait a moment (gatherMs) for the orders expected: as
   * many as the last group and those that waited meanwhile. Buyers answered a moment ago order
   * again — at 8 clients the groups otherwise split into two halves of four, each paying the
   * group's fixed cost (measured: 26 % less CPU per order and 20 % more orders a second at 8
   * clients, 25 % less CPU at 32; docs/benchmarks.md). After a pause, or with enough orders
   * waiting, a group starts at once.
   */
  private async gather(): Promise<void> {
    const ms = this.gatherMs();
    if (ms <= 0 || this.queue.length >= this.want || performance.now() - this.lastCommitted > FLOWING_MS) return;
    this.stats.gathered++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.arrived = null; resolve(); }, ms);
      this.arrived = () => { clearTimeout(timer); resolve(); };
    });
  }
}

/**
 * The queue of a desk for this context's database pool (one per pool and desk, made on first
 * use), whose groups are committed as the system: each request was authorised before it came
 * (the order desk checks in its group's read a session left to it, DeskOrder.session).
 */
export function deskQueue<R extends Waiting<never>>(desks: WeakMap<Db, GroupQueue<R>>, ctx: Ctx, commit: (system: Ctx, group: R[]) => Promise<void>, stats: QueueStats): GroupQueue<R> {
  if (ctx.inTx) throw new Error('a desk commits on its own: place at it outside a transaction');
  const db = ctx.db as Db;
  let d = desks.get(db);
  if (!d) {
    const system = makeCtx(db, ctx.deps, { kind: 'system' });
    desks.set(db, (d = new GroupQueue<R>((group) => commit(system, group), () => system.deps.config.orderDeskGatherMs, stats)));
  }
  return d;
}
