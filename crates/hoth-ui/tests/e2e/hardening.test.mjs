// The widget inside a hostile or careless host page, in Debian's headless Chromium under the
// strict CSP (tools/serve.mjs): the page removes and re-adds the element, changes `policy`
// mid-form, sets `value` to garbage, blocks localStorage, or the tab closes with no unload
// event. Nothing typed is lost, nothing crashes, and the page is told clearly what is wrong.
// Privacy: typing a child's details writes nothing to the console and fetches nothing but the
// widget's own files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, strayRequests } from '../../../../tests/browser/harness.mjs';
import { root, typeInto, openPortal, waitForHeading, WIDGET_FILES, PORTAL_FILES } from './helpers.mjs';

// Every page: 1280x900, its requests, console output (every type), page errors and CSP
// violations recorded (tests/browser/harness.mjs); `record` does the same for a second page.
const { server, freshPage, record } = browserSuite({ context: { viewport: { width: 1280, height: 900 } } });

const field = (page, id) => page.locator(`#${id}`).inputValue();
const element = 'hoth-referral';

test('removing and re-adding the element, or moving it, loses nothing typed (with or without a draft)', async () => {
  for (const draft of ['session', 'off']) {
    const { context, page, seen } = await freshPage();
    await openPortal(page, server.url);
    await page.evaluate(([s, d]) => document.querySelector(s).setAttribute('draft', d), [element, draft]);
    await typeInto(page, 'hoth-child-firstName', 'Sam');
    await typeInto(page, 'hoth-child-lastName', 'Example');

    // Taken out of the page: its answers are still readable.
    const away = await page.evaluate((s) => {
      const el = document.querySelector(s);
      window.__parked = el;
      el.remove();
      return el.value;
    }, element);
    assert.equal(away?.child?.firstName, 'Sam', `${draft}: value while the element is away`);
    assert.equal(await page.locator('#hoth-heading').count(), 0);

    // Put back: the answers are there.
    await page.evaluate(() => document.querySelector('main').append(window.__parked));
    await page.locator('#hoth-heading').waitFor();
    assert.equal(await field(page, 'hoth-child-firstName'), 'Sam', `${draft}: after re-adding`);
    assert.equal(await field(page, 'hoth-child-lastName'), 'Example', `${draft}: after re-adding`);

    // Moved within the page in one go (disconnected and connected in the same task).
    await page.evaluate((s) => {
      const el = document.querySelector(s);
      document.querySelector('main').prepend(el);
    }, element);
    await page.locator('#hoth-heading').waitFor();
    assert.equal(await field(page, 'hoth-child-firstName'), 'Sam', `${draft}: after moving`);

    // Removed and re-added many times in quick succession.
    await page.evaluate((s) => {
      const el = document.querySelector(s);
      const main = document.querySelector('main');
      for (let i = 0; i < 20; i++) { el.remove(); main.append(el); }
    }, element);
    await page.locator('#hoth-heading').waitFor();
    assert.equal(await field(page, 'hoth-child-lastName'), 'Example', `${draft}: after 20 re-adds`);
    assert.deepEqual(seen.errors, [], `${draft}: page errors`);
    assert.deepEqual(seen.console, [], `${draft}: console`);
    await context.close();
  }
});

test('changing policy mid-form keeps the answers; an unknown policy says so and gives them back', async () => {
  for (const draft of ['session', 'off']) {
    const { context, page, seen } = await freshPage();
    await openPortal(page, server.url);
    await page.evaluate(([s, d]) => document.querySelector(s).setAttribute('draft', d), [element, draft]);
    await typeInto(page, 'hoth-child-firstName', 'Sam');
    for (const policy of ['gloucestershire', 'tower-hamlets', 'wokingham']) {
      await page.evaluate(([s, p]) => document.querySelector(s).setAttribute('policy', p), [element, policy]);
      await page.locator('#hoth-heading').waitFor();
      assert.equal(await field(page, 'hoth-child-firstName'), 'Sam', `${draft}: under ${policy}`);
    }
    await page.evaluate((s) => document.querySelector(s).setAttribute('policy', 'atlantis'), element);
    await page.locator('#hoth-unknown-policy').waitFor();
    assert.match(await page.locator('#hoth-unknown-policy').textContent(), /atlantis/);
    assert.equal((await page.evaluate((s) => document.querySelector(s).value, element))?.child?.firstName, 'Sam');
    await page.evaluate((s) => document.querySelector(s).removeAttribute('policy'), element);
    await page.locator('#hoth-unknown-policy').waitFor();
    assert.match(await page.locator('#hoth-unknown-policy').textContent(), /policy attribute is missing/);
    await page.evaluate((s) => document.querySelector(s).setAttribute('policy', 'wokingham'), element);
    await page.locator('#hoth-heading').waitFor();
    assert.equal(await field(page, 'hoth-child-firstName'), 'Sam', `${draft}: back under a known policy`);
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.console, []);
    await context.close();
  }
});

