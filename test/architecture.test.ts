// The shape of the code (docs: ARCHITECTURE "Layout"): imports point one way — flows/ →
// modules/*/index.ts → platform/ — and a module's tables are written only by that module. Read
// from the source files under src/, no database. A new violation fails here; the few that stand
// today are listed below, each with its reason, and an entry that no longer matches anything
// fails too, so the list only shrinks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- the exceptions that stand today ----

interface ImportException { file: string; imports: string; reason: string }
interface WriteException { file: string; table: string; reason: string }

// None stand today: the payment gateway's and the carrier's adapter interfaces, which the context
// carries, are declared in platform/ (payment-provider.ts, carrier-provider.ts) and re-exported by
// their modules; the order rules' test reads the sale-event transitions through sale-events/index.ts.
const IMPORT_EXCEPTIONS: ImportException[] = [];

const WRITE_EXCEPTIONS: WriteException[] = [];

// ---- reading the sources ----

interface Source { file: string; text: string; code: string }

function sources(dir = path.join(ROOT, 'src'), out: Source[] = []): Source[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(e.name)) {
      const text = fs.readFileSync(p, 'utf8');
      out.push({ file: path.relative(ROOT, p).split(path.sep).join('/'), text, code: withoutCommentLines(text) });
    }
  }
  return out;
}

/** The text without its comment lines (// …, and /* … *\/ blocks that start a line), kept line for line. */
function withoutCommentLines(text: string): string {
  let inBlock = false;
  return text.split('\n').map((line) => {
    const t = line.trim();
    if (inBlock) {
      if (t.includes('*/')) inBlock = false;
      return '';
    }
    if (t.startsWith('/*')) {
      inBlock = !t.includes('*/');
      return '';
    }
    return t.startsWith('//') ? '' : line;
  }).join('\n');
}

interface Import { spec: string; resolved: string | null; typeOnly: boolean; names: string[]; line: number }

/** Static imports and re-exports, side-effect imports and dynamic import() of a file; relative ones resolved to a path under the root. */
function importsOf(file: string, code: string): Import[] {
  const out: Import[] = [];
  const lineAt = (i: number) => code.slice(0, i).split('\n').length;
  const resolve = (spec: string) => (spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : null);
  const stmt = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*\bfrom\s*['"]([^'"]+)['"]/g;
  for (let m; (m = stmt.exec(code)); ) {
    const clause = m[3].trim();
    const braces = /\{([^}]*)\}/.exec(clause);
    const specifiers = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
    // import { type A, type B } from … loads nothing at run time, like import type { A, B }.
    const allTypes = /^\{[^}]*\}$/.test(clause) && specifiers.length > 0 && specifiers.every((s) => s.startsWith('type '));
    const outside = clause.replace(/\{[^}]*\}/, '').split(',').map((s) => s.trim()).filter(Boolean);
    const names = [...specifiers, ...outside].map((s) => s.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim());
    out.push({ spec: m[4], resolved: resolve(m[4]), typeOnly: Boolean(m[2]) || allTypes, names, line: lineAt(m.index + m[0].indexOf(m[1])) });
  }
  const bare = /(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g;
  for (let m; (m = bare.exec(code)); ) out.push({ spec: m[1], resolved: resolve(m[1]), typeOnly: false, names: [], line: lineAt(m.index) });
  const dynamic = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m; (m = dynamic.exec(code)); ) out.push({ spec: m[1], resolved: resolve(m[1]), typeOnly: false, names: [], line: lineAt(m.index) });
  return out;
}

/** src/modules/<m>/… → m; anything else → null. */
function moduleOf(file: string): string | null {
  return /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}

/** Who owns which table: the pgTable('name' declarations in each module's *.tables.ts. */
function tableOwners(files: Source[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files) {
    const m = moduleOf(f.file);
    if (!m || !f.file.endsWith('.tables.ts')) continue;
    for (const d of f.code.matchAll(/\bpgTable\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) {
      const had = owners.get(d[1]);
      if (had && had !== m) throw new Error(`table ${d[1]} is declared by both ${had} and ${m}`);
      owners.set(d[1], m);
    }
  }
  return owners;
}

/** Tables a file writes in raw SQL (INSERT INTO / UPDATE / DELETE FROM <table>), with their lines. */
function rawWrites(code: string): { table: string; line: number }[] {
  const out: { table: string; line: number }[] = [];
  const re = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:ONLY\s+)?"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;
  for (let m; (m = re.exec(code)); ) out.push({ table: m[1].toLowerCase(), line: code.slice(0, m.index).split('\n').length });
  return out;
}

