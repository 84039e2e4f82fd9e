// The browser tab's title, per page: the most specific name first, the app's name last
// ("春装清仓 · 小雨的特卖小店 · 爱清仓"). The server renders the same title into the page for a
// shared link (src/flows/web-pages.routes.ts), so it does not change when the scripts arrive.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The title for these parts followed by the app's name. A part may itself hold " · " (an area
 * named "爱清仓 · 代购"): each name appears once, empty ones are left out.
 */
export function pageTitle(parts: readonly (string | null | undefined)[], appName: string): string {
  const names = parts.flatMap((p) => (p ?? '').split(' · ')).map((n) => n.trim()).filter((n) => n !== '' && n !== appName);
  return [...new Set(names), appName].join(' · ');
}

/**
 * Set the tab's title while the page is shown; it follows the language and the data as they
 * change. null (the data is still on its way) leaves the title the server rendered.
 */
export function useTitle(parts: readonly (string | null | undefined)[] | null): void {
  const { t } = useTranslation();
  const title = parts ? pageTitle(parts, t('common.appName')) : null;
  useEffect(() => { if (title !== null) document.title = title; }, [title]);
}

/** The nav item the location is in: the longest `to` that the path starts with (an `end` item only when exact). */
export function currentNavLabel(pathname: string, nav: readonly { to: string; label: string; end?: boolean }[]): string | undefined {
  const path = pathname.replace(/\/+$/, '');
  return nav
    .filter((n) => (n.end ? path === n.to : path === n.to || path.startsWith(`${n.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0]?.label;
}