test('garbage as value is refused with a TypeError and leaves the answers as they were', async () => {
  const { context, page, seen } = await freshPage();
  await openPortal(page, server.url);
  await typeInto(page, 'hoth-child-firstName', 'Sam');
  const outcomes = await page.evaluate((s) => {
    const el = document.querySelector(s);
    const circular = {};
    circular.self = circular;
    const hostile = new Proxy({}, { ownKeys() { throw new Error('no'); } });
    const garbage = {
      string: 'DROP TABLE',
      number: 42,
      boolean: true,
      list: [{ child: { firstName: 'X' } }],
      circular,
      bigint: 10n,
      proxy: hostile,
      symbol: Symbol('x'),
      function: () => ({}),
      null: null,
      undefined,
    };
    const out = {};
    for (const [name, value] of Object.entries(garbage)) {
      try {
        el.value = value;
        out[name] = 'accepted';
      } catch (e) {
        out[name] = `${e.name}: ${e.message}`;
      }
    }
    return out;
  }, element);
  for (const [name, outcome] of Object.entries(outcomes)) {
    assert.match(outcome, /^TypeError: <hoth-referral>: value must be a referral object/, name);
  }
  assert.equal(await field(page, 'hoth-child-firstName'), 'Sam', 'answers unchanged');

  // Objects of the wrong shape are taken as answers and the form says what is wrong.
  await page.evaluate((s) => {
    const el = document.querySelector(s);
    el.value = { child: { firstName: 7, dateOfBirth: 'yesterday', address: 'no' }, concerns: 5, hoth: [1, 2] };
  }, element);
  await page.locator('#hoth-heading').waitFor();
  await page.locator('#hoth-continue').click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').textContent(), /date of birth/i);

  // A very deep object: refused as JSON by the browser, or read without a crash.
  const deep = await page.evaluate((s) => {
    let v = {};
    for (let i = 0; i < 100000; i++) v = { child: v };
    try { document.querySelector(s).value = v; return 'accepted'; } catch (e) { return e.name; }
  }, element);
  assert.ok(['accepted', 'TypeError'].includes(deep), deep);
  await page.locator('#hoth-heading').waitFor();
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

test('blocked localStorage: the form keeps working in memory and says the draft cannot be saved', async () => {
  const { context, page, seen } = await freshPage();
  // As Chromium does when the user blocks site data: reading localStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The user denied access', 'SecurityError'); },
    });
  });
  await openPortal(page, server.url);
  await page.evaluate((s) => document.querySelector(s).setAttribute('draft', 'local'), element);
  await typeInto(page, 'hoth-child-firstName', 'Sam');
  await page.locator('#hoth-notice').waitFor();
  assert.match(await page.locator('#hoth-notice').textContent(), /cannot be saved on this device/);
  assert.equal(await field(page, 'hoth-child-firstName'), 'Sam');
  await typeInto(page, 'hoth-child-lastName', 'Example');
  assert.equal(await field(page, 'hoth-child-lastName'), 'Example');
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

async function closeWithoutUnload(context, page, how) {
  if (how === 'crash') {
    // The renderer process dies: no event of any kind runs in the page. (The CDP call never
    // answers, its page being gone; the crash event says it happened.)
    const crashed = page.waitForEvent('crash');
    const cdp = await context.newCDPSession(page);
    cdp.send('Page.crash').catch(() => {});
    await crashed;
    await page.close();
  } else {
    await page.close({ runBeforeUnload: false });
  }
}

test('closing or crashing the tab with no unload event keeps everything typed up to the last change', async () => {
  for (const how of ['close', 'crash']) {
    const { context, page } = await freshPage();
    // No unload, pagehide or beforeunload handler may run: any the widget added would be
    // too late. Swallow them so the test would fail if the draft depended on them.
    await page.addInitScript(() => {
      for (const name of ['beforeunload', 'unload', 'pagehide', 'visibilitychange', 'freeze']) {
        window.addEventListener(name, (e) => e.stopImmediatePropagation(), true);
        document.addEventListener(name, (e) => e.stopImmediatePropagation(), true);
      }
    });
    await openPortal(page, server.url);
    await page.evaluate((s) => document.querySelector(s).setAttribute('draft', 'local'), element);
    await typeInto(page, 'hoth-child-firstName', 'Sam');
    await typeInto(page, 'hoth-child-lastName', 'Exampl');
    await page.keyboard.type('e'); // the very last keystroke before the tab goes
    // The draft is written on the change itself, not on a timer: read straight after the
    // keystroke (no waiting), it is already in storage.
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('hoth-referral:eastmere-marf') ?? '{}'));
    assert.equal(kept?.referral?.child?.lastName, 'Example', `${how}: saved by the last keystroke`);
    await closeWithoutUnload(context, page, how);

    const again = await context.newPage();
    await record(again);
    await openPortal(again, server.url);
    await again.evaluate((s) => document.querySelector(s).setAttribute('draft', 'local'), element);
    // The draft mode is read when the form starts: re-create the element with draft="local".
    await again.evaluate((s) => {
      const el = document.querySelector(s);
      const copy = el.cloneNode();
      el.replaceWith(copy);
    }, element);
    await again.locator('#hoth-notice').waitFor();
    assert.match(await again.locator('#hoth-notice').textContent(), /We restored your draft/, how);
    assert.equal(await field(again, 'hoth-child-firstName'), 'Sam', how);
    assert.equal(await field(again, 'hoth-child-lastName'), 'Example', how);
    await context.close();
  }
});

