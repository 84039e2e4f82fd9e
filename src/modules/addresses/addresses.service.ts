// Consumers' addresses: the 省/市/区 divisions to pick from, a pasted address read into fields, and
// the addresses saved per phone. A consumer has no account: the phone is proven the way 我的订单
// proves an order, by the lookup link (order id + token) of an order placed with that phone.
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parsePastedOrder, readOrderByToken, type ParseIssue } from '../orders/index.ts';
import { consumerAddresses } from './addresses.tables.ts';
import { divisionsUnder, type Division } from './divisions.rules.ts';

/** How many addresses one phone keeps: the most recently used. */
export const SAVED_PER_PHONE = 10;

export interface OrderProof { orderId: string; token: string }
export interface SavedAddressView { id: string; name: string; phone: string; province: string; city: string; district: string; detail: string; lastUsedAt: Date }
export type AddressIssue = Exclude<ParseIssue, 'items_missing'>;
export interface ReadAddress { name: string; phone: string; address: { province: string; city: string; district: string; detail: string }; issues: AddressIssue[] }

/** The provinces, or the divisions under one; not_found for a code with nothing under it. */
export function listDivisions(ctx: Ctx, code?: string): Division[] {
  authorize(ctx, 'storefront.buy');
  const list = divisionsUnder(code);
  if (!list) throw new AppError('not_found');
  return list;
}

/** Read a pasted message ("张三 13800138000 上海市浦东新区XX路88号") into a recipient and an address. */
export function readPastedAddress(ctx: Ctx, text: string): ReadAddress {
  authorize(ctx, 'storefront.buy');
  const p = parsePastedOrder(text);
  // Item words are no part of an address: whatever is not the name, phone or region stays in detail.
  const issues = p.issues.filter((i): i is AddressIssue => i !== 'items_missing');
  return { name: p.name, phone: p.phone, address: p.address, issues };
}

/** The phone an order link proves, or null for a link that proves nothing. */
async function provenPhone(ctx: Ctx, proof: OrderProof): Promise<string | null> {
  try {
    return (await readOrderByToken(ctx, proof.orderId, proof.token)).order.consumerPhone;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  }
}

/** Save the recipient and address of an order I hold the link of, for my next checkout. */
export async function rememberAddress(ctx: Ctx, proof: OrderProof): Promise<SavedAddressView> {
  authorize(ctx, 'storefront.buy');
  return withTx(ctx, async (t) => {
    const { order } = await readOrderByToken(t, proof.orderId, proof.token);
    const a = order.address;
    const [row] = await t.db.insert(consumerAddresses).values({
      id: newId('adr'), phone: order.consumerPhone, name: order.consumerName, province: a.province, city: a.city, district: a.district, detail: a.detail,
    }).onConflictDoUpdate({
      target: [consumerAddresses.phone, consumerAddresses.name, consumerAddresses.province, consumerAddresses.city, consumerAddresses.district, consumerAddresses.detail],
      set: { lastUsedAt: sql`now()` },
    }).returning();
    // Keep the most recently used few; older ones are forgotten.
    const keep = t.db.select({ id: consumerAddresses.id }).from(consumerAddresses).where(eq(consumerAddresses.phone, order.consumerPhone))
      .orderBy(desc(consumerAddresses.lastUsedAt), desc(consumerAddresses.id)).limit(SAVED_PER_PHONE);
    await t.db.delete(consumerAddresses).where(and(eq(consumerAddresses.phone, order.consumerPhone), notInArray(consumerAddresses.id, keep)));
    return view(row);
  });
}

/**
 * The addresses saved for the phones my order links prove, most recently used first; none without
 * a proof. Each names the order whose link proved it, the proof its deletion will need.
 */
export async function savedAddresses(ctx: Ctx, proofs: OrderProof[]): Promise<(SavedAddressView & { provenBy: string })[]> {
  authorize(ctx, 'storefront.buy');
  const phones = new Map<string, string>();
  for (const p of proofs) {
    const phone = await provenPhone(ctx, p);
    if (phone && !phones.has(phone)) phones.set(phone, p.orderId);
  }
  if (phones.size === 0) return [];
  const rows = await ctx.db.select().from(consumerAddresses).where(inArray(consumerAddresses.phone, [...phones.keys()]))
    .orderBy(desc(consumerAddresses.lastUsedAt), desc(consumerAddresses.id)).limit(SAVED_PER_PHONE * phones.size);
  return rows.map((r) => ({ ...view(r), provenBy: phones.get(r.phone)! }));
}

/** Delete a saved address of a phone my order link proves; any other answers not_found. */
export async function forgetAddress(ctx: Ctx, addressId: string, proof: OrderProof): Promise<void> {
  authorize(ctx, 'storefront.buy');
  const phone = await provenPhone(ctx, proof);
  const gone = phone === null ? [] : await ctx.db.delete(consumerAddresses)
    .where(and(eq(consumerAddresses.id, addressId), eq(consumerAddresses.phone, phone))).returning({ id: consumerAddresses.id });
  if (gone.length === 0) throw new AppError('not_found');
}

function view(r: typeof consumerAddresses.$inferSelect): SavedAddressView {
  return { id: r.id, name: r.name, phone: r.phone, province: r.province, city: r.city, district: r.district, detail: r.detail, lastUsedAt: r.lastUsedAt };
}
