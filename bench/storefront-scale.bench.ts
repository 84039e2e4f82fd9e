// storefront-scale: the storefront's read throughput with 1 API process and with N
// (`sellthrough start --processes N`), the same live event page of 200 products (1,000 SKUs) asked
// by 200 phones, in the same run against the same database. Each count of processes is measured
// twice, interleaved (1, N, 1, N), and the better run of each is kept: the machine is shared.
// CPU per request counts every API process (the primary and its children) and the cluster's
// PostgreSQL. On a machine with C cores the load generator takes one of them: N processes can
// gain only as much as the cores left over allow (recorded as `cores`).
// Knobs: SCALE_PROCESSES (default: the number of cores, at least 2), SCALE_REQUESTS (30000),
// STOREFRONT_CONNECTIONS (200).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { runMigrations } from '../src/platform/database.ts';
import { benchDatabase, cpuSeconds, postgresSeconds } from './lib/database.ts';
import { fixtures, load, startApp, type Measured } from './storefront.bench.ts';

const PROCESSES = Math.max(2, Number(process.env.SCALE_PROCESSES ?? os.cpus().length));
const REQUESTS = Number(process.env.SCALE_REQUESTS ?? 30_000);
const log = (msg: string) => process.stderr.write(`[storefront-scale ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** A process and its live descendants (the cluster's API processes), CPU seconds. */
function treeCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  let total = cpuSeconds(pid);
  let children: number[] = [];
  try {
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      children.push(...fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    }
  } catch { children = []; }
  for (const c of children) total += treeCpuSeconds(c);
  return total;
}

export async function run(): Promise<object> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'st-scale-bench-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'st-scale-files-'));
  const uploadDir = path.join(work, 'uploads');
  const db = await benchDatabase(tmp, log);
  let app: ChildProcess | undefined;
  const stop = async () => {
    if (!app || app.exitCode !== null) return;
    const gone = new Promise((r) => app!.once('exit', r));
    app.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 30_000))]);
    app = undefined;
  };
  try {
    await runMigrations(db.url);
    log('fixtures: a 200-product event through the use cases');
    const f = await fixtures(db.url, uploadDir);
    const shop = f.resellers[0];
    const runs: { processes: number; measured: Measured }[] = [];
    for (const n of [1, PROCESSES, 1, PROCESSES]) {
      const a = await startApp(db.url, uploadDir, n);
      app = a.child;
      const port = Number(new URL(a.base).port);
      const cpu = { server: () => treeCpuSeconds(app!.pid), postgres: () => postgresSeconds(db.postmasterPid) };
      log(`${n} process(es): warm-up`);
      await load(port, shop.shareCode, f.eventId, [], Math.min(REQUESTS, 8000), cpu, true);
      const measured = await load(port, shop.shareCode, f.eventId, [], REQUESTS, cpu, true);
      log(`${n} process(es): ${JSON.stringify(measured)}`);
      runs.push({ processes: n, measured });
      await stop();
    }
    const best = (n: number) => runs.filter((r) => r.processes === n).map((r) => r.measured).sort((a, b) => b.reqPerSec - a.reqPerSec)[0];
    const one = best(1), many = best(PROCESSES);
    const figures = (m: Measured) => ({ readsPerSec: m.reqPerSec, p50Ms: m.p50Ms, p99Ms: m.p99Ms, bad: m.bad, cpuMsPerRead: m.cpuMsPerRequest });
    return {
      bench: 'storefront-scale', ok: one.bad === 0 && many.bad === 0,
      requests: REQUESTS, connections: Number(process.env.STOREFRONT_CONNECTIONS ?? 200),
      one: figures(one), many: { processes: PROCESSES, ...figures(many) },
      speedup: round(many.reqPerSec / one.reqPerSec, 2),
      runs: runs.map((r) => ({ processes: r.processes, readsPerSec: r.measured.reqPerSec, p99Ms: r.measured.p99Ms })),
      database: db.mode,
      machine: { cpus: os.cpus().length, cores: os.cpus().length, model: os.cpus()[0]?.model.replace(/\s+\d+-Core Processor$/, '').trim(), load1: round(os.loadavg()[0], 2), node: process.version },
    };
  } finally {
    await stop().catch(() => {});
    await db.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}
