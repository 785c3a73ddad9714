// Browser section: hoth against its peers in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), pages served by bench/server.mjs, browser cache disabled
// (CDP Network.setCacheDisabled), each timing at normal speed and with the CPU slowed 4x
// (CDP Emulation.setCPUThrottlingRate), every page load in a fresh browser context.
//   - the <hoth-referral> widget (bench/pages/widget.html) against the same MARF in SurveyJS
//     (bench/peer/surveyjs.html): transfer size (gzip -9 and brotli of every file the page
//     loads, the harness's own page files excepted), navigation to the first page of the form,
//     loading 1,000 referrals into the form, memory after it;
//   - the JS module (bench/pages/module.html): validate + route of the same 1,000 referrals
//     under each pack, and the packs' conditions evaluated by json-logic-js over the facts
//     hoth derived, in the same page; memory after the routings.
// Prints the section JSON (bench/lib.mjs). Measures; asserts nothing.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root, emit, table, sizeOf, kb, ms, ratio, quantiles, median } from '../lib.mjs';
import { startServer } from '../server.mjs';
import { referrals as makeReferrals } from '../referrals.mjs';

const COMMAND = 'node bench/sections/browser.mjs';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const COUNT = 1000;
const RATES = [1, 4];
// The harness's own page files: not part of either form's transfer size.
const HARNESS = new Set(['/bench/pages/widget.html', '/bench/pages/widget.js', '/bench/pages/floor.html', '/bench/pages/floor.js', '/bench/pages/module.html',
  '/bench/pages/module.js', '/bench/peer/surveyjs.html', '/bench/peer/surveyjs.js']);

const packs = readdirSync(path.join(root, 'policies')).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(path.join(root, 'policies', f), 'utf8')))
  .map((p) => ({ id: p.id, rules: p.rules.map((r) => ({ id: r.id, when: r.when })) }));
const referrals = makeReferrals(COUNT);

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
const version = browser.version();

// Waits for the page script to have set window.firstPage (a module script may still be running).
const shown = (tab) => tab.page.waitForFunction(() => window.firstPage !== undefined).then(() => tab.page.evaluate(() => window.firstPage));

async function open(url, rate) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  server.served.length = 0;
  await page.goto(server.origin + url);
  return { context, page, cdp, errors };
}

async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
}

function transfer(served) {
  const files = [...new Map(served.filter((s) => !HARNESS.has(s.path)).map((s) => [s.path, s.file])).entries()];
  const parts = files.map(([p, file]) => ({ path: p, ...sizeOf(file) }));
  const total = parts.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { parts, total };
}

// The first page of a form: median over RUNS fresh contexts; sizes from the first load.
async function firstPage(url, rate) {
  const times = [];
  let size = null, errors = [];
  for (let i = 0; i < RUNS; i++) {
    const tab = await open(url, rate);
    times.push(await shown(tab));
    if (!size) size = transfer(server.served);
    errors = errors.concat(tab.errors);
    await tab.context.close();
  }
  return { time: median(times), min: Math.min(...times), max: Math.max(...times), size, errors };
}

// SurveyJS under the demo portal's strict CSP: does it work without inline styles?
const probe = await open('/bench/peer/surveyjs.html', 1);
await shown(probe);
await probe.page.waitForTimeout(500);
const cspErrors = probe.errors.filter((e) => /Content Security Policy/i.test(e));
const violations = Math.max(cspErrors.length, await probe.page.evaluate(() => window.cspViolations));
await probe.context.close();
const peerUrl = violations > 0 ? '/bench/peer/surveyjs.html?csp=off' : '/bench/peer/surveyjs.html';

