import type { CampaignWorld } from './seed-campaigns.ts';

export async function seedPromotions(_w: CampaignWorld): Promise<{ coupons: number; redPackets: number }> {
  return { coupons: 0, redPackets: 0 };
}
