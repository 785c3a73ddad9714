// The <hoth-referral> widget end to end, in Debian's headless Chromium against the server
// `./x serve` runs (tools/serve.mjs, with the strict CSP), on the demo portal page.
// Run by `./x test` after `./x build` (www/dist) and `cargo build -p hoth-cli` (for parity).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { browserSuite, strayRequests, assertAccessible } from '../../../../tests/browser/harness.mjs';
import {
  localToday, fixture, charlene, cliRoute, activeId, typeInto, chooseRadio, tick, press,
  waitForHeading, openPortal, setValue, continueUntil, WIDGET_FILES, PORTAL_FILES, root, requestsPerFile, ONCE_EACH,
} from './helpers.mjs';

// The route panel groups the steps as hoth_core::advice does: what the referrer does now, what
// the MASH decides, what may follow; within each group, in the decision's order.
const PART = { referrer: 0, mash: 1 };
function byWhoActs(outcomes) {
  const part = (o) => PART[o.actor] ?? 2;
  return outcomes.map((o, i) => [part(o), i, o.code]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

// Every page: 1280x900, downloads accepted, requests, console, page errors and CSP violations
// recorded (tests/browser/harness.mjs), and the widget's events kept on window.__events.
const { server, freshPage } = browserSuite({
  context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
  init: () => {
    window.__events = [];
    for (const name of ['hoth-change', 'hoth-submit']) {
      document.addEventListener(name, (e) => window.__events.push({ type: name, detail: e.detail, composed: e.composed, bubbles: e.bubbles }));
    }
  },
});

test('the whole form can be completed by keyboard alone, and the route matches `hoth route`', async () => {
  const { context, page, seen } = await freshPage();
  await openPortal(page, server.url);
  const today = localToday();

  // About the child
  await typeInto(page, 'hoth-child-firstName', 'Charlene');
  await typeInto(page, 'hoth-child-lastName', 'Example');
  await typeInto(page, 'hoth-child-dateOfBirth', '14');
  await typeInto(page, 'hoth-child-dateOfBirth-month', '9');
  await typeInto(page, 'hoth-child-dateOfBirth-year', '2011');
  await typeInto(page, 'hoth-child-address-line1', '1 Example Street');
  await typeInto(page, 'hoth-child-address-town', 'Wokingham');
  await typeInto(page, 'hoth-child-address-postcode', 'RG40 1BN');
  await chooseRadio(page, 'hoth-child-send', 0);
  await chooseRadio(page, 'hoth-child-careStatus', 0);
  await chooseRadio(page, 'hoth-child-openCase', 0);
  await press(page, 'hoth-continue');
  await waitForHeading(page, "The child's household");
  assert.equal(await activeId(page), 'hoth-heading', 'focus moves to the new page heading');

  // Household: add a person; focus lands on their name.
  await press(page, 'hoth-household-add');
  await page.locator('#hoth-household-0-name').waitFor();
  assert.equal(await activeId(page), 'hoth-household-0-name');
  await page.keyboard.type('Parent One');
  await chooseRadio(page, 'hoth-household-0-parentalResponsibility', 0);
  await chooseRadio(page, 'hoth-household-0-livesWithChild', 0);
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'About you');

  await typeInto(page, 'hoth-referrer-name', 'A. Teacher');
  await typeInto(page, 'hoth-referrer-role', 'Designated safeguarding lead');
  await typeInto(page, 'hoth-referrer-organisation', 'Example School');
  await chooseRadio(page, 'hoth-referrer-agency', 0);
  await typeInto(page, 'hoth-referrer-email', 'dsl@example.sch.uk');
  await typeInto(page, 'hoth-referrer-phone', '0118 974 6000');
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'Consent');

  await chooseRadio(page, 'hoth-consent-parentsAware', 0);
  await chooseRadio(page, 'hoth-consent-consent', 0);
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'What has happened');

  await chooseRadio(page, 'hoth-concerns-immediateDanger', 1);
  await typeInto(page, 'hoth-concerns-summary', 'Charlene goes missing for days and was found out of area with Class A drugs.');
  await tick(page, 'hoth-concerns-harmTypes');
  await tick(page, 'hoth-concerns-harmTypes-2');
  await chooseRadio(page, 'hoth-concerns-predominantHarm', 0);
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'Where the harm is happening');

  await chooseRadio(page, 'hoth-concerns-harmLocation', 0);
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'Screening tool');

  assert.equal(await page.locator('#hoth-screening-level').getAttribute('data-level'), 'none');
  await tick(page, 'hoth-indicator-missing_for_days');
  await tick(page, 'hoth-indicator-found_with_class_a_or_supply_quantity');
  await tick(page, 'hoth-indicator-carrying_weapon');
  assert.equal(await page.locator('#hoth-screening-level').getAttribute('data-level'), 'significant',
    'the computed level is shown as it changes');
  await typeInto(page, 'hoth-hoth-missingEpisodes90d', '4');
  await chooseRadio(page, 'hoth-hoth-screeningCompleted', 0);
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'Places, groups and people of concern');

  await press(page, 'hoth-hoth-contexts-add');
  await page.locator('#hoth-hoth-contexts-0-kind').waitFor();
  assert.equal(await activeId(page), 'hoth-hoth-contexts-0-kind');
  await page.keyboard.press('Space');
  await typeInto(page, 'hoth-hoth-contexts-0-name', 'Station car park');
  await chooseRadio(page, 'hoth-hoth-contexts-0-otherChildrenAffected', 0);
  // Wokingham asks for the people of concern on every such referral: "none known" answers it.
  await tick(page, 'hoth-hoth-noAssociatesKnown');
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'Other agencies');
  await press(page, 'hoth-continue');
  await waitForHeading(page, 'Check your answers before sending the referral');

  // The live route panel, before sending, against the native CLI for the same referral.
  const referral = await page.evaluate(() => document.querySelector('hoth-referral').value);
  const native = cliRoute(referral, 'wokingham', today);
  const panel = page.locator('.hoth-side #hoth-route');
  assert.equal(await panel.getAttribute('data-provisional'), 'false');
  assert.equal(await panel.getAttribute('data-pathway'), native.pathway);
  assert.equal(await panel.getAttribute('data-level'), native.level);
  assert.equal((await page.locator('.hoth-side #hoth-route-pathway').textContent()).trim(),
    native.outcomes.find((o) => o.code === native.pathway).title);
  const steps = await page.locator('.hoth-side .hoth-step').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.deepEqual(steps, byWhoActs(native.outcomes), 'the same next steps, grouped by who acts, in the decision\'s order');

  await press(page, 'hoth-submit');
  await waitForHeading(page, 'Referral complete');
  const submitted = await page.evaluate(() => window.__events.filter((e) => e.type === 'hoth-submit'));
  assert.equal(submitted.length, 1);
  assert.ok(submitted[0].bubbles && submitted[0].composed);
  assert.deepEqual(submitted[0].detail.referral, referral);
  assert.deepEqual(submitted[0].detail.decision, native, 'the decision is byte for byte the CLI\'s');
  const changes = await page.evaluate(() => window.__events.filter((e) => e.type === 'hoth-change').length);
  assert.ok(changes > 20, `hoth-change fired on every change (${changes})`);
  assert.match(await page.locator('#portal-status').textContent(), /strategy_meeting/);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, [], 'nothing is written to the console');
  await context.close();
});

