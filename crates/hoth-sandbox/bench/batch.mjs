// The partner sandbox's batch throughput: 10,000 referrals under the three built-in policies
// (30,000 decisions) in headless Chromium, timed by the page itself from the click to the
// last row received (worker start, file read, routing, rows back to the page). Prints a
// markdown table (or JSON with --json) for BENCHMARKS.md. Run by `./x bench-sandbox`.
//
//   node crates/hoth-sandbox/bench/batch.mjs [--json] [--runs 5] [--count 10000]
import os from 'node:os';
import {
  startServer, launch, hoth, tempFile, openSandbox, setToday, runBatchFile,
} from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const json = args.includes('--json');
const runs = option('--runs', 5);
const count = option('--count', 10000);
const TODAY = '2026-03-10';

const referrals = hoth(['synth', '--seed', '1', '--count', String(count), '--today', TODAY]);
const file = tempFile('bench.jsonl', referrals);

const server = await startServer();
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];

// One worker, then two (the page's default on a machine with two or more cores).
for (const workers of [1, 2]) {
  const page = await browser.newPage();
  await openSandbox(page, server.url, `?workers=${workers}`);
  await setToday(page, TODAY);
  const label = `${workers} worker${workers > 1 ? 's' : ''}`;
  const fileTimes = [];
  for (let i = 0; i < runs; i++) fileTimes.push((await runBatchFile(page, file)).ms);
  results.push({ case: `${count} referrals from a JSON Lines file, 3 policies, ${label}`, workers, runs, medianMs: median(fileTimes), minMs: Math.min(...fileTimes) });

  await page.locator('#synth-seed').fill('1');
  await page.locator('#synth-count').fill(String(count));
  const synthTimes = [];
  for (let i = 0; i < runs; i++) {
    await page.locator('#synth-run').click();
    await page.locator('#batch-status[data-state="running"]').waitFor();
    await page.locator('#batch-status[data-state="done"]').waitFor({ timeout: 120_000 });
    synthTimes.push(Number(await page.locator('#batch-status').getAttribute('data-elapsed-ms')));
  }
  results.push({ case: `${count} synthetic referrals made in the worker (seed 1), 3 policies, ${label}`, workers, runs, medianMs: median(synthTimes), minMs: Math.min(...synthTimes) });
  await page.close();
}

await browser.close();
server.stop();

const loadAverage = os.loadavg()[0].toFixed(1);
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), headless Chromium, load average ${loadAverage} at the end`;
if (json) {
  console.log(JSON.stringify({ machine, goalMs: 2000, results }, null, 2));
} else {
  console.log('| Batch (Web Workers, wasm) | Runs | Median | Fastest | Decisions per second (median) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    const rate = Math.round((count * 3) / (r.medianMs / 1000));
    console.log(`| ${r.case} | ${r.runs} | ${(r.medianMs / 1000).toFixed(2)} s | ${(r.minMs / 1000).toFixed(2)} s | ${rate.toLocaleString('en-GB')} |`);
  }
  console.log(`\nGoal: 10,000 referrals under three policies in at most 2 s. Machine: ${machine}.`);
}
