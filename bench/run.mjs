// Writes BENCHMARKS.md from one run of every benchmark section (`./x bench` runs this after
// `./x setup`, the bench tools and `./x build`).
//
// A section is one command that prints either one JSON object
//   { "id", "title", "command", "summary": [goal-table rows], "markdown" }
// (see bench/lib.mjs's emit()) or plain markdown (then the entry's `title` heads it). To add
// a section, add an entry to SECTIONS. Summary rows are objects with the columns of the goals
// table below (what, hoth, peer, ratio, hoth4, peer4, ratio4, goal, met); missing ones are blank.
//
// Everything in BENCHMARKS.md after the HISTORY marker line is kept as it is: the measured
// history (what changed the numbers and why) lives there and is edited by hand.
//
//   node bench/run.mjs [--out BENCHMARKS.md]   every section, written to BENCHMARKS.md
//   node bench/run.mjs --print ID...            only these sections, printed as markdown
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync, execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { root, table } from './lib.mjs';

export const SECTIONS = [
  { id: 'native', title: 'Native: validate + route (criterion)', command: ['node', 'bench/sections/native.mjs'] },
  { id: 'browser', title: 'Browser: hoth against SurveyJS and json-logic-js', command: ['node', 'bench/sections/browser.mjs'] },
  { id: 'size', title: 'Size by part', command: ['node', 'bench/sections/size.mjs'] },
  { id: 'lighthouse', title: 'Lighthouse 12.2.3, demo portal, mobile', command: ['node', 'bench/sections/lighthouse.mjs'] },
  { id: 'sandbox', title: 'Sandbox batch: 10,000 referrals under three policies (goal <= 2 s)', command: ['node', 'crates/hoth-sandbox/bench/batch.mjs'] },
  { id: 'server', title: 'hoth-server under load (wrk)', command: ['node', 'bench/sections/server.mjs'] },
];
const HISTORY = '<!-- history: everything below this line is kept by ./x bench; edit it by hand -->';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = path.resolve(root, outAt >= 0 ? args[outAt + 1] : 'BENCHMARKS.md');
const only = args.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
const print = args.includes('--print');
const unknown = only.filter((id) => !SECTIONS.some((s) => s.id === id));
if (unknown.length) {
  process.stderr.write(`unknown section ${unknown.join(', ')}: the sections are ${SECTIONS.map((s) => s.id).join(', ')}\n`);
  process.exit(2);
}
const sections = only.length ? SECTIONS.filter((s) => only.includes(s.id)) : SECTIONS;

const sh = (cmd, cmdArgs) => {
  try {
    return execFileSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'not found';
  }
};
const osName = (() => {
  try {
    return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  } catch {
    return os.type();
  }
})();
const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
const started = new Date();
const loadBefore = load();
const commit = sh('git', ['rev-parse', '--short', 'HEAD']);
// Uncommitted changes other than the file this run writes.
const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']).split('\n')
  .some((line) => line.trim() && !line.endsWith(path.relative(root, out))) ? ' (with uncommitted changes)' : '';

const results = [];
let failed = false;
for (const section of sections) {
  process.stderr.write(`\x1b[1m==> bench: ${section.id}: ${section.command.join(' ')}\x1b[0m\n`);
  const t0 = Date.now();
  const run = spawnSync(section.command[0], section.command.slice(1), { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  if (run.status !== 0) {
    failed = true;
    results.push({ id: section.id, title: section.title, command: section.command.join(' '), summary: [],
      markdown: `**This section failed** (exit ${run.status}); see the output of \`./x bench\`.`, seconds });
    continue;
  }
  let result;
  try {
    result = JSON.parse(run.stdout);
  } catch {
    result = { id: section.id, title: section.title, command: section.command.join(' '), summary: [], markdown: run.stdout.trim() };
  }
  results.push({ ...result, seconds });
}

if (print) {
  for (const r of results) console.log(`## ${r.title}\n\nCommand: \`${r.command}\`\n\n${r.markdown}\n`);
  process.exit(failed ? 1 : 0);
}

const facts = [
  ['date (UTC)', started.toISOString().replace(/\.\d+Z$/, 'Z')],
  ['commit', `${commit}${dirty}`],
  ['CPU', `${cpu}, ${os.cpus().length} cores visible (\`nproc\`: ${sh('nproc', [])})`],
  ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
  ['OS', `${osName}, Linux ${os.release()}`],
  ['rustc', sh('rustc', ['--version'])],
  ['Chromium', sh(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'])],
  ['node', process.version],
  ['load average (1 / 5 / 15 min) before and after', `${loadBefore}; ${load()}`],
];
const cols = ['what', 'hoth', 'peer', 'ratio', 'hoth4', 'peer4', 'ratio4', 'goal', 'met'];
const summary = results.flatMap((r) => r.summary ?? []).map((row) => cols.map((c) => row[c] ?? ''));

const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
const history = previous.includes(HISTORY) ? previous.slice(previous.indexOf(HISTORY) + HISTORY.length).replace(/^\n+/, '') : '';

const doc = [
  '# Benchmarks',
  '',
  '<!-- Written by ./x bench (bench/run.mjs) from one run: do not edit above the history marker. -->',
  '',
  `Every figure above the history section comes from one run of \`./x bench\` (= \`./x setup\`, the bench tools (twiggy), \`./x build\`, then \`node bench/run.mjs\`), on the machine below. No test checks a wall-clock threshold: performance is measured here, not asserted. Each section also runs alone: its command is given with it.`,
  '',
  table(['machine', ''], facts, ['l', 'l']),
  '',
  os.loadavg()[0] > os.cpus().length
    ? "**Load:** this run shared the machine's cores with other work (the load average was above the number of cores), so times are upper bounds and move between runs; sizes do not."
    : '**Load:** the load average stayed near the number of cores, most of it this run\'s own browser and builds; times still move a little between runs, sizes do not.',
  '',
  '## Goals and ratios',
  '',
  'hoth / peer: below 1 means hoth is smaller or faster. Peers: the same MARF built with SurveyJS; the three packs\' conditions evaluated by json-logic-js over the same facts. 4x: the CPU slowed 4x through the Chrome DevTools Protocol, as on an old school laptop.',
  '',
  table(['measure', 'hoth (1x)', 'peer (1x)', 'hoth / peer (1x)', 'hoth (4x)', 'peer (4x)', 'hoth / peer (4x)', 'goal', 'goal met (1x)'], summary),
  '',
  ...results.flatMap((r) => [`## ${r.title}`, '', `Command: \`${r.command}\` (${r.seconds} s in this run).`, '', r.markdown, '']),
  HISTORY,
  '',
  history,
].join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');

writeFileSync(out, doc);
process.stderr.write(`\x1b[1m==> bench: wrote ${path.relative(root, out)}\x1b[0m\n`);
if (failed) process.exit(1);
