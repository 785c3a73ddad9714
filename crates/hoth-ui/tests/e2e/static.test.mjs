// Static checks of what `./x build` put in www/dist (no browser): no eval or Function
// constructor anywhere the page loads, no HTML parsing of data, only the console calls
// accounted for, and the Subresource Integrity hashes in integrity.json true to the files.
// WebAssembly can only reach the page through the imports its JS glue defines, so checking
// the glue covers the wasm too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';

const dist = path.join(root, 'www/dist');
const js = readdirSync(dist).filter((f) => f.endsWith('.js'));
const read = (file) => readFileSync(path.join(dist, file), 'utf8');

/** Every Rust and JS source file of the widget. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(rs|js)$/.test(e.name) ? [p] : [];
  });
}

test('the built JS has every file a page loads, and no eval, Function constructor or string timers', () => {
  assert.deepEqual(js.sort(), ['hoth-referral.js', 'hoth.js', 'hoth_ui.js'].sort());
  for (const file of js) {
    const text = read(file);
    assert.doesNotMatch(text, /\beval\s*\(/, `${file}: eval`);
    // `Function(` outside a template string (wasm-bindgen's debug text has `Function(${...})`).
    assert.doesNotMatch(text, /(?<![\w`$.])Function\s*\(/, `${file}: Function()`);
    assert.doesNotMatch(text, /new\s+Function\b/, `${file}: new Function`);
    assert.doesNotMatch(text, /set(Timeout|Interval)\s*\(\s*['"`]/, `${file}: a string timer`);
    assert.doesNotMatch(text, /document\.write|insertAdjacentHTML|outerHTML\s*=|createContextualFragment|DOMParser/, `${file}: HTML parsing`);
    assert.doesNotMatch(text, /import\s*\(\s*['"`]?(data|blob|https?):/, `${file}: a dynamic import of another origin or data`);
  }
});

test('innerHTML: only Yew\'s raw-HTML binding in the glue, which the widget never uses', () => {
  const glue = read('hoth_ui.js');
  const uses = glue.match(/\.innerHTML\s*=/g) ?? [];
  assert.equal(uses.length, 1, 'one binding (web_sys Element::set_inner_html, linked by Yew)');
  assert.doesNotMatch(read('hoth-referral.js'), /innerHTML/);
  const widget = sources(path.join(root, 'crates/hoth-ui/src'));
  assert.ok(widget.length > 10);
  for (const file of [...widget, path.join(root, 'crates/hoth-ui/js/hoth-referral.js')]) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /from_html_unchecked|VRaw|set_inner_html|inner_html|innerHTML|AttrValue::from\(.*<|dangerously/, file);
  }
});

test('the console calls in the glue are only the ones accounted for', () => {
  // hoth_ui.js: the panic hook's one fixed sentence (crates/hoth-ui/src/lib.rs); Yew's
  // default hook (console_error_panic_hook, which prints the panic's message), still linked
  // but never installed because ours is set first through yew::set_custom_panic_hook; Yew's
  // log of a failed DOM insertion (only when the page tampers with the shadow root); and
  // wasm-bindgen's three loader warnings. hoth.js: the three loader warnings.
  const calls = (file) => (read(file).match(/console\.\w+/g) ?? []).sort();
  assert.deepEqual(calls('hoth_ui.js'), ['console.error', 'console.error', 'console.error', 'console.warn', 'console.warn', 'console.warn']);
  assert.deepEqual(calls('hoth.js'), ['console.warn', 'console.warn', 'console.warn']);
  assert.deepEqual(calls('hoth-referral.js'), []);
  const lib = readFileSync(path.join(root, 'crates/hoth-ui/src/lib.rs'), 'utf8');
  assert.match(lib, /set_custom_panic_hook\(Box::new\(\|_\| console_error\(PANIC_MESSAGE\)\)\)/,
    'the panic hook ignores the panic and prints a fixed message');
  // Nothing else in the widget's source writes to the console.
  for (const file of sources(path.join(root, 'crates/hoth-ui/src'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /console::|gloo_console|gloo::console|web_sys::console|log!\(|println!|eprintln!|dbg!/, file);
  }
});

test('integrity.json holds the sha384 of every built file, and the element script checks its own fetches', () => {
  const integrity = JSON.parse(read('integrity.json'));
  // One pack file per council in policies/ (tools/packs.mjs): the widget's wasm carries none.
  const packs = readdirSync(path.join(root, 'policies')).filter((f) => f.endsWith('.json')).map((f) => `policy-${f}`);
  assert.equal(packs.length, 3);
  const files = ['hoth-referral.js', 'hoth_ui.js', 'hoth_ui_bg.wasm', 'hoth-referral.css', ...packs, 'hoth.js', 'hoth_bg.wasm'];
  assert.deepEqual(Object.keys(integrity).sort(), files.sort());
  const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(path.join(dist, file))).digest('base64')}`;
  for (const file of files) assert.equal(integrity[file], sri(file), file);
  const script = read('hoth-referral.js');
  const own = JSON.parse(script.match(/^const INTEGRITY = (\{.*\});$/m)[1]);
  assert.deepEqual(own, {
    'hoth_ui_bg.wasm': sri('hoth_ui_bg.wasm'),
    'hoth-referral.css': sri('hoth-referral.css'),
    ...Object.fromEntries(packs.map((f) => [f, sri(f)])),
  });
  // Each pack file is the council's pack, whitespace aside.
  for (const f of packs) {
    const source = JSON.parse(readFileSync(path.join(root, 'policies', f.replace(/^policy-/, '')), 'utf8'));
    assert.deepEqual(JSON.parse(read(f)), source, f);
  }
});
