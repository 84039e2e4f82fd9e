// Signing brands and their commission contracts.
import { and, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { authorize, scopeBrand } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { createUser } from '../accounts/index.ts';
import { brands, brandContracts } from './brands.tables.ts';

export const DEFAULT_COMMISSION_BPS = 2000; // about 20% on what is sold and not returned

export interface NewBrand {
  name: string; nameEn?: string; category: string;
  contract?: { commissionBps?: number; exclusive?: boolean; validFrom?: Date; validTo?: Date; yearlyPlan?: number };
  user?: { phone: string; name: string; password: string };
}

export interface BrandView {
  id: string; name: string; nameEn: string | null; category: string; status: string; createdAt: Date;
  contract: { id: string; commissionBps: number; exclusive: boolean; validFrom: Date; validTo: Date; yearlyPlan: number | null } | null;
}

/** Sign a brand: the brand, its first contract, and optionally its first login. */
export async function signBrand(ctx: Ctx, input: NewBrand): Promise<BrandView> {
  authorize(ctx, 'brands.manage');
  return withTx(ctx, async (t) => {
    const id = newId('brd');
    await t.db.insert(brands).values({ id, name: input.name, nameEn: input.nameEn ?? null, category: input.category });
    // Defaults come from the database clock, which also judges which contract is in force.
    const from = input.contract?.validFrom ?? sql`now()`;
    const to = input.contract?.validTo ?? (input.contract?.validFrom ? new Date(input.contract.validFrom.getTime() + 365 * 86400_000) : sql`now() + interval '1 year'`);
    await t.db.insert(brandContracts).values({
      id: newId('ctr'), brandId: id, commissionBps: input.contract?.commissionBps ?? DEFAULT_COMMISSION_BPS,
      exclusive: input.contract?.exclusive ?? false, validFrom: from, validTo: to, yearlyPlan: input.contract?.yearlyPlan ?? null,
    });
    if (input.user) await createUser(t, { role: 'brand', brandId: id, ...input.user });
    return getBrand(t, id);
  });
}

/** Add a new contract (renewal or new terms); the newest valid one applies. */
export async function addContract(ctx: Ctx, brandId: string, c: { commissionBps: number; exclusive: boolean; validFrom: Date; validTo: Date; yearlyPlan?: number }): Promise<BrandView> {
  authorize(ctx, 'brands.manage');
  await getBrand(ctx, brandId);
  await ctx.db.insert(brandContracts).values({ id: newId('ctr'), brandId, ...c, yearlyPlan: c.yearlyPlan ?? null });
  return getBrand(ctx, brandId);
}

export async function getBrand(ctx: Ctx, brandId: string): Promise<BrandView> {
  authorize(ctx, 'brands.read', { brandId });
  const [b] = await ctx.db.select().from(brands).where(eq(brands.id, brandId));
  if (!b) throw new AppError('not_found');
  return { ...b, contract: await currentContract(ctx, brandId) };
}

export async function listBrands(ctx: Ctx): Promise<BrandView[]> {
  authorize(ctx, 'brands.read');
  const only = scopeBrand(ctx.actor);
  const rows = await ctx.db.select().from(brands).where(only ? eq(brands.id, only) : undefined).orderBy(brands.name);
  const contracts = await currentContracts(ctx, rows.map((b) => b.id));
  return rows.map((b) => ({ ...b, contract: contracts.get(b.id) ?? null }));
}

/** The contract in force now (database clock), newest first. */
export async function currentContract(ctx: Ctx, brandId: string): Promise<BrandView['contract']> {
  return (await currentContracts(ctx, [brandId])).get(brandId) ?? null;
}

/** The contracts in force now for several brands, in one query. */
async function currentContracts(ctx: Ctx, brandIds: string[]): Promise<Map<string, NonNullable<BrandView['contract']>>> {
  if (brandIds.length === 0) return new Map();
  const rows = await ctx.db.selectDistinctOn([brandContracts.brandId]).from(brandContracts)
    .where(and(inArray(brandContracts.brandId, brandIds), lte(brandContracts.validFrom, sql`now()`), gt(brandContracts.validTo, sql`now()`)))
    .orderBy(brandContracts.brandId, desc(brandContracts.validFrom));
  return new Map(rows.map((c) => [c.brandId, { id: c.id, commissionBps: c.commissionBps, exclusive: c.exclusive, validFrom: c.validFrom, validTo: c.validTo, yearlyPlan: c.yearlyPlan }]));
}

/** Display names for brands shown on event cards (public facts, no access check). */
export async function brandNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select({ id: brands.id, name: brands.name, nameEn: brands.nameEn }).from(brands).where(inArray(brands.id, ids));
  return new Map(rows.map((r) => [r.id, ctx.lang === 'en' && r.nameEn ? r.nameEn : r.name]));
}
