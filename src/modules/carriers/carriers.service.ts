// Waybills for parcels and what the carriers say happened to them. Calls to the carrier happen
// outside database transactions and the carrier dedupes on our parcel id, so a retry asks again,
// never twice. Tracking events are recorded once each (by the carrier's event id) in whatever
// order they arrive; the waybill's status follows when they happened (carriers.rules.ts). The
// fulfilment side consumes the events through takeTrackingChanges, inside its own transaction.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { waybills, trackingEvents } from './carriers.tables.ts';
import { supersedes } from './carriers.rules.ts';
import type { CarrierService, Party, TrackingEvent, TrackingStatus, VerifiedTrackingEvent } from '../../platform/carrier-provider.ts';

export type WaybillStatus = TrackingStatus | 'cancelled';

export interface WaybillView {
  id: string; parcelRef: string; carrier: string; waybillNo: string; service: CarrierService; sortCode: string; status: WaybillStatus;
  createdAt: Date; pickedUpAt: Date | null; deliveredAt: Date | null; lastEventAt: Date | null;
}

/** A packed parcel to ship: what the carrier's label needs. */
export interface ParcelToShip {
  /** Our parcel id: one waybill per parcel and carrier, whatever the retries. */
  parcelRef: string;
  /** standard (default), or bulky for one item over the carrier's weight limit. */
  service?: CarrierService;
  sender: Party;
  recipient: Party;
  weightGrams: number;
  items: { name: string; quantity: number }[];
}

/** One tracking event handed to the fulfilment side, once. */
export interface TrackingChange {
  eventId: string;
  waybillId: string;
  waybillNo: string;
  parcelRef: string;
  carrier: string;
  /** What this event says. */
  status: TrackingStatus;
  occurredAt: Date;
  location: string;
  description: string;
  /**
   * The waybill's status with every event recorded so far: an event that arrived late may say
   * less than what is already known (in_transit after delivered); act on this to never go back.
   */
  waybillStatus: WaybillStatus;
}

export interface ParcelTracking extends WaybillView {
  /** Newest first, as a tracking page lists them (物流轨迹). */
  events: { status: TrackingStatus; occurredAt: Date; location: string; description: string }[];
}

type WaybillRow = typeof waybills.$inferSelect;

function view(w: WaybillRow): WaybillView {
  return {
    id: w.id, parcelRef: w.parcelRef, carrier: w.carrier, waybillNo: w.waybillNo, service: w.service as CarrierService, sortCode: w.sortCode,
    status: w.status as WaybillStatus, createdAt: w.createdAt, pickedUpAt: w.pickedUpAt, deliveredAt: w.deliveredAt, lastEventAt: w.lastEventAt,
  };
}

/** Where the carrier posts its tracking notifications. */
export function carrierNotifyUrl(ctx: Ctx): string {
  return `${ctx.deps.config.publicUrl}/api/v1/carriers/${ctx.deps.carrier.name}/notify`;
}

async function waybillOf(ctx: Ctx, parcelRef: string): Promise<WaybillRow | undefined> {
  const [w] = await ctx.db.select().from(waybills).where(and(eq(waybills.carrier, ctx.deps.carrier.name), eq(waybills.parcelRef, parcelRef)));
  return w;
}

/**
 * Open the parcel's waybill at the carrier. Idempotent on the parcel: a retry (or a concurrent
 * twin) returns the same waybill, cancelled or not. Call it outside a transaction: it waits for
 * the carrier.
 */
export async function requestWaybill(ctx: Ctx, parcel: ParcelToShip): Promise<WaybillView> {
  authorize(ctx, 'orders.fulfil');
  const known = await waybillOf(ctx, parcel.parcelRef);
  if (known) return view(known);
  const carrier = ctx.deps.carrier;
  const service = parcel.service ?? 'standard';
  const w = await carrier.createWaybill({
    merchantRef: parcel.parcelRef, service, sender: parcel.sender, recipient: parcel.recipient, weightGrams: parcel.weightGrams, items: parcel.items, notifyUrl: carrierNotifyUrl(ctx),
  });
  await ctx.db.insert(waybills).values({ id: `wbl_${ulid().toLowerCase()}`, parcelRef: parcel.parcelRef, carrier: carrier.name, waybillNo: w.waybillNo, service, sortCode: w.sortCode })
    .onConflictDoNothing({ target: [waybills.carrier, waybills.parcelRef] });
  const row = await waybillOf(ctx, parcel.parcelRef);
  if (!row) throw new Error(`carrier ${carrier.name} issued waybill ${w.waybillNo} for parcel ${parcel.parcelRef}, but it belongs to another parcel`);
  return view(row);
}

