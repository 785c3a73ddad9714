// The widget as a referrer and a portal team meet it (issue #14), keyboard only where a
// person would use the keyboard, in Debian's headless Chromium against tools/serve.mjs.
// Referrer: the 999 panel in view and focused, the route panel that waits for the concerns,
// hidden answers not sent, Back and Start again, focus never under a sticky bar, text that
// follows the browser's size, date and postcode wording, headings. Portal: the submit
// handshake, `value`, `heading-level`, `page-title`, no layout shift, fallback content, the
// confirmation's timing and the printed summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserSuite, assertAccessible } from '../../../../tests/browser/harness.mjs';
import {
  charlene, activeId, tabTo, typeInto, chooseRadio, press, heading, waitForHeading, openPortal,
  setValue, continueUntil, widgetHeadings, skippedHeadings, coveredFocus,
} from './helpers.mjs';

// Every page: 1280x800, what it does recorded (tests/browser/harness.mjs), and the
// hoth-submit events kept on window.__submits and the last decision on window.__decision.
const { server, freshPage } = browserSuite({
  context: { viewport: { width: 1280, height: 800 } },
  init: () => {
    window.__submits = [];
    window.addEventListener('hoth-submit', (e) => { window.__decision = e.detail.decision; }, { capture: true });
    window.addEventListener('hoth-submit', (e) => window.__submits.push({
      referral: e.detail.referral, cancelable: e.cancelable,
      hasConfirm: typeof e.detail.confirm === 'function', hasFail: typeof e.detail.fail === 'function',
    }), { capture: true });
  },
});

const inShadow = (page, fn, arg) => page.evaluate(
  ([source, a]) => {
    const root = document.querySelector('hoth-referral').shadowRoot;
    // eslint-disable-next-line no-new-func
    return new Function('root', 'arg', source)(root, a);
  },
  [fn, arg],
);

const QUESTION_PAGES = ['About the child', "The child's household", 'About you', 'Consent', 'What has happened',
  'Where the harm is happening', 'Screening tool', 'Places, groups and people of concern', 'Other agencies',
  'Check your answers before sending the referral'];

for (const [width, height] of [[375, 667], [1280, 800]]) {
  test(`"Yes" to immediate danger brings the Call 999 panel into view and focuses it (${width}x${height})`, async () => {
    const { context, page } = await freshPage({ viewport: { width, height } });
    await openPortal(page, server.url);
    const answers = charlene();
    delete answers.concerns.immediateDanger;
    await setValue(page, answers);
    await continueUntil(page, 'What has happened');
    await chooseRadio(page, 'hoth-concerns-immediateDanger', 0);
    await page.locator('#hoth-danger').waitFor();
    await page.waitForFunction(() => {
      const root = document.querySelector('hoth-referral').shadowRoot;
      return root.activeElement?.id === 'hoth-danger';
    });
    const box = await inShadow(page, `
      const r = root.getElementById('hoth-danger').getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: innerHeight };`);
    assert.ok(box.top >= -1 && box.top < box.height, `the panel's top is on screen: ${JSON.stringify(box)}`);
    assert.ok(box.bottom <= box.height, `the whole panel is on screen: ${JSON.stringify(box)}`);
    assert.equal(await activeId(page), 'hoth-danger');
    await context.close();
  });
}

test('the route panel says the MASH decides, and waits for the concerns before recommending', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const panel = page.locator('.hoth-side #hoth-route');
  const first = await inShadow(page, `
    const panel = root.querySelector('.hoth-side #hoth-route');
    return [...panel.children].filter((c) => !c.classList.contains('govuk-visually-hidden')).slice(0, 2).map((c) => c.textContent.trim());`);
  assert.deepEqual(first, ['Recommended route', 'This is a recommendation: the MASH decides.']);
  assert.equal(await panel.getAttribute('data-waiting'), 'true');
  assert.match(await panel.textContent(), /Answer the questions about what has happened/);
  assert.doesNotMatch(await panel.textContent(), /Must|Due by|level 1/i, 'no Must, due date or level-1 route');
  assert.equal(await page.locator('.hoth-side .hoth-step').count(), 0);
  // Answered: the recommendation, still under "the MASH decides".
  await setValue(page, charlene());
  await page.locator('.hoth-side .hoth-step').first().waitFor();
  assert.equal(await panel.getAttribute('data-waiting'), null);
  assert.match(await panel.textContent(), /^Recommended route.*This is a recommendation: the MASH decides\./s);
  await context.close();
});

