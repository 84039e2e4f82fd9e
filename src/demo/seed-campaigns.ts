// The campaign part of the demo: a flash sale, group buys, a presale, coupons and red packets,
// seeded after the ordinary order history so the demo shows every mechanic at work.
import type { Ctx } from '../platform/context.ts';
import type { SandboxGateway } from '../modules/payments/index.ts';
import type { ResellerView, CustomerView } from '../modules/resellers/index.ts';
import type { Rng } from './random.ts';
import { seedFlashSales } from './seed-flash-sales.ts';
import { seedGroupBuysAndPresales } from './seed-group-buys.ts';
import { seedPromotions } from './seed-promotions.ts';

/** What the main seed hands to each campaign's seeding. */
export interface CampaignWorld {
  /** The operator (system) context the seed runs as. */
  ctx: Ctx;
  run: string;
  r: Rng;
  /** Brands by id, with their operator-side ids. */
  brandIds: string[];
  resellers: { key: string; view: ResellerView; ctx: Ctx; customers: CustomerView[] }[];
  gateway: SandboxGateway;
  /** Delivers every due gateway notification in process. */
  deliverNotifications: () => Promise<void>;
  now: Date;
}

export interface CampaignSummary { flashItems: number; groupBuys: number; presales: number; coupons: number; redPackets: number }

export async function seedCampaigns(w: CampaignWorld): Promise<CampaignSummary> {
  const flash = await seedFlashSales(w);
  const groups = await seedGroupBuysAndPresales(w);
  const promos = await seedPromotions(w);
  return { flashItems: flash.flashItems, groupBuys: groups.groupBuys, presales: groups.presales, coupons: promos.coupons, redPackets: promos.redPackets };
}
