// The built-in sandbox carrier (沙箱快递). It behaves like a real one: waybill numbers that look
// real (SF + 12 digits), a routing code for the label, a courier who collects the parcel (when
// the warehouse hands it over, or on their own round after a delay), a way through two hubs to
// the recipient over time, and tracking notifications signed with HMAC-SHA256 over
// "timestamp.body" (the payment gateway's scheme), retried with backoff until acknowledged,
// sometimes twice and sometimes out of order. Its books live in its own tables; the platform
// talks to it only through the adapter.
//
// How a parcel's way ends, so tests and the demo can choose it by the recipient's address:
// - the address detail contains "拒收": the recipient refuses it — out for delivery, an exception
//   (收件人拒收), then returned_to_sender. Always.
// - the detail contains "无人": nobody answers the first time — an exception, out for delivery
//   again, then delivered. Always.
// - otherwise: delivered, except that with probability exceptionRate the first try fails as above.
import crypto from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../../platform/database.ts';
import { AppError } from '../../platform/errors.ts';
import { deliverDueNotifications } from '../../platform/notification-deliveries.ts';
import { postSigned, verifySignature } from '../payments/index.ts';
import { sandboxCarrierWaybills, sandboxCarrierEvents, sandboxCarrierDeliveries } from './carriers.tables.ts';
import {
  TRACKING_STATUSES, type CarrierLimits, type CarrierProvider, type Party, type TrackingEvent, type TrackingStatus, type VerifiedTrackingEvent, type Waybill, type WaybillRequest,
} from '../../platform/carrier-provider.ts';

export const CARRIER_SIGNATURE_HEADER = 'x-carrier-signature';

export interface SandboxCarrierOptions {
  /** Signs the notifications (HMAC-SHA256 over "timestamp.body"). */
  secret: string;
  /** Seconds between two steps of a parcel's way (default 60). */
  stepSeconds?: number;
  /** Seconds after a waybill is opened until the courier collects the parcel unless it is handed over first (default 600). */
  pickupSeconds?: number;
  /** Probability [0,1] that a notification is sent twice. */
  duplicateRate?: number;
  /** Probability [0,1] that an event's notification is held back until after the next event's. */
  reorderRate?: number;
  /** Probability [0,1] that the first delivery attempt fails (an exception, then delivered). */
  exceptionRate?: number;
  /** First retry after this many seconds, doubling up to an hour (default 1). */
  retryBaseSeconds?: number;
  limits?: Partial<CarrierLimits>;
  fetchImpl?: typeof fetch;
}

export const SANDBOX_CARRIER_LIMITS: CarrierLimits = { maxWeightGrams: 30_000, maxItems: 30, bulkyMaxWeightGrams: 100_000 };

/** One step of a parcel's way after pickup, `after` steps later. */
export interface PlannedStep { after: number; status: TrackingStatus; location: string; description: string }

/**
 * The way of a parcel from pickup (pure: `firstTryFails` is the sandbox's dice). See the file's
 * header for how the address chooses the ending.
 */
