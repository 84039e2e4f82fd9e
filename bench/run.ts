// npm run bench -- <name>: run bench/<name>.bench.ts and print its figures as ONE JSON line on
// stdout. Everything else (progress, logs) goes to stderr, so `npm run -s bench -- x > out.json`
// captures just the figures. Exits non-zero when the benchmark throws or reports ok: false.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

function available(): string[] {
  return fs.readdirSync(BENCH_DIR).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
}

function usage(reason: string): never {
  process.stderr.write(`${reason}\nusage: npm run -s bench -- <name>\navailable benchmarks:\n${available().map((n) => `  ${n}`).join('\n')}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) usage('no benchmark named');
  if (!/^[\w-]+$/.test(name) || !available().includes(name)) usage(`unknown benchmark "${name}"`);

  // Only the figures may reach stdout: route console output to stderr while the benchmark runs.
  const writeOut = process.stdout.write.bind(process.stdout);
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;

  const mod = (await import(pathToFileURL(path.join(BENCH_DIR, `${name}${SUFFIX}`)).href)) as { run?: () => Promise<object> };
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}${SUFFIX} exports no run()`);
  const figures = await mod.run();
  const failed = (figures as { ok?: unknown }).ok === false;
  writeOut(`${JSON.stringify(figures)}\n`, () => process.exit(failed ? 1 : 0));
}

main().catch((e: unknown) => {
  process.stderr.write(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
