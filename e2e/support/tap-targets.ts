// Made for one thumb: on a phone screen every control a finger presses — buttons, links drawn as
// buttons, the −/+ steppers, text fields and selects, and the labels of checkboxes and radios — is
// at least 44 × 44 CSS px (Apple's HIG and WCAG 2.5.5). Measured in the page as laid out.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export const MIN_TAP = 44;

interface Offender { what: string; width: number; height: number }

/** Fails listing every visible control smaller than 44 × 44 px on the screen as it is now. */
export async function assertTapTargets(page: Page, screen: string): Promise<void> {
  const offenders = await page.evaluate((min: number) => {
    const controls = new Set<Element>();
    const selector = [
      'button', '[role="button"]', 'a.btn', 'select', 'summary',
      'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"])',
    ].join(',');
    for (const el of document.querySelectorAll(selector)) controls.add(el);
    // A checkbox or radio is pressed through its label: the label is the target.
    for (const box of document.querySelectorAll('input[type="checkbox"], input[type="radio"]')) {
      controls.add(box.closest('label') ?? (box.id ? document.querySelector(`label[for="${CSS.escape(box.id)}"]`) : null) ?? box);
    }
    const out: { what: string; width: number; height: number }[] = [];
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      // Hidden from sight on purpose (screen-reader-only text, a file input behind its label).
      if (r.width <= 1 || r.height <= 1 || Number(style.opacity) === 0) continue;
      if (r.width + 0.5 >= min && r.height + 0.5 >= min) continue;
      const label = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? (el as HTMLInputElement).placeholder ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      const testId = el.getAttribute('data-testid');
      const tag = el.tagName.toLowerCase() + (el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
      out.push({ what: `${tag}${testId ? `[data-testid=${testId}]` : ''} "${label}"`, width: Math.round(r.width), height: Math.round(r.height) });
    }
    return out;
  }, MIN_TAP) as Offender[];
  assert.deepEqual(offenders, [], `${screen}: controls smaller than ${MIN_TAP}×${MIN_TAP} px:\n${offenders.map((o) => `  ${o.what} ${o.width}×${o.height}`).join('\n')}`);
}
