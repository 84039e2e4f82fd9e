// The test support cleans up after itself: a test file run on its own exits when its tests are
// done, with its embedded PostgreSQL stopped and its folders gone; `npm test` stopped by SIGTERM
// (or Ctrl-C) stops its test processes and server, removes its folders and exits non-zero. Each
// case runs cleanup-fixture.test.ts in a child process on an embedded server of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FIXTURE = 'test/support/cleanup-fixture.test.ts';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The child's environment: no server of npm test's, so it starts its own. */
function env(mode: string, ready: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ST_CLEANUP_FIXTURE: mode, ST_CLEANUP_FIXTURE_READY: ready, NO_COLOR: '1' };
  delete e.ST_TEST_ADMIN_URL; delete e.ST_TEST_TEMPLATE; delete e.TEST_DATABASE_URL;
  // Set in the processes of a node --test run: a child that inherits it refuses to run its files.
  delete e.NODE_TEST_CONTEXT;
  return e;
}

function run(args: string[], environment: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }>; output: () => string } {
  let output = '';
  // A process group of its own: a case that fails can kill all of it.
  const child = spawn(process.execPath, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, exited, output: () => output };
}

/** Resolves with the first value, or undefined when `ms` pass first. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const r = await Promise.race([p, new Promise<undefined>((res) => { timer = setTimeout(() => res(undefined), ms); })]);
  clearTimeout(timer);
  return r;
}

/** Folders under the temp directory that a process with this pid made. */
const leftBy = (prefix: string, pid: number) => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`${prefix}${pid}-`));

/** PostgreSQL processes whose command line names one of these folders. */
function postgresIn(folders: string[]): number[] {
  if (folders.length === 0 || !fs.existsSync('/proc')) return [];
  const found: number[] = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${n}/cmdline`, 'utf8');
      if (cmd.includes('postgres') && folders.some((f) => cmd.includes(f))) found.push(Number(n));
    } catch { /* gone */ }
  }
  return found;
}

/** Kill what a failed case left, so one failure does not leave a server running. */
function sweep(prefix: string, pid: number | undefined, child?: ChildProcess): void {
  if (child?.exitCode === null) try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
  if (pid === undefined) return;
  const folders = leftBy(prefix, pid);
  for (const p of postgresIn(folders)) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  for (const f of folders) fs.rmSync(path.join(os.tmpdir(), f), { recursive: true, force: true });
}

test('a test file run on its own exits when its tests are done, and leaves no server and no folder', { timeout: 180_000 }, async () => {
  const ready = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'st-cleanup-')), 'ready.json');
  const r = run(['--import', 'tsx', '--test', FIXTURE], env('open', ready));
  let fixturePid: number | undefined;
  try {
    const done = await within(r.exited, 120_000);
    if (fs.existsSync(ready)) fixturePid = (JSON.parse(fs.readFileSync(ready, 'utf8')) as { pid: number }).pid;
    assert.ok(done, `the file's tests ran, but its process did not exit within 120 s:\n${r.output()}`);
    assert.equal(done.code, 0, r.output());
    assert.ok(fixturePid, 'the fixture opened a platform');
    const { uploadDir } = JSON.parse(fs.readFileSync(ready, 'utf8')) as { uploadDir: string };
    assert.equal(fs.existsSync(uploadDir), false, 'its upload folder is removed');
    assert.deepEqual(leftBy('sellthrough-single-', fixturePid), [], 'its server folder is removed');
  } finally {
    sweep('sellthrough-single-', fixturePid ?? r.child.pid, r.child);
    fs.rmSync(path.dirname(ready), { recursive: true, force: true });
  }
});

// SIGTERM to the process, as a process manager sends it; SIGINT to its whole process group, as
// Ctrl-C in a terminal does.
for (const [sig, to, code] of [['SIGTERM', 'the process', 143], ['SIGINT', 'its process group (Ctrl-C)', 130]] as const) {
  test(`npm test stopped by ${sig} to ${to} stops its tests and its server, removes its folders and exits ${code}`, { timeout: 180_000 }, async () => {
    const ready = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'st-cleanup-')), 'ready.json');
    const r = run(['--import', 'tsx', 'scripts/test.ts', 'cleanup-fixture'], env('hang', ready));
    const runnerPid = r.child.pid!;
    try {
      // Wait until the fixture has its platform open (its database on the run's server, its uploads).
      for (const until = Date.now() + 120_000; !fs.existsSync(ready); await sleep(100)) {
        assert.ok(Date.now() < until && r.child.exitCode === null, `the fixture never opened its platform:\n${r.output()}`);
      }
      await sleep(100); // the file is written whole before the next look
      const { pid: fixturePid, uploadDir } = JSON.parse(fs.readFileSync(ready, 'utf8')) as { pid: number; uploadDir: string };
      const folders = leftBy('sellthrough-test-', runnerPid);
      assert.equal(folders.length, 1, 'the run has its server folder');
      assert.ok(postgresIn(folders).length > 0, 'and its server runs');

      if (sig === 'SIGINT') process.kill(-runnerPid, sig); else r.child.kill(sig);
      const done = await within(r.exited, 60_000);
      assert.ok(done, `npm test did not stop within 60 s of ${sig}:\n${r.output()}`);
      assert.equal(done.code, code, r.output());
      // Killed processes may take a moment to go (and a zombie is not a running process).
      for (const until = Date.now() + 10_000; alive(fixturePid) && Date.now() < until;) await sleep(100);
      assert.equal(alive(fixturePid), false, 'the test file\'s process is stopped');
      assert.deepEqual(postgresIn(folders), [], 'the server is stopped');
      assert.deepEqual(leftBy('sellthrough-test-', runnerPid), [], 'its folder is removed');
      assert.equal(fs.existsSync(uploadDir), false, 'the upload folder of the test file it stopped is removed');
    } finally {
      sweep('sellthrough-test-', runnerPid, r.child);
      fs.rmSync(path.dirname(ready), { recursive: true, force: true });
    }
  });
}

/** Running (or stopped), not gone and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch { return false; }
}