test('"yes" to immediate danger shows the Call 999 panel before anything else', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const answers = charlene();
  delete answers.concerns.immediateDanger;
  await setValue(page, answers);
  await continueUntil(page, 'What has happened');
  assert.equal(await page.locator('#hoth-danger').count(), 0);
  await page.locator('#hoth-concerns-immediateDanger').check();
  const panel = page.locator('#hoth-danger');
  await panel.waitFor();
  assert.match(await panel.textContent(), /Call 999 now/);
  const first = await page.evaluate(() => {
    const root = document.querySelector('hoth-referral').shadowRoot.querySelector('.hoth-root');
    return root.firstElementChild.id;
  });
  assert.equal(first, 'hoth-danger', 'the panel is the first thing in the widget');
  const box = await panel.boundingBox();
  const headingBox = await page.locator('#hoth-heading').boundingBox();
  assert.ok(box.y < headingBox.y, 'above the page heading');
  assert.equal(await page.locator('.hoth-side .hoth-step').first().getAttribute('data-code'), 'call_999');
  // It stays on every page after, until the answer changes.
  await page.locator('#hoth-continue').click();
  await waitForHeading(page, 'Where the harm is happening');
  assert.equal(await page.locator('#hoth-danger').count(), 1);
  const shown = await page.locator('#hoth-danger').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top > -1 && r.top < window.innerHeight;
  });
  assert.ok(shown, 'a new page scrolls the panel into view, not past it');
  assert.equal(await activeId(page), 'hoth-heading');
  await context.close();
});