/** Cancel the parcel's waybill before the courier collected it (waybill_not_cancellable after). */
export async function cancelWaybill(ctx: Ctx, parcelRef: string): Promise<WaybillView> {
  authorize(ctx, 'orders.fulfil');
  const w = await waybillOf(ctx, parcelRef);
  if (!w) throw new AppError('not_found', { detail: `no waybill for parcel ${parcelRef}` });
  if (w.status === 'cancelled') return view(w);
  await ctx.deps.carrier.cancelWaybill(w.waybillNo);
  const [row] = await ctx.db.update(waybills).set({ status: 'cancelled', cancelledAt: sql`now()` })
    .where(and(eq(waybills.id, w.id), eq(waybills.status, 'created'))).returning();
  return view(row ?? (await waybillOf(ctx, parcelRef))!);
}

/** The courier collected these parcels at the warehouse (交接). Returns the waybill numbers collected now. */
export async function handOverParcels(ctx: Ctx, parcelRefs: string[]): Promise<{ pickedUp: string[] }> {
  authorize(ctx, 'orders.fulfil');
  if (parcelRefs.length === 0) return { pickedUp: [] };
  const rows = await ctx.db.select({ waybillNo: waybills.waybillNo }).from(waybills)
    .where(and(eq(waybills.carrier, ctx.deps.carrier.name), inArray(waybills.parcelRef, parcelRefs), sql`${waybills.status} <> 'cancelled'`));
  return ctx.deps.carrier.handOver(rows.map((r) => r.waybillNo));
}

/**
 * Record one tracking event, exactly once: the same event again (a duplicate notification, or
 * found again by reconciliation) changes nothing. The waybill's status becomes the event's only
 * if it happened after the one that set the current status (carriers.rules.ts supersedes).
 * The waybill row is locked first, so events of one waybill are judged one after another.
 */
export async function recordTrackingEvent(ctx: Ctx, ev: VerifiedTrackingEvent, source: 'notification' | 'query' = 'notification'): Promise<{ outcome: 'recorded' | 'duplicate'; waybillStatus: WaybillStatus }> {
  return withTx(ctx, async (tx) => {
    const [w] = await tx.db.select().from(waybills).where(and(eq(waybills.carrier, ev.carrier), eq(waybills.waybillNo, ev.waybillNo))).for('update');
    // Not ours, or not yet: the carrier may report a waybill before our row of it is committed; it retries.
    if (!w) throw new AppError('waybill_unknown', { detail: `no waybill ${ev.waybillNo} of carrier ${ev.carrier}` });
    const inserted = await tx.db.insert(trackingEvents).values({
      waybillId: w.id, carrier: ev.carrier, eventId: ev.eventId, status: ev.status, occurredAt: ev.occurredAt, location: ev.location, description: ev.description, source,
    }).onConflictDoNothing({ target: [trackingEvents.carrier, trackingEvents.eventId] }).returning({ id: trackingEvents.id });
    if (inserted.length === 0 || w.status === 'cancelled') return { outcome: inserted.length ? 'recorded' : 'duplicate', waybillStatus: w.status as WaybillStatus };

    const at = ev.occurredAt;
    const set: Partial<WaybillRow> = {};
    // Any event past "created" shows the carrier had the parcel by then, even if its pickup event is still on the way.
    if (ev.status !== 'created' && (w.pickedUpAt === null || at < w.pickedUpAt)) set.pickedUpAt = at;
    if (ev.status === 'delivered' && (w.deliveredAt === null || at < w.deliveredAt)) set.deliveredAt = at;
    if (supersedes({ status: w.status, at: w.lastEventAt }, { status: ev.status, at })) { set.status = ev.status; set.lastEventAt = at; }
    if (Object.keys(set).length) await tx.db.update(waybills).set(set).where(eq(waybills.id, w.id));
    return { outcome: 'recorded', waybillStatus: (set.status ?? w.status) as WaybillStatus };
  });
}

/**
 * Hand out tracking events not yet applied, oldest first by when they happened, and mark them
 * applied — inside the caller's transaction, so they count as consumed only if it commits.
 * Rows another taker holds are skipped (FOR UPDATE SKIP LOCKED): concurrent takers never get the
 * same event, and each event is handed out exactly once.
 */
export async function takeTrackingChanges(ctx: Ctx, limit = 100): Promise<TrackingChange[]> {
  authorize(ctx, 'orders.fulfil');
  return withTx(ctx, async (tx) => {
    const r = await tx.db.execute<{
      event_id: string; waybill_id: string; waybill_no: string; parcel_ref: string; carrier: string; status: TrackingStatus;
      occurred_at: Date; location: string; description: string; waybill_status: WaybillStatus; id: number;
    }>(sql`
      WITH taken AS (
        SELECT id FROM tracking_events WHERE applied_at IS NULL ORDER BY occurred_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ), marked AS (
        UPDATE tracking_events e SET applied_at = now() FROM taken WHERE e.id = taken.id
        RETURNING e.id, e.event_id, e.waybill_id, e.status, e.occurred_at, e.location, e.description
      )
      SELECT m.id, m.event_id, m.waybill_id, w.waybill_no, w.parcel_ref, w.carrier, m.status, m.occurred_at, m.location, m.description, w.status AS waybill_status
      FROM marked m JOIN waybills w ON w.id = m.waybill_id
      ORDER BY m.occurred_at, m.id`);
    return r.rows.map((e) => ({
      eventId: e.event_id, waybillId: e.waybill_id, waybillNo: e.waybill_no, parcelRef: e.parcel_ref, carrier: e.carrier, status: e.status,
      occurredAt: new Date(e.occurred_at), location: e.location, description: e.description, waybillStatus: e.waybill_status,
    }));
  });
}

