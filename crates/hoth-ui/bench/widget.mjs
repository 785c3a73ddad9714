// Benchmarks of the built widget (www/dist, from ./x build), recorded in BENCHMARKS.md:
// - transfer size of its four files, raw and gzip -9;
// - first render: from the module starting (before the WebAssembly is fetched and compiled)
//   to the first page's heading in the shadow root, and from `mount()` alone;
// - a keystroke with a full referral loaded: input event to the page re-rendered (the core
//   validates, screens and routes on every change), 300 keystrokes after 50 warm-up ones.
// Headless Chromium (Debian's), served from 127.0.0.1 by tools/serve.mjs's server. Measures;
// asserts nothing.
//
// Run: ./x bench-widget   (or, after ./x build: node crates/hoth-ui/bench/widget.mjs)
import { readFileSync, mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createStaticServer, listen } from '../../../tools/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = path.join(root, 'www/dist');
const FILES = ['hoth_ui_bg.wasm', 'hoth_ui.js', 'hoth-referral.js', 'hoth-referral.css'];
const RUNS = 20;

function gzip9(file) {
  // gzip -9 itself when there is one, for the same figure as ./x build prints.
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

const sizes = FILES.map((name) => {
  const file = path.join(dist, name);
  return { name, raw: readFileSync(file).length, gzip: gzip9(file) };
});

// A scratch site: the built files and a bare bench page (module scripts only, for the CSP).
const site = mkdtempSync(path.join(tmpdir(), 'hoth-bench-'));
cpSync(dist, path.join(site, 'dist'), { recursive: true });
writeFileSync(path.join(site, 'index.html'),
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><script type="module" src="bench.js"></script>');
writeFileSync(path.join(site, 'bench.js'), `
window.firstRender = async () => {
  const t0 = performance.now();
  const ui = await import('./dist/hoth_ui.js?' + Math.random());
  await ui.default({ module_or_path: new URL('./dist/hoth_ui_bg.wasm', location.href) });
  const t1 = performance.now();
  const host = document.createElement('div');
  document.body.replaceChildren(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const root = document.createElement('div');
  shadow.append(root);
  const rendered = new Promise((resolve) => {
    const seen = () => shadow.querySelector('#hoth-heading');
    const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(shadow, { childList: true, subtree: true });
  });
  const t2 = performance.now();
  window.widget = ui.mount(root, { policy: 'wokingham', draft: 'off' });
  const t3 = await rendered;
  window.shadow = shadow;
  return { fromStart: t3 - t0, init: t1 - t0, mount: t3 - t2 };
};
window.keystrokes = async (referral, warmUp, count) => {
  window.widget.setValue(referral);
  // Go to the concerns page, where typing in the summary re-routes.
  for (let i = 0; i < 4; i++) {
    window.shadow.querySelector('#hoth-continue').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (!window.shadow.querySelector('#hoth-concerns-summary')) throw new Error('not on the concerns page');
  // Yew renders in a task it schedules after the event: the next timer runs after it, so
  // each time is an upper bound (it includes the timer's own latency).
  const box = window.shadow.querySelector('#hoth-concerns-summary');
  const times = [];
  for (let i = 0; i < warmUp + count; i++) {
    box.value += i % 2 ? 'x' : ' ';
    const t0 = performance.now();
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (i >= warmUp) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: q(0.5), p95: q(0.95), max: times[times.length - 1] };
};
`);

const server = createStaticServer(site);
const url = await listen(server, 0);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const renders = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  renders.push(await page.evaluate(() => window.firstRender()));
  await context.close();
}
const page = await browser.newPage();
await page.goto(url);
await page.evaluate(() => window.firstRender());
const referral = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/referrals/charlene.json'), 'utf8'));
delete referral.referralDate;
const keys = await page.evaluate(([r]) => window.keystrokes(r, 50, 300), [referral]);
await browser.close();
server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| file | raw | gzip -9 |\n| --- | ---: | ---: |');
for (const s of sizes) console.log(`| \`www/dist/${s.name}\` | ${kb(s.raw)} | ${kb(s.gzip)} |`);
const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
console.log(`| **widget** | **${kb(total.raw)}** | **${kb(total.gzip)}** (${total.gzip} bytes) |\n`);
console.log(`first render, median of ${RUNS} fresh pages: module start to heading ${median(renders.map((r) => r.fromStart)).toFixed(1)} ms` +
  ` (fetch + compile + init ${median(renders.map((r) => r.init)).toFixed(1)} ms; mount to heading ${median(renders.map((r) => r.mount)).toFixed(1)} ms)`);
console.log(`keystroke to re-render (validate + screen + route + render), 300 keystrokes: p50 ${keys.p50.toFixed(2)} ms, p95 ${keys.p95.toFixed(2)} ms, max ${keys.max.toFixed(2)} ms`);
