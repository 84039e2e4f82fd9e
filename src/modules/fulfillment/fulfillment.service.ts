// Fulfilment use cases on the fulfilment module's own tables: purchase orders, receiving, stock by
// bin, sorting waves and parcels. What they mean for orders (units short, shipped, delivered) and
// money (refunds) is the flows' business: each function here returns what the flow must pass on.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { authorize, scopeBrand } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId, readableNo } from '../../platform/ids.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';
import { purchaseOrders, purchaseOrderLines, poAllocations, receivingScans, binStock, warehouseMovements, sortWaves, parcels, parcelLines } from './fulfillment.tables.ts';
import { planParcels, groupKey, type ReceivedUnit, type SortPolicy, type Address } from './fulfillment.rules.ts';

export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect;
export type PurchaseOrderLineRow = typeof purchaseOrderLines.$inferSelect;
export type ParcelRow = typeof parcels.$inferSelect;
export type ParcelLineRow = typeof parcelLines.$inferSelect;

/** A paid order line's units to ask of its brand (from orders.fulfillableLines, after the flow's campaign gates). */
export interface SourceLine { orderLineId: string; orderId: string; eventSkuId: string; skuId: string; brandId: string; quantity: number; paidAt: Date }

/** The platform's own return address, printed small on every label (the sender is the reseller). */
export const RETURN_ADDRESS: { name: string; phone: string; address: Address } = { name: '尚品仓 Sellthrough 退货组', phone: '4008000000', address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '仓前街道 云仓 3 号库' } };

/** The bin a SKU's received units are put away in: one zone per brand, one shelf per SKU. */
export function binFor(brandIndex: number, skuIndex: number): string {
  const zone = String.fromCharCode(65 + (brandIndex % 26));
  return `${zone}-${String(Math.floor(skuIndex / 20) + 1).padStart(2, '0')}-${String((skuIndex % 20) + 1).padStart(2, '0')}`;
}

/**
 * Issue purchase orders for an event: one per brand for the units not yet asked of it, as the
 * next wave. Units already on a purchase order are never asked twice (a unique index on the order
 * line). Returns the purchase orders made (none when nothing is new).
 */
