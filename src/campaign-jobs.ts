// The campaigns' background jobs: each mechanic's sweeps, listed here so src/jobs.ts stays short.
import type { ScheduledJob, TickJob } from './platform/jobs.ts';
import { flashSaleJobs } from './modules/flash-sales/flash-sales.jobs.ts';
import { groupBuyJobs, presaleJobs } from './flows/campaign.jobs.ts';
import { promotionJobs } from './modules/promotions/promotions.jobs.ts';

const all = [...flashSaleJobs, ...groupBuyJobs, ...presaleJobs, ...promotionJobs];

/** Every sweep runs minutely through the queue, and every few seconds in process (edges matter). */
export const campaignScheduledJobs: ScheduledJob[] = all.map((j) => ({ name: j.name, cron: '* * * * *', run: j.run }));
export const campaignTickJobs: TickJob[] = all.map((j) => ({ name: `${j.name}-tick`, everyMs: j.everyMs, run: j.run }));
