// The partner sandbox end to end, in Debian's headless Chromium against the server `./x serve`
// runs (tools/serve.mjs, with the strict CSP). Run by `./x test` after `./x build`
// (www/sandbox/dist) and `cargo build -p hoth-cli` (native `hoth` for the same inputs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { browserSuite, strayRequests, assertAccessible, root } from '../../../../tests/browser/harness.mjs';
import { SANDBOX_FILES, hoth, tempFile, readText, openSandbox, setToday, runBatchFile } from './helpers.mjs';

const TODAY = '2026-03-10';
const POLICIES = ['gloucestershire', 'tower-hamlets', 'wokingham'];

// Every page: 1280x900, downloads accepted, every request of its context (the page's and its
// worker's), console output (the worker's too), page errors and CSP violations recorded
// (tests/browser/harness.mjs).
const { server, freshPage } = browserSuite({
  context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
  requests: 'context',
});

function charlene() {
  return readFileSync(path.join(root, 'tests/fixtures/referrals/charlene.json'), 'utf8');
}

/** Native decisions for a referral under each policy. */
function nativeDecisions(referralText) {
  const file = tempFile('referral.json', referralText);
  return POLICIES.map((p) => JSON.parse(hoth(['route', '--policy', p, '--today', TODAY, file])));
}

