import type { CampaignWorld } from './seed-campaigns.ts';

export async function seedFlashSales(_w: CampaignWorld): Promise<{ flashItems: number }> {
  return { flashItems: 0 };
}