test('on a narrow screen a line near the top leads to the route panel', async () => {
  const { context, page } = await freshPage({ viewport: { width: 320, height: 640 } });
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, 'Consent');
  const jump = page.locator('#hoth-route-jump');
  assert.ok(await jump.isVisible());
  const jumpTop = await jump.evaluate((el) => el.getBoundingClientRect().top + scrollY);
  const headingTop = await page.locator('#hoth-heading').evaluate((el) => el.getBoundingClientRect().top + scrollY);
  assert.ok(jumpTop < headingTop, 'above the questions');
  assert.match(await jump.textContent(), /Recommended route: .*Strategy meeting/i);
  await tabTo(page, 'hoth-route-jump-link');
  await page.keyboard.press('Enter');
  assert.equal(await activeId(page), 'hoth-route');
  const inView = await inShadow(page, `
    const r = root.querySelector('.hoth-side #hoth-route').getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;`);
  assert.ok(inView, 'the panel is scrolled into view');
  assert.equal(new URL(page.url()).hash, '', 'the host page\'s address is left alone');
  // Wide screens show the panel beside the form instead.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await jump.isVisible(), false);
  await context.close();
});

test('an answer to a question no longer shown is not sent, and its error goes', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const answers = charlene();
  delete answers.consent;
  await setValue(page, answers);
  await continueUntil(page, 'Consent');
  await chooseRadio(page, 'hoth-consent-parentsAware', 0);
  await chooseRadio(page, 'hoth-consent-consent', 1); // refused
  await press(page, 'hoth-continue');
  await page.locator('#hoth-error-summary').waitFor();
  // The message uses the question's words ("Why was consent not given or not asked for?").
  assert.match(await page.locator('#hoth-error-summary').textContent(), /Enter why consent was not given or not asked for/);
  await typeInto(page, 'hoth-consent-reasonNotSought', 'Her father is one of the adults of concern.');
  // Change to "consent given": the reason is hidden, not in `value`.
  await tabTo(page, 'hoth-consent-consent-2');
  await page.keyboard.press('ArrowUp');
  await page.locator('#hoth-consent-reasonNotSought').waitFor({ state: 'detached' });
  const value = await page.evaluate(() => document.querySelector('hoth-referral').value);
  assert.equal(value.consent.consent, 'given');
  assert.equal('reasonNotSought' in value.consent, false, 'not in value');
  // Its error goes from the summary too.
  await tabTo(page, 'hoth-consent-consent');
  await page.keyboard.press('ArrowDown'); // refused again: the reason is back, as typed
  await page.locator('#hoth-consent-reasonNotSought').waitFor();
  await tabTo(page, 'hoth-consent-reasonNotSought');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await press(page, 'hoth-continue');
  await page.locator('#hoth-consent-reasonNotSought-error').waitFor();
  await tabTo(page, 'hoth-consent-consent-2');
  await page.keyboard.press('ArrowUp'); // given
  await page.locator('#hoth-consent-reasonNotSought-error').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#hoth-error-summary a[href="#hoth-consent-reasonNotSought"]').count(), 0);
  await tabTo(page, 'hoth-consent-consent');
  await page.keyboard.press('ArrowDown');
  await typeInto(page, 'hoth-consent-reasonNotSought', 'Asking would put her at greater risk.');
  await tabTo(page, 'hoth-consent-consent-2');
  await page.keyboard.press('ArrowUp');
  await page.locator('#hoth-consent-reasonNotSought').waitFor({ state: 'detached' });
  await continueUntil(page, 'Check your answers before sending the referral');
  await press(page, 'hoth-submit');
  await waitForHeading(page, 'Referral complete');
  const [submitted] = await page.evaluate(() => window.__submits);
  assert.equal(submitted.referral.consent.consent, 'given');
  assert.equal('reasonNotSought' in submitted.referral.consent, false, 'not in hoth-submit\'s referral');
  await context.close();
});

