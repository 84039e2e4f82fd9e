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
