// The console's dates are China's whatever the browser's time zone (this process runs on UTC in
// CI, as the test browser does): a datetime input shows and reads China wall time, a date input
// the China day, and the calendar's weeks and days begin at China midnight.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const web = (file: string) => import(new URL(`../web/src/${file}`, import.meta.url).href);
const lib: {
  toLocalInput: (d: Date) => string; fromLocalInput: (v: string) => string | null; toDateInput: (d: Date) => string; fromDateInput: (v: string) => string | null;
  startOfWeek: (d: Date) => Date; addDays: (d: Date, n: number) => Date; chinaDayIndex: (from: Date, d: Date) => number;
} = await web('areas/console/lib.ts');

test('datetime and date inputs are China wall time, both ways', () => {
  const at = new Date('2026-12-07T18:30:00Z'); // 12月8日 02:30 in China
  assert.equal(lib.toLocalInput(at), '2026-12-08T02:30');
  assert.equal(lib.fromLocalInput('2026-12-08T02:30'), at.toISOString());
  assert.equal(lib.toDateInput(at), '2026-12-08', 'the China day');
  assert.equal(lib.fromDateInput('2026-12-08'), '2026-12-07T16:00:00.000Z', 'China midnight');
  assert.equal(lib.fromLocalInput(''), null);
  assert.equal(lib.fromLocalInput('2026-12-08'), null, 'a day is not a time');
  assert.equal(lib.fromDateInput('not a day'), null);
});

test('a week begins on Monday at China midnight, and an event falls on the China day of its time', () => {
  // Sunday 12/6 17:00 UTC is Monday 12/7 01:00 in China: that Monday's week.
  const monday = lib.startOfWeek(new Date('2026-12-06T17:00:00Z'));
  assert.equal(monday.toISOString(), '2026-12-06T16:00:00.000Z');
  assert.equal(lib.startOfWeek(new Date('2026-12-13T15:59:59Z')).toISOString(), monday.toISOString(), 'Sunday 23:59:59 in China: the same week');
  assert.equal(lib.addDays(monday, 7).toISOString(), '2026-12-13T16:00:00.000Z');
  // An event starting 12/8 01:44 China time (12/7 17:44 UTC) is on Tuesday, the second column.
  assert.equal(lib.chinaDayIndex(monday, new Date('2026-12-07T17:44:00Z')), 1);
  assert.equal(lib.chinaDayIndex(monday, new Date('2026-12-07T15:59:00Z')), 0, 'Monday 23:59 China: still Monday');
});

test('a calendar day from the API reads as people write it, the year only when it is not this one', async () => {
  const { dayText } = (await web('lib/device.ts')) as { dayText: (day: string, lang: string) => string };
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));
  assert.equal(dayText(`${year}-12-31`, 'zh-CN'), '12月31日');
  assert.equal(dayText(`${year + 1}-01-05`, 'zh-CN'), `${year + 1}年1月5日`);
  assert.equal(dayText(`${year}-12-31`, 'en'), '31 Dec');
  assert.equal(dayText('not a day', 'zh-CN'), 'not a day');
});
