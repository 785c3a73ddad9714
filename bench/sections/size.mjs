// Size section: what each part of the widget and the JS module costs on the wire, and where
// the widget's WebAssembly goes by crate and by function (twiggy, on the file before
// wasm-bindgen and wasm-opt, which still names every function). Prints the section JSON
// (bench/lib.mjs). Needs `./x build` first (www/dist and target/.../wasm-release).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { root, emit, table, sizeOf, kb } from '../lib.mjs';

const COMMAND = 'node bench/sections/size.mjs';
const dist = (f) => path.join(root, 'www/dist', f);
// A page loads one council's pack beside the widget: the largest is counted, so the total is
// what any council's page loads.
const largestPack = readdirSync(path.join(root, 'www/dist')).filter((f) => /^policy-.*\.json$/.test(f))
  .sort((a, b) => statSync(dist(b)).size - statSync(dist(a)).size)[0];
const PARTS = {
  'widget (`<hoth-referral>`)': [['hoth_ui_bg.wasm', 'WebAssembly: the core, Yew and the pages'], ['hoth_ui.js', 'wasm-bindgen JS glue'],
    ['hoth-referral.js', 'the custom element script'], ['hoth-referral.css', 'stylesheet'],
    ...(largestPack ? [[largestPack, 'the largest council policy pack (a page fetches its own council\'s one)']] : [])],
  'JS module (hoth-wasm)': [['hoth_bg.wasm', 'WebAssembly: the core and its JS boundary'], ['hoth.js', 'wasm-bindgen JS glue']],
};
const rows = [];
const totals = {};
for (const [name, files] of Object.entries(PARTS)) {
  const sizes = files.map(([f, what]) => ({ f, what, ...sizeOf(dist(f)) }));
  const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  totals[name] = total;
  for (const s of sizes) rows.push([name, `\`www/dist/${s.f}\``, s.what, kb(s.raw), kb(s.gzip), `${((100 * s.gzip) / total.gzip).toFixed(0)}%`, kb(s.brotli)]);
  rows.push([`**${name}**`, '', '**total**', `**${kb(total.raw)}**`, `**${kb(total.gzip)}** (${total.gzip} bytes)`, '100%', `**${kb(total.brotli)}**`]);
}

// twiggy: every item of the named wasm, by crate.
const named = path.join(root, 'target/wasm32-unknown-unknown/wasm-release/hoth_ui.wasm');
let twiggy = '';
const twiggyVersion = spawnSync('twiggy', ['--version'], { encoding: 'utf8' });
if (twiggyVersion.status !== 0) {
  twiggy = '`twiggy` is not installed (`./x bench` installs it with `cargo install twiggy --locked`): no breakdown by crate.';
} else if (!existsSync(named)) {
  twiggy = `No ${path.relative(root, named)}: run \`./x build\` first.`;
} else {
  const out = spawnSync('twiggy', ['top', '-n', '1000000', '-f', 'json', named], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const items = JSON.parse(out.stdout);
  // Custom sections (names, wasm-bindgen's descriptors) never ship: wasm-bindgen and wasm-opt drop them.
  // Nor do wasm-bindgen's describe functions: wasm-bindgen runs and removes them.
  const shipped = items.filter((i) => !/subsection|^custom section|^producers|__wbindgen_describe|wasm_bindgen(\[[0-9a-f]+\])?::describe/.test(i.name));
  const crateOf = (name) => {
    if (name.startsWith('data segment')) return 'data (.rodata: strings, the embedded catalogue and calendar; the widget embeds no pack)';
    const subject = name.replace(/^<(&(mut )?|dyn )*/, '');
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(subject);
    if (!m) return 'other (imports, exports, tables, wasm-bindgen glue items)';
    return ['core', 'alloc', 'std'].includes(m[1]) ? 'core / alloc / std (with generic code instantiated for the crates above)' : m[1];
  };
  const byCrate = new Map();
  let code = 0;
  for (const i of shipped) {
    const c = crateOf(i.name);
    byCrate.set(c, (byCrate.get(c) ?? 0) + i.shallow_size);
    code += i.shallow_size;
  }
  const crates = [...byCrate.entries()].sort((a, b) => b[1] - a[1]);
  const top = shipped.filter((i) => !i.name.startsWith('data segment')).slice(0, 20);
  const clean = (n) => n.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '').replace(/\|/g, '\\|');
  twiggy = `Where the widget's WebAssembly goes (${twiggyVersion.stdout.trim()}, \`twiggy top -n 1000000 -f json ${path.relative(root, named)}\`: the release build before wasm-bindgen and \`wasm-opt\`, ${kb(code)} of code and data without its custom sections; \`wasm-opt\` then takes it to ${kb(sizeOf(dist('hoth_ui_bg.wasm')).raw)}, so read the shares, not the bytes). A function is counted under the crate of its path; generic code (iterators, collections) under core/alloc even when another crate instantiated it.\n\n` +
    table(['crate', 'bytes (before wasm-opt)', 'share'], crates.slice(0, 16).map(([c, b]) => [c, kb(b), `${((100 * b) / code).toFixed(1)}%`])
      .concat(crates.length > 16 ? [[`${crates.length - 16} more crates`, kb(crates.slice(16).reduce((a, [, b]) => a + b, 0)), '']] : [])) +
    '\n\nThe 20 largest functions:\n\n' +
    table(['function', 'bytes'], top.map((i) => [`\`${clean(i.name).slice(0, 150)}\``, String(i.shallow_size)]));
}

emit({
  id: 'size',
  title: 'Size by part',
  command: COMMAND,
  // The goals table's transfer row comes from the browser section (with the peer beside it).
  summary: [],
  markdown: `The built files in \`www/dist/\` (\`./x build\`: release build with the pinned nightly, \`-Z build-std\` and immediate abort unless \`HOTH_STABLE_WASM\` is set, wasm-bindgen, \`wasm-opt -Oz -ocimfs 20 --converge\`, the glue and stylesheet minified by esbuild). gzip -9 as \`./x build\` prints; brotli at quality 11 (the \`.br\` copies \`./x build\` writes beside each file are these bytes).\n\n` +
    table(['part', 'file', 'what it is', 'raw', 'gzip -9', 'share of gzip', 'brotli 11'], rows, ['l', 'l', 'l']) + '\n\n' + twiggy,
});
