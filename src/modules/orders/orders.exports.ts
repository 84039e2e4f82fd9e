// Orders for summaries and spreadsheets: every order a filter names, never just the page on
// screen — the counts above a list, the brand's pick list (units per SKU, and the order lines
// behind them) and the order list as CSV. Scoped like the list itself (orderScope): a brand sees
// its own items only and never a consumer's personal data.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { csvYuan, type CsvValue } from '../../platform/csv.ts';
import type { Lang } from '../../platform/errors.ts';
import { productCards } from '../catalog/index.ts';
import { orders, orderLines } from './orders.tables.ts';
import { orderScope, orderKey, ordersAfter, ORDERS_NEWEST_FIRST, type OrderFilter, type OrderRow, type OrderLineRow } from './orders.service.ts';

/** Orders read per query while a file streams. */
const BATCH = 500;

/**
 * The lines a filter is about: a brand's (its own, or the brand an operator filtered by) and, with
 * an event filter, that event's. Units and pick lists count these; an order's other lines are
 * another brand's business.
 */
function lineScope(ctx: Ctx, f: OrderFilter): SQL | undefined {
  const { brandId } = orderScope(ctx, f);
  return and(brandId ? eq(orderLines.brandId, brandId) : undefined, f.saleEventId ? eq(orderLines.saleEventId, f.saleEventId) : undefined);
}

export interface OrderSummary { orders: number; units: number }

/** How many orders a filter names and how many units their lines (in scope) hold. */
export async function summariseOrders(ctx: Ctx, f: OrderFilter): Promise<OrderSummary> {
  authorize(ctx, 'orders.read');
  const { where } = orderScope(ctx, f);
  const [r] = await ctx.db.select({ orders: sql<number>`count(DISTINCT ${orders.id})::int`, units: sql<number>`coalesce(sum(${orderLines.quantity}), 0)::int` })
    .from(orders).leftJoin(orderLines, and(eq(orderLines.orderId, orders.id), lineScope(ctx, f))).where(where);
  return { orders: r.orders, units: r.units };
}

export interface PickRow { skuId: string; skuCode: string; productName: string; colour: string; size: string; units: number; orders: number }

/** Units to pick per SKU across every order of the filter, in product, colour and size order. */
export async function pickList(ctx: Ctx, f: OrderFilter): Promise<{ items: PickRow[]; totals: { units: number; skus: number; orders: number } }> {
  authorize(ctx, 'orders.export');
  const { where } = orderScope(ctx, f);
  const rows = await ctx.db.select({
    skuId: orderLines.skuId, productId: orderLines.productId,
    units: sql<number>`sum(${orderLines.quantity})::int`, orders: sql<number>`count(DISTINCT ${orderLines.orderId})::int`,
  }).from(orderLines).innerJoin(orders, eq(orders.id, orderLines.orderId)).where(and(where, lineScope(ctx, f)))
    .groupBy(orderLines.skuId, orderLines.productId);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(orders).where(where);
  const cards = await productCards(ctx, [...new Set(rows.map((r) => r.productId))]);
  const items = rows.map((r) => {
    const p = cards.get(r.productId);
    const s = p?.skus.get(r.skuId);
    return { skuId: r.skuId, skuCode: s?.skuCode ?? r.skuId, productName: p?.name ?? '', colour: s?.colour ?? '', size: s?.size ?? '', units: r.units, orders: r.orders };
  }).sort(byProductColourSize);
  return { items, totals: { units: items.reduce((a, p) => a + p.units, 0), skus: items.length, orders: count.n } };
}

const SIZES = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', '2XL', '3XL', '4XL'];
function sizeRank(size: string): number {
  const i = SIZES.indexOf(size.toUpperCase());
  if (i >= 0) return i;
  const n = Number.parseFloat(size);
  return Number.isFinite(n) ? 100 + n : 10_000;
}
function byProductColourSize(a: PickRow, b: PickRow): number {
  return a.productName.localeCompare(b.productName, 'zh-CN') || a.colour.localeCompare(b.colour, 'zh-CN')
    || sizeRank(a.size) - sizeRank(b.size) || a.size.localeCompare(b.size) || a.skuCode.localeCompare(b.skuCode);
}