export async function issuePurchaseOrders(ctx: Ctx, saleEventId: string, lines: SourceLine[], opts: { mode?: 'warehouse' | 'drop_ship'; barcodes: Map<string, string> }): Promise<PurchaseOrderRow[]> {
  authorize(ctx, 'purchase-orders.issue');
  if (lines.length === 0) return [];
  return withTx(ctx, async (t) => {
    // One issuer per event at a time: two waves never take the same lines.
    await t.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'po:' + saleEventId}))`);
    const taken = new Set((await t.db.select({ id: poAllocations.orderLineId }).from(poAllocations)
      .where(inArray(poAllocations.orderLineId, lines.map((l) => l.orderLineId)))).map((r) => r.id));
    const fresh = lines.filter((l) => !taken.has(l.orderLineId) && l.quantity > 0);
    const byBrand = new Map<string, SourceLine[]>();
    for (const l of fresh) byBrand.set(l.brandId, [...(byBrand.get(l.brandId) ?? []), l]);
    const out: PurchaseOrderRow[] = [];
    const brands = [...byBrand.keys()].sort();
    for (const [bi, brandId] of brands.entries()) {
      const ls = byBrand.get(brandId)!;
      const [{ wave }] = (await t.db.execute<{ wave: number }>(sql`SELECT coalesce(max(wave), 0)::int + 1 AS wave FROM purchase_orders WHERE sale_event_id = ${saleEventId} AND brand_id = ${brandId}`)).rows;
      const poId = newId('pur');
      const units = ls.reduce((a, l) => a + l.quantity, 0);
      const [po] = await t.db.insert(purchaseOrders).values({ id: poId, poNo: readableNo('PO', 6), brandId, saleEventId, wave, mode: opts.mode ?? 'warehouse', units }).returning();
      const bySku = new Map<string, SourceLine[]>();
      for (const l of ls) bySku.set(l.skuId, [...(bySku.get(l.skuId) ?? []), l]);
      const skuIds = [...bySku.keys()].sort();
      const poLines = skuIds.map((skuId, si) => ({
        id: newId('pol'), poId, skuId, eventSkuId: bySku.get(skuId)![0].eventSkuId, barcode: opts.barcodes.get(skuId) ?? skuId,
        ordered: bySku.get(skuId)!.reduce((a, l) => a + l.quantity, 0), bin: binFor(bi, si),
      }));
      await t.db.insert(purchaseOrderLines).values(poLines);
      await t.db.insert(poAllocations).values(poLines.flatMap((pl) => bySku.get(pl.skuId)!.map((l) => ({
        poLineId: pl.id, orderLineId: l.orderLineId, orderId: l.orderId, quantity: l.quantity, paidAt: l.paidAt,
      }))));
      out.push(po);
    }
    return out;
  });
}

export interface PurchaseOrderView extends PurchaseOrderRow { lines: PurchaseOrderLineRow[] }

/** Purchase orders, newest first: a brand its own, the operator every one (by brand, event, status). */
export async function listPurchaseOrders(ctx: Ctx, q: { brandId?: string; saleEventId?: string; status?: string; cursor?: string; limit?: number }): Promise<{ items: PurchaseOrderRow[]; nextCursor: string | null }> {
  authorize(ctx, 'purchase-orders.read');
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(purchaseOrders).where(and(
    brandId ? eq(purchaseOrders.brandId, brandId) : undefined,
    q.saleEventId ? eq(purchaseOrders.saleEventId, q.saleEventId) : undefined,
    q.status ? eq(purchaseOrders.status, q.status) : undefined,
    q.cursor ? lt(purchaseOrders.id, q.cursor) : undefined,
  )).orderBy(desc(purchaseOrders.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  return { items: page, nextCursor };
}

export async function getPurchaseOrder(ctx: Ctx, id: string): Promise<PurchaseOrderView> {
  const [po] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id));
  authorize(ctx, 'purchase-orders.read', { brandId: po?.brandId ?? '\u0000' });
  if (!po) throw new AppError('not_found');
  const lines = await ctx.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.poId, id)).orderBy(asc(purchaseOrderLines.bin));
  return { ...po, lines };
}

/** The brand confirms when it will ship (a date from today on, by the database's clock). */
export async function confirmPurchaseOrder(ctx: Ctx, id: string, shipDate: string): Promise<PurchaseOrderView> {
  const [po] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id));
  authorize(ctx, 'purchase-orders.confirm', { brandId: po?.brandId ?? '\u0000' });
  if (!po) throw new AppError('not_found');
  const r = await ctx.db.update(purchaseOrders).set({ status: 'confirmed', shipDate, confirmedAt: sql`now()` })
    .where(and(eq(purchaseOrders.id, id), inArray(purchaseOrders.status, ['issued', 'confirmed']), sql`${shipDate}::date >= (now() AT TIME ZONE 'Asia/Shanghai')::date`))
    .returning({ id: purchaseOrders.id });
  if (r.length === 0) {
    if (po.status !== 'issued' && po.status !== 'confirmed') throw new AppError('invalid_transition', { detail: `purchase order ${po.poNo} is ${po.status}`, extra: { from: po.status, to: 'confirmed' } });
    throw new AppError('validation_failed', { fields: [{ path: 'shipDate', message: 'the ship date cannot be in the past' }] });
  }
  return getPurchaseOrder(ctx, id);
}

export interface Scan { barcode: string; quantity?: number; condition?: 'good' | 'damaged' }

/**
 * Count units in against a purchase order, by barcode: every scan matches a line of the order or
 * the whole batch is refused (field errors name the rows), so a file upload is all or nothing.
 * Returns the running counts.
 */
export async function recordScans(ctx: Ctx, poId: string, scans: Scan[], source: 'scan' | 'file' | 'manual'): Promise<PurchaseOrderView> {
  authorize(ctx, 'warehouse.operate');
  await withTx(ctx, async (t) => {
    const [po] = await t.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, poId)).for('update');
    if (!po) throw new AppError('not_found');
    if (po.mode !== 'warehouse' || !['issued', 'confirmed', 'receiving'].includes(po.status)) {
      throw new AppError('invalid_transition', { detail: `purchase order ${po.poNo} is ${po.status}${po.mode === 'drop_ship' ? ' (drop-ship: the brand ships itself)' : ''}`, extra: { from: po.status, to: 'receiving' } });
    }
    const lines = await t.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.poId, poId));
    const byCode = new Map(lines.map((l) => [l.barcode.trim(), l]));
    const issues: FieldIssue[] = [];
    const add = new Map<string, { good: number; damaged: number }>();
    scans.forEach((s, i) => {
      const l = byCode.get(s.barcode.trim());
      const q = s.quantity ?? 1;
      if (!l) issues.push({ path: `scans.${i}.barcode`, message: `${s.barcode} is not on purchase order ${po.poNo}` });
      else if (!Number.isInteger(q) || q < 1 || q > 100_000) issues.push({ path: `scans.${i}.quantity`, message: 'must be a whole number from 1' });
      else {
        const a = add.get(l.id) ?? { good: 0, damaged: 0 };
        if (s.condition === 'damaged') a.damaged += q; else a.good += q;
        add.set(l.id, a);
      }
    });
    if (issues.length) throw new AppError('validation_failed', { fields: issues });
    for (const [lineId, a] of add) {
      await t.db.update(purchaseOrderLines).set({ received: sql`${purchaseOrderLines.received} + ${a.good}`, damaged: sql`${purchaseOrderLines.damaged} + ${a.damaged}` }).where(eq(purchaseOrderLines.id, lineId));
    }
    const actorUserId = 'userId' in t.actor ? t.actor.userId : null;
    await t.db.insert(receivingScans).values(scans.map((s) => ({
      poId, poLineId: byCode.get(s.barcode.trim())!.id, barcode: s.barcode.trim(), quantity: s.quantity ?? 1, condition: s.condition ?? 'good', source, actorUserId,
    })));
    if (po.status !== 'receiving') await t.db.update(purchaseOrders).set({ status: 'receiving' }).where(eq(purchaseOrders.id, poId));
  });
  return getPurchaseOrder(ctx, poId);
}

export interface ReceivingOutcome {
  po: PurchaseOrderRow;
  /** Order-line units that did not come (short or damaged), by the fair rule: latest paid first. */
  short: { orderId: string; orderLineId: string; quantity: number }[];
  /** Units that came beyond what was sold: back to the brand's lot. */
  over: { skuId: string; quantity: number }[];
}

/**
 * Close receiving: per line, the good units (up to what was sold) are put away in the line's bin
 * and given to the order lines that were paid first; what is missing — fewer came, or came
 * damaged — falls on the lines paid last (the written rule: whoever paid first is served first);
 * units beyond what was sold are over. Once per purchase order.
 */
export async function closeReceiving(ctx: Ctx, poId: string): Promise<ReceivingOutcome> {
  authorize(ctx, 'warehouse.operate');
  return withTx(ctx, async (t) => {
    const [po] = await t.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, poId)).for('update');
    if (!po) throw new AppError('not_found');
    if (po.mode !== 'warehouse' || !['issued', 'confirmed', 'receiving'].includes(po.status)) {
      throw new AppError('invalid_transition', { detail: `purchase order ${po.poNo} is ${po.status}`, extra: { from: po.status, to: 'received' } });
    }
    const lines = await t.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.poId, poId));
    const allocs = await t.db.select().from(poAllocations).where(inArray(poAllocations.poLineId, lines.map((l) => l.id)))
      .orderBy(asc(poAllocations.paidAt), asc(poAllocations.orderLineId));
    const short: ReceivingOutcome['short'] = [];
    const over: ReceivingOutcome['over'] = [];
    for (const l of lines) {
      let keep = Math.min(l.received, l.ordered);
      const lineShort = l.ordered - keep;
      const lineOver = Math.max(0, l.received - l.ordered);
      await t.db.update(purchaseOrderLines).set({ short: lineShort, over: lineOver }).where(eq(purchaseOrderLines.id, l.id));
      if (lineOver > 0) over.push({ skuId: l.skuId, quantity: lineOver });
      if (keep > 0) {
        await t.db.insert(binStock).values({ bin: l.bin, skuId: l.skuId, onHand: keep })
          .onConflictDoUpdate({ target: [binStock.bin, binStock.skuId], set: { onHand: sql`${binStock.onHand} + excluded.on_hand` } });
      }
      if (l.damaged > 0) await t.db.insert(warehouseMovements).values({ kind: 'damaged', skuId: l.skuId, bin: null, quantity: l.damaged, poLineId: l.id });
      if (lineOver > 0) await t.db.insert(warehouseMovements).values({ kind: 'overage', skuId: l.skuId, bin: null, quantity: lineOver, poLineId: l.id });
      for (const a of allocs.filter((x) => x.poLineId === l.id)) {
        const got = Math.min(keep, a.quantity);
        keep -= got;
        const miss = a.quantity - got;
        await t.db.update(poAllocations).set({ received: got, short: miss, receivedAt: sql`now()` })
          .where(and(eq(poAllocations.poLineId, l.id), eq(poAllocations.orderLineId, a.orderLineId)));
        if (got > 0) await t.db.insert(warehouseMovements).values({ kind: 'receive', skuId: l.skuId, bin: l.bin, quantity: got, orderLineId: a.orderLineId, poLineId: l.id });
        if (miss > 0) short.push({ orderId: a.orderId, orderLineId: a.orderLineId, quantity: miss });
      }
    }
    const [closed] = await t.db.update(purchaseOrders).set({ status: 'received', receivedAt: sql`now()` }).where(eq(purchaseOrders.id, poId)).returning();
    return { po: closed, short, over };
  });
}

/**
 * Allocations still open (units to come or to sort): the condition of the partial index
 * po_allocations_open_idx, written the same way so the planner uses it.
 */
const OPEN = sql`a.sorted + a.short < a.quantity`;

/** Received units not yet in a parcel, one row per order line (the sorting wave's input). */
async function awaitingSort(ctx: Ctx): Promise<{ orderLineId: string; orderId: string; skuId: string; bin: string; units: number; receivedAt: Date; weightGrams: number }[]> {
  const r = await ctx.db.execute<{ order_line_id: string; order_id: string; sku_id: string; bin: string; units: number; received_at: Date; weight_grams: number }>(sql`
    SELECT a.order_line_id, a.order_id, pl.sku_id, pl.bin, (a.received - a.sorted)::int AS units, a.received_at,
           coalesce((SELECT s.weight_grams FROM skus s WHERE s.id = pl.sku_id), 500)::int AS weight_grams
    FROM po_allocations a JOIN purchase_order_lines pl ON pl.id = a.po_line_id
    WHERE ${OPEN} AND a.received > a.sorted`);
  return r.rows.map((x) => ({ orderLineId: x.order_line_id, orderId: x.order_id, skuId: x.sku_id, bin: x.bin, units: x.units, receivedAt: new Date(x.received_at), weightGrams: x.weight_grams }));
}

/** Order ids with units still on their way to the warehouse (on a purchase order not yet received). */
async function stillComing(ctx: Ctx): Promise<string[]> {
  const r = await ctx.db.execute<{ order_id: string }>(sql`
    SELECT DISTINCT a.order_id FROM po_allocations a JOIN purchase_order_lines pl ON pl.id = a.po_line_id JOIN purchase_orders po ON po.id = pl.po_id
    WHERE ${OPEN} AND a.received_at IS NULL AND po.mode = 'warehouse' AND po.status IN ('issued','confirmed','receiving')`);
  return r.rows.map((x) => x.order_id);
}

export interface WaveInput {
  policy: SortPolicy;
  /** Who each order goes to (orders.consigneesOf), for the orders the wave may touch. */
  consignees: (orderIds: string[]) => Promise<Map<string, { resellerId: string; name: string; phone: string; address: Address }>>;
}

export interface WaveOutcome { waveId: string | null; waveNo: string | null; parcels: number; units: number; waiting: number }

/**
 * A sorting wave: every received unit not yet in a parcel is sorted (planParcels) into parcels
 * per sender, consumer and address, merging units from every event and brand, keeping back units
 * whose consumer still has goods on the way (never past the holding time), and splitting at the
 * carrier's limits. One wave at a time. Set-based writes, so 30,000 units are one statement each.
 */
export async function runSortingWave(ctx: Ctx, input: WaveInput): Promise<WaveOutcome> {
  authorize(ctx, 'warehouse.operate');
  return withTx(ctx, async (t) => {
    await t.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('sorting-wave'))`);
    const rows = await awaitingSort(t);
    if (rows.length === 0) return { waveId: null, waveNo: null, parcels: 0, units: 0, waiting: 0 };
    const coming = await stillComing(t);
    const heads = await input.consignees([...new Set([...rows.map((r) => r.orderId), ...coming])]);
    const [{ now }] = (await t.db.execute<{ now: Date }>(sql`SELECT now() AS now`)).rows;
    const units: ReceivedUnit[] = [];
    const unitLine = new Map<string, (typeof rows)[number]>();
    const rowOf = new Map(rows.map((r) => [r.orderLineId, r]));
    for (const r of rows) {
      const h = heads.get(r.orderId);
      if (!h) continue;
      for (let k = 0; k < r.units; k++) {
        const unitId = `${r.orderLineId}#${k}`;
        unitLine.set(unitId, r);
        units.push({ unitId, orderLineId: r.orderLineId, orderId: r.orderId, phone: h.phone, recipient: h.name, address: h.address, senderId: h.resellerId, receivedAt: r.receivedAt.getTime(), weightGrams: r.weightGrams });
      }
    }
    const expected = new Set(coming.map((id) => heads.get(id)).filter((h) => h !== undefined).map((h) => groupKey(h.phone, h.address, h.resellerId)));
    const plan = planParcels(units, expected, input.policy, new Date(now).getTime());
    if (plan.parcels.length === 0) return { waveId: null, waveNo: null, parcels: 0, units: 0, waiting: plan.waiting.length };
    const waveId = newId('wav');
    const waveNo = readableNo('W', 6);
    const unitsPacked = plan.parcels.reduce((a, p) => a + p.unitIds.length, 0);
    await t.db.insert(sortWaves).values({ id: waveId, waveNo, parcels: plan.parcels.length, units: unitsPacked, waiting: plan.waiting.length });
    const perKey = new Map<string, number>();
    for (const p of plan.parcels) perKey.set(p.key, (perKey.get(p.key) ?? 0) + 1);
    const seen = new Map<string, number>();
    const pRows: (typeof parcels.$inferInsert)[] = [];
    const lRows: (typeof parcelLines.$inferInsert)[] = [];
    for (const p of plan.parcels) {
      const id = newId('pcl');
      const seq = (seen.get(p.key) ?? 0) + 1;
      seen.set(p.key, seq);
      const sender = p.key.slice(0, p.key.indexOf('|'));
      pRows.push({ id, parcelNo: readableNo('P', 12), waveId, resellerId: sender, phone: p.phone, recipient: p.recipient, address: p.address, weightGrams: p.weightGrams, items: p.unitIds.length, oversize: p.oversize, seq, seqOf: perKey.get(p.key)! });
      const byLine = new Map<string, number>();
      for (const u of p.unitIds) { const ol = unitLine.get(u)!.orderLineId; byLine.set(ol, (byLine.get(ol) ?? 0) + 1); }
      for (const [ol, q] of byLine) {
        const r = rowOf.get(ol)!;
        lRows.push({ parcelId: id, orderLineId: ol, orderId: r.orderId, skuId: r.skuId, bin: r.bin, quantity: q });
      }
    }
    for (let i = 0; i < pRows.length; i += 2000) await t.db.insert(parcels).values(pRows.slice(i, i + 2000));
    for (let i = 0; i < lRows.length; i += 2000) await t.db.insert(parcelLines).values(lRows.slice(i, i + 2000));
    // The wave's units leave the open work: one statement for all its lines.
    const perLine = new Map<string, number>();
    for (const l of lRows) perLine.set(l.orderLineId, (perLine.get(l.orderLineId) ?? 0) + l.quantity);
    await t.db.execute(sql`UPDATE po_allocations a SET sorted = a.sorted + x.q
      FROM unnest(${sql.param([...perLine.keys()])}::text[], ${sql.param([...perLine.values()])}::int[]) AS x(order_line_id, q) WHERE a.order_line_id = x.order_line_id`);
    return { waveId, waveNo, parcels: pRows.length, units: unitsPacked, waiting: plan.waiting.length };
  });
}

