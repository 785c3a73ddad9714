// hoth-server under load: wrk (Debian's, installed by ./x bench) against the release build on
// 127.0.0.1 of this machine, the load generator sharing its cores. Requests per second and
// latency percentiles for POST /v1/validate and POST /v1/route (which validates, then routes)
// at concurrency 1, 16 and 64; resident memory (VmRSS from /proc) before and after 1,000,000
// requests; and the same referral through the CLI, one `hoth route` process per referral, for
// the ratio. Prints one section object (bench/lib.mjs emit()).
//
//   node bench/sections/server.mjs [--seconds 10] [--total 1000000] [--markdown]
// Needs `cargo build --release -p hoth-server -p hoth-cli` and wrk.
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { root, table, emit } from '../lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const SECONDS = option('--seconds', 10);
const TOTAL = option('--total', 1_000_000);
const TODAY = '2026-03-10';
const POLICY = 'wokingham';
const server = path.join(root, 'target/release/hoth-server');
const cli = path.join(root, 'target/release/hoth');
const referralFile = path.join(root, 'tests/fixtures/referrals/charlene.json');
const referral = readFileSync(referralFile, 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'hoth-bench-server-'));

/** A wrk script: POST the referral, and print a JSON summary at the end. */
function script(extra = '') {
  const file = path.join(dir, `post${extra ? '-mix' : ''}.lua`);
  writeFileSync(file, `
wrk.method = "POST"
wrk.body = ${JSON.stringify(referral.replace(/\n/g, ' '))}
wrk.headers["Content-Type"] = "application/json"
${extra}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
`);
  return file;
}