test('the error summary is focused and each link moves focus to its field', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await press(page, 'hoth-continue');
  await page.locator('#hoth-error-summary').waitFor();
  assert.equal(await activeId(page), 'hoth-error-summary');
  const links = await page.locator('#hoth-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(1)));
  assert.ok(links.length >= 8, `${links.length} errors`);
  for (const [index, target] of links.entries()) {
    await page.locator('#hoth-error-summary a').nth(index).focus();
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), target, `link ${index + 1} focuses #${target}`);
    assert.equal(await page.locator(`#${target}`).count(), 1);
  }
  // Inline errors beside the fields, from the core's messages.
  assert.match(await page.locator('#hoth-child-firstName-error').textContent(), /Enter the child's first name/);
  // On check-your-answers, a link goes to the page of its field.
  const referral = charlene();
  referral.referrer.email = 'not an email';
  await setValue(page, referral);
  await continueUntil(page, 'About you');
  await page.locator('#hoth-continue').click();
  await page.locator('#hoth-error-summary a').first().click();
  assert.equal(await activeId(page), 'hoth-referrer-email');
  await context.close();
});

test('the route panel shows the same pathway as `hoth route` under every council', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const today = localToday();
  for (const [policy, file] of [['wokingham', 'charlene.json'], ['gloucestershire', 'charlene.json'],
    ['tower-hamlets', 'tower-hamlets-luca.json']]) {
    const referral = fixture(file);
    delete referral.referralDate;
    await page.evaluate((p) => document.querySelector('hoth-referral').setAttribute('policy', p), policy);
    await setValue(page, referral);
    const native = cliRoute({ ...referral, referralDate: today }, policy, today);
    const panel = page.locator('.hoth-side #hoth-route');
    await page.waitForFunction(([p]) => {
      const el = document.querySelector('hoth-referral').shadowRoot.querySelector('.hoth-side #hoth-route');
      return el && el.dataset.provisional === 'false' && el.textContent.includes(p);
    }, [policy]);
    assert.equal(await panel.getAttribute('data-pathway'), native.pathway, policy);
    assert.equal(await panel.getAttribute('data-plan'), native.plan ?? '', policy);
    const steps = await page.locator('.hoth-side .hoth-step').evaluateAll((els) => els.map((e) => e.dataset.code));
    assert.deepEqual(steps, byWhoActs(native.outcomes), policy);
  }
  // "Why?" expands the cited passage.
  const why = page.locator('.hoth-side .hoth-step details').first();
  await why.locator('summary').click();
  assert.match(await why.locator('.hoth-quote').textContent(), /\u201c.+\u201d/);
  await context.close();
});

test('a reload restores the draft, with a notice and a way to start again', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await typeInto(page, 'hoth-child-firstName', 'Sam');
  await page.reload();
  await page.locator('#hoth-notice').waitFor();
  assert.match(await page.locator('#hoth-notice').textContent(), /We restored your draft/);
  assert.equal(await page.locator('#hoth-child-firstName').inputValue(), 'Sam');
  const stored = await page.evaluate(() => Object.keys(sessionStorage));
  assert.deepEqual(stored, ['hoth-referral:eastmere-marf'], 'kept in sessionStorage (the default)');
  await page.locator('#hoth-start-again').click();
  await page.locator('#hoth-start-again-yes').click();
  assert.equal(await page.locator('#hoth-child-firstName').inputValue(), '');
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), [], 'a blank form keeps no draft');
  await context.close();
});

test('draft="local" keeps the draft in localStorage, draft="off" keeps nothing', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const el = 'hoth-referral';
  await page.evaluate((s) => document.querySelector(s).setAttribute('draft', 'local'), el);
  await typeInto(page, 'hoth-child-firstName', 'Sam');
  await page.waitForFunction(() => localStorage.length === 1);
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('hoth-referral:eastmere-marf')));
  assert.equal(kept.referral.child.firstName, 'Sam');
  assert.equal(typeof kept.savedAt, 'number');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.evaluate(() => localStorage.clear());

  await page.evaluate((s) => document.querySelector(s).setAttribute('draft', 'off'), el);
  await typeInto(page, 'hoth-child-lastName', 'Example');
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  await context.close();
});

