// Benchmarks of the built JS module (www/dist, from ./x build), recorded in BENCHMARKS.md:
// - transfer size: hoth_bg.wasm and hoth.js, raw and gzip -9;
// - validate + route of a full referral (tests/fixtures/referrals/charlene.json) in headless
//   Chromium (Debian's /usr/bin/chromium), through the public JS API, 1,000 calls per policy
//   after 500 warm-up calls of each: p50, p95, p99 and max.
// The page is served from 127.0.0.1 with COOP/COEP headers, so it is cross-origin isolated and
// performance.now() has 5 us resolution rather than 100 us. Measures; asserts nothing.
//
// Run: ./x bench-wasm   (or, after ./x build: node crates/hoth-wasm/bench/browser.mjs)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = path.join(root, 'www/dist');
const CALLS = 1000;
const WARM_UP = 500;
const TODAY = '2026-03-10';

function gzip9(file) {
  // gzip -9 itself when there is one, for the same figure as ./x build prints.
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

const sizes = ['hoth_bg.wasm', 'hoth.js'].map((name) => {
  const file = path.join(dist, name);
  return { name, raw: readFileSync(file).length, gzip: gzip9(file) };
});

const page = `<!doctype html><meta charset="utf-8"><title>hoth bench</title>
<script type="module" src="/bench.js"></script>`;
const script = `
import init, { validate, route } from '/dist/hoth.js';
window.bench = async (referral, calls, warmUp, today, policies) => {
  await init();
  const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const stats = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99),
             max: sorted[sorted.length - 1], mean: times.reduce((a, b) => a + b, 0) / times.length };
  };
  const out = { isolated: crossOriginIsolated, results: {} };
  // Warm up every policy first, so the JIT has settled before anything is measured.
  for (const policy of policies) {
    for (let i = 0; i < warmUp; i++) { validate(referral, policy, today); route(referral, policy, today); }
  }
  for (const policy of policies) {
    const both = [], v = [], r = [];
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      const checked = validate(referral, policy, today);
      const t1 = performance.now();
      const decision = route(referral, policy, today);
      const t2 = performance.now();
      if (!checked.valid || !decision.outcomes) throw new Error('the referral should route');
      v.push(t1 - t0); r.push(t2 - t1); both.push(t2 - t0);
    }
    out.results[policy] = { validateAndRoute: stats(both), validate: stats(v), route: stats(r) };
  }
  return out;
};
window.benchReady = true;
`;

const server = createServer((req, res) => {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cache-Control': 'no-store',
  };
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(page);
  } else if (url.pathname === '/bench.js') {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(script);
  } else if (url.pathname === '/dist/hoth.js' || url.pathname === '/dist/hoth_bg.wasm') {
    const file = path.join(dist, path.basename(url.pathname));
    const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(readFileSync(file));
  } else {
    res.writeHead(404, headers).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let result;
try {
  const tab = await browser.newPage();
  const requests = [];
  tab.on('request', (request) => requests.push(request.url()));
  await tab.goto(`${origin}/`);
  await tab.waitForFunction(() => window.benchReady === true);
  const referral = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/referrals/charlene.json'), 'utf8'));
  result = await tab.evaluate(
    ([referral, calls, warmUp, today]) =>
      window.bench(referral, calls, warmUp, today, ['gloucestershire', 'tower-hamlets', 'wokingham']),
    [referral, CALLS, WARM_UP, TODAY],
  );
  result.requests = requests.map((u) => u.replace(origin, ''));
  result.browser = browser.version();
} finally {
  await browser.close();
  server.close();
}

const ms = (x) => x.toFixed(3);
const kb = (x) => (x / 1024).toFixed(1);
console.log(`Chromium ${result.browser}, headless; cross-origin isolated: ${result.isolated}`);
console.log(`requests: ${result.requests.join(', ')}`);
console.log('');
console.log('| file | raw | gzip -9 |');
console.log('| --- | ---: | ---: |');
for (const s of sizes) console.log(`| \`www/dist/${s.name}\` | ${kb(s.raw)} KB | ${kb(s.gzip)} KB |`);
const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
console.log(`| **module (wasm + JS)** | **${kb(total.raw)} KB** | **${kb(total.gzip)} KB** |`);
console.log('');
console.log(`| ${CALLS} calls, charlene.json | p50 | p95 | p99 | max | mean |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [policy, r] of Object.entries(result.results)) {
  for (const [what, s] of Object.entries(r)) {
    const label = { validateAndRoute: 'validate + route', validate: 'validate', route: 'route' }[what];
    console.log(`| ${label} / ${policy} | ${ms(s.p50)} ms | ${ms(s.p95)} ms | ${ms(s.p99)} ms | ${ms(s.max)} ms | ${ms(s.mean)} ms |`);
  }
}