const results = {};
for (const rate of RATES) {
  const r = (results[rate] = {});
  r.widgetFirst = await firstPage('/bench/pages/widget.html', rate);
  r.peerFirst = await firstPage(peerUrl, rate);
  r.floorFirst = await firstPage('/bench/pages/floor.html', rate);

  // Widget: load the 1,000 referrals into the form; memory after.
  let tab = await open('/bench/pages/widget.html', rate);
  await shown(tab);
  r.widgetMemoryStart = { heap: await heap(tab.cdp), wasm: await tab.page.evaluate(() => window.wasmMemory()) };
  r.widgetLoad = quantiles(await tab.page.evaluate((rs) => window.loadReferrals(rs), referrals));
  r.widgetMemory = { heap: await heap(tab.cdp), wasm: await tab.page.evaluate(() => window.wasmMemory()) };
  const typed = structuredClone(referrals[0]);
  delete typed.referralDate;
  r.keys = quantiles(await tab.page.evaluate(([x]) => window.keystrokes(x, 50, 300), [typed]));
  r.widgetErrors = tab.errors;
  await tab.context.close();

  // SurveyJS: the same.
  tab = await open(peerUrl, rate);
  await shown(tab);
  r.peerMemoryStart = { heap: await heap(tab.cdp) };
  await tab.page.evaluate((rs) => window.prepare(rs), referrals);
  const peer = await tab.page.evaluate(() => window.loadReferrals());
  r.peerLoad = quantiles(peer.times);
  r.peerLevels = peer.levels;
  r.peerMemory = { heap: await heap(tab.cdp) };
  r.peerErrors = tab.errors;
  await tab.context.close();

  // The JS module and json-logic-js over the same facts.
  tab = await open('/bench/pages/module.html', rate);
  await tab.page.evaluate(() => window.ready);
  const routed = await tab.page.evaluate(([rs, ps]) => {
    window.routed = window.routeAll(rs, ps, 200);
    return Object.fromEntries(Object.entries(window.routed).map(([id, x]) =>
      [id, { both: x.both, routeOnly: x.routeOnly, valid: x.valid, levels: x.facts.map((f) => f.level) }]));
  }, [referrals, packs]);
  const logic = await tab.page.evaluate((ps) => window.jsonLogicAll(ps, window.routed, 200), packs);
  const own = await tab.page.evaluate((ps) => window.conditionsAll(ps, window.routed, 200), packs);
  r.moduleMemory = { heap: await heap(tab.cdp), wasm: await tab.page.evaluate(() => window.wasmMemory()) };
  r.moduleSize = transfer(server.served);
  r.packs = Object.fromEntries(packs.map((p) => [p.id, {
    both: quantiles(routed[p.id].both), routeOnly: quantiles(routed[p.id].routeOnly), valid: routed[p.id].valid,
    levels: routed[p.id].levels, logic: quantiles(logic[p.id].times), agree: logic[p.id].agree, compared: logic[p.id].compared,
    own: quantiles(own[p.id].times), ownAgree: own[p.id].agree, ownCompared: own[p.id].compared,
  }]));
  r.moduleErrors = tab.errors;
  await tab.context.close();
}
await browser.close();
server.close();

// ---- report ----
const one = results[1], four = results[4];
const w = one.widgetFirst.size, p = one.peerFirst.size;
const mb = (b) => (b == null ? 'n/a' : `${(b / 1048576).toFixed(1)} MB`);
const levelsAgree = (() => {
  const hothLevels = one.packs[packs[0].id].levels; // every referral valid: same order
  if (hothLevels.length !== COUNT) return `hoth routed ${hothLevels.length} of ${COUNT} as valid; levels not compared`;
  const same = hothLevels.filter((l, i) => l === one.peerLevels[i]).length;
  return `SurveyJS's calculated level equals hoth's screening level for ${same} of ${COUNT} referrals`;
})();
const slowest = (r) => Object.entries(r.packs).reduce((a, [id, x]) => (!a || x.both.p95 > a[1].both.p95 ? [id, x] : a), null);
const [slowId, slow1] = slowest(one);
const slow4 = four.packs[slowId];
const met = (ok, budget) => (ok ? 'yes' : budget ? 'budget only' : 'no');

