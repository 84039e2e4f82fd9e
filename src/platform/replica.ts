// A PostgreSQL streaming replica for the reads that are most of the traffic and can be a moment
// old: storefront pages and dashboards. What a caller has just written (an order, a payment, an
// edit) is always read from the primary: those reads never come here (read-your-writes by route,
// see readOnReplica's callers). A replica that is unreachable, is not a standby, or is further
// behind than REPLICA_MAX_LAG_MS is not read from — its reads go to the primary — until a check
// finds it caught up again; /ready reports what the last check found.
//
// How far behind: the primary's WAL position against the replica's replayed position (bytes), and
// since when the replica has been behind (the last check that found it caught up, or its last
// replayed commit, whichever is later). Checked every second, and on demand by /ready.
import type pg from 'pg';
import { connect, isDatabaseUnavailable, type Database, type Db } from './database.ts';
import type { Ctx } from './context.ts';
import type { FastifyBaseLogger as Logger } from 'fastify';

export interface ReplicaStatus {
  /** Reads meant for the replica go to it (else to the primary). */
  serving: boolean;
  reachable: boolean;
  /** The server is a standby in recovery (a promoted or misconfigured one is not read from). */
  standby: boolean | null;
  /** Bytes of WAL the primary has written that the replica has not replayed. */
  lagBytes: number | null;
  /** How long the replica has been behind; 0 when it has replayed everything the primary wrote. */
  lagMs: number | null;
  maxLagMs: number;
  checkedAt: string | null;
  error?: string;
}

/** An LSN ('16/B374D848') as a number of bytes (exact below 2^53: 8 PB of WAL). */
export function lsnBytes(lsn: string): number {
  const [hi, lo] = lsn.split('/');
  return parseInt(hi, 16) * 2 ** 32 + parseInt(lo, 16);
}

const CHECK_MS = 1000;

export class ReadReplica {
  readonly database: Database;
  private state: ReplicaStatus;
  private caughtUpAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<ReplicaStatus> | null = null;

  constructor(url: string, poolSize: number, private readonly primary: pg.Pool, private readonly maxLagMs: number, private readonly log: Logger) {
    this.database = connect(url, poolSize, (err) => log.warn({ err: err.message }, 'replica connection lost'));
    this.state = { serving: false, reachable: false, standby: null, lagBytes: null, lagMs: null, maxLagMs, checkedAt: null };
  }

  /** The first check, then one every second. */
  async start(): Promise<ReplicaStatus> {
    const s = await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
    if (!s.serving) this.log.warn({ replica: s }, 'the read replica is not used for now: reads go to the primary');
    return s;
  }

  status(): ReplicaStatus {
    return this.state;
  }

  /** The replica's handle while it serves, else null (read from the primary). */
  db(): Db | null {
    return this.state.serving ? this.database.db : null;
  }

  /** Check now (concurrent callers share one check). */
  check(): Promise<ReplicaStatus> {
    this.checking ??= this.checkOnce().finally(() => { this.checking = null; });
    return this.checking;
  }

  private async checkOnce(): Promise<ReplicaStatus> {
    const was = this.state.serving;
    const now = Date.now();
    try {
      // The replica first: a position read from the primary after it can only be later.
      const { rows: [r] } = await this.database.pool.query<{ standby: boolean; replay: string | null; since_ms: number | null }>(`
        SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
               (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_ms`);
      const { rows: [p] } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const lagBytes = r.standby && r.replay ? Math.max(0, lsnBytes(p.lsn) - lsnBytes(r.replay)) : null;
      if (lagBytes === 0) this.caughtUpAt = now;
      // Behind since the last check that found it caught up, or its last replayed commit if later
      // (a replica that was never seen caught up is as far behind as its last replay).
      const behindSince = Math.max(this.caughtUpAt, r.since_ms === null ? 0 : now - r.since_ms);
      const lagMs = lagBytes === null ? null : lagBytes === 0 ? 0 : Math.max(0, now - (behindSince || now));
      const serving = r.standby && lagMs !== null && lagMs <= this.maxLagMs;
      this.state = {
        serving, reachable: true, standby: r.standby, lagBytes, lagMs, maxLagMs: this.maxLagMs, checkedAt: new Date(now).toISOString(),
        ...(r.standby ? {} : { error: 'not a standby: the server is not in recovery' }),
      };
    } catch (e) {
      this.state = {
        serving: false, reachable: false, standby: null, lagBytes: null, lagMs: null, maxLagMs: this.maxLagMs, checkedAt: new Date(now).toISOString(),
        error: e instanceof Error ? e.message : String(e),
      };
    }
    if (was !== this.state.serving) {
      this.log[this.state.serving ? 'info' : 'warn']({ replica: this.state }, this.state.serving ? 'the read replica is used again' : 'the read replica is not used for now: reads go to the primary');
    }
    return this.state;
  }

  /** Reads failed on the replica: stop using it until the next check finds it well. */
  failed(e: unknown): void {
    if (!this.state.serving) return;
    this.state = { ...this.state, serving: false, reachable: false, error: e instanceof Error ? e.message : String(e) };
    this.log.warn({ err: this.state.error }, 'the read replica is not used for now: reads go to the primary');
  }

  stopChecking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    this.stopChecking();
    await this.checking?.catch(() => {});
    await this.database.close();
  }
}

/**
 * Run `read` against the replica when there is one that keeps up, else against the primary; a
 * read the replica cannot answer (connection lost) is run again on the primary. For reads that
 * may be a moment old and never follow the caller's own write: storefront pages, dashboards.
 * Inside a transaction it always reads the transaction's own connection.
 */
export async function readOnReplica<T>(ctx: Ctx, read: (c: Ctx) => Promise<T>): Promise<T> {
  const replica = ctx.deps.replica;
  const db = !ctx.inTx && replica ? replica.db() : null;
  if (!db || !replica) return read(ctx);
  try {
    return await read({ ...ctx, db });
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    replica.failed(e);
    return read(ctx);
  }
}