test('a corrupt draft is set aside with a notice, and blocked storage keeps working in memory', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await page.evaluate(() => sessionStorage.setItem('hoth-referral:eastmere-marf', '{"format":"hoth-draft","version":99'));
  await page.reload();
  await page.locator('#hoth-notice').waitFor();
  assert.match(await page.locator('#hoth-notice').textContent(), /could not restore your draft/);
  assert.ok(await page.evaluate(() => sessionStorage.getItem('hoth-referral:eastmere-marf:set-aside')));
  await context.close();

  const blocked = await freshPage();
  await blocked.page.addInitScript(() => {
    Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await openPortal(blocked.page, server.url);
  await typeInto(blocked.page, 'hoth-child-firstName', 'Sam');
  await blocked.page.locator('#hoth-notice').waitFor();
  assert.match(await blocked.page.locator('#hoth-notice').textContent(), /cannot be saved on this device/);
  assert.equal(await blocked.page.locator('#hoth-child-firstName').inputValue(), 'Sam');
  assert.deepEqual(blocked.seen.errors, []);
  await blocked.context.close();
});

test('submitting clears the draft', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, 'Check your answers before sending the referral');
  assert.equal(await page.evaluate(() => sessionStorage.length), 1);
  await page.locator('#hoth-submit').click();
  await waitForHeading(page, 'Referral complete');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.reload();
  await page.locator('#hoth-heading').waitFor();
  assert.equal(await page.locator('#hoth-notice').count(), 0);
  await context.close();
});

test('a saved copy is locked with the passphrase and opens only with it', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, 'Consent');
  await page.locator('#hoth-save-copy summary').click();
  await page.locator('#hoth-save-passphrase').fill('correct horse battery');
  await page.locator('#hoth-save-confirm').fill('correct horse battery');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#hoth-save-download').click()]);
  assert.match(download.suggestedFilename(), /^referral-draft-\d{4}-\d{2}-\d{2}\.hoth$/);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /Charlene/, 'nothing readable without the passphrase');
  assert.equal(JSON.parse(text).cipher, 'AES-GCM');

  await page.locator('#hoth-notice, #hoth-heading').first().waitFor();
  await page.evaluate(() => { document.querySelector('hoth-referral').value = {}; });
  await waitForHeading(page, 'About the child');
  assert.equal(await page.locator('#hoth-child-firstName').inputValue(), '');

  await page.locator('#hoth-open-copy summary').click();
  await page.locator('#hoth-open-file').setInputFiles(file);
  await page.locator('#hoth-open-passphrase').fill('wrong passphrase');
  await page.locator('#hoth-open-button').click();
  await page.locator('#hoth-open-passphrase-error').waitFor();
  assert.match(await page.locator('#hoth-open-passphrase-error').textContent(), /passphrase is not right/);

  await page.locator('#hoth-open-passphrase').fill('correct horse battery');
  await page.locator('#hoth-open-button').click();
  await waitForHeading(page, 'Consent');
  assert.match(await page.locator('#hoth-notice').textContent(), /opened your saved copy/);
  const value = await page.evaluate(() => document.querySelector('hoth-referral').value);
  assert.equal(value.child.firstName, 'Charlene');
  await context.close();
});

test('an unknown policy says so in the element, never a blank box', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await page.evaluate(() => document.querySelector('hoth-referral').setAttribute('policy', 'atlantis'));
  const message = page.locator('#hoth-unknown-policy');
  await message.waitFor();
  assert.match(await message.textContent(), /atlantis/);
  assert.match(await message.textContent(), /gloucestershire, tower-hamlets, wokingham/);
  await page.evaluate(() => document.querySelector('hoth-referral').setAttribute('policy', 'wokingham'));
  await page.locator('#hoth-heading').waitFor();
  await context.close();
});