export async function listWaves(ctx: Ctx, q: { cursor?: string; limit?: number }): Promise<{ items: (typeof sortWaves.$inferSelect)[]; nextCursor: string | null }> {
  authorize(ctx, 'warehouse.operate');
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(sortWaves).where(q.cursor ? lt(sortWaves.id, q.cursor) : undefined).orderBy(desc(sortWaves.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  return { items: page, nextCursor };
}

export interface PickRow { bin: string; skuId: string; units: number; parcels: number }

/** A wave's pick list: units to take from each bin, in bin order (a picker's walk). */
export async function wavePickList(ctx: Ctx, waveId: string): Promise<{ wave: typeof sortWaves.$inferSelect; picks: PickRow[]; parcels: (ParcelRow & { lines: ParcelLineRow[] })[] }> {
  authorize(ctx, 'warehouse.operate');
  const [wave] = await ctx.db.select().from(sortWaves).where(eq(sortWaves.id, waveId));
  if (!wave) throw new AppError('not_found');
  const ps = await ctx.db.select().from(parcels).where(eq(parcels.waveId, waveId)).orderBy(asc(parcels.parcelNo));
  const ls = ps.length ? await ctx.db.select().from(parcelLines).where(inArray(parcelLines.parcelId, ps.map((p) => p.id))) : [];
  const picks = new Map<string, PickRow>();
  for (const l of ls) {
    const k = `${l.bin}\u0000${l.skuId}`;
    const p = picks.get(k) ?? { bin: l.bin ?? '', skuId: l.skuId, units: 0, parcels: 0 };
    p.units += l.quantity; p.parcels += 1;
    picks.set(k, p);
  }
  return {
    wave,
    picks: [...picks.values()].sort((a, b) => (a.bin < b.bin ? -1 : a.bin > b.bin ? 1 : a.skuId < b.skuId ? -1 : 1)),
    parcels: ps.map((p) => ({ ...p, lines: ls.filter((l) => l.parcelId === p.id) })),
  };
}

export async function parcelWithLines(ctx: Ctx, parcelId: string): Promise<ParcelRow & { lines: ParcelLineRow[] }> {
  const [p] = await ctx.db.select().from(parcels).where(eq(parcels.id, parcelId));
  if (!p) throw new AppError('not_found');
  return { ...p, lines: await ctx.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcelId)) };
}

