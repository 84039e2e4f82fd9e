// The context every use case takes first: who is acting, which database handle (pool or the
// open transaction), the caller's language, the logger, the configuration and the adapters.
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Config } from './config.ts';
import type { Executor, Db } from './database.ts';
import type { Lang } from './errors.ts';
import type { PaymentProvider } from './payment-provider.ts';
import type { CarrierProvider } from './carrier-provider.ts';
import type { PayoutProvider } from './payout-provider.ts';
import type { ReadReplica } from './replica.ts';

export type Role = 'operator' | 'brand' | 'reseller';

export type Actor =
  | { kind: 'operator'; userId: string }
  | { kind: 'brand'; userId: string; brandId: string }
  | {
    kind: 'reseller'; userId: string; resellerId: string;
    /**
     * Set when the session was taken from this process's recent lookups instead of a statement
     * begun after the request arrived (recentActorForToken, only on routes that say
     * `sessionCheckedLater`): the session's token hash, to be checked before anything is read or
     * written for the request — by confirmSession, or by the order desk in its group's read.
     */
    checkSession?: string;
  }
  /** A consumer buying through a reseller's link: no account. */
  | { kind: 'anonymous' }
  /** Jobs, migrations and the demo seeder. */
  | { kind: 'system' };

export interface Deps {
  config: Config;
  log: Logger;
  payments: PaymentProvider;
  carrier: CarrierProvider;
  payouts: PayoutProvider;
  /** The read replica (DATABASE_REPLICA_URL), if there is one: see readOnReplica. */
  replica?: ReadReplica;
}

export interface Ctx {
  actor: Actor;
  db: Executor;
  inTx: boolean;
  lang: Lang;
  log: Logger;
  deps: Deps;
  requestId?: string;
}

export function makeCtx(db: Db, deps: Deps, actor: Actor, extra: Partial<Pick<Ctx, 'lang' | 'requestId' | 'log'>> = {}): Ctx {
  return { actor, db, inTx: false, lang: extra.lang ?? 'zh-CN', log: extra.log ?? deps.log, deps, requestId: extra.requestId };
}

/** Who did something, for its record: the signed-in user's id, or the actor's kind (system, anonymous). */
export function actorRecord(actor: Actor): string {
  return 'userId' in actor ? actor.userId : actor.kind;
}

export function systemCtx(ctx: Ctx): Ctx {
  return { ...ctx, actor: { kind: 'system' } };
}

/** Run `fn` in one transaction: the caller's if it has one, a new one otherwise. */
export async function withTx<T>(ctx: Ctx, fn: (tctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.inTx) return fn(ctx);
  return (ctx.db as Db).transaction(async (tx) => fn({ ...ctx, db: tx, inTx: true }));
}