/** Every order of the filter with its lines in scope, newest first, a batch at a time. */
async function* ordersInBatches(ctx: Ctx, f: OrderFilter): AsyncGenerator<{ order: OrderRow; lines: OrderLineRow[] }[]> {
  const { where } = orderScope(ctx, f);
  const scope = lineScope(ctx, f);
  let cursor: string | undefined;
  for (;;) {
    const rows = await ctx.db.select({ order: orders, key: orderKey }).from(orders)
      .where(and(where, cursor ? ordersAfter(cursor) : undefined)).orderBy(...ORDERS_NEWEST_FIRST).limit(BATCH);
    if (rows.length === 0) return;
    const page = rows.map((r) => r.order);
    const lines = await ctx.db.select().from(orderLines).where(and(inArray(orderLines.orderId, page.map((o) => o.id)), scope)).orderBy(orderLines.orderId, orderLines.lineNo);
    const byOrder = new Map<string, OrderLineRow[]>();
    for (const l of lines) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), l]);
    yield page.map((o) => ({ order: o, lines: byOrder.get(o.id) ?? [] }));
    if (page.length < BATCH) return;
    cursor = rows[rows.length - 1].key;
  }
}

type Facts = Awaited<ReturnType<typeof productCards>>;
async function factsOf(ctx: Ctx, lines: OrderLineRow[]): Promise<(l: OrderLineRow) => { skuCode: string; productName: string; colour: string; size: string }> {
  const cards: Facts = await productCards(ctx, [...new Set(lines.map((l) => l.productId))]);
  return (l) => {
    const p = cards.get(l.productId);
    const s = p?.skus.get(l.skuId);
    return { skuCode: s?.skuCode ?? l.skuId, productName: p?.name ?? '', colour: s?.colour ?? '', size: s?.size ?? '' };
  };
}

const at = (d: Date | null) => (d ? d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }) : '');

const HEAD = {
  'zh-CN': {
    orderNo: '订单号', createdAt: '下单时间', paidAt: '付款时间', status: '状态', kind: '类型', reseller: '代购',
    consumer: '收货人', phone: '电话', address: '地址', sku: 'SKU 编码', product: '商品', colour: '颜色', size: '尺码', qty: '数量',
    base: '供货价(元)', selling: '售价(元)', lineBase: '供货小计(元)', lineSelling: '售价小计(元)', amountDue: '订单应付(元)', note: '备注',
    units: '件数', orders: '订单数', pickTitle: '拣货汇总', linesTitle: '订单明细', total: '合计',
  },
  en: {
    orderNo: 'Order no.', createdAt: 'Placed', paidAt: 'Paid', status: 'Status', kind: 'Kind', reseller: 'Reseller',
    consumer: 'Recipient', phone: 'Phone', address: 'Address', sku: 'SKU code', product: 'Product', colour: 'Colour', size: 'Size', qty: 'Qty',
    base: 'Base price (CNY)', selling: 'Selling price (CNY)', lineBase: 'Base subtotal (CNY)', lineSelling: 'Selling subtotal (CNY)', amountDue: 'Order amount due (CNY)', note: 'Note',
    units: 'Units', orders: 'Orders', pickTitle: 'Pick list', linesTitle: 'Order lines', total: 'Total',
  },
} as const;

const STATUS = {
  'zh-CN': { pending_payment: '待付款', paid: '已付款', expired: '已过期', cancelled: '已取消', shipped: '已发货', delivered: '已送达', completed: '已完成' },
  en: { pending_payment: 'Awaiting payment', paid: 'Paid', expired: 'Expired', cancelled: 'Cancelled', shipped: 'Shipped', delivered: 'Delivered', completed: 'Completed' },
} as const;
const KIND = { 'zh-CN': { reseller: '代下单', storefront: '店铺订单' }, en: { reseller: 'Placed by reseller', storefront: 'Storefront' } } as const;