/**
 * A module's *.tables.ts may import another module's *.tables.ts for foreign keys only: every
 * use of an imported table must be `.references(() => table.column)`. The names used otherwise.
 */
function nonReferenceUses(code: string, names: string[]): string[] {
  const body = code.replace(/(?:^|\n)\s*import[^;]*;/g, '\n');
  return names.filter((n) => {
    const all = [...body.matchAll(new RegExp(`\\b${n.replace(/\$/g, '\\$')}\\b`, 'g'))].length;
    const refs = [...body.matchAll(new RegExp(`references\\(\\s*\\(\\)\\s*=>\\s*${n.replace(/\$/g, '\\$')}\\.`, 'g'))].length;
    return all !== refs;
  });
}

interface Violation { file: string; line: number; what: string; key: string }

/** Every import and raw write that breaks the layout, before exceptions. */
function violations(files: Source[]): Violation[] {
  const owners = tableOwners(files);
  const out: Violation[] = [];
  for (const f of files) {
    const own = moduleOf(f.file);
    const inPlatform = f.file.startsWith('src/platform/');
    for (const imp of importsOf(f.file, f.code)) {
      const to = imp.resolved;
      if (!to) continue;
      const add = (what: string) => out.push({ file: f.file, line: imp.line, what: `${what} (${imp.spec})`, key: `import ${f.file} -> ${to}` });
      const target = moduleOf(to);
      if (own) {
        if (to.startsWith('src/flows/')) add('a module imports flows/: a route or job that needs a flow lives in flows/');
        else if (target && target !== own && !/^src\/modules\/[^/]+\/index\.ts$/.test(to)) {
          const forKeys = f.file.endsWith('.tables.ts') && to.endsWith('.tables.ts') && nonReferenceUses(f.code, imp.names).length === 0 && imp.names.length > 0;
          if (!forKeys) add(`a module imports another module other than through its index.ts`);
        } else if (!target && !to.startsWith('src/platform/') && to.startsWith('src/')) add('a module imports outside modules/ and platform/');
      }
      if (inPlatform && (target || to.startsWith('src/flows/'))) {
        add(imp.typeOnly ? 'platform/ imports a module (type only)' : 'platform/ imports a module or flow');
      }
    }
    if (f.file.endsWith('.test.ts')) continue;
    for (const w of rawWrites(f.code)) {
      const owner = owners.get(w.table);
      if (!owner || owner === own) continue;
      out.push({ file: f.file, line: w.line, what: `raw SQL writes ${w.table}, a table of the ${owner} module (ask ${owner} for a set-based function)`, key: `write ${f.file} -> ${w.table}` });
    }
  }
  return out;
}

// ---- the tests ----

const files = sources();

test('the sources and the table owners are found (the checks below have something to check)', () => {
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  const owners = tableOwners(files);
  assert.ok(owners.size > 30, `only ${owners.size} tables found`);
  assert.equal(owners.get('orders'), 'orders');
  assert.equal(owners.get('order_lines'), 'orders');
  assert.equal(owners.get('pools'), 'inventory');
  assert.equal(owners.get('stock_movements'), 'inventory');
  assert.equal(owners.get('flash_claims'), 'flash-sales');
});

