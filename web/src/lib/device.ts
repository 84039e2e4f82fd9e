// How a person names the device behind a user agent ("Chrome · Windows", "WeChat · iPhone"),
// and when things happened, in the reader's language. Display only.
import i18n from './i18n.ts';

export function deviceName(userAgent: string): string {
  const ua = userAgent;
  const browser = /MicroMessenger/i.test(ua) ? 'WeChat' : /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /HeadlessChrome/.test(ua) ? 'Chrome (headless)' : /Chrome\/|Chromium\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari'
      : /^curl\//i.test(ua) ? 'curl' : '';
  const os = /iPhone/.test(ua) ? 'iPhone' : /iPad/.test(ua) ? 'iPad' : /Android/.test(ua) ? 'Android' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ');
}

/**
 * The platform's clock: events open at 10:00 Beijing time, days and order numbers are China's, so
 * every time is shown in China time, whatever the browser's zone (a 代购 abroad reads the times the
 * events keep).
 */
export const CHINA_TIME = 'Asia/Shanghai';

/**
 * Month and day as each language reads them: 12/07 in Chinese, "7 Dec" in English (a numeric
 * 07/12 reads as July to many English readers).
 */
export function monthDay(lang: string): Pick<Intl.DateTimeFormatOptions, 'month' | 'day'> {
  return lang === 'en' ? { month: 'short', day: 'numeric' } : { month: '2-digit', day: '2-digit' };
}

export function whenText(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', ...monthDay(i18n.language), hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME }).format(new Date(iso));
}

/** A time as the phone areas print it (storefront, reseller app): 12月8日 02:38 / 8 Dec, 02:38, China time. */
export function phoneWhen(iso: string, lang: string = i18n.language): string {
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { month: lang === 'en' ? 'short' : 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME });
}

/** A calendar day the API sends as yyyy-mm-dd (a ship date): 12月31日 / 31 Dec, the year only when it is not this one. */
export function dayText(day: string, lang: string = i18n.language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const at = new Date(`${day}T12:00:00+08:00`);
  const thisYear = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: CHINA_TIME }).format(new Date()) === m[1];
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { ...(thisYear ? {} : { year: 'numeric' }), month: lang === 'en' ? 'short' : 'long', day: 'numeric', timeZone: CHINA_TIME }).format(at);
}

/** "just now", "5 min ago", "3 h ago", or the date: how long ago, in the reader's language. */
export function agoText(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const rtf = new Intl.RelativeTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { numeric: 'auto', style: 'short' });
  if (s < 60) return rtf.format(0, 'second');
  if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 86_400) return rtf.format(-Math.floor(s / 3600), 'hour');
  return whenText(iso);
}