test('the host page\'s CSS cannot reach inside the widget', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  // portal.css sets a 10px root, a serif body and uppercase labels.
  const styles = await page.locator('label[for="hoth-child-firstName"]').evaluate((el) => {
    const s = getComputedStyle(el);
    return { size: s.fontSize, transform: s.textTransform, family: s.fontFamily };
  });
  assert.equal(styles.size, '19px');
  assert.equal(styles.transform, 'none');
  assert.doesNotMatch(styles.family, /Georgia/);
  // and the widget's CSS does not leak out.
  const portalLabel = await page.locator('label[for="demo-policy"]').evaluate((el) => getComputedStyle(el).textTransform);
  assert.equal(portalLabel, 'uppercase');
  await context.close();
});

test('under the strict CSP: no violations, no console output, and no requests but its own files', async () => {
  const { context, page, seen } = await freshPage();
  const response = await page.goto(server.url);
  assert.equal(response.headers()['content-security-policy'],
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  await page.locator('#hoth-heading').waitFor();
  const wasm = await page.request.get(new URL('dist/hoth_ui_bg.wasm', server.url).href);
  assert.equal(wasm.headers()['content-type'], 'application/wasm');
  await setValue(page, charlene());
  await continueUntil(page, 'Check your answers before sending the referral');
  await page.locator('#hoth-submit').click();
  await waitForHeading(page, 'Referral complete');
  assert.deepEqual(strayRequests(seen.requests, server.url), [], 'requests to another origin');
  const paths = [...new Set(seen.requests.map((u) => new URL(u).pathname))].sort();
  const portal = new Set(PORTAL_FILES);
  const widget = paths.filter((p) => !portal.has(p));
  assert.deepEqual(widget.sort(), [...WIDGET_FILES].sort(), 'the widget fetched only its own four files and its council\'s pack');
  // Each file fetched once (the snippet's preloads are checked in the next test).
  assert.deepEqual(requestsPerFile(seen), ONCE_EACH);
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

test('the README\'s snippet as tools/integrity.mjs prints it, preloads and all: each file fetched once, nothing on the console', async () => {
  // The snippet for files served at /dist/ (integrity.mjs only rewrites what has changed).
  const snippet = execFileSync(process.execPath, ['tools/integrity.mjs', 'www/dist', '/dist/'], { cwd: root, encoding: 'utf8' });
  const csp = `default-src 'self'; ${snippet.match(/CSP: (.*) -->/)[1]}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A council's page</title>\n${snippet}\n</head>` +
    '<body><main><hoth-referral policy="wokingham" council-name="A Council" draft="off"></hoth-referral></main></body></html>';
  const { context, page, seen } = await freshPage();
  const url = new URL('/embedded-by-the-snippet.html', server.url).href;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': csp }, body: html }));
  await page.goto(url);
  await page.locator('#hoth-heading').waitFor();
  await page.locator('#hoth-route-waiting').waitFor();
  assert.deepEqual(requestsPerFile(seen), ONCE_EACH, 'each file once: the preloads were used');
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

test('zero axe-core violations (WCAG 2.2 A and AA) on every step', async () => {
  // axe cannot be injected under the CSP: this context bypasses it (the CSP test above keeps it).
  const { context, page } = await freshPage({ bypassCSP: true });
  await openPortal(page, server.url);
  const checked = [];
  const check = async (what) => {
    await assertAccessible(page, what);
    checked.push(what);
  };
  await check('About the child');
  await page.locator('#hoth-continue').click();
  await page.locator('#hoth-error-summary').waitFor();
  await check('About the child, with errors');
  const referral = charlene();
  referral.concerns.immediateDanger = true;
  await setValue(page, referral);
  for (const title of ["The child's household", 'About you', 'Consent', 'What has happened',
    'Where the harm is happening', 'Screening tool', 'Places, groups and people of concern',
    'Other agencies', 'Check your answers before sending the referral']) {
    await continueUntil(page, title);
    await check(title);
  }
  await page.locator('.hoth-side .hoth-step details summary').first().click();
  await page.locator('#hoth-save-copy summary').click();
  await page.locator('#hoth-open-copy summary').click();
  await check('Check your answers, with "Why?" and the saved-copy panels open');
  await page.locator('#hoth-submit').click();
  await waitForHeading(page, 'Referral complete');
  await check('Referral complete');
  await page.evaluate(() => document.querySelector('hoth-referral').setAttribute('policy', 'atlantis'));
  await page.locator('#hoth-unknown-policy').waitFor();
  await check('Unknown policy');
  assert.equal(checked.length, 14);
  await context.close();
});