const summary = [
  { what: 'widget transfer, gzip -9 (every file the page loads)', hoth: kb(w.total.gzip), peer: kb(p.total.gzip), ratio: ratio(w.total.gzip, p.total.gzip),
    goal: '<= 250 KB', met: met(w.total.gzip <= 250 * 1024) },
  { what: 'widget transfer, brotli 11', hoth: kb(w.total.brotli), peer: kb(p.total.brotli), ratio: ratio(w.total.brotli, p.total.brotli),
    goal: '<= 200 KB (goal 150 KB)', met: met(w.total.brotli <= 150 * 1024, w.total.brotli <= 200 * 1024) },
  { what: 'navigation to the first page of the form (median)', hoth: ms(one.widgetFirst.time, 1), peer: ms(one.peerFirst.time, 1), ratio: ratio(one.widgetFirst.time, one.peerFirst.time),
    hoth4: ms(four.widgetFirst.time, 1), peer4: ms(four.peerFirst.time, 1), ratio4: ratio(four.widgetFirst.time, four.peerFirst.time),
    goal: '<= 100 ms', met: met(one.widgetFirst.time <= 100) },
  { what: 'the same, less the floor (an empty page with one module script)', hoth: ms(one.widgetFirst.time - one.floorFirst.time, 1), peer: ms(one.peerFirst.time - one.floorFirst.time, 1),
    ratio: ratio(one.widgetFirst.time - one.floorFirst.time, one.peerFirst.time - one.floorFirst.time),
    hoth4: ms(four.widgetFirst.time - four.floorFirst.time, 1), peer4: ms(four.peerFirst.time - four.floorFirst.time, 1),
    ratio4: ratio(four.widgetFirst.time - four.floorFirst.time, four.peerFirst.time - four.floorFirst.time), goal: '', met: '' },
  { what: `validate + route p95, JS module, slowest pack (${slowId}) / json-logic-js conditions only`, hoth: ms(slow1.both.p95), peer: ms(slow1.logic.p95), ratio: ratio(slow1.both.p95, slow1.logic.p95),
    hoth4: ms(slow4.both.p95), peer4: ms(slow4.logic.p95), ratio4: ratio(slow4.both.p95, slow4.logic.p95), goal: '<= 1 ms p95', met: met(slow1.both.p95 <= 1) },
  { what: `validate + route p50, JS module, same pack / json-logic-js conditions only`, hoth: ms(slow1.both.p50), peer: ms(slow1.logic.p50), ratio: ratio(slow1.both.p50, slow1.logic.p50),
    hoth4: ms(slow4.both.p50), peer4: ms(slow4.logic.p50), ratio4: ratio(slow4.both.p50, slow4.logic.p50), goal: '', met: '' },
  { what: `like for like: the conditions only over the same facts, p50, same pack (hoth's \`conditions()\` / json-logic-js)`, hoth: ms(slow1.own.p50), peer: ms(slow1.logic.p50), ratio: ratio(slow1.own.p50, slow1.logic.p50),
    hoth4: ms(slow4.own.p50), peer4: ms(slow4.logic.p50), ratio4: ratio(slow4.own.p50, slow4.logic.p50), goal: '', met: '' },
  { what: 'load a referral into the form and re-render, p95 (widget / SurveyJS)', hoth: ms(one.widgetLoad.p95, 2), peer: ms(one.peerLoad.p95, 2), ratio: ratio(one.widgetLoad.p95, one.peerLoad.p95),
    hoth4: ms(four.widgetLoad.p95, 2), peer4: ms(four.peerLoad.p95, 2), ratio4: ratio(four.widgetLoad.p95, four.peerLoad.p95), goal: '', met: '' },
  { what: 'keystroke to re-render with a full referral, p95 (widget only)', hoth: ms(one.keys.p95, 2), hoth4: ms(four.keys.p95, 2), goal: '< 16 ms (one frame)', met: met(one.keys.p95 < 16) },
  { what: `memory after ${COUNT} referrals loaded: JS heap + wasm (widget / SurveyJS)`, hoth: mb(one.widgetMemory.heap + one.widgetMemory.wasm), peer: mb(one.peerMemory.heap),
    ratio: ratio(one.widgetMemory.heap + one.widgetMemory.wasm, one.peerMemory.heap),
    hoth4: mb(four.widgetMemory.heap + four.widgetMemory.wasm), peer4: mb(four.peerMemory.heap), ratio4: ratio(four.widgetMemory.heap + four.widgetMemory.wasm, four.peerMemory.heap), goal: '', met: '' },
];

const sizeRows = (label, s) => [...s.parts.map((x) => [`${label}: \`${x.path}\``, kb(x.raw), kb(x.gzip), kb(x.brotli)]),
  [`**${label}: total**`, `**${kb(s.total.raw)}**`, `**${kb(s.total.gzip)}**`, `**${kb(s.total.brotli)}**`]];