const statusName = (lang: Lang, s: string) => (STATUS[lang] as Record<string, string>)[s] ?? s;

/**
 * The order list as CSV rows, one per order line (in scope), every order of the filter. A brand
 * gets its lines at base price and no consumer data; operators get everything.
 */
export function orderListCsv(ctx: Ctx, f: OrderFilter): AsyncIterable<CsvValue[][]> {
  // Before the first byte: a refusal must be an error answer, not a half-sent file.
  authorize(ctx, 'orders.export');
  return orderListRows(ctx, f);
}

async function* orderListRows(ctx: Ctx, f: OrderFilter): AsyncGenerator<CsvValue[][]> {
  const h = HEAD[ctx.lang];
  const brand = ctx.actor.kind === 'brand';
  yield [brand
    ? [h.orderNo, h.createdAt, h.paidAt, h.status, h.sku, h.product, h.colour, h.size, h.qty, h.base, h.lineBase, h.note]
    : [h.orderNo, h.createdAt, h.paidAt, h.status, h.kind, h.reseller, h.consumer, h.phone, h.address, h.sku, h.product, h.colour, h.size, h.qty, h.base, h.selling, h.lineSelling, h.amountDue, h.note]];
  for await (const batch of ordersInBatches(ctx, f)) {
    const fact = await factsOf(ctx, batch.flatMap((b) => b.lines));
    yield batch.flatMap(({ order: o, lines }) => lines.map((l) => {
      const x = fact(l);
      if (brand) return [o.orderNo, at(o.createdAt), at(o.paidAt), statusName(ctx.lang, o.status), x.skuCode, x.productName, x.colour, x.size, l.quantity, csvYuan(l.basePrice), csvYuan(l.basePrice * l.quantity), o.note];
      const a = o.address;
      return [o.orderNo, at(o.createdAt), at(o.paidAt), statusName(ctx.lang, o.status), KIND[ctx.lang][o.kind as 'reseller' | 'storefront'] ?? o.kind, o.resellerId,
        o.consumerName, o.consumerPhone, [a.province, a.city, a.district, a.detail].join(' '), x.skuCode, x.productName, x.colour, x.size, l.quantity,
        csvYuan(l.basePrice), csvYuan(l.sellingPrice), csvYuan(l.sellingPrice * l.quantity), csvYuan(o.amountDue), o.note];
    }));
  }
}

/**
 * The pick list as CSV: units per SKU with a total, then the order lines behind them (order
 * number, when paid, SKU, quantity), so the brand can pack and check every order of the filter.
 */
export async function pickListCsv(ctx: Ctx, f: OrderFilter): Promise<AsyncIterable<CsvValue[][]>> {
  const picks = await pickList(ctx, f);
  return pickListRows(ctx, f, picks);
}

async function* pickListRows(ctx: Ctx, f: OrderFilter, picks: Awaited<ReturnType<typeof pickList>>): AsyncGenerator<CsvValue[][]> {
  const h = HEAD[ctx.lang];
  yield [
    [h.pickTitle],
    [h.sku, h.product, h.colour, h.size, h.units, h.orders],
    ...picks.items.map((p) => [p.skuCode, p.productName, p.colour, p.size, p.units, p.orders]),
    [h.total, '', '', '', picks.totals.units, picks.totals.orders],
    [],
    [h.linesTitle],
    [h.orderNo, h.paidAt, h.status, h.sku, h.product, h.colour, h.size, h.qty, h.note],
  ];
  for await (const batch of ordersInBatches(ctx, f)) {
    const fact = await factsOf(ctx, batch.flatMap((b) => b.lines));
    yield batch.flatMap(({ order: o, lines }) => lines.map((l) => {
      const x = fact(l);
      return [o.orderNo, at(o.paidAt ?? o.createdAt), statusName(ctx.lang, o.status), x.skuCode, x.productName, x.colour, x.size, l.quantity, o.note];
    }));
  }
}