test('the browser\'s Back and Forward buttons step through the questions; the address is untouched', async () => {
  const { context, page } = await freshPage();
  // The portal keeps its own state in history: the widget adds to it, never replaces it.
  await page.addInitScript(() => history.replaceState({ portal: 'kept' }, ''));
  await page.goto(`${server.url}?from=portal#content`);
  await page.locator('#hoth-heading').waitFor();
  const address = page.url();
  await setValue(page, charlene());
  for (const title of ["The child's household", 'About you', 'Consent']) {
    await press(page, 'hoth-continue');
    await waitForHeading(page, title);
  }
  await page.goBack();
  await waitForHeading(page, 'About you');
  assert.equal(await activeId(page), 'hoth-heading');
  await page.goBack();
  await waitForHeading(page, "The child's household");
  await page.goForward();
  await waitForHeading(page, 'About you');
  assert.equal(page.url(), address, 'no new URL, hash or query');
  await page.goBack();
  await page.goBack();
  await waitForHeading(page, 'About the child');
  assert.deepEqual(await page.evaluate(() => history.state.portal), 'kept', 'the host\'s own state is kept');
  await context.close();
});

test('"Start again" asks first; "No" keeps the answers', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await typeInto(page, 'hoth-child-firstName', 'Sam');
  await page.reload();
  await page.locator('#hoth-notice').waitFor();
  await press(page, 'hoth-start-again');
  await page.locator('#hoth-start-again-question').waitFor();
  assert.equal(await activeId(page), 'hoth-start-again-question');
  assert.equal(await page.locator('#hoth-child-firstName').inputValue(), 'Sam', 'nothing deleted yet');
  await press(page, 'hoth-start-again-no');
  assert.equal(await activeId(page), 'hoth-start-again');
  assert.equal(await page.locator('#hoth-child-firstName').inputValue(), 'Sam');
  await press(page, 'hoth-start-again');
  await press(page, 'hoth-start-again-yes');
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.getElementById('hoth-child-firstName').value === '');
  assert.equal(await activeId(page), 'hoth-heading');
  await context.close();
});

test('focus stays near where it was after removing a person and after a wrong passphrase', async () => {
  const { context, page } = await freshPage({ acceptDownloads: true });
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, "The child's household");
  await press(page, 'hoth-household-add'); // Person 3
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.activeElement?.id === 'hoth-household-2-name');
  await page.keyboard.type('Sibling');
  // Remove person 2: focus lands on the heading of the person now second.
  await tabTo(page, 'hoth-household-1-remove');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.querySelectorAll('.hoth-list-item').length === 2);
  assert.equal(await activeId(page), 'hoth-household-1-heading');
  assert.match(await page.locator('#hoth-household-1-heading').textContent(), /Person 2/);
  assert.equal(await page.locator('#hoth-household-1-name').inputValue(), 'Sibling');
  // Remove the last two: focus ends on "Add a person".
  await tabTo(page, 'hoth-household-1-remove');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.querySelectorAll('.hoth-list-item').length === 1);
  assert.equal(await activeId(page), 'hoth-household-0-heading');
  await tabTo(page, 'hoth-household-0-remove');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.querySelectorAll('.hoth-list-item').length === 0);
  assert.equal(await activeId(page), 'hoth-household-add');

  // A wrong passphrase: focus goes back to the passphrase box.
  await page.locator('#hoth-save-copy summary').click();
  await page.locator('#hoth-save-passphrase').fill('correct horse battery');
  await page.locator('#hoth-save-confirm').fill('correct horse battery');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#hoth-save-download').click()]);
  const copy = readFileSync(await download.path());
  await page.locator('#hoth-open-copy summary').focus();
  await page.keyboard.press('Enter');
  await page.locator('#hoth-open-file').setInputFiles({ name: 'charlene.hoth', mimeType: 'application/octet-stream', buffer: copy });
  await typeInto(page, 'hoth-open-passphrase', 'wrong passphrase');
  await press(page, 'hoth-open-button');
  await page.locator('#hoth-open-passphrase-error').waitFor();
  assert.equal(await activeId(page), 'hoth-open-passphrase');
  await context.close();
});

test('the partner sandbox: after "I understand" focus moves on to the page, not to the top', async () => {
  const { context, page } = await freshPage();
  await page.goto(new URL('sandbox/', server.url).href);
  await page.locator('#data-warning-ok').waitFor();
  await page.locator('#data-warning-ok').focus();
  await page.keyboard.press('Enter');
  await page.locator('#data-warning').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'referral-heading');
  await context.close();
});