/**
 * Packing by scan: the packer scans every item into the parcel; the scans must be exactly the
 * parcel's items (field errors say what is missing or extra, and nothing is recorded). Packing
 * takes the units out of their bins, each movement naming its order line.
 */
export async function packParcel(ctx: Ctx, parcelId: string, barcodes: string[], codeOf: Map<string, string>): Promise<ParcelRow> {
  authorize(ctx, 'warehouse.operate');
  return withTx(ctx, async (t) => {
    const [p] = await t.db.select().from(parcels).where(eq(parcels.id, parcelId)).for('update');
    if (!p) throw new AppError('not_found');
    if (p.status !== 'packing') throw new AppError('invalid_transition', { detail: `parcel ${p.parcelNo} is ${p.status}`, extra: { from: p.status, to: 'packed' } });
    const lines = await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcelId));
    const want = new Map<string, number>();
    for (const l of lines) { const c = codeOf.get(l.skuId) ?? l.skuId; want.set(c, (want.get(c) ?? 0) + l.quantity); }
    const got = new Map<string, number>();
    for (const b of barcodes) got.set(b.trim(), (got.get(b.trim()) ?? 0) + 1);
    const issues: FieldIssue[] = [];
    for (const [c, n] of want) if ((got.get(c) ?? 0) !== n) issues.push({ path: `barcodes.${c}`, message: `${c}: ${n} in the parcel, ${got.get(c) ?? 0} scanned` });
    for (const [c, n] of got) if (!want.has(c)) issues.push({ path: `barcodes.${c}`, message: `${c}: not in this parcel (${n} scanned)` });
    if (issues.length) throw new AppError('validation_failed', { fields: issues });
    for (const l of lines) {
      if (l.bin) {
        const r = await t.db.update(binStock).set({ onHand: sql`${binStock.onHand} - ${l.quantity}` })
          .where(and(eq(binStock.bin, l.bin), eq(binStock.skuId, l.skuId), sql`${binStock.onHand} >= ${l.quantity}`)).returning({ bin: binStock.bin });
        if (r.length === 0) throw new AppError('quantity_unavailable', { detail: `bin ${l.bin} has fewer than ${l.quantity} of ${l.skuId}` });
      }
      await t.db.update(parcelLines).set({ packed: l.quantity }).where(and(eq(parcelLines.parcelId, parcelId), eq(parcelLines.orderLineId, l.orderLineId)));
    }
    await t.db.insert(warehouseMovements).values(lines.map((l) => ({ kind: 'pack', skuId: l.skuId, bin: l.bin, quantity: l.quantity, orderLineId: l.orderLineId, parcelId })));
    const [u] = await t.db.update(parcels).set({ status: 'packed', packedAt: sql`now()` }).where(eq(parcels.id, parcelId)).returning();
    return u;
  });
}

