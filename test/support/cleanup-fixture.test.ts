// A test file that cleanup.test.ts runs in a child process, alone or under scripts/test.ts; in
// the ordinary suite it does nothing. With ST_CLEANUP_FIXTURE=open it opens a platform, writes
// what it made to ST_CLEANUP_FIXTURE_READY, and closes the platform; with =hang it waits there
// (to be stopped by a signal).
import { test } from 'node:test';
import fs from 'node:fs';
import { testPlatform } from './platform.ts';

const mode = process.env.ST_CLEANUP_FIXTURE;

test('a platform opens and closes (fixture for cleanup.test.ts)', { skip: !mode && 'run by cleanup.test.ts' }, async () => {
  const tp = await testPlatform();
  fs.writeFileSync(`${tp.config.uploadDir}/upload.txt`, 'an uploaded file');
  fs.writeFileSync(process.env.ST_CLEANUP_FIXTURE_READY!, JSON.stringify({ pid: process.pid, uploadDir: tp.config.uploadDir }));
  if (mode === 'hang') await new Promise((r) => setTimeout(r, 600_000));
  await tp.close();
});