test('text follows the browser\'s text size; the portal\'s px root cannot shrink it', async () => {
  const { context, page } = await freshPage({ bypassCSP: true });
  await openPortal(page, server.url);
  const label = () => page.locator('label[for="hoth-child-firstName"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.equal(await label(), 19, 'the demo portal fixes its root at 10px: the form keeps 19px');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
  await page.addStyleTag({ content: 'html { font-size: 100% !important; }' });
  assert.equal(await label(), 38, 'a page that leaves the root alone: 200% text gives 200% labels');
  await context.close();
});

test('messages: a date error uses the hint\'s format; a postcode is written as the Royal Mail writes it', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await typeInto(page, 'hoth-child-dateOfBirth', '31');
  await typeInto(page, 'hoth-child-dateOfBirth-month', '2');
  await typeInto(page, 'hoth-child-dateOfBirth-year', '2012');
  await typeInto(page, 'hoth-child-address-postcode', ' rg401xq');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.getElementById('hoth-child-address-postcode').value === 'RG40 1XQ');
  const value = await page.evaluate(() => document.querySelector('hoth-referral').value);
  assert.equal(value.child.address.postcode, 'RG40 1XQ');
  await press(page, 'hoth-continue');
  await page.locator('#hoth-child-dateOfBirth-error').waitFor();
  assert.match(await page.locator('#hoth-child-dateOfBirth-error').textContent(), /like 27 3 2012$/);
  assert.doesNotMatch(await page.locator('#hoth-error-summary').textContent(), /2012-03-27/);
  await context.close();
});

test('the sticky level bar never covers the focused control, on every step at 320 and 1280 px', async () => {
  for (const [width, height] of [[320, 568], [1280, 800]]) {
    const { context, page } = await freshPage({ viewport: { width, height } });
    await openPortal(page, server.url);
    const referral = charlene();
    referral.concerns.immediateDanger = true;
    await setValue(page, referral);
    let checked = 0;
    for (const title of QUESTION_PAGES) {
      await continueUntil(page, title);
      for (const key of ['Tab', 'Shift+Tab']) {
        const covered = [];
        let stops = 0;
        // From the top of the widget down, then back up again.
        for (let i = 0; i < 200; i++) {
          await page.keyboard.press(key);
          const inWidget = await page.evaluate(() => document.activeElement?.tagName === 'HOTH-REFERRAL');
          if (!inWidget) {
            if (stops > 0) break;
            continue;
          }
          stops += 1;
          const cover = await coveredFocus(page);
          if (cover) covered.push(cover);
        }
        assert.deepEqual(covered, [], `${width}px, ${title}, ${key}: ${covered.length} of ${stops} covered`);
        checked += stops;
      }
    }
    assert.ok(checked > 200, `${width}px: ${checked} focus stops checked`);
    await context.close();
  }
});

test('zero violations from axe-core and IBM\'s accessibility checker on every step, no heading skipped', async () => {
  const { context, page } = await freshPage({ bypassCSP: true });
  await openPortal(page, server.url);
  const checked = [];
  const check = async (what) => {
    await assertAccessible(page, what, { ibm: true });
    assert.deepEqual(skippedHeadings(await widgetHeadings(page)), [], `headings, ${what}`);
    checked.push(what);
  };
  const openCopies = async () => {
    for (const id of ['hoth-save-copy', 'hoth-open-copy']) {
      if (await page.locator(`#${id}`).count()) await page.locator(`#${id}`).evaluate((d) => { d.open = true; });
    }
  };
  await openCopies();
  await check('About the child');
  await page.locator('#hoth-continue').click();
  await page.locator('#hoth-error-summary').waitFor();
  await check('About the child, with errors');
  const referral = charlene();
  referral.concerns.immediateDanger = true;
  await setValue(page, referral);
  for (const title of QUESTION_PAGES.slice(1)) {
    await continueUntil(page, title);
    await openCopies();
    await check(title);
  }
  await page.locator('.hoth-side .hoth-step details summary').first().click();
  await check('Check your answers, with "Why?" open');
  await page.evaluate(() => document.addEventListener('hoth-submit', (e) => {
    e.stopImmediatePropagation();
    e.detail.fail('The council\'s system is not answering.');
  }, { capture: true, once: true }));
  await page.locator('#hoth-submit').click();
  await page.locator('#hoth-send-error').waitFor();
  await check('Check your answers, not sent');
  await page.locator('#hoth-submit').click();
  await waitForHeading(page, 'Referral complete');
  await check('Referral complete');
  assert.equal(checked.length, 14);
  await context.close();
});