function wrk(url, connections, seconds, file) {
  const out = execFileSync('wrk', ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', file, url],
    { encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = out.split('\n').find((l) => l.startsWith('JSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const r = JSON.parse(line.slice(5));
  return { ...r, rps: r.requests / (r.duration_us / 1e6) };
}

/** CPU time the service has used so far (user + system), in microseconds (/proc/PID/stat). */
function cpuUs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks / TICKS) * 1e6;
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

function start() {
  return new Promise((resolve, reject) => {
    const child = spawn(server, ['--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, url: line.trim() }));
    child.once('error', reject);
  });
}

const loadBefore = os.loadavg();
const { child, url } = await start();
const post = script();
const rows = [];
const results = {};
try {
  const rssStart = rss(child.pid);
  for (const endpoint of ['validate', 'route']) {
    const target = `${url}v1/${endpoint}?${endpoint === 'route' ? `policy=${POLICY}&` : ''}today=${TODAY}`;
    wrk(target, 4, 2, post); // warm up
    for (const c of [1, 16, 64]) {
      const cpu0 = cpuUs(child.pid);
      const r = wrk(target, c, SECONDS, post);
      if (r.errors || r.non2xx) throw new Error(`${endpoint} c=${c}: ${r.errors} socket errors, ${r.non2xx} non-2xx`);
      r.cpuPerRequest = (cpuUs(child.pid) - cpu0) / r.requests;
      results[`${endpoint}-${c}`] = r;
      rows.push([`POST /v1/${endpoint}`, String(c), Math.round(r.rps).toLocaleString('en-GB'),
        (r.p50_us / 1000).toFixed(3), (r.p90_us / 1000).toFixed(3), (r.p99_us / 1000).toFixed(3), (r.max_us / 1000).toFixed(1),
        r.requests.toLocaleString('en-GB'), r.cpuPerRequest.toFixed(0), Math.round(2e6 / r.cpuPerRequest).toLocaleString('en-GB')]);
    }
  }

  // Memory: a mix of every kind of request until TOTAL more have been answered.
  const mix = script(`
local n = 0
local paths = { "/v1/route?policy=wokingham&today=${TODAY}", "/v1/validate?today=${TODAY}",
  "/v1/route?policy=gloucestershire&today=${TODAY}", "/v1/route?policy=tower-hamlets&today=${TODAY}" }
request = function()
  n = n + 1
  return wrk.format(nil, paths[(n % #paths) + 1])
end`);
  // Warm up the mix first: each built-in pack is parsed the first time it is asked for.
  wrk(url.replace(/\/$/, ''), 64, 2, mix);
  const rssBefore = rss(child.pid);
  const series = [];
  let answered = 0;
  const t0 = Date.now();
  while (answered < TOTAL) {
    const r = wrk(url.replace(/\/$/, ''), 64, 20, mix);
    if (r.errors || r.non2xx) throw new Error(`memory run: ${r.errors} socket errors, ${r.non2xx} non-2xx`);
    answered += r.requests;
    series.push([answered, rss(child.pid)]);
  }
  const memorySeconds = (Date.now() - t0) / 1000;
  const rssAfter = rss(child.pid);
  results.memory = { rssStart, rssBefore, rssAfter, answered, series, memorySeconds };

  // The CLI, one process per referral.
  const runs = 300;
  spawnSync(cli, ['route', '--policy', POLICY, '--today', TODAY, referralFile]);
  const c0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(cli, ['route', '--policy', POLICY, '--today', TODAY, referralFile], { stdio: ['ignore', 'ignore', 'ignore'] });
    if (run.status !== 0) throw new Error(`hoth route exited ${run.status}`);
  }
  const cliMs = Number(process.hrtime.bigint() - c0) / 1e6 / runs;
  results.cli = { runs, ms: cliMs, perSecond: 1000 / cliMs };

  // The answers are the CLI's (checked by the tests byte for byte; here once more).
  const served = await (await fetch(`${url}v1/route?policy=${POLICY}&today=${TODAY}`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: referral })).text();
  const native = execFileSync(cli, ['route', '--policy', POLICY, '--today', TODAY, referralFile], { encoding: 'utf8' });
  if (served !== native) throw new Error('the service and hoth route disagree');
} finally {
  child.kill('SIGTERM');
}
const loadAfter = os.loadavg();
// `wrk --version` prints its version and usage, and exits 1.
const wrkVersion = (spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout ?? '').split('\n')[0].split(' ')[1] ?? 'unknown';

const route64 = results['route-64'];
const route1 = results['route-1'];
const m = results.memory;
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
const growth = ((m.rssAfter - m.rssBefore) / m.rssBefore) * 100;
const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
const summary = [
  { what: 'hoth-server POST /v1/route (validate + route) at concurrency 64: requests/s, p99', hoth: `${Math.round(route64.rps).toLocaleString('en-GB')}/s, p99 ${(route64.p99_us / 1000).toFixed(2)} ms`,
    goal: '>= 10,000/s, p99 < 10 ms', met: route64.rps >= 10000 && route64.p99_us < 10000 ? 'yes' : 'no' },
  { what: 'hoth-server CPU per POST /v1/route at concurrency 64 (and the rate two whole cores would give)', hoth: `${route64.cpuPerRequest.toFixed(0)} us (${Math.round(2e6 / route64.cpuPerRequest).toLocaleString('en-GB')}/s)` },
  { what: 'hoth-server resident memory before / after 1,000,000 more requests', hoth: `${mb(m.rssBefore)} / ${mb(m.rssAfter)}`, goal: 'no material growth',
    met: growth < 10 ? 'yes' : 'no' },
  { what: 'one referral through `hoth route` (a process each) / through the service at concurrency 1', hoth: `${results.cli.ms.toFixed(2)} ms / ${(route1.p50_us / 1000).toFixed(3)} ms p50`,
    ratio: `${(results.cli.ms / (route1.p50_us / 1000)).toFixed(1)}x` },
];
const markdown = [
  `wrk ${wrkVersion} (one thread) against \`target/release/hoth-server\` on 127.0.0.1, both on this machine's ${os.cpus().length} cores; the access log on (to /dev/null). Body: \`tests/fixtures/referrals/charlene.json\` (${referral.length.toLocaleString('en-GB')} bytes), \`today=${TODAY}\`, route under ${POLICY}; keep-alive connections; ${SECONDS} s per row after a 2 s warm-up. Every answer was 200 (wrk counted no socket errors and no other status). Load average (1 / 5 / 15 min) before and after: ${load(loadBefore)}; ${load(loadAfter)}${loadBefore[0] > os.cpus().length ? ' (above the number of cores: the machine was shared, so these are lower bounds on throughput)' : ''}.`,
  '',
  table(['endpoint', 'concurrency', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'service CPU us / request', '2 cores / CPU per request'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
  '',
  'The last two columns: the CPU time the service used (user + system, /proc/PID/stat) divided by the requests it answered, and what two cores given wholly to the service could answer at that cost (2,000,000 us / CPU per request): a ceiling worked out from the measured cost, not a measured rate. wrk shares the same two cores and was not counted.',
  '',
  `**Memory** (VmRSS of the service from /proc): ${mb(m.rssStart)} at start, ${mb(m.rssBefore)} after the runs above and a 2 s warm-up of the mix (which loads the other two packs), ${mb(m.rssAfter)} after ${m.answered.toLocaleString('en-GB')} more requests at concurrency 64 (${Math.round(m.answered / m.memorySeconds).toLocaleString('en-GB')}/s over ${m.memorySeconds.toFixed(0)} s; a mix of route under each built-in pack and validate): ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%. After each 20 s run: ${m.series.map(([n, kb]) => `${(n / 1e6).toFixed(2)}M ${mb(kb)}`).join(', ')}.`,
  '',
  `**The CLI for comparison**: \`hoth route --policy ${POLICY} --today ${TODAY}\` on the same file, one process per referral (release build, ${results.cli.runs} runs in a row): ${results.cli.ms.toFixed(2)} ms each, ${results.cli.perSecond.toFixed(0)} referrals/s; the service answers the same referral in ${(route1.p50_us / 1000).toFixed(3)} ms (p50 at concurrency 1), ${(results.cli.ms / (route1.p50_us / 1000)).toFixed(1)}x faster, and ${(route64.rps / results.cli.perSecond).toFixed(0)}x the referrals per second at concurrency 64. The service's answer is byte for byte the CLI's (checked again in this run).`,
].join('\n');

emit({ id: 'server', title: 'hoth-server under load (wrk)', command: 'node bench/sections/server.mjs', summary, markdown });