export function plannedWay(sender: Party, recipient: Party, firstTryFails: boolean): PlannedStep[] {
  const from = sender.address, to = recipient.address;
  const steps: PlannedStep[] = [
    { after: 0, status: 'picked_up', location: `${from.city}${from.district}`, description: `【${from.city}${from.district}营业点】快递员已揽收` },
    { after: 1, status: 'in_transit', location: `${from.city}转运中心`, description: `快件已从【${from.city}转运中心】发出，下一站【${to.city}转运中心】` },
    { after: 2, status: 'in_transit', location: `${to.city}转运中心`, description: `快件已到达【${to.city}转运中心】` },
    { after: 3, status: 'out_for_delivery', location: `${to.city}${to.district}`, description: `【${to.district}营业点】快递员正在为您派送，请保持电话畅通` },
  ];
  const here = `${to.city}${to.district}`;
  if (to.detail.includes('拒收')) {
    steps.push(
      { after: 4, status: 'exception', location: here, description: '收件人拒收，快件将退回寄件人' },
      { after: 5, status: 'returned_to_sender', location: `${from.city}${from.district}`, description: '快件已退回寄件人，寄件人已签收' },
    );
  } else if (to.detail.includes('无人') || firstTryFails) {
    steps.push(
      { after: 4, status: 'exception', location: here, description: '收件人电话无人接听，快件将于下一派送时段再次派送' },
      { after: 5, status: 'out_for_delivery', location: here, description: `【${to.district}营业点】快递员正在再次派送，请保持电话畅通` },
      { after: 6, status: 'delivered', location: here, description: '快件已签收，签收人：本人。感谢使用，期待再次为您服务' },
    );
  } else {
    steps.push({ after: 4, status: 'delivered', location: here, description: '快件已签收，签收人：本人。感谢使用，期待再次为您服务' });
  }
  return steps;
}

/** The routing code a hub sorts by (三段码): from the recipient's city, district and street. */
function sortCodeOf(to: Party['address']): string {
  const h = crypto.createHash('sha256').update(`${to.province}|${to.city}|${to.district}`).digest();
  const d = crypto.createHash('sha256').update(to.detail).digest();
  const letter = String.fromCharCode(65 + (h[2] % 26));
  return `${100 + (h.readUInt16BE(0) % 900)}${letter}-${String(h.readUInt16BE(3) % 1000).padStart(3, '0')}-${String(d[0] % 100).padStart(2, '0')}`;
}