test('hoth-submit is a handshake: a failure, no answer in time, or no listener keeps everything and says so', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await page.evaluate(() => document.querySelector('hoth-referral').setAttribute('submit-timeout', '1'));
  await setValue(page, charlene());
  await continueUntil(page, 'Check your answers before sending the referral');
  const draft = await page.evaluate(() => sessionStorage.getItem('hoth-referral:eastmere-marf'));
  assert.ok(draft);
  // The portal takes it (preventDefault), then reports a failure.
  await page.evaluate(() => document.addEventListener('hoth-submit', (e) => {
    e.stopImmediatePropagation();
    e.preventDefault();
    setTimeout(() => { window.__late = e.detail.fail('Our case system is down.'); }, 50);
  }, { capture: true, once: true }));
  await press(page, 'hoth-submit');
  await page.locator('#hoth-send-error').waitFor();
  assert.match(await page.locator('#hoth-send-error').textContent(), /has not been sent.*Our case system is down\./s);
  assert.equal(await activeId(page), 'hoth-send-error');
  assert.equal(await heading(page), 'Check your answers before sending the referral');
  assert.ok(await page.evaluate(() => sessionStorage.getItem('hoth-referral:eastmere-marf')), 'the draft is kept');
  const [first] = await page.evaluate(() => window.__submits);
  assert.ok(first.cancelable && first.hasConfirm && first.hasFail);

  // Taken, never answered: after submit-timeout (1 s) the referrer is told; a late confirm
  // is refused (it returns false).
  await page.evaluate(() => document.addEventListener('hoth-submit', (e) => {
    e.stopImmediatePropagation();
    e.preventDefault();
    window.__pending = e.detail;
  }, { capture: true, once: true }));
  await press(page, 'hoth-submit');
  assert.match(await page.locator('#hoth-send-status').textContent(), /Sending/);
  await page.locator('#hoth-send-error').waitFor();
  assert.match(await page.locator('#hoth-send-error').textContent(), /no answer from this page in time/);
  assert.equal(await page.evaluate(() => window.__pending.confirm('TOO-LATE')), false);
  assert.equal(await heading(page), 'Check your answers before sending the referral');
  assert.ok(await page.evaluate(() => sessionStorage.getItem('hoth-referral:eastmere-marf')));

  // Nobody answers and nobody takes it.
  await page.evaluate(() => document.addEventListener('hoth-submit', (e) => e.stopImmediatePropagation(), { capture: true, once: true }));
  await press(page, 'hoth-submit');
  await page.locator('#hoth-send-error').waitFor();
  assert.match(await page.locator('#hoth-send-error').textContent(), /did not take your referral/);
  assert.ok(await page.evaluate(() => sessionStorage.getItem('hoth-referral:eastmere-marf')));

  // The portal confirms with its reference: sent, with the reference, date and time.
  await page.evaluate(() => document.addEventListener('hoth-submit', (e) => {
    e.stopImmediatePropagation();
    e.preventDefault();
    setTimeout(() => { window.__accepted = e.detail.confirm('EMB-2026-0042'); }, 50);
  }, { capture: true, once: true }));
  await press(page, 'hoth-submit');
  await waitForHeading(page, 'Referral complete');
  assert.equal(await page.evaluate(() => window.__accepted), true);
  assert.equal((await page.locator('#hoth-reference').textContent()).trim(), 'EMB-2026-0042');
  assert.match(await page.locator('#hoth-sent-at').textContent(), /^Sent on \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)\.$/);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'only a confirmation clears the draft');
  await context.close();
});

test('the demo portal confirms; the confirmation says when the MASH acts, from the decision', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, 'Check your answers before sending the referral');
  await press(page, 'hoth-submit');
  await waitForHeading(page, 'Referral complete');
  // The demo portal confirms with the reference its back-end (hoth-server) returns.
  assert.match(await page.locator('#hoth-reference').textContent(), /^HOTH-[0-9A-F-]+$/);
  // Charlene's route is a same-day strategy meeting: due today, the same calendar day, even at
  // a weekend or on a bank holiday (then the out-of-hours service acts).
  const [submitted] = await page.evaluate(() => window.__submits);
  const decision = await page.evaluate(() => window.__decision);
  const strategy = decision.outcomes.find((o) => o.code === 'strategy_meeting' && o.strength === 'must');
  assert.ok(strategy?.due, JSON.stringify(decision.outcomes.map((o) => o.code)));
  assert.ok(submitted);
  const next = await page.locator('#hoth-next').textContent();
  const today = decision.referralDate ?? submitted.referral.referralDate;
  if (strategy.due === today) assert.match(next, /will act on your referral today/, next);
  else {
    const [y, m, d] = strategy.due.split('-').map(Number);
    const long = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    assert.ok(next.includes(`strategy meeting by`) && next.includes(long), `${next} (due ${strategy.due})`);
  }
  assert.doesNotMatch(next, /next working day/);
  await context.close();
});

