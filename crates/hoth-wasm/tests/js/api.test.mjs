// The built module (www/dist/hoth.js, from ./x build) through its public JS API, in Node:
// results equal to the CLI's JSON for the same files, errors that are Errors, the module still
// working afterwards, nothing on the console, the npm package's file list and the TypeScript
// types. Run by ./x test after ./x build: node --test crates/hoth-wasm/tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dist = path.join(root, 'www/dist');
const cli = path.join(root, 'target/debug/hoth');
const hoth = await import(pathToFileURL(path.join(dist, 'hoth.js')).href);
hoth.initSync({ module: readFileSync(path.join(dist, 'hoth_bg.wasm')) });

const TODAY = '2026-03-10';
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const jsonFiles = (dir) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(root, dir, f));
const policyIds = hoth.policies().map((p) => p.id);

/** Run the CLI; its JSON on stdout (JSON Lines when there are several). */
function runCli(...args) {
  const run = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.notEqual(run.status, null, `hoth ${args.join(' ')} did not exit`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

const bases = Object.fromEntries(
  jsonFiles('tests/fixtures/referrals').map((f) => [path.basename(f, '.json'), readJson(f)]),
);

/** Every scenario and validation fixture as {name, policy, today, referral}. */
function cases() {
  const all = [];
  for (const policy of readdirSync(path.join(root, 'tests/scenarios')).sort()) {
    for (const file of jsonFiles(`tests/scenarios/${policy}`)) {
      const s = readJson(file);
      all.push({
        name: `${policy}/${path.basename(file)}`,
        policy,
        today: s.today,
        referral: s.referral ?? mergePatch(bases[s.base], s.patch ?? {}),
      });
    }
  }
  for (const file of jsonFiles('tests/fixtures/validation')) {
    const f = readJson(file);
    all.push({
      name: `validation/${path.basename(file)}`,
      policy: f.policy ?? null,
      today: f.today,
      referral: mergePatch(bases[f.base], f.patch),
    });
  }
  return all;
}

test('the module exports exactly the documented API', () => {
  const names = Object.keys(hoth).sort();
  assert.deepEqual(names, [
    'conditions',
    'default',
    'initSync',
    'loadPolicy',
    'policies',
    'route',
    'schema',
    'screeningCatalogue',
    'validate',
  ]);
});

test('validate and route give the CLI JSON for every scenario and validation fixture', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoth-parity-'));
  try {
    const all = cases();
    assert.ok(all.length >= 90, `expected the scenario and validation fixtures, found ${all.length}`);
    const groups = new Map();
    all.forEach((c, i) => {
      c.file = path.join(dir, `${i}.json`);
      writeFileSync(c.file, JSON.stringify(c.referral));
      // validate, with the case's policy when it has one
      const args = ['validate', '--today', c.today, c.file];
      if (c.policy) args.splice(1, 0, '--policy', c.policy);
      const cliValidate = JSON.parse(runCli(...args).stdout);
      assert.deepEqual(hoth.validate(c.referral, c.policy, c.today), cliValidate, `${c.name}: validate`);
      for (const policy of c.policy ? [c.policy] : policyIds) {
        const key = `${policy} ${c.today}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(c);
      }
    });
    // route: one CLI run per policy and date, JSON Lines with "file"
    let routed = 0;
    for (const [key, group] of groups) {
      const [policy, today] = key.split(' ');
      const stdout = runCli('route', '--policy', policy, '--today', today, ...group.map((c) => c.file)).stdout;
      // One file: the JSON itself; several: JSON Lines, each with its "file".
      const lines =
        group.length === 1
          ? [{ file: group[0].file, ...JSON.parse(stdout) }]
          : stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, group.length);
      group.forEach((c, i) => {
        const { file, ...cliResult } = lines[i];
        assert.equal(file, c.file);
        assert.deepEqual(hoth.route(c.referral, policy, today), cliResult, `${c.name}: route under ${policy}`);
        routed++;
      });
    }
    assert.ok(routed >= all.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('conditions over a decision\'s facts say of every rule what its trace says, in the pack\'s order', () => {
  let compared = 0;
  for (const c of cases()) {
    for (const policy of c.policy ? [c.policy] : policyIds) {
      const decision = hoth.route(c.referral, policy, c.today);
      if (!decision.facts) continue;
      const held = hoth.conditions(decision.facts, policy);
      const rules = hoth.policies().find((p) => p.id === policy).rules;
      assert.equal(Object.keys(held).length, rules, `${c.name}: every rule of ${policy}`);
      for (const entry of decision.trace) {
        assert.equal(held[entry.rule], entry.matched, `${c.name}: ${policy} rule ${entry.rule}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 1000, `${compared} rule results compared`);
  // The pack's order.
  const pack = JSON.parse(readFileSync(path.join(root, 'policies/wokingham.json'), 'utf8'));
  assert.deepEqual(Object.keys(hoth.conditions({}, 'wokingham')), pack.rules.map((r) => r.id));
  // Facts that are not an object, or no policy: an Error with a code; the module carries on.
  for (const [facts, policy] of [[[], 'wokingham'], ['x', 'wokingham'], [null, 'wokingham'], [{}, undefined], [{}, 'atlantis']]) {
    assert.throws(() => hoth.conditions(facts, policy), (e) => e instanceof Error && typeof e.code === 'string');
  }
  assert.equal(typeof hoth.conditions({ age: 15 }, 'wokingham'), 'object');
});

test('policies, schema and screeningCatalogue give the CLI JSON', () => {
  assert.deepEqual(hoth.policies(), JSON.parse(runCli('policies').stdout));
  for (const name of ['referral', 'policy', 'decision', 'screening', 'bank-holidays']) {
    assert.deepEqual(hoth.schema(name), JSON.parse(runCli('schema', name).stdout), name);
  }
  assert.deepEqual(hoth.screeningCatalogue(), readJson(path.join(root, 'schemas/screening.json')));
});

test('loadPolicy throws the message the CLI prints, naming the rule and field', () => {
  const charlene = path.join(root, 'tests/fixtures/referrals/charlene.json');
  let failures = 0;
  for (const file of jsonFiles('tests/fixtures/policies')) {
    if (path.basename(file) === 'expected.json') continue;
    const text = readFileSync(file, 'utf8');
    const run = runCli('route', '--policy', file, '--today', TODAY, charlene);
    if (run.status === 2) {
      failures++;
      assert.throws(
        () => hoth.loadPolicy(text),
        (error) => {
          assert.ok(error instanceof Error);
          assert.equal(error.code, 'invalid_policy');
          // The CLI prints "hoth: <file>: <the same message>".
          assert.equal(run.stderr.trim(), `hoth: ${file}: ${error.message}`);
          if (error.rule) assert.ok(error.message.includes(error.rule));
          if (error.field) assert.ok(error.message.includes(error.field));
          // Every problem at once: one line each when there are several, all in `problems`.
          const lines = error.message.split('\n').length;
          assert.equal(error.problems.length, lines === 1 ? 1 : lines - 1, path.basename(file));
          for (const problem of error.problems) assert.ok(error.message.includes(problem.message));
          return true;
        },
        path.basename(file),
      );
    } else {
      const id = hoth.loadPolicy(text);
      assert.deepEqual(hoth.route(readJson(charlene), id, TODAY), JSON.parse(run.stdout), path.basename(file));
    }
  }
  assert.ok(failures >= 10, 'the malformed pack fixtures');
});

test('bad input gives issues or an Error with a code, and the module carries on', () => {
  const charlene = bases.charlene;
  const before = hoth.route(charlene, 'wokingham', TODAY);
  const cyclic = { child: {} };
  cyclic.child.parent = cyclic;
  for (const value of [undefined, null, 42, 'text', [], () => 1, Symbol('s'), {}]) {
    const result = hoth.validate(value, undefined, TODAY);
    assert.equal(result.valid, false);
  }
  const throws = [
    [() => hoth.validate(cyclic), 'unreadable_input'],
    [() => hoth.validate({ hoth: { missingEpisodes90d: 3n } }), 'unreadable_input'],
    [() => hoth.validate({ child: { firstName: 'x'.repeat(2_000_000) } }), 'input_too_large'],
    [() => hoth.route(charlene), 'invalid_argument'],
    [() => hoth.route(charlene, 'nowhere'), 'unknown_policy'],
    [() => hoth.validate(charlene, 7), 'invalid_argument'],
    [() => hoth.validate(charlene, null, '2026-02-31'), 'invalid_argument'],
    [() => hoth.schema('nope'), 'unknown_schema'],
    [() => hoth.loadPolicy(12), 'invalid_argument'],
    [() => hoth.loadPolicy('{'), 'invalid_policy'],
  ];
  for (let round = 0; round < 20; round++) {
    for (const [call, code] of throws) {
      assert.throws(call, (e) => e instanceof Error && e.code === code && e.message.length > 0);
    }
  }
  assert.deepEqual(hoth.route(charlene, 'wokingham', TODAY), before);
});

test('nothing is written to the console, whatever the input', () => {
  const calls = [];
  const saved = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    saved[level] = console[level];
    console[level] = (...args) => calls.push([level, args]);
  }
  try {
    const referral = bases.charlene;
    hoth.validate(referral, 'tower-hamlets', TODAY);
    hoth.route(referral, 'gloucestershire', TODAY);
    hoth.route({ child: { firstName: 'Secret Name', dateOfBirth: 'not a date' } }, 'wokingham', TODAY);
    try {
      hoth.validate({ get child() { throw new Error('x'); } });
    } catch {}
    try {
      hoth.loadPolicy('{"id": "Secret"}');
    } catch {}
  } finally {
    Object.assign(console, saved);
  }
  assert.deepEqual(calls, []);
});

test('npm pack --dry-run lists the module, its types and the wasm', () => {
  const run = spawnSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: path.join(root, 'npm/hoth'),
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const [pack] = JSON.parse(run.stdout);
  assert.deepEqual(pack.files.map((f) => f.path).sort(), [
    'README.md',
    'hoth.d.ts',
    'hoth.js',
    'hoth_bg.wasm',
    'package.json',
  ]);
  const pkg = readJson(path.join(root, 'npm/hoth/package.json'));
  assert.equal(pkg.exports['.'].types, './hoth.d.ts');
  assert.equal(pkg.exports['.'].default, './hoth.js');
  assert.equal(pkg.types, './hoth.d.ts');
});

test('the TypeScript types check a typed use of the API (tsc --strict)', () => {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  const run = spawnSync(
    tsc,
    [
      '--noEmit',
      '--strict',
      '--target', 'es2022',
      '--module', 'es2022',
      '--moduleResolution', 'bundler',
      '--lib', 'es2022,dom',
      path.join(root, 'crates/hoth-wasm/tests/js/usage.ts'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
