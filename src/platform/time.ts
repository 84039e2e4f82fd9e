// The platform's calendar is China's (Asia/Shanghai, UTC+8 all year): the day an order number,
// a purchase order's ship date or a file name names, and the time printed on paper.

/** yyyy-mm-dd in Asia/Shanghai. */
export function shanghaiDay(d: Date = new Date()): string {
  return d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** yyyy-mm-dd HH:MM in Asia/Shanghai (what labels and documents print). */
export function shanghaiMinute(d: Date): string {
  return d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
}

/** yyyy-mm in Asia/Shanghai. */
export function shanghaiMonth(d: Date = new Date()): string {
  return shanghaiDay(d).slice(0, 7);
}

/** A China month (yyyy-mm) as the instants [start, end) it spans. */
export function shanghaiMonthSpan(month: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  // Midnight in Asia/Shanghai (UTC+8, no daylight saving) is 16:00 UTC the day before.
  const start = new Date(Date.UTC(y, mo - 1, 1) - 8 * 3600_000);
  const end = new Date(Date.UTC(mo === 12 ? y + 1 : y, mo === 12 ? 0 : mo, 1) - 8 * 3600_000);
  return { start, end };
}

/** The China month before the one `d` falls in. */
export function previousShanghaiMonth(d: Date = new Date()): string {
  return shanghaiMonth(new Date(shanghaiMonthSpan(shanghaiMonth(d)).start.getTime() - 1));
}
