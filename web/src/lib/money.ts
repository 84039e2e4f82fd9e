// Fen → display. Integer arithmetic only.
export function yuan(fen: number | null | undefined, opts: { symbol?: boolean } = {}): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('zh-CN');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${opts.symbol === false ? '' : '¥'}${whole}.${cents}`;
}

/** "249" or "249.5" → fen; null when not a price. */
export function toFen(input: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(input);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Basis points as a percentage to a tenth, rounded half up in integers (2965 → "29.7%": the
 * float 29.65 would print 29.6), whole percentages without the tenth ("30%").
 */
export function percent(bps: number): string {
  const sign = bps < 0 ? '-' : '';
  const tenths = Math.round(Math.abs(bps) / 10);
  return `${sign}${Math.floor(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`;
}

/**
 * A sell-through rate (basis points) as a percentage to a tenth, rounded DOWN (9999 → "99.9%", never
 * "100%" before the last unit sells) — the rule the battle report's image draws with
 * (battle-report-image battleSellThrough), so the page and its image say the same figure.
 */
export function sellThroughPercent(bps: number): string {
  const tenths = Math.floor(Math.max(0, bps) / 10);
  return `${Math.floor(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`;
}

/** Tenths of 折 (27) → what a discount tag reads: "2.7" 折 in Chinese, 73 (% off) in English. */
export function zhe(tenths: number): { zhe: string; off: number } {
  return { zhe: tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`, off: 100 - tenths };
}
