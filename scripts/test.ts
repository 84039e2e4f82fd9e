// npm test: one PostgreSQL for the whole run (embedded, or the server TEST_DATABASE_URL names),
// a migrated template database, and node's test runner over every *.test.ts file. Each test
// file clones the template into its own database, so files run in parallel without sharing rows.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, runMigrations, startEmbeddedPostgres, type EmbeddedServer } from '../src/platform/database.ts';

function findTests(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const filters = args.filter((a) => !a.startsWith('--'));
  const files = [...findTests('src'), ...findTests('test'), ...(args.includes('--no-e2e') ? [] : findTests('e2e'))]
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
  if (files.length === 0) { console.error('no test files matched'); process.exit(1); }
  // Browser tests drive the built web app.
  if (files.some((f) => f.startsWith('e2e'))) {
    const b = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts'], { stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }

  let embedded: EmbeddedServer | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let tmp: string | undefined;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sellthrough-test-'));
    embedded = await startEmbeddedPostgres({ dir: tmp, port: await freePort(), database: 'postgres', persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const template = `st_tmpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => { /* the server went away (stopped by a signal); cleanup below copes */ });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const u = new URL(adminUrl);
  u.pathname = `/${template}`;
  await runMigrations(u.toString());
  console.log(`# database: ${embedded ? 'embedded PostgreSQL' : 'TEST_DATABASE_URL'}; ${files.length} test files`);

  const concurrency = process.env.TEST_CONCURRENCY ?? String(Math.max(1, Math.min(2, os.cpus().length)));
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, NO_COLOR: '1', ST_TEST_ADMIN_URL: adminUrl, ST_TEST_TEMPLATE: template, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  });
  const code: number = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  // Databases left by this run's test files that crashed are dropped with the template (only this
  // run's: another run may be using the same server).
  const left = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`st_t_${process.pid}_`]);
  for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
  await admin.end();
  await embedded?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

main().catch((e) => { console.error(e); process.exit(1); });
