// @ts-check
// The embedded PostgreSQL's watchdog: a detached process that embedded-postgres.ts starts beside
// every process using the server. It owns nothing and records nothing; it watches one process
// (its owner). When the owner has gone (killed with SIGKILL, an OOM kill, a closed terminal, or a
// clean exit) and, after a grace period, no other live process is listed in dir/pg-owners, it
// stops the server with SIGINT (PostgreSQL's fast shutdown) to the pid in postmaster.pid. A newer
// process that reused the server in the meantime has listed itself there and is respected.
//
// Plain JavaScript run by plain node (no tsx, no loaders: ~40 MB, and nothing of the app loaded),
// type-checked through @ts-check. Only node's own modules.
import fs from 'node:fs';
import path from 'node:path';

/** @typedef {{ pid: number, start: string | null }} Proc */
/** @type {{ dir: string, dataDir: string, ownersDir: string, owner: Proc, graceMs: number, removeFiles: boolean }} */
const cfg = JSON.parse(process.argv[2] ?? '{}');
const HAS_PROC = fs.existsSync('/proc/self/stat');
const logFile = path.join(cfg.dir, 'pg-watchdog.log');
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} msg */
function log(msg) {
  try { fs.appendFileSync(logFile, `${new Date().toISOString()} watchdog pid ${process.pid} (owner ${cfg.owner.pid}): ${msg}\n`); } catch { /* the folder is gone */ }
}

/** /proc/<pid>/stat: state letter and start time; null without /proc. @param {number} pid */
function procStat(pid) {
  if (!HAS_PROC) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: f[0] ?? '', start: f[19] ?? '' };
  } catch { return null; }
}

/** Alive and not a zombie (killed, not yet reaped by its parent). @param {number} pid */
function alive(pid) {
  try { process.kill(pid, 0); } catch (e) { if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EPERM') return false; }
  return procStat(pid)?.state !== 'Z';
}

/** The same process (pid and start time), not a later one that got its pid. @param {Proc} p */
function procAlive(p) {
  if (!alive(p.pid)) return false;
  const s = procStat(p.pid)?.start ?? null;
  return p.start === null || s === null || s === p.start;
}

function liveOwners() {
  /** @type {number[]} */
  const live = [];
  let names = /** @type {string[]} */ ([]);
  try { names = fs.readdirSync(cfg.ownersDir); } catch { return live; }
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const file = path.join(cfg.ownersDir, n);
    try {
      /** @type {Proc} */
      const o = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (procAlive(o)) live.push(o.pid); else fs.rmSync(file, { force: true });
    } catch { /* half-written or removed meanwhile */ }
  }
  return live;
}

/** The postmaster's pid, if it is alive and really works in our data directory (pids get reused). */
function postmaster() {
  let pid;
  try { pid = Number(fs.readFileSync(path.join(cfg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]); } catch { return null; }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
  if (!HAS_PROC) return pid;
  try { return fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(cfg.dataDir) ? pid : null; } catch { return null; }
}

async function main() {
  while (procAlive(cfg.owner)) await sleep(500);
  // Our owner is gone. Give a restart (a process manager, the user pressing ↑ Enter) time to list
  // itself as a user of the server before deciding the server is orphaned. Done early when
  // another process uses the server (its own watchdog watches it) or no server runs (nothing to do).
  for (const until = Date.now() + cfg.graceMs; Date.now() < until; await sleep(250)) {
    if (liveOwners().length) return;
    if (postmaster() === null) {
      if (cfg.removeFiles && !fs.existsSync(path.join(cfg.dataDir, 'postmaster.pid'))) removeFiles();
      return;
    }
  }
  if (liveOwners().length) return;
  const pid = postmaster();
  if (pid === null) return;
  log(`owner gone and no other process uses the server: stopping PostgreSQL pid ${pid} (fast shutdown)`);
  /** @type {[NodeJS.Signals, number][]} */
  const steps = [['SIGINT', 60_000], ['SIGQUIT', 10_000], ['SIGKILL', 5_000]];
  for (const [sig, ms] of steps) {
    try { process.kill(pid, sig); } catch { break; }
    const until = Date.now() + ms;
    while (Date.now() < until && postmaster() === pid) await sleep(100);
    if (postmaster() !== pid) break;
    log(`PostgreSQL pid ${pid} still running after ${sig}`);
  }
  log(postmaster() === pid ? `PostgreSQL pid ${pid} did not stop` : `PostgreSQL pid ${pid} stopped`);
  if (cfg.removeFiles) removeFiles();
}

/** A throw-away server (tests, benchmarks): its files go with it, as its own stop() would do. */
function removeFiles() {
  for (const p of [cfg.dataDir, cfg.ownersDir, path.join(cfg.dir, 'postgres.log'), path.join(cfg.dir, 'postgres.log.1'), logFile]) fs.rmSync(p, { recursive: true, force: true });
  try { fs.rmdirSync(cfg.dir); } catch { /* not empty: other things live there */ }
}

main().catch((e) => { log(`failed: ${e instanceof Error ? e.stack : String(e)}`); process.exitCode = 1; });
