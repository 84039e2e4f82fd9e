// The platform's pools (platform/database.ts connect): a close resolves once every connection has
// hung up, not once each was asked to — a stop closes the pools and then the embedded database,
// which would otherwise cut the connections still hanging up ("terminating connection due to
// administrator command" in the log); and a transaction whose BEGIN fails gives its connection
// back, where drizzle would keep it checked out for good.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { connect } from '../src/platform/database.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform(); });
after(async () => { await tp.close(); });

test('closing a pool resolves only when every connection has hung up', async () => {
  const lost: string[] = [];
  const d = connect(tp.url, 6, (err) => lost.push(err.message));
  const clients: pg.PoolClient[] = [];
  const hungUp = new Set<pg.PoolClient>();
  d.pool.on('connect', (c) => { clients.push(c); c.on('end', () => hungUp.add(c)); });
  const held = await Promise.all(Array.from({ length: 6 }, () => d.pool.connect()));
  await Promise.all(held.map((c) => c.query('SELECT 1')));
  // All idle in the pool when the close begins (pg's pool ends at once then: it asks each to hang up).
  for (const c of held) c.release();
  await d.close();
  assert.equal(clients.length, 6);
  assert.equal(hungUp.size, 6, `${6 - hungUp.size} of 6 connections were still hanging up when close resolved`);
  assert.deepEqual(lost, []);
});

test('a transaction whose BEGIN fails on a connection that died gives it back: nothing stays checked out, the pool serves on', async () => {
  const lost: string[] = [];
  const d = connect(tp.url, 2, (err) => lost.push(err.message));
  try {
    // The connection dies as it is handed out, before the transaction's BEGIN reaches the server.
    d.pool.once('acquire', (c) => (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy());
    await assert.rejects(d.db.transaction(async (tx) => { await tx.execute(sql`SELECT 1`); }));
    for (let i = 0; i < 50 && d.pool.totalCount - d.pool.idleCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(d.pool.totalCount - d.pool.idleCount, 0, 'a connection is still checked out after its BEGIN failed');
    // Both connections of the pool serve two transactions at once.
    const pids = await Promise.all([1, 2].map(() => d.db.transaction(async (tx) => {
      const r = await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.1)`);
      return r.rows[0].pid;
    })));
    assert.equal(new Set(pids).size, 2);
  } finally {
    // A connection left checked out would hold the close forever.
    await Promise.race([d.close(), new Promise((r) => setTimeout(r, 2000))]);
  }
});
