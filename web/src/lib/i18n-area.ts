// Each area brings its own strings under its own key (console.*, brand.*, reseller.*,
// storefront.*), so areas never edit one another's files.
import i18n from './i18n.ts';

export function addAreaStrings(area: string, zh: Record<string, unknown>, en: Record<string, unknown>): void {
  i18n.addResourceBundle('zh-CN', 'translation', { [area]: zh }, true, true);
  i18n.addResourceBundle('en', 'translation', { [area]: en }, true, true);
}
