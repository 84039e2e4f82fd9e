// `sellthrough start` as a user runs it, as a real process on a test's database (API only: no
// workers, no demo data): for tests that prove several API processes agree through PostgreSQL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/platform/database.ts';
import { testPoolCap } from './pool-cap.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ApiProcess {
  base: string; stop(): Promise<void>; output(): string;
  /** SIGKILL it, as a crash would (nothing flushed, no shutdown), and wait until it is gone; its data folder stays until stop(). */
  kill(): Promise<void>;
}

/** Start one, wait until it answers /ready (it exits or 120 s pass: the test fails with its output). */
export async function startApiProcess(databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<ApiProcess> {
  // A given PORT is kept (a restart on the same address, where the gateway's queued notifications go).
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'st-api-'));
  const e: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, SELLTHROUGH_DATA_DIR: dataDir,
    SELLTHROUGH_WORKERS: 'off', SEED_DEMO: 'off', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', NO_COLOR: '1',
    DATABASE_POOL_SIZE: String(Math.min(20, testPoolCap())), ...env,
  };
  // The test runner's own settings are not the platform's; a key given as undefined is unset.
  for (const k of ['ST_TEST_ADMIN_URL', 'ST_TEST_TEMPLATE', 'TEST_DATABASE_URL', 'NODE_TEST_CONTEXT']) delete e[k];
  for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], { cwd: ROOT, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited; }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) { await stop(); throw new Error(`sellthrough start exited ${child.exitCode}:\n${out}`); }
    try { if ((await fetch(`${base}/ready`)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`not ready in 120 s:\n${out}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited; }
  };
  return { base, stop, output: () => out, kill };
}