test('another council mid-form: only its pack is fetched, once; a pack that does not arrive is said so, keeps the answers, and is asked for again', async () => {
  const { context, page, seen } = await freshPage();
  await openPortal(page, server.url);
  await typeInto(page, 'hoth-child-firstName', 'Sam');
  const packs = () => seen.requests.map((u) => new URL(u).pathname).filter((p) => /policy-/.test(p));
  assert.deepEqual(packs(), ['/dist/policy-wokingham.json'], 'the page loads its own council\'s pack only');
  // Gloucestershire's pack does not arrive (offline, or a proxy's error page).
  await page.route('**/policy-gloucestershire.json', (route) => route.fulfill({ status: 503, body: 'Service unavailable' }));
  await page.evaluate((s) => document.querySelector(s).setAttribute('policy', 'gloucestershire'), element);
  const message = page.locator('#hoth-unknown-policy');
  await message.waitFor();
  assert.match(await message.textContent(), /could not load the council's rules.*Your answers are kept/);
  assert.match(await message.textContent(), /call 999/);
  // The website team is told the file's real name (the one the element fetched).
  assert.match(await message.textContent(), /policy-gloucestershire\.json did not load/);
  assert.equal((await page.evaluate((s) => document.querySelector(s).value, element))?.child?.firstName, 'Sam');
  // Back to the council whose pack is in: the form and its answers return at once.
  await page.evaluate((s) => document.querySelector(s).setAttribute('policy', 'wokingham'), element);
  await page.locator('#hoth-heading').waitFor();
  assert.equal(await field(page, 'hoth-child-firstName'), 'Sam');
  // Asked for again at the next change, and now it arrives, slowly: the form says it is
  // loading meanwhile, then the route is Gloucestershire's.
  await page.unroute('**/policy-gloucestershire.json');
  await page.route('**/policy-gloucestershire.json', (route) => setTimeout(() => route.continue(), 1500));
  await page.evaluate((s) => document.querySelector(s).setAttribute('policy', 'gloucestershire'), element);
  const loading = page.locator('.hoth-policy-loading[role="status"]');
  await loading.waitFor();
  assert.match(await loading.textContent(), /Loading the council’s rules/);
  assert.equal(await field(page, 'hoth-child-firstName'), 'Sam', 'the form stays while it loads');
  await loading.waitFor({ state: 'detached' });
  await page.unroute('**/policy-gloucestershire.json');
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot
    .querySelector('.hoth-side #hoth-route')?.textContent.includes('gloucestershire'));
  assert.equal(await field(page, 'hoth-child-firstName'), 'Sam');
  // Changing back and forth fetches nothing more: each pack is loaded once per page.
  for (const policy of ['wokingham', 'gloucestershire', 'wokingham']) {
    await page.evaluate(([s, p]) => document.querySelector(s).setAttribute('policy', p), [element, policy]);
    await page.waitForFunction((p) => document.querySelector('hoth-referral').shadowRoot
      .querySelector('.hoth-side #hoth-route')?.textContent.includes(p), policy);
  }
  assert.deepEqual(packs(), ['/dist/policy-wokingham.json', '/dist/policy-gloucestershire.json', '/dist/policy-gloucestershire.json']);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('privacy: typing a child\'s details writes nothing to the console and fetches only the widget\'s own files', async () => {
  const { context, page, seen } = await freshPage();
  const response = await page.goto(server.url);
  const csp = response.headers()['content-security-policy'];
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/, 'no unsafe-inline or unsafe-eval');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  await page.locator('#hoth-heading').waitFor();
  const secrets = ['Zephyrine', 'Quillfeather', '2013-04-05', 'ZX9 9ZZ', '943 476 5919'];
  await typeInto(page, 'hoth-child-firstName', secrets[0]);
  await typeInto(page, 'hoth-child-lastName', secrets[1]);
  await page.locator('#hoth-child-dateOfBirth').fill(secrets[2]);
  await page.locator('#hoth-child-address-postcode').fill(secrets[3]).catch(() => {});
  await page.locator('#hoth-child-nhsNumber').fill(secrets[4]).catch(() => {});
  await page.locator('#hoth-continue').click();
  await page.locator('#hoth-heading').waitFor();
  // Garbage from the page, a removal and a policy change: still nothing on the console.
  await page.evaluate((s) => {
    const el = document.querySelector(s);
    try { el.value = 'garbage'; } catch { /* refused */ }
    el.setAttribute('policy', 'nowhere');
    el.setAttribute('policy', 'wokingham');
    el.remove();
    document.querySelector('main').append(el);
  }, element);
  await page.locator('#hoth-heading').waitFor();
  const text = seen.console.join('\n');
  for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} reached the console`);
  assert.deepEqual(seen.console, [], 'nothing at all on the console');
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.violations, []);
  const allowed = [...PORTAL_FILES, ...WIDGET_FILES];
  assert.deepEqual(strayRequests(seen.requests, server.url, allowed), [], 'requests to another origin or not for these files');
  // A second page load in the same tab uses the same files, nothing more.
  await page.reload();
  await waitForHeading(page, await page.locator('#hoth-heading').textContent());
  assert.deepEqual(strayRequests(seen.requests, server.url, allowed), [], 'after a reload');
  await context.close();
});

/** A host page with the embedding snippet `./x build` prints (files at /dist/), under a CSP
 * that allows its import map by hash, and no 'unsafe-inline'. */
async function snippetPage(tamper) {
  const { execFileSync } = await import('node:child_process');
  const snippet = execFileSync(process.execPath, ['tools/integrity.mjs', 'www/dist', '/dist/'], { cwd: root, encoding: 'utf8' });
  const csp = snippet.match(/CSP: (.*) -->/)[1];
  const html = `<!doctype html><html lang="en"><head><title>SRI</title>${snippet}</head>
<body><main><hoth-referral policy="wokingham" draft="off"></hoth-referral></main></body></html>`;
  const { context, page, seen } = await freshPage();
  const origin = new URL(server.url).origin;
  await page.route(`${origin}/sri.html`, (route) => route.fulfill({
    status: 200, contentType: 'text/html', headers: { 'content-security-policy': `default-src 'self'; ${csp}` }, body: html,
  }));
  if (tamper) {
    await page.route(`${origin}/dist/${tamper}`, async (route) => {
      const response = await route.fetch();
      const body = Buffer.concat([await response.body(), Buffer.from(tamper.endsWith('.wasm') ? [0] : '\n// changed\n')]);
      await route.fulfill({ response, body });
    });
  }
  await page.goto(`${origin}/sri.html`);
  return { context, page, seen, csp };
}

test('the SRI snippet from ./x build loads the widget under a CSP without unsafe-inline, and a changed file is refused', async () => {
  const ok = await snippetPage(null);
  assert.doesNotMatch(ok.csp, /'unsafe-inline'/);
  await ok.page.locator('#hoth-heading').waitFor();
  assert.deepEqual(ok.seen.violations, []);
  assert.deepEqual(ok.seen.errors, []);
  // Preloaded and then used: the wasm and the council's pack are each fetched once.
  for (const file of ['hoth_ui_bg.wasm', 'policy-wokingham.json']) {
    assert.equal(ok.seen.requests.filter((u) => new URL(u).pathname === `/dist/${file}`).length, 1, file);
  }
  await ok.context.close();

  // The council's pack, checked by hoth-referral.js itself: the form says it could not load
  // the council's rules (and how to refer now).
  const pack = await snippetPage('policy-wokingham.json');
  await pack.page.locator('#hoth-unknown-policy').waitFor();
  assert.match(await pack.page.locator('#hoth-unknown-policy').textContent(), /could not load the council's rules/);
  await pack.context.close();

  // The wasm, checked by hoth-referral.js itself: the element says it could not load.
  const wasm = await snippetPage('hoth_ui_bg.wasm');
  await wasm.page.locator('hoth-referral .hoth-load-error').waitFor();
  assert.match(await wasm.page.locator('hoth-referral .hoth-load-error').textContent(), /could not load/);
  await wasm.context.close();

  // hoth_ui.js, checked through the import map: the element's script does not run at all
  // (module scripts have run, or failed, by the load event).
  const glue = await snippetPage('hoth_ui.js');
  await glue.page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await glue.page.evaluate(() => customElements.get('hoth-referral') === undefined), true);
  assert.equal(await glue.page.locator('#hoth-heading').count(), 0);
  await glue.context.close();

  // The element's script, checked by the snippet's integrity attribute.
  const script = await snippetPage('hoth-referral.js');
  await script.page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await script.page.evaluate(() => customElements.get('hoth-referral') === undefined), true);
  await script.context.close();
});