const both = (f) => RATES.map((rate) => f(results[rate]));
const errors = [...new Set(RATES.flatMap((rate) => ['widgetFirst', 'peerFirst', 'floorFirst'].flatMap((k) => results[rate][k].errors)
  .concat(results[rate].widgetErrors, results[rate].peerErrors, results[rate].moduleErrors)))];

const markdown = [
  `Chromium ${version} (Debian), headless, \`--no-sandbox\`; pages from 127.0.0.1 (bench/server.mjs), \`Cache-Control: no-store\` and the browser cache disabled; cross-origin isolated (5 us timer). Each timing at normal speed (1x) and with the CPU slowed 4x (CDP \`Emulation.setCPUThrottlingRate\`). ${COUNT} referrals from \`bench/referrals.mjs\` (the two bundled example referrals with age, SEND, consent, danger, harm location and types and 0-14 screening signs varied by a seeded generator).`,
  '',
  `SurveyJS ${JSON.parse(readFileSync(path.join(root, 'node_modules/survey-core/package.json'), 'utf8')).version} (\`survey-core\` + \`survey-js-ui\`, its fontless stylesheet) renders the same MARF (\`bench/peer/marf-survey.js\`: the widget's pages and questions, \`visibleIf\` for the 999 panel and the harm-outside-the-home pages, calculated values for the screening level). ` +
    (violations > 0 ? `**Its page is served without the Content-Security-Policy** (\`?csp=off\`): under the portal's \`style-src 'self'\` its first page alone caused ${violations} CSP violation${violations === 1 ? '' : 's'} (${cspErrors[0] ? `\`${cspErrors[0].slice(0, 90)}...\`` : 'inline styles'}), so a portal with hoth's CSP could not embed it as it is.` : 'It ran under the same strict Content-Security-Policy as the widget (no violations).'),
  `${levelsAgree}.`,
  '',
  '### Transfer size (every file the page loads, the harness page excepted)',
  '',
  table(['file', 'raw', 'gzip -9', 'brotli 11'], [...sizeRows('hoth widget', w), ...sizeRows('SurveyJS MARF', p), ...sizeRows('JS module page (hoth + json-logic-js)', one.moduleSize)]),
  '',
  `### First page of the form (median of ${RUNS} fresh page loads, navigation start to the first page shown)`,
  '',
  table(['form', '1x median', '1x min - max', '4x median', '4x min - max'],
    [['hoth widget', one.widgetFirst, four.widgetFirst], ['SurveyJS MARF', one.peerFirst, four.peerFirst],
      ['the floor: an empty page with one module script (`bench/pages/floor.html`)', one.floorFirst, four.floorFirst]].map(([n, a, b]) =>
      [n, ms(a.time, 1), `${ms(a.min, 1)} - ${ms(a.max, 1)}`, ms(b.time, 1), `${ms(b.min, 1)} - ${ms(b.max, 1)}`])),
  '',
  'The widget\'s page (`bench/pages/widget.html`) embeds it as the README\'s snippet does: the element script with preloads of its glue, its wasm and the council\'s pack. Shown: the form\'s heading is in the element\'s shadow root and its stylesheet has loaded (a MutationObserver; layout and paint follow). The floor is what any page pays in this harness before its own files run (a fresh browser context, the navigation, one module script fetched and run); the summary gives each form\'s time less it.',
  '',
  `### Validate + route, ${COUNT} referrals per pack (JS module, after 200 warm-up routings), and json-logic-js`,
  '',
  'hoth: `validate()` then `route()` through the public JS API (the referral crosses into wasm and the decision comes back as JS objects: validation, facts, every rule, outcomes, due dates, trace). json-logic-js: only each rule\'s `when` over the facts hoth derived for that referral (no validation, no facts, no decision), so that ratio overstates what a JSONLogic engine alone would save. Like for like: the module\'s \`conditions(facts, policyId)\` evaluates the same rules\' compiled conditions that \`route()\` runs, over the same facts objects (they cross into wasm and the results come back as one object), against json-logic-js over the same facts. Chromium\'s CPU throttling pauses the renderer in slices, so a sub-millisecond call mostly runs at full speed and now and then absorbs a pause: at 4x read the p95, not the p50.',
  '',
  table(['pack', 'valid', 'validate + route p50 / p95 (1x)', 'route only p50 / p95 (1x)', 'json-logic-js p50 / p95 (1x)', 'ratio p95 (1x)', 'validate + route p50 / p95 (4x)', 'json-logic-js p50 / p95 (4x)', 'ratio p95 (4x)', 'hoth conditions() only p50 / p95 (1x)', 'ratio to json-logic-js p50 / p95 (1x)', 'json-logic-js / conditions() agree with hoth\'s trace'],
    packs.map(({ id }) => {
      const a = one.packs[id], b = four.packs[id];
      return [id, `${a.valid}/${COUNT}`, `${ms(a.both.p50)} / ${ms(a.both.p95)}`, `${ms(a.routeOnly.p50)} / ${ms(a.routeOnly.p95)}`,
        `${ms(a.logic.p50)} / ${ms(a.logic.p95)}`, ratio(a.both.p95, a.logic.p95), `${ms(b.both.p50)} / ${ms(b.both.p95)}`,
        `${ms(b.logic.p50)} / ${ms(b.logic.p95)}`, ratio(b.both.p95, b.logic.p95), `${ms(a.own.p50)} / ${ms(a.own.p95)}`,
        `${ratio(a.own.p50, a.logic.p50)} / ${ratio(a.own.p95, a.logic.p95)}`, `${a.agree}/${a.compared} / ${a.ownAgree}/${a.ownCompared} rule results`];
    })),
  '',
  `### Loading a referral into the form (${COUNT} referrals, time to the next task, when the form has re-rendered)`,
  '',
  'hoth widget: `element.value = referral` (the core validates, screens and routes it; Yew re-renders). SurveyJS: `survey.data = answers` (its expressions recompute the level), `survey.validate(false)` over every page, re-render.',
  '',
  table(['form', '1x p50', '1x p95', '1x max', '4x p50', '4x p95', '4x max'],
    [['hoth widget', one.widgetLoad, four.widgetLoad], ['SurveyJS MARF', one.peerLoad, four.peerLoad]].map(([n, a, b]) =>
      [n, ms(a.p50, 2), ms(a.p95, 2), ms(a.max, 2), ms(b.p50, 2), ms(b.p95, 2), ms(b.max, 2)])),
  '',
  'Typing in the widget (the old `./x bench-widget` figure): 300 keystrokes in "What has happened?" with a full referral loaded, each validating, screening, routing and re-rendering, input event to the next task (an upper bound: it includes the timer\'s own latency): ' +
    both((r) => `p50 ${ms(r.keys.p50, 2)}, p95 ${ms(r.keys.p95, 2)}, max ${ms(r.keys.max, 2)}`).map((x, i) => `${RATES[i]}x ${x}`).join('; ') + '.',
  '',
  '### Memory (after a forced garbage collection: CDP `Performance.getMetrics` JSHeapUsedSize, and the wasm memory buffer)',
  '',
  table(['page', 'JS heap (1x run)', 'wasm memory (1x run)', 'JS heap (4x run)', 'wasm memory (4x run)'], [
    ['hoth widget, first page shown', ...both((r) => [mb(r.widgetMemoryStart.heap), mb(r.widgetMemoryStart.wasm)]).flat()],
    [`hoth widget, after ${COUNT} referrals loaded`, ...both((r) => [mb(r.widgetMemory.heap), mb(r.widgetMemory.wasm)]).flat()],
    ['SurveyJS MARF, first page shown', ...both((r) => [mb(r.peerMemoryStart.heap), '']).flat()],
    [`SurveyJS MARF, after ${COUNT} referrals loaded`, ...both((r) => [mb(r.peerMemory.heap), '']).flat()],
    [`JS module + json-logic-js, after ${COUNT * packs.length} routings and evaluations`, ...both((r) => [mb(r.moduleMemory.heap), mb(r.moduleMemory.wasm)]).flat()],
  ]),
  '',
  errors.length ? `Page errors seen: ${errors.map((e) => `\`${e.slice(0, 200)}\``).join('; ')}` : 'No page errors or console errors in any page.',
].join('\n');

emit({ id: 'browser', title: 'Browser: hoth against SurveyJS and json-logic-js (headless Chromium)', command: COMMAND, summary, markdown });
