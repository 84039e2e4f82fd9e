// The sellthrough command: start, worker, migrate, seed-demo, import.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './platform/config.ts';
import { makeCtx } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { EmbeddedPostgresRefused } from './platform/database.ts';
import { startPlatform, stopOnSignals, openDatabase, makeDeps, makeLogger } from './main.ts';
import { isApiProcess, startApiProcess, startPrimary } from './cluster.ts';

const HELP = `sellthrough <command>

  start                 API + web + workers (embedded PostgreSQL unless DATABASE_URL is set)
    --processes N       N API processes on one port (SELLTHROUGH_PROCESSES); jobs and the database in the first
  worker                background jobs only
  migrate               apply database migrations
  seed-demo             load the demo dataset (skipped when data exists; --force to add anyway)
  import --brand ID F   import a lot file (.csv or .xlsx) for a brand

Environment: PORT, HOST, DATABASE_URL, SELLTHROUGH_DATA_DIR, HOLD_MINUTES, LOG_LEVEL, … (see README)`;

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { brand: { type: 'string' }, force: { type: 'boolean' }, processes: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const cmd = positionals[0];
  if (!cmd || values.help) { console.log(HELP); return; }
  const config = loadConfig();
  switch (cmd) {
    case 'start': {
      const processes = Number(values.processes ?? process.env.SELLTHROUGH_PROCESSES ?? 1);
      if (!Number.isInteger(processes) || processes < 1 || processes > 64) throw new Error(`--processes must be a whole number from 1 to 64, got ${values.processes ?? process.env.SELLTHROUGH_PROCESSES}`);
      if (isApiProcess()) { await startApiProcess(); return; }
      if (processes > 1) {
        await startPrimary(processes, config);
        const { banner } = await import('./demo/banner.ts');
        console.log(banner(config));
        return;
      }
      const starting = startPlatform({ http: true, workers: config.workers, seed: process.env.SEED_DEMO !== 'off' });
      stopOnSignals(starting);
      await starting;
      const { banner } = await import('./demo/banner.ts');
      console.log(banner(config));
      return;
    }
    case 'worker': {
      const starting = startPlatform({ http: false, workers: true, seed: false });
      stopOnSignals(starting);
      const p = await starting;
      p.deps.log.info('worker running');
      return;
    }
    case 'migrate':
    case 'seed-demo':
    case 'import': {
      const log = makeLogger(config);
      const { database, embedded } = await openDatabase(config, log);
      try {
        const ctx = makeCtx(database.db, makeDeps(config, database, log), { kind: 'system' });
        if (cmd === 'migrate') console.log('migrations applied');
        if (cmd === 'seed-demo') {
          const { seedDemo, seedDemoIfEmpty } = await import('./demo/seed.ts');
          console.log(JSON.stringify(values.force ? await seedDemo(ctx) : await seedDemoIfEmpty(ctx)));
        }
        if (cmd === 'import') {
          const file = positionals[1];
          if (!values.brand || !file) throw new Error('usage: sellthrough import --brand <brandId> <file.csv|file.xlsx>');
          const { importLot } = await import('./modules/catalog/index.ts');
          const lot = await importLot(ctx, { brandId: values.brand, fileName: path.basename(file), content: fs.readFileSync(file) });
          console.log(JSON.stringify(lot, null, 2));
        }
      } catch (e) {
        if (e instanceof AppError) {
          console.error(`${e.code}: ${e.message}`);
          for (const f of e.fields ?? []) console.error(`  row ${f.row ?? '-'} ${f.column ?? f.path}: ${f.message}`);
          process.exitCode = 1;
        } else throw e;
      } finally {
        await database.close();
        await embedded?.stop();
      }
      return;
    }
    default:
      console.error(`unknown command ${cmd}\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main().catch((e) => {
  // A refusal (another program on the embedded database's port) was logged in one line already;
  // a stack trace would only bury it.
  if (e instanceof EmbeddedPostgresRefused) console.error(`sellthrough: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