test('a fixture under three councils: the differences marked are the real ones', async () => {
  const { context, page, seen } = await freshPage();
  await openSandbox(page, server.url);
  await setToday(page, TODAY);
  await page.locator('#fixture').selectOption('referral/charlene');
  await page.locator('#compare').waitFor();
  assert.deepEqual(
    await page.locator('#compare thead th[data-policy]').evaluateAll((ths) => ths.map((th) => th.dataset.policy)),
    POLICIES,
  );
  const decisions = nativeDecisions(charlene());
  const differs = (values) => new Set(values.map((v) => JSON.stringify(v))).size > 1;
  const expected = {
    level: differs(decisions.map((d) => d.level)),
    pathway: differs(decisions.map((d) => d.pathway)),
    plan: differs(decisions.map((d) => d.plan)),
  };
  // Outcomes missing somewhere, or with different due dates where present everywhere.
  const codes = new Set(decisions.flatMap((d) => d.outcomes.map((o) => o.code)));
  const outcomeDiffers = new Set();
  for (const code of codes) {
    const found = decisions.map((d) => d.outcomes.find((o) => o.code === code));
    if (found.some((o) => !o) || differs(found.map((o) => o.due ?? null))) outcomeDiffers.add(code);
  }
  assert.ok(outcomeDiffers.size > 0, 'the three councils differ on Charlene');
  for (const [aspect, want] of Object.entries({ ...expected, outcomes: outcomeDiffers.size > 0 })) {
    const row = page.locator(`#compare tr[data-aspect="${aspect}"]`);
    assert.equal(await row.evaluate((tr) => tr.classList.contains('differs')), want, aspect);
    assert.equal((await row.locator('th').textContent()).includes('differs'), want, `${aspect} says so in words`);
  }
  // The cells show the native values, column by column (plain titles; the code in data-code).
  const cells = (aspect) => page.locator(`#compare tr[data-aspect="${aspect}"] td`)
    .evaluateAll((tds) => tds.map((td) => td.querySelector('[data-code]')?.dataset.code ?? 'none'));
  const titles = await page.locator('#compare tr[data-aspect="pathway"] td').allTextContents();
  assert.ok(titles.every((t) => !t.includes('_')), `plain titles, not codes: ${titles}`);
  assert.deepEqual(await cells('pathway'), decisions.map((d) => d.pathway ?? 'none'));
  assert.deepEqual(await cells('plan'), decisions.map((d) => d.plan ?? 'none'));
  // Each outcome marked exactly when it differs.
  for (const [i, decision] of decisions.entries()) {
    const items = page.locator(`#compare tr[data-aspect="outcomes"] td`).nth(i).locator('li');
    const marked = await items.evaluateAll((lis) => lis.map((li) => [li.dataset.code, li.classList.contains('differs')]));
    assert.deepEqual(marked, decision.outcomes.map((o) => [o.code, outcomeDiffers.has(o.code)]));
  }
  // Unticking two councils leaves nothing to differ.
  await page.locator('#policy-tower-hamlets').uncheck();
  await page.locator('#policy-wokingham').uncheck();
  await page.locator('#compare caption', { hasText: 'The decisions are the same.' }).waitFor();
  assert.equal(await page.locator('#compare tr.differs').count(), 0);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

test('the explanation shows every rule with its condition, the facts it read and its citation', async () => {
  const { context, page } = await freshPage();
  await openSandbox(page, server.url);
  await setToday(page, TODAY);
  await page.locator('#fixture').selectOption('referral/charlene');
  const [glos] = nativeDecisions(charlene());
  const trace = page.locator('details.trace[data-policy="gloucestershire"]');
  await trace.locator('summary').click();
  const rows = trace.locator('tbody tr');
  assert.equal(await rows.count(), glos.trace.length);
  const matched = await trace.locator('tbody tr.matched th code').allTextContents();
  assert.deepEqual(matched, glos.trace.filter((t) => t.matched).map((t) => t.rule));
  const first = await rows.first().locator('td').allTextContents();
  assert.match(first[1], /^\{.*"var"/, 'the JSONLogic condition');
  assert.match(first[2], /^\w+ = /, 'the facts it read, with values');
  assert.match(first[3], /Gloucestershire/, 'the citation names the document');
  await page.locator('#facts summary').click();
  assert.equal(
    (await page.locator('#facts tr', { hasText: 'levelNumber' }).locator('td').textContent()).trim(),
    String(glos.facts.levelNumber),
  );
  await context.close();
});

test('a scenario fixture shows what it exercises, and editing re-runs validation with paths', async () => {
  const { context, page } = await freshPage();
  await openSandbox(page, server.url);
  const option = await page.locator('#fixture optgroup[label="wokingham"] option').first();
  const key = await option.getAttribute('value');
  await page.locator('#fixture').selectOption(key);
  const scenario = JSON.parse(readFileSync(path.join(root, 'tests/scenarios', `${key}.json`), 'utf8'));
  assert.ok((await page.locator('#fixture-about').textContent()).includes(scenario.description));
  assert.equal(await page.locator('#today').inputValue(), scenario.today, 'the scenario sets the date');

  const referral = JSON.parse(charlene());
  delete referral.child.firstName;
  referral.concerns.harmTypes.push('not_a_harm');
  await page.locator('#referral-json').fill(JSON.stringify(referral, null, 2));
  const issues = page.locator('#referral-issues li code');
  await issues.first().waitFor();
  const paths = await issues.allTextContents();
  assert.ok(paths.includes('child.firstName'), paths.join(' '));
  assert.ok(paths.includes('concerns.harmTypes[3]'), paths.join(' '));
  await page.locator('#referral-json').fill('{"child": ');
  await page.locator('#referral-issues', { hasText: 'This is not JSON (line 1' }).waitFor();
  await context.close();
});

test('a broken pack shows the rule and field; a changed pack shows which expected results change', async () => {
  const { context, page } = await freshPage();
  await openSandbox(page, server.url);
  const dir = path.join(root, 'tests/fixtures/policies');
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  for (const [name, want] of Object.entries(expected)) {
    await page.locator('#pack-file').setInputFiles(path.join(dir, `${name}.json`));
    const error = page.locator('#pack-error', { hasText: `${name}.json does not load` });
    await error.waitFor();
    const part = (p) => error.locator(`[data-part="${p}"]`).textContent();
    assert.equal(await part('rule'), want.rule ?? '(the pack as a whole)', name);
    assert.equal(await part('field'), want.field || '(the rule as a whole)', name);
    assert.ok((await part('message')).includes(want.contains), `${name}: ${await part('message')}`);
  }
  // Wokingham's own pack, unchanged: every Wokingham scenario holds.
  const pack = JSON.parse(readFileSync(path.join(root, 'policies/wokingham.json'), 'utf8'));
  await page.locator('#pack-file').setInputFiles(tempFile('wokingham-copy.json', JSON.stringify(pack)));
  await page.locator('#pack-error').waitFor({ state: 'detached' });
  await page.locator('#policy-file-1').waitFor();
  await page.locator('#regress-file-1').click();
  const scenarios = scenarioCount('tests/scenarios/wokingham');
  await page.locator('#regression [role="status"]', { hasText: `all ${scenarios} of Wokingham` }).waitFor();
  assert.equal(await page.locator('#regression').getAttribute('data-council'), 'wokingham');
  // Changes only, by default: nothing to list.
  assert.equal(await page.locator('#regression tbody tr').count(), 0);
  // Its rules in the rulebook's words, each with the library's scenarios naming it.
  const rulebook = page.locator('#rules-file-1');
  await rulebook.locator('summary').click();
  const rules = rulebook.locator('.rulebook__rule');
  assert.equal(await rules.count(), pack.rules.length);
  const first = rulebook.locator(`[data-rule="${pack.rules[0].id}"]`);
  assert.ok((await first.textContent()).includes('When the young person is in immediate danger'));
  assert.ok((await first.textContent()).includes('Tested by: immediate-danger-call-999'), await first.textContent());
  assert.ok(!(await rulebook.textContent()).includes('{"'), 'no condition falls back to JSON');
  // The same pack under a new id, without its strategy-meeting rules: the partner says which
  // council's rules it replaces, and those scenarios now change.
  const edited = { ...pack, id: 'wokingham-next', version: '1.0.1-draft' };
  edited.rules = pack.rules.filter((r) => !r.then.some((o) => o.code === 'strategy_meeting'));
  assert.ok(edited.rules.length < pack.rules.length);
  await page.locator('#pack-file').setInputFiles(tempFile('wokingham-draft.json', JSON.stringify(edited)));
  await page.locator('#regress-file-2').click();
  await page.locator('li', { hasText: 'wokingham-draft.json' }).locator('[role="alert"]', { hasText: 'Choose the council' }).waitFor();
  await page.locator('#against-file-2').selectOption('wokingham');
  await page.locator('#regress-file-2').click();
  const status = page.locator('#regression [role="status"]', { hasText: '1.0.1-draft' });
  await status.waitFor();
  const changed = Number((await status.textContent()).match(/: (\d+) of/)[1]);
  assert.ok(changed > 0, await status.textContent());
  assert.equal(await page.locator('#regression tbody tr.differs').count(), changed);
  assert.equal(await page.locator('#regression tbody tr').count(), changed, 'changes only');
  const strategy = page.locator('#regression tbody tr.differs', { hasText: 'strategy_meeting' });
  assert.ok(await strategy.count() > 0, 'a change names the missing strategy meeting');
  const text = await page.locator('#regression tbody').textContent();
  assert.ok(!/Some\(|\[".*"\]/.test(text), `no Rust debug text: ${text}`);
  // Every one of Wokingham's scenarios, and only Wokingham's, when the filter is off.
  await page.locator('#changes-only').uncheck();
  assert.equal(await page.locator('#regression tbody tr').count(), scenarios);
  const keys = await page.locator('#regression tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.scenario));
  assert.ok(keys.every((k) => k.startsWith('wokingham/')), keys.join(' '));
  await context.close();
});

/** How many scenario files a folder holds. */
function scenarioCount(dir) {
  return readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.json')).length;
}

test('a 1,000-referral batch in the worker exports exactly what native hoth batch writes', async () => {
  const { context, page, seen } = await freshPage();
  await openSandbox(page, server.url);
  await setToday(page, TODAY);
  // 1,000 synthetic referrals, plus one that is not valid and one line that is not JSON.
  const lines = hoth(['synth', '--seed', '2026', '--count', '998', '--today', TODAY]).trimEnd().split('\n');
  lines.splice(500, 0, '{"schemaVersion": "1", "child": {"firstName": "Nobody"}}', 'this line is not JSON');
  const file = tempFile('batch.jsonl', lines.join('\n') + '\n');
  await runBatchFile(page, file);
  const policyArgs = POLICIES.flatMap((p) => ['--policy', p]);
  const nativeCsv = hoth(['batch', ...policyArgs, '--today', TODAY, file]);
  const nativeJsonl = hoth(['batch', ...policyArgs, '--today', TODAY, '--format', 'jsonl', file]);
  assert.equal(nativeCsv.split('\r\n').length, 1 + 3000 + 1);

  const exported = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(id).click()]);
    return readText(await download.path());
  };
  const csv = await exported('#export-csv');
  assert.equal(csv, nativeCsv, 'the CSV is byte for byte the native one');
  assert.equal(await exported('#export-jsonl'), nativeJsonl);

  // The filters: not-valid rows are the native ones.
  const rows = nativeJsonl.trimEnd().split('\n').map((l) => JSON.parse(l));
  await page.locator('#filter-invalid').check();
  const invalid = rows.filter((r) => !r.valid).length;
  assert.equal(invalid, 6, 'two bad entries under three policies');
  // A row's index is the line of the file it came from (lines 501 and 502 here).
  assert.deepEqual([...new Set(rows.filter((r) => !r.valid).map((r) => r.index))], [501, 502]);
  assert.ok(rows.filter((r) => !r.valid).some((r) => r.issues.some((i) => i.code === 'not_json')));
  await page.locator('#batch-count', { hasText: `${invalid} matching rows` }).waitFor();
  await page.locator('#filter-invalid').uncheck();
  const pathway = rows.find((r) => r.pathway === 'strategy_meeting').pathway;
  await page.locator('#filter-policy').selectOption('wokingham');
  await page.locator('#filter-pathway').selectOption(pathway);
  const want = rows.filter((r) => r.policy === 'wokingham' && r.pathway === pathway).length;
  await page.locator('#batch-count', { hasText: new RegExp(`^${want} matching rows`) }).waitFor();
  const shown = await page.locator('#batch-table tbody tr td:nth-child(5)').allTextContents();
  assert.ok(shown.length > 0 && shown.every((p) => p === pathway));

  // Only the page's own files were requested (the worker's included): nothing else.
  assert.deepEqual(strayRequests(seen.requests, server.url, SANDBOX_FILES, { skipBlob: true }), [],
    'requests outside the page\'s server or its files');
  assert.ok(seen.requests.some((u) => u.endsWith('/sandbox/batch-worker.js')), 'the batch ran in the worker');
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.console, []);
  await context.close();
});

test('a batch split between two workers (?workers=2) gives the same rows, in order', async () => {
  const { context, page } = await freshPage();
  await openSandbox(page, server.url, '?workers=2');
  await setToday(page, TODAY);
  const referrals = hoth(['synth', '--seed', '31', '--count', '301', '--today', TODAY]);
  const file = tempFile('split.json', `[${referrals.trimEnd().split('\n').join(',')}]`);
  await runBatchFile(page, file);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const nativeCsv = hoth(['batch', ...POLICIES.flatMap((p) => ['--policy', p]), '--today', TODAY, file]);
  assert.equal(readText(await download.path()), nativeCsv);
  await context.close();
});

test('a synthetic batch shows progress and can be cancelled; the same seed gives the same rows', async () => {
  const { context, page } = await freshPage();
  await openSandbox(page, server.url);
  await setToday(page, TODAY);
  await page.locator('#synth-seed').fill('77');
  await page.locator('#synth-count').fill('100000');
  await page.locator('#synth-run').click();
  await page.waitForFunction(() => Number(document.querySelector('#batch-progress').value) > 0);
  await page.locator('#batch-cancel').click();
  const status = page.locator('#batch-status', { hasText: 'Cancelled after' });
  await status.waitFor();
  const [, done, total] = (await status.textContent()).match(/after (\d+) of (\d+)/).map(Number);
  assert.equal(total, 100000);
  assert.ok(done > 0 && done < total);
  assert.ok(await page.locator('#batch-cancel').isDisabled());

  // 40 from seed 77 in the page are `hoth synth --seed 77` routed natively.
  await page.locator('#synth-count').fill('40');
  await page.locator('#synth-run').click();
  await page.locator('#batch-status[data-state="done"]').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const referrals = hoth(['synth', '--seed', '77', '--count', '40', '--today', TODAY]);
  const nativeCsv = hoth(['batch', ...POLICIES.flatMap((p) => ['--policy', p]), '--today', TODAY, '-'], referrals);
  assert.equal(readText(await download.path()), nativeCsv);
  const [synth] = await Promise.all([page.waitForEvent('download'), page.locator('#synth-download').click()]);
  assert.equal(readText(await synth.path()), referrals);
  await context.close();
});

test('zero axe-core violations (WCAG 2.2 A and AA) with everything open', async () => {
  // axe cannot be injected under the CSP: this context bypasses it.
  const { context, page } = await freshPage({ bypassCSP: true });
  await openSandbox(page, server.url);
  const check = (what) => assertAccessible(page, what);
  await check('the empty page');
  await setToday(page, TODAY);
  await page.locator('#fixture').selectOption('referral/charlene');
  await page.locator('#compare').waitFor();
  for (const summary of await page.locator('details summary').all()) await summary.click();
  await check('a fixture compared and explained');
  await page.locator('#pack-file').setInputFiles(path.join(root, 'tests/fixtures/policies/unknown-fact.json'));
  await page.locator('#pack-error').waitFor();
  await page.locator('#pack-file').setInputFiles(path.join(root, 'policies/wokingham.json'));
  await page.locator('#regress-file-1').click();
  await page.locator('#regression').waitFor();
  await page.locator('#synth-count').fill('50');
  await page.locator('#synth-run').click();
  await page.locator('#batch-status[data-state="done"]').waitFor();
  await check('a regression run and batch results');
  await page.locator('#data-warning-ok').click();
  await page.locator('#data-warning').waitFor({ state: 'detached' });
  await check('the warning dismissed');
  await context.close();
});
