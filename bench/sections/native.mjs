// Native section: criterion's validate + route per built-in pack (crates/hoth-core/benches/
// route.rs), read back from target/criterion/**/new/estimates.json after a fresh run.
// Prints the section JSON (see bench/lib.mjs). `--skip-run` reads the last run's estimates.
import { readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, emit, table, us } from '../lib.mjs';

const COMMAND = 'cargo bench -p hoth-core --bench route';
const criterion = path.join(root, 'target/criterion');

if (!process.argv.includes('--skip-run')) {
  // Stale estimates of a renamed benchmark must not be read back as this run's.
  for (const dir of ['validate_and_route', 'validate_only']) rmSync(path.join(criterion, dir), { recursive: true, force: true });
  const run = spawnSync('cargo', ['bench', '-p', 'hoth-core', '--bench', 'route'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (run.status !== 0) throw new Error(`${COMMAND} failed (${run.status})`);
}

// Every benchmark directory holding new/estimates.json, named by its path under target/criterion.
function estimates(dir, name = '') {
  const out = [];
  const file = path.join(dir, 'new/estimates.json');
  if (existsSync(file) && name) {
    const e = JSON.parse(readFileSync(file, 'utf8'));
    out.push({ name, median: e.median.point_estimate / 1000, low: e.median.confidence_interval.lower_bound / 1000,
      high: e.median.confidence_interval.upper_bound / 1000, mean: e.mean.point_estimate / 1000 });
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'new' && entry.name !== 'base' && entry.name !== 'report' && entry.name !== 'change') {
      out.push(...estimates(path.join(dir, entry.name), name ? `${name}/${entry.name}` : entry.name));
    }
  }
  return out;
}

const results = ['validate_and_route', 'validate_only']
  .filter((d) => existsSync(path.join(criterion, d)))
  .flatMap((d) => estimates(path.join(criterion, d), d));
const rules = Object.fromEntries(readdirSync(path.join(root, 'policies'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(root, 'policies', f), 'utf8')).rules.length]));
const label = (name) => {
  const pack = name.split('/')[1];
  return pack ? `validate + route / ${pack} (${rules[pack] ?? '?'} rules)` : name.replace(/_/g, ' ');
};
const routes = results.filter((r) => r.name.startsWith('validate_and_route/'));
const worst = routes.reduce((a, r) => Math.max(a, r.median), 0);

emit({
  id: 'native',
  title: 'Native: validate + route (criterion)',
  command: COMMAND,
  summary: [{ what: 'native validate + route, slowest pack (criterion median)', hoth: us(worst), peer: '', ratio: '',
    goal: '<= 10 us (budget 20 us)', met: worst <= 10 ? 'yes' : worst <= 20 ? 'budget only' : 'no' }],
  markdown: `One full referral (\`tests/fixtures/referrals/charlene.json\`, 13 indicators, 3 contexts), validated and routed under each built-in pack, one core, release build. Read from \`target/criterion/*/new/estimates.json\`.\n\n` +
    table(['benchmark', 'median', '95% interval of the median', 'mean'],
      results.map((r) => [label(r.name), us(r.median), `${us(r.low)} - ${us(r.high)}`, us(r.mean)])),
});
