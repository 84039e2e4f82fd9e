// A stopping worker lets the work in progress finish before the pools close behind it: a tick
// cut short by the pool's end would fail half-way ("Cannot use a pool after calling end on the
// pool") and leave its sweep for the next start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { makeCtx } from '../src/platform/context.ts';
import { startWorker } from '../src/platform/jobs.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform(); });
after(async () => { await tp.close(); });

test('stop waits for a tick in progress, and no tick starts after it', async () => {
  const ctx = makeCtx(tp.database.db, tp.deps, { kind: 'system' });
  const events: string[] = [];
  let started: () => void;
  const firstStarted = new Promise<void>((resolve) => { started = resolve; });
  const worker = await startWorker(tp.url, ctx, [], [{
    name: 'slow-tick', everyMs: 20,
    run: async (c) => {
      events.push('start');
      started();
      await new Promise((r) => setTimeout(r, 300));
      // Still able to use the database at the end of its work.
      await c.db.execute('SELECT 1');
      events.push('end');
    },
  }]);
  await firstStarted;
  await worker.stop();
  events.push('stopped');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(events, ['start', 'end', 'stopped']);
});