/** The waybills opened for these parcels (none for a parcel without one), oldest first. */
async function waybillRowsOf(ctx: Ctx, parcelRefs: string[]): Promise<WaybillRow[]> {
  if (parcelRefs.length === 0) return [];
  return ctx.db.select().from(waybills).where(inArray(waybills.parcelRef, parcelRefs)).orderBy(asc(waybills.createdAt), asc(waybills.id));
}

/** The waybill of each parcel that has one (by parcel ref): one query, for printing and listing. */
export async function waybillsOf(ctx: Ctx, parcelRefs: string[]): Promise<Map<string, WaybillView>> {
  return new Map((await waybillRowsOf(ctx, parcelRefs)).map((w) => [w.parcelRef, view(w)]));
}

/**
 * Waybills and their tracking for these parcels, for display, in the order asked (a parcel
 * without a waybill is left out). The caller has checked the parcels' orders are the actor's.
 */
export async function trackingOf(ctx: Ctx, parcelRefs: string[]): Promise<ParcelTracking[]> {
  const ws = await waybillRowsOf(ctx, parcelRefs);
  if (ws.length === 0) return [];
  const evs = await ctx.db.select().from(trackingEvents).where(inArray(trackingEvents.waybillId, ws.map((w) => w.id)))
    .orderBy(desc(trackingEvents.occurredAt), desc(trackingEvents.id));
  const byWaybill = new Map<string, ParcelTracking['events']>();
  for (const e of evs) {
    const list = byWaybill.get(e.waybillId) ?? [];
    list.push({ status: e.status as TrackingStatus, occurredAt: e.occurredAt, location: e.location, description: e.description });
    byWaybill.set(e.waybillId, list);
  }
  const order = new Map(parcelRefs.map((p, i) => [p, i]));
  return ws.sort((a, b) => order.get(a.parcelRef)! - order.get(b.parcelRef)!)
    .map((w) => ({ ...view(w), events: byWaybill.get(w.id) ?? [] }));
}

/**
 * Notifications get lost (a crash between the carrier's books and its queue, retries that run
 * out, a receiver that was down). Waybills still on their way `olderThanHours` after they were
 * opened are asked about (track), at most once per `recheckMinutes` each, and every event the
 * platform missed is recorded as if it had been notified (source "query").
 */
export async function reconcileTracking(ctx: Ctx, opts: { olderThanHours?: number; recheckMinutes?: number; limit?: number } = {}): Promise<{ checked: number; recovered: number; failed: number }> {
  authorize(ctx, 'orders.fulfil');
  const carrier = ctx.deps.carrier;
  const hours = opts.olderThanHours ?? ctx.deps.config.carrierReconcileHours;
  const recheck = opts.recheckMinutes ?? 60;
  // Claimed by stamping checked_at first, so two workers do not ask about the same waybills.
  const due = await ctx.db.execute<{ waybill_no: string }>(sql`
    UPDATE waybills SET checked_at = now() WHERE id IN (
      SELECT id FROM waybills
      WHERE carrier = ${carrier.name} AND status NOT IN ('delivered','returned_to_sender','cancelled')
        AND created_at <= now() - make_interval(secs => ${hours * 3600}::double precision)
        AND (checked_at IS NULL OR checked_at <= now() - make_interval(secs => ${recheck * 60}::double precision))
      ORDER BY checked_at NULLS FIRST, created_at LIMIT ${opts.limit ?? 200}
      FOR UPDATE SKIP LOCKED
    ) RETURNING waybill_no`);
  let recovered = 0, failed = 0;
  for (const { waybill_no } of due.rows) {
    let events: TrackingEvent[];
    try {
      events = await carrier.track(waybill_no);
    } catch (err) {
      failed++;
      ctx.log.warn({ err, carrier: carrier.name, waybillNo: waybill_no }, 'asking the carrier about a waybill failed');
      continue;
    }
    for (const e of events) {
      const r = await recordTrackingEvent(ctx, { ...e, carrier: carrier.name }, 'query');
      if (r.outcome === 'recorded') recovered++;
    }
  }
  if (recovered) ctx.log.info({ carrier: carrier.name, checked: due.rows.length, recovered }, 'tracking events recovered by asking the carrier');
  return { checked: due.rows.length, recovered, failed };
}