/** Record a parcel's waybill (from the carrier; idempotent: the same number again is a no-op). */
export async function setWaybill(ctx: Ctx, parcelId: string, carrier: string, waybillNo: string): Promise<void> {
  await ctx.db.update(parcels).set({ carrier, waybillNo }).where(and(eq(parcels.id, parcelId), sql`${parcels.waybillNo} IS NULL`));
}

/** Parcels handed to the carrier: packed → shipped (once). Returns those that moved, with their lines. */
export async function markShipped(ctx: Ctx, parcelIds: string[]): Promise<(ParcelRow & { lines: ParcelLineRow[] })[]> {
  if (parcelIds.length === 0) return [];
  const moved = await ctx.db.update(parcels).set({ status: 'shipped', shippedAt: sql`now()` })
    .where(and(inArray(parcels.id, parcelIds), eq(parcels.status, 'packed'), sql`${parcels.waybillNo} IS NOT NULL`)).returning();
  const ls = moved.length ? await ctx.db.select().from(parcelLines).where(inArray(parcelLines.parcelId, moved.map((p) => p.id))) : [];
  return moved.map((p) => ({ ...p, lines: ls.filter((l) => l.parcelId === p.id) }));
}

/**
 * A carrier's news about a parcel: its tracking status is kept; delivered and returned (to sender)
 * end it — once. Returns the parcel with its lines when this news ended it, else null.
 */