test('the checks catch what they are for', () => {
  const fake = (file: string, code: string): Source => ({ file, text: code, code: withoutCommentLines(code) });
  const found = violations([
    fake('src/modules/orders/orders.tables.ts', "export const orders = pgTable('orders', {});\nexport const orderLines = pgTable('order_lines', {});"),
    fake('src/modules/flash-sales/flash-sales.tables.ts', "export const flashClaims = pgTable('flash_claims', {});"),
    fake('src/modules/inventory/inventory.tables.ts', "import { orders } from '../orders/orders.tables.ts';\nexport const pools = pgTable('pools', { o: text('o').references(() => orders.id) });"),
    fake('src/modules/inventory/bad.tables.ts', "import { orders } from '../orders/orders.tables.ts';\nexport const x = orders;"),
    fake('src/modules/flash-sales/a.routes.ts', "import { claimFlash } from '../../flows/flash-checkout.flow.ts';"),
    fake('src/modules/flash-sales/b.service.ts', "import {\n  insertOrder,\n} from '../orders/orders.service.ts';\nconst m = await import('../../flows/x.flow.ts');"),
    fake('src/modules/flash-sales/c.service.ts', "import { insertOrder } from '../orders/index.ts';\nawait db.execute(sql`INSERT INTO flash_claims (a) VALUES (1)`);\nawait db.execute(sql`\n  UPDATE  order_lines SET x = 1 … FOR UPDATE OF l`);\n// INSERT INTO orders in a comment is prose"),
    fake('src/modules/flash-sales/c.test.ts', "await db.execute(sql`DELETE FROM orders`);"),
    fake('src/flows/d.flow.ts', "await db.execute(sql`DELETE FROM \"pools\" WHERE true`);"),
    fake('src/platform/e.ts', "import type { Ctx } from '../modules/orders/index.ts';\nimport { f } from '../flows/f.ts';"),
  ]).map((v) => `${v.file}:${v.line} ${v.key}`);
  assert.deepEqual(found.sort(), [
    'src/flows/d.flow.ts:1 write src/flows/d.flow.ts -> pools',
    'src/modules/flash-sales/a.routes.ts:1 import src/modules/flash-sales/a.routes.ts -> src/flows/flash-checkout.flow.ts',
    'src/modules/flash-sales/b.service.ts:1 import src/modules/flash-sales/b.service.ts -> src/modules/orders/orders.service.ts',
    'src/modules/flash-sales/b.service.ts:4 import src/modules/flash-sales/b.service.ts -> src/flows/x.flow.ts',
    'src/modules/flash-sales/c.service.ts:4 write src/modules/flash-sales/c.service.ts -> order_lines',
    'src/modules/inventory/bad.tables.ts:1 import src/modules/inventory/bad.tables.ts -> src/modules/orders/orders.tables.ts',
    'src/platform/e.ts:1 import src/platform/e.ts -> src/modules/orders/index.ts',
    'src/platform/e.ts:2 import src/platform/e.ts -> src/flows/f.ts',
  ].sort());
  assert.ok(importsOf('src/platform/e.ts', "import type { A } from '../modules/x/index.ts';")[0].typeOnly);
  assert.ok(importsOf('src/platform/e.ts', "import { type A, type B } from '../modules/x/index.ts';")[0].typeOnly);
  assert.ok(!importsOf('src/platform/e.ts', "import { type A, b } from '../modules/x/index.ts';")[0].typeOnly);
});

test('imports point one way and modules write only their own tables (exceptions listed above, each with its reason)', () => {
  const all = violations(files);
  const excused = new Set([
    ...IMPORT_EXCEPTIONS.map((e) => `import ${e.file} -> ${e.imports}`),
    ...WRITE_EXCEPTIONS.map((e) => `write ${e.file} -> ${e.table}`),
  ]);
  const found = all.filter((v) => !excused.has(v.key));
  assert.deepEqual(found.map((v) => `${v.file}:${v.line}: ${v.what}`), [], 'new violations of the layout');
  // Platform's standing exceptions stay type-only (they load no module code).
  for (const v of all) if (v.file.startsWith('src/platform/') && excused.has(v.key)) assert.match(v.what, /type only/, `${v.file}:${v.line}`);
  const stale = [...excused].filter((k) => !all.some((v) => v.key === k));
  assert.deepEqual(stale, [], 'exceptions that no longer happen: remove them from the list');
});

// ---- the migrations' journal ----

test('the migrations journal runs in file order with rising dates, one entry per migration file', () => {
  // drizzle's migrator applies only the migrations dated after the last one a database has: an
  // entry dated before an earlier one would be skipped silently on every database already past it.
  const dir = path.join(ROOT, 'drizzle');
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  assert.deepEqual(journal.entries.map((e) => `${e.tag}.sql`), files, 'one journal entry per .sql file, in order');
  journal.entries.forEach((e, i) => {
    assert.equal(e.idx, i, `${e.tag}: idx`);
    if (i > 0) assert.ok(e.when > journal.entries[i - 1].when, `${e.tag} is dated after ${journal.entries[i - 1].tag}`);
  });
});
