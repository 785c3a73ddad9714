// The demo closes the loop: the portal's hoth-submit handler posts the referral to its own
// back-end (tools/serve.mjs proxies /api/ to hoth-server), compares the back-end's decision
// with the widget's and shows the check reference; with a widget that offers the handshake
// (event.detail.confirm / fail) it calls it. In Debian's headless Chromium under the strict
// CSP. Run by `./x test` after `./x build` and `cargo build -p hoth-cli -p hoth-server`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, startServer, strayRequests } from '../../../../tests/browser/harness.mjs';
import {
  localToday, fixture, charlene, cliRoute, openPortal, setValue, continueUntil, waitForHeading,
} from '../../../hoth-ui/tests/e2e/helpers.mjs';

const REFERENCE = /^HOTH-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/;

// Every page (a default context) has its requests, console output, page errors and CSP
// violations recorded (tests/browser/harness.mjs), and the hoth-submit details kept on
// window.__submits.
const { server, freshPage } = browserSuite({
  init: () => {
    window.__submits = [];
    document.addEventListener('hoth-submit', (e) => window.__submits.push(e.detail));
  },
});

/** The bundled referral as the widget sends it: dated today. */
const sent = () => ({ ...fixture('charlene.json'), referralDate: localToday() });

/** Fire a hoth-submit as a widget with the handshake would: confirm / fail recorded. */
function submitWithHandshake(page, referral, decision) {
  return page.evaluate(({ referral, decision }) => {
    window.__handshake = [];
    const detail = {
      referral,
      decision,
      confirm: (reference) => window.__handshake.push(['confirm', reference]),
      fail: (message) => window.__handshake.push(['fail', message]),
    };
    document.querySelector('hoth-referral')
      .dispatchEvent(new CustomEvent('hoth-submit', { detail, bubbles: true, composed: true, cancelable: true }));
  }, { referral, decision });
}

async function handshake(page) {
  await page.waitForFunction(() => window.__handshake.length > 0);
  return page.evaluate(() => window.__handshake);
}

test('sending the referral re-checks it on the back-end: the same decision, a check reference, nothing else', async () => {
  const { context, page, seen } = await freshPage();
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, 'Check your answers before sending the referral');
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/route');
  await page.locator('#hoth-submit').click();
  await waitForHeading(page, 'Referral complete');
  const response = await answer;
  assert.equal(response.status(), 200);
  assert.equal(response.request().method(), 'POST');
  assert.equal(new URL(response.url()).searchParams.get('policy'), 'wokingham');
  const reference = response.headers()['hoth-reference'];
  assert.match(reference, REFERENCE);
  const backEnd = await response.json();
  const [submitted] = await page.evaluate(() => window.__submits);
  assert.deepEqual(backEnd, submitted.decision, 'the back-end decided exactly what the widget showed');
  assert.deepEqual(JSON.parse(response.request().postData()), submitted.referral, 'the referral as the widget gave it');
  assert.deepEqual(backEnd, cliRoute(submitted.referral, 'wokingham', localToday()), 'and what hoth route says');

  const status = page.locator('#portal-status[data-state="same"]');
  await status.waitFor();
  const text = await status.textContent();
  assert.ok(text.includes(reference), text);
  assert.match(text, /strategy_meeting/);
  assert.match(text, /nothing was stored/);
  assert.equal(await status.getAttribute('data-reference'), reference);

  assert.deepEqual(strayRequests(seen.requests, server.url), [], 'requests to another origin');
  assert.equal(seen.requests.filter((u) => u.includes('/api/')).length, 1, 'one request to the back-end');
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

test('with the handshake: confirm(reference) when the back-end agrees, fail(message) when it does not', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const referral = sent();
  const decision = cliRoute(referral, 'wokingham', localToday());

  await submitWithHandshake(page, referral, decision);
  let calls = await handshake(page);
  assert.equal(calls.length, 1);
  assert.equal(calls[0][0], 'confirm');
  assert.match(calls[0][1], REFERENCE);
  assert.equal(await page.locator('#portal-status').getAttribute('data-reference'), calls[0][1]);

  // A browser that claims another route is not believed.
  await submitWithHandshake(page, referral, { ...decision, pathway: 'advice_and_information' });
  calls = await handshake(page);
  assert.equal(calls[0][0], 'fail');
  assert.match(calls[0][1], /strategy_meeting/);
  assert.equal(await page.locator('#portal-status').getAttribute('data-state'), 'failed');

  // A referral the back-end finds not valid (a browser that skipped the checks): fail, naming the issues.
  const broken = { ...referral, child: { ...referral.child, dateOfBirth: 'yesterday' } };
  await submitWithHandshake(page, broken, decision);
  calls = await handshake(page);
  assert.equal(calls[0][0], 'fail');
  assert.match(calls[0][1], /not valid: .*child\.dateOfBirth \(invalid_date\)/);
  await context.close();
});

test('without the back-end the portal says so and fails the handshake', async () => {
  const alone = await startServer({ hothServer: false });
  try {
    const { context, page } = await freshPage();
    await openPortal(page, alone.url);
    const referral = sent();
    await submitWithHandshake(page, referral, cliRoute(referral, 'wokingham', localToday()));
    const calls = await handshake(page);
    assert.equal(calls[0][0], 'fail');
    assert.match(calls[0][1], /hoth-server/);
    assert.equal(await page.locator('#portal-status').getAttribute('data-state'), 'failed');
    await context.close();
  } finally {
    alone.stop();
  }
});