test('the printed summary: answers first, then the recommendation, in at most 4 A4 pages', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  await setValue(page, charlene());
  await continueUntil(page, 'Check your answers before sending the referral');
  await press(page, 'hoth-submit');
  await waitForHeading(page, 'Referral complete');
  const order = await inShadow(page, `
    const answers = root.getElementById('hoth-your-answers');
    const route = root.querySelector('.hoth-print-route');
    return Boolean(answers.compareDocumentPosition(route) & Node.DOCUMENT_POSITION_FOLLOWING);`);
  assert.ok(order, 'the answers come before the recommendation');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  process.stdout.write(`# printed summary: ${pages} A4 pages\n`);
  assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
  await context.close();
});

test('value is read back at once; null and undefined throw; heading-level and page-title', async () => {
  const { context, page } = await freshPage();
  await openPortal(page, server.url);
  const read = await page.evaluate((r) => {
    const el = document.querySelector('hoth-referral');
    el.value = r;
    return el.value;
  }, { child: { firstName: 'Sam' }, consent: { consent: 'given', reasonNotSought: 'hidden' } });
  assert.equal(read.child.firstName, 'Sam');
  assert.equal(read.schemaVersion, '1');
  assert.equal('reasonNotSought' in read.consent, false);
  const thrown = await page.evaluate(() => {
    const el = document.querySelector('hoth-referral');
    return [null, undefined].map((v) => { try { el.value = v; return 'accepted'; } catch (e) { return e.name; } });
  });
  assert.deepEqual(thrown, ['TypeError', 'TypeError']);
  assert.equal(await page.evaluate(() => document.querySelector('hoth-referral').value.child.firstName), 'Sam');

  // heading-level="2": the portal keeps its h1; the widget's headings start at h2.
  await page.evaluate(() => {
    const el = document.querySelector('hoth-referral');
    el.setAttribute('heading-level', '2');
    el.setAttribute('page-title', 'Eastmere Borough Council');
  });
  await page.waitForFunction(() => document.querySelector('hoth-referral').shadowRoot.getElementById('hoth-heading').tagName === 'H2');
  assert.equal(await page.locator('hoth-referral h1').count(), 0);
  assert.deepEqual(skippedHeadings(await widgetHeadings(page)), []);
  await page.waitForFunction(() => document.title === 'About the child - Eastmere Borough Council');
  await press(page, 'hoth-continue');
  await page.waitForFunction(() => document.title === 'Error: About the child - Eastmere Borough Council');
  // The step's heading starts "Error: " too (visually hidden), for screen readers.
  assert.equal((await page.locator('#hoth-heading').textContent()).trim(), 'Error: About the child');
  assert.equal(await page.locator('#hoth-heading .govuk-visually-hidden').textContent(), 'Error: ');
  await context.close();
});

test('no layout shift while the widget loads; fallback content shows until the script runs', async () => {
  const { context, page } = await freshPage({ viewport: { width: 412, height: 823 } });
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await openPortal(page, server.url);
  await page.waitForTimeout(500); // let any late shift be recorded
  const cls = await page.evaluate(() => window.__cls);
  process.stdout.write(`# cumulative layout shift while loading: ${cls.toFixed(4)}\n`);
  assert.ok(cls < 0.02, `CLS ${cls}`);
  await context.close();

  const blocked = await freshPage();
  await blocked.page.route('**/dist/hoth-referral.js', (route) => route.abort());
  await blocked.page.goto(server.url);
  const fallback = blocked.page.locator('hoth-referral .hoth-fallback');
  await fallback.waitFor();
  assert.match(await fallback.textContent(), /call 999/i);
  await blocked.context.close();
});
