// The widget's own end-to-end helpers: its files and the portal's, fixtures and native
// `hoth route` for parity, and keyboard helpers that reach into the widget's shadow root. The
// browser set-up (server, Chromium, fresh pages, axe and IBM's checker) is the shared harness,
// tests/browser/harness.mjs. Waits are on DOM conditions, never on sleeps.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../../../../tests/browser/harness.mjs';

export { root };

/** The widget's own files on the demo portal (whose council routes with Wokingham's pack):
 * the only requests it may make. */
export const WIDGET_FILES = [
  '/dist/hoth-referral.js',
  '/dist/hoth_ui.js',
  '/dist/hoth_ui_bg.wasm',
  '/dist/hoth-referral.css',
  '/dist/policy-wokingham.json',
];
/** How many requests `seen` recorded for each of the widget's files, by path. */
export function requestsPerFile(seen) {
  return Object.fromEntries(WIDGET_FILES.map((f) => [f, seen.requests.filter((u) => new URL(u).pathname === f).length]));
}
/** Each of the widget's files requested once. */
export const ONCE_EACH = Object.fromEntries(WIDGET_FILES.map((f) => [f, 1]));

/** The demo portal's own files, and its back-end re-check on hoth-submit (through
 * tools/serve.mjs's /api/ proxy to hoth-server). */
export const PORTAL_FILES = ['/', '/portal.css', '/portal.js', '/favicon.svg', '/api/v1/route'];

/** The browser's local date (the widget's today), as the CLI's --today. */
export function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function fixture(name) {
  return JSON.parse(readFileSync(path.join(root, 'tests/fixtures/referrals', name), 'utf8'));
}

/** The bundled referral (charlene.json) as the widget starts it: no referral date (the widget
 * sets today's). */
export function charlene() {
  const referral = fixture('charlene.json');
  delete referral.referralDate;
  return referral;
}

/** `hoth route` (the native CLI, built by ./x test) on a referral. */
export function cliRoute(referral, policy, today) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoth-e2e-'));
  const file = path.join(dir, 'referral.json');
  writeFileSync(file, JSON.stringify(referral));
  const out = execFileSync(path.join(root, 'target/debug/hoth'),
    ['route', '--policy', policy, '--today', today, file], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** The id of the focused element, looking through shadow roots. */
export function activeId(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.id ?? '';
  });
}

/** Press Tab until the element with this id has focus. */
export async function tabTo(page, id, limit = 400) {
  for (let i = 0; i < limit; i++) {
    if ((await activeId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

export async function typeInto(page, id, text) {
  await tabTo(page, id);
  await page.keyboard.type(text);
}

/** Choose option `index` of the radio group whose first radio is `id` (nothing chosen yet). */
export async function chooseRadio(page, id, index) {
  await tabTo(page, id);
  if (index === 0) await page.keyboard.press('Space');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
}

export async function tick(page, id) {
  await tabTo(page, id);
  await page.keyboard.press('Space');
}

export async function press(page, id) {
  await tabTo(page, id);
  await page.keyboard.press('Enter');
}

/** The step's heading as it reads on screen (without the visually hidden "Error: "). */
export async function heading(page) {
  return (await page.locator('#hoth-heading').textContent()).trim().replace(/^Error: /, '');
}

/** Wait for the page heading to read `text`. */
export async function waitForHeading(page, text) {
  await page.locator('#hoth-heading', { hasText: text }).waitFor();
}

/** Open the portal and wait for the widget's first page. */
export async function openPortal(page, url) {
  await page.goto(url);
  await page.locator('#hoth-heading').waitFor();
}

/** Set the element's `value` property. */
export function setValue(page, referral) {
  return page.evaluate((r) => { document.querySelector('hoth-referral').value = r; }, referral);
}

/** Continue through complete pages until the heading reads `text`. */
export async function continueUntil(page, text) {
  for (let i = 0; i < 12; i++) {
    if ((await heading(page)) === text) return;
    const before = await heading(page);
    await page.locator('#hoth-continue').click();
    await page.waitForFunction(
      (h) => {
        const el = document.querySelector('hoth-referral').shadowRoot.querySelector('#hoth-heading');
        return el && el.textContent.trim() !== h;
      },
      before,
    );
  }
  throw new Error(`never reached "${text}"`);
}

/** Every heading inside the widget, in order: [{level, text}]. */
export function widgetHeadings(page) {
  return page.evaluate(() => {
    const root = document.querySelector('hoth-referral').shadowRoot;
    return [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter((h) => h.getClientRects().length > 0)
      .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim() }));
  });
}

/** Headings that skip a level (h1 then h3), with the widget's first heading taken as it is. */
export function skippedHeadings(headings) {
  const skipped = [];
  for (let i = 1; i < headings.length; i++) {
    if (headings[i].level > headings[i - 1].level + 1) skipped.push(`${headings[i - 1].text} -> ${headings[i].text}`);
  }
  return skipped;
}

/** The focused control, if a sticky or fixed element covers its centre (elementFromPoint):
 * a description of what covers it, else null. Also null when nothing in the widget has focus. */
export function coveredFocus(page) {
  return page.evaluate(() => {
    const host = document.querySelector('hoth-referral');
    const root = host.shadowRoot;
    const active = root.activeElement;
    if (!active) return null;
    const r = active.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return null;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 20), 0), innerHeight - 1);
    const hit = root.elementFromPoint(x, y);
    for (let el = hit; el && el !== root; el = el.parentElement) {
      const position = getComputedStyle(el).position;
      if ((position === 'sticky' || position === 'fixed') && !el.contains(active)) {
        return `#${active.id || active.tagName} under ${el.className} at ${Math.round(y)}`;
      }
    }
    return null;
  });
}