function rid(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(12).toString('hex')}`;
}

const Notification = z.object({
  id: z.string().min(1).max(100),
  type: z.literal('tracking.updated'),
  waybillNo: z.string().min(1).max(40),
  status: z.enum(TRACKING_STATUSES),
  occurredAt: z.iso.datetime({ offset: true }),
  location: z.string().max(200),
  description: z.string().min(1).max(500),
});

type WaybillRow = typeof sandboxCarrierWaybills.$inferSelect;

export class SandboxCarrier implements CarrierProvider {
  readonly name = 'sandbox';
  readonly limits: CarrierLimits;
  private readonly step: number;
  constructor(private readonly db: Db, private readonly opts: SandboxCarrierOptions) {
    this.limits = { ...SANDBOX_CARRIER_LIMITS, ...opts.limits };
    this.step = opts.stepSeconds ?? 60;
  }

  async createWaybill(input: WaybillRequest): Promise<Waybill> {
    this.checkLimits(input);
    for (let i = 0; ; i++) {
      const [existing] = await this.db.select().from(sandboxCarrierWaybills).where(eq(sandboxCarrierWaybills.merchantRef, input.merchantRef));
      // A real carrier answers a repeated order with the waybill it already issued.
      if (existing) return { waybillNo: existing.waybillNo, carrier: this.name, sortCode: existing.sortCode };
      const waybillNo = `SF${String(crypto.randomInt(0, 1e12)).padStart(12, '0')}`;
      const created = await this.db.transaction(async (tx) => {
        const [w] = await tx.insert(sandboxCarrierWaybills).values({
          waybillNo, merchantRef: input.merchantRef, service: input.service, sender: input.sender, recipient: input.recipient, weightGrams: input.weightGrams,
          items: input.items, sortCode: sortCodeOf(input.recipient.address), notifyUrl: input.notifyUrl,
          pickupDueAt: sql`now() + make_interval(secs => ${this.opts.pickupSeconds ?? 600}::double precision)`,
        }).onConflictDoNothing().returning();
        if (!w) return null;
        const from = input.sender.address;
        await this.schedule(tx, w, [{ after: 0, status: 'created', location: `${from.city}${from.district}`, description: '商家已下单，等待快递员揽收' }], 0);
        return w;
      });
      if (created) return { waybillNo: created.waybillNo, carrier: this.name, sortCode: created.sortCode };
      // Either the same parcel was ordered at this moment (read it above next time), or the number was taken: draw again.
      if (i > 5) throw new Error('sandbox carrier: could not issue a waybill number');
    }
  }

  private checkLimits(input: WaybillRequest): void {
    const items = input.items.reduce((n, it) => n + it.quantity, 0);
    const maxWeight = input.service === 'bulky' ? this.limits.bulkyMaxWeightGrams : this.limits.maxWeightGrams;
    if (!Number.isInteger(input.weightGrams) || input.weightGrams <= 0 || input.weightGrams > maxWeight || items < 1 || items > this.limits.maxItems) {
      throw new AppError('parcel_over_limits', {
        detail: `service ${input.service} takes 1–${this.limits.maxItems} items and at most ${maxWeight} g; this parcel has ${items} items and ${input.weightGrams} g`,
        extra: { limits: this.limits },
      });
    }
  }

  async cancelWaybill(waybillNo: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [w] = await tx.select().from(sandboxCarrierWaybills).where(eq(sandboxCarrierWaybills.waybillNo, waybillNo)).for('update');
      if (!w) throw new AppError('not_found', { detail: `the carrier knows no waybill ${waybillNo}` });
      if (w.status === 'picked_up') throw new AppError('waybill_not_cancellable');
      if (w.status === 'created') await tx.update(sandboxCarrierWaybills).set({ status: 'cancelled' }).where(eq(sandboxCarrierWaybills.waybillNo, waybillNo));
    });
  }

  async handOver(waybillNos: string[]): Promise<{ pickedUp: string[] }> {
    if (waybillNos.length === 0) return { pickedUp: [] };
    const rows = await this.db.transaction(async (tx) => {
      const taken = await tx.update(sandboxCarrierWaybills).set({ status: 'picked_up', pickedUpAt: sql`now()` })
        .where(and(inArray(sandboxCarrierWaybills.waybillNo, waybillNos), eq(sandboxCarrierWaybills.status, 'created'))).returning();
      for (const w of taken) await this.scheduleWay(tx, w);
      return taken;
    });
    return { pickedUp: rows.map((w) => w.waybillNo) };
  }

  /** Couriers' own rounds: collect the parcels whose pickup time has come. */
  private async pickUpDue(limit: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const due = await tx.select({ waybillNo: sandboxCarrierWaybills.waybillNo }).from(sandboxCarrierWaybills)
        .where(and(eq(sandboxCarrierWaybills.status, 'created'), lte(sandboxCarrierWaybills.pickupDueAt, sql`now()`)))
        .orderBy(sandboxCarrierWaybills.pickupDueAt).limit(limit).for('update', { skipLocked: true });
      if (due.length === 0) return 0;
      const taken = await tx.update(sandboxCarrierWaybills).set({ status: 'picked_up', pickedUpAt: sql`now()` })
        .where(inArray(sandboxCarrierWaybills.waybillNo, due.map((d) => d.waybillNo))).returning();
      for (const w of taken) await this.scheduleWay(tx, w);
      return taken.length;
    });
  }

  private async scheduleWay(tx: Executor, w: WaybillRow): Promise<void> {
    const firstTryFails = Math.random() < (this.opts.exceptionRate ?? 0);
    await this.schedule(tx, w, plannedWay(w.sender as Party, w.recipient as Party, firstTryFails), 1);
  }

  /**
   * Book the steps (from now, `step` seconds apart) and their notifications: each is due when its
   * step happens; a held-back one (reorderRate) after the next step's; a duplicate a little later.
   */
  private async schedule(tx: Executor, w: WaybillRow, steps: PlannedStep[], firstSeq: number): Promise<void> {
    // The carrier's clock is the database's: read once, so a parcel's steps are exactly a step apart.
    const [{ ms }] = (await tx.execute<{ ms: string }>(sql`SELECT (extract(epoch FROM now()) * 1000)::bigint::text AS ms`)).rows as { ms: string }[];
    const base = Number(ms);
    const at = (after: number) => new Date(base + Math.round(after * this.step * 1000));
    for (const [i, s] of steps.entries()) {
      const id = rid('sfe');
      const occurredAt = at(s.after);
      await tx.insert(sandboxCarrierEvents).values({ id, waybillNo: w.waybillNo, seq: firstSeq + i, status: s.status, occurredAt, location: s.location, description: s.description });
      const body = JSON.stringify({ id, type: 'tracking.updated', waybillNo: w.waybillNo, status: s.status, occurredAt: occurredAt.toISOString(), location: s.location, description: s.description });
      const next = steps[i + 1];
      const heldBack = next !== undefined && Math.random() < (this.opts.reorderRate ?? 0);
      const sendAt = heldBack ? at(next.after + 0.5) : occurredAt;
      const copies = Math.random() < (this.opts.duplicateRate ?? 0) ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        await tx.insert(sandboxCarrierDeliveries).values({ id: rid('sfd'), eventId: id, url: w.notifyUrl, body, nextAttemptAt: c === 0 ? sendAt : new Date(sendAt.getTime() + Math.round(this.step * 200)) });
      }
    }
  }

  async track(waybillNo: string): Promise<TrackingEvent[]> {
    const [w] = await this.db.select({ waybillNo: sandboxCarrierWaybills.waybillNo }).from(sandboxCarrierWaybills).where(eq(sandboxCarrierWaybills.waybillNo, waybillNo));
    if (!w) throw new AppError('not_found', { detail: `the carrier knows no waybill ${waybillNo}` });
    const rows = await this.db.select().from(sandboxCarrierEvents)
      .where(and(eq(sandboxCarrierEvents.waybillNo, waybillNo), lte(sandboxCarrierEvents.occurredAt, sql`now()`))).orderBy(sandboxCarrierEvents.seq);
    return rows.map((e) => ({ eventId: e.id, waybillNo: e.waybillNo, status: e.status as TrackingStatus, occurredAt: e.occurredAt, location: e.location, description: e.description }));
  }

  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, now: Date): VerifiedTrackingEvent {
    const h = headers[CARRIER_SIGNATURE_HEADER];
    verifySignature(this.opts.secret, Array.isArray(h) ? h[0] : h, rawBody, now);
    let json: unknown;
    try { json = JSON.parse(rawBody); } catch { throw new AppError('tracking_event_invalid', { detail: 'the notification body is not JSON' }); }
    const parsed = Notification.safeParse(json);
    if (!parsed.success) throw new AppError('tracking_event_invalid', { detail: `the notification body has an unknown shape (${parsed.error.issues.map((i) => i.path.join('.') || 'body').join(', ')})` });
    const b = parsed.data;
    return { carrier: this.name, eventId: b.id, waybillNo: b.waybillNo, status: b.status, occurredAt: new Date(b.occurredAt), location: b.location, description: b.description };
  }

  /**
   * The tick: couriers collect what is due, then due notifications are sent — each POSTed signed
   * at send time; a 2xx acknowledges it, anything else retries with exponential backoff
   * (retryBaseSeconds, doubling, at most an hour apart), 12 attempts in all.
   */
  async deliverDue(limit = 50): Promise<{ pickedUp: number; delivered: number; failed: number }> {
    const pickedUp = await this.pickUpDue(limit);
    const f = this.opts.fetchImpl ?? fetch;
    const sent = await deliverDueNotifications(this.db, sandboxCarrierDeliveries, {
      limit, retryBaseSeconds: this.opts.retryBaseSeconds ?? 1, send: (url, body) => postSigned(f, url, CARRIER_SIGNATURE_HEADER, this.opts.secret, body),
    });
    return { pickedUp, ...sent };
  }
}