export async function parcelTracked(ctx: Ctx, parcelId: string, status: string, at: Date): Promise<{ parcel: ParcelRow & { lines: ParcelLineRow[] }; ended: 'delivered' | 'returned' } | null> {
  await ctx.db.update(parcels).set({ trackingStatus: status }).where(and(eq(parcels.id, parcelId), inArray(parcels.status, ['packed', 'shipped'])));
  const end = status === 'delivered' ? 'delivered' : status === 'returned_to_sender' ? 'returned' : null;
  if (!end) return null;
  const [p] = await ctx.db.update(parcels).set({ status: end, deliveredAt: end === 'delivered' ? at : null, shippedAt: sql`coalesce(${parcels.shippedAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(parcels.id, parcelId), inArray(parcels.status, ['packed', 'shipped']))).returning();
  if (!p) return null;
  return { parcel: { ...p, lines: await ctx.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcelId)) }, ended: end };
}

/** Parcels that carry an order's units (for tracking on the order). */
export async function parcelsOfOrders(ctx: Ctx, orderIds: string[]): Promise<(ParcelRow & { orderIds: string[]; lines: ParcelLineRow[] })[]> {
  if (orderIds.length === 0) return [];
  const ls = await ctx.db.select().from(parcelLines).where(inArray(parcelLines.orderId, orderIds));
  const ids = [...new Set(ls.map((l) => l.parcelId))];
  if (ids.length === 0) return [];
  const ps = await ctx.db.select().from(parcels).where(inArray(parcels.id, ids)).orderBy(asc(parcels.createdAt));
  return ps.map((p) => ({ ...p, orderIds: [...new Set(ls.filter((l) => l.parcelId === p.id).map((l) => l.orderId))], lines: ls.filter((l) => l.parcelId === p.id) }));
}

/** A drop-ship purchase order's units of one order, as a parcel the brand sends itself. */
export async function dropShipParcel(ctx: Ctx, poId: string, orderId: string, consignee: { resellerId: string; name: string; phone: string; address: Address }): Promise<ParcelRow & { lines: ParcelLineRow[] }> {
  const [po] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, poId));
  authorize(ctx, 'drop-ship.ship', { brandId: po?.brandId ?? '\u0000' });
  if (!po) throw new AppError('not_found');
  if (po.mode !== 'drop_ship') throw new AppError('invalid_transition', { detail: `purchase order ${po.poNo} is shipped through the warehouse` });
  return withTx(ctx, async (t) => {
    const allocs = (await t.db.execute<{ order_line_id: string; sku_id: string; quantity: number; weight: number; shipped: number }>(sql`
      SELECT a.order_line_id, pl.sku_id, a.quantity, coalesce((SELECT s.weight_grams FROM skus s WHERE s.id = pl.sku_id), 500)::int AS weight, a.sorted AS shipped
      FROM po_allocations a JOIN purchase_order_lines pl ON pl.id = a.po_line_id WHERE pl.po_id = ${poId} AND a.order_id = ${orderId} FOR UPDATE OF a`)).rows
      .filter((a) => a.quantity > a.shipped);
    if (allocs.length === 0) throw new AppError('not_found', { detail: 'nothing of this order is left to ship on this purchase order' });
    const id = newId('pcl');
    const items = allocs.reduce((a, x) => a + x.quantity - x.shipped, 0);
    const [p] = await t.db.insert(parcels).values({
      id, parcelNo: readableNo('P', 12), origin: 'drop_ship', brandId: po.brandId, resellerId: consignee.resellerId, phone: consignee.phone, recipient: consignee.name, address: consignee.address,
      weightGrams: allocs.reduce((a, x) => a + (x.quantity - x.shipped) * x.weight, 0), items, status: 'packed', packedAt: sql`now()`,
    }).returning();
    const lines = allocs.map((a) => ({ parcelId: id, orderLineId: a.order_line_id, orderId, skuId: a.sku_id, bin: null, quantity: a.quantity - a.shipped, packed: a.quantity - a.shipped }));
    await t.db.insert(parcelLines).values(lines);
    // Everything on the brand's parcel arrived (at the consumer, not at the warehouse) and is sorted into it.
    await t.db.update(poAllocations).set({ received: sql`${poAllocations.quantity}`, sorted: sql`${poAllocations.quantity}`, receivedAt: sql`now()` })
      .where(and(inArray(poAllocations.orderLineId, lines.map((l) => l.orderLineId)), eq(poAllocations.orderId, orderId)));
    return { ...p, lines: lines.map((l) => ({ ...l, bin: null })) };
  });
}

/** The bin returned goods that passed inspection are put in (resold or sent back to the brand later). */
export const RETURNS_BIN = 'RET-01';

/** Returned units accepted at inspection come back into stock, each movement naming its order line. */
export async function receiveReturnedUnits(ctx: Ctx, units: { orderLineId: string; skuId: string; quantity: number }[]): Promise<void> {
  const live = units.filter((u) => u.quantity > 0);
  if (live.length === 0) return;
  for (const u of live) {
    await ctx.db.insert(binStock).values({ bin: RETURNS_BIN, skuId: u.skuId, onHand: u.quantity })
      .onConflictDoUpdate({ target: [binStock.bin, binStock.skuId], set: { onHand: sql`${binStock.onHand} + excluded.on_hand` } });
  }
  await ctx.db.insert(warehouseMovements).values(live.map((u) => ({ kind: 'return_in', skuId: u.skuId, bin: RETURNS_BIN, quantity: u.quantity, orderLineId: u.orderLineId })));
}

/** When each event's latest purchase order was issued (events with none are absent). */
export async function lastWaveAt(ctx: Ctx, saleEventIds: string[]): Promise<Map<string, Date>> {
  if (saleEventIds.length === 0) return new Map();
  const rows = await ctx.db.select({ id: purchaseOrders.saleEventId, at: sql<Date>`max(${purchaseOrders.createdAt})` }).from(purchaseOrders)
    .where(inArray(purchaseOrders.saleEventId, saleEventIds)).groupBy(purchaseOrders.saleEventId);
  return new Map(rows.map((r) => [r.id, new Date(r.at)]));
}
