import type { CampaignWorld } from './seed-campaigns.ts';

export async function seedGroupBuysAndPresales(_w: CampaignWorld): Promise<{ groupBuys: number; presales: number }> {
  return { groupBuys: 0, presales: 0 };
}
