// Subresource Integrity for the built files (run by `./x build` after the widget is built):
//   1. fills the hashes of the wasm, the stylesheet and each council's pack (policy-<id>.json,
//      tools/packs.mjs) into www/dist/hoth-referral.js, which checks them itself (the wasm and
//      the pack are fetched with `integrity`, the <link> gets `integrity`); a pack the script
//      has no hash for is one this build does not serve, and is never fetched;
//   2. writes www/dist/integrity.json: sha384 of every file in www/dist a page may load;
//   3. prints the embedding snippet: the element's script with `integrity`, and an import map
//      whose `integrity` covers hoth_ui.js (the script's own import), with the CSP hash source
//      that lets that inline import map run under a policy without 'unsafe-inline'; and the
//      glue and the wasm preloaded (`modulepreload` with `integrity`; `preload` as fetch with
//      `crossorigin`, matching the element's own CORS-mode fetch, and no `integrity`, which
//      Chromium ignores on such a preload with a console warning: the element's fetch checks
//      it), so the browser fetches them beside the element's script, each once; and the
//      council's pack likewise (the line names Wokingham's: a portal puts its own id there).
// Usage: node tools/integrity.mjs [www/dist] [/hoth/]   (the folder, then the URL it is served at)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'www/dist';
const at = process.argv[3] ?? '/hoth/';
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const file = (name) => readFileSync(join(dist, name));

// 1. The hashes the element's script checks itself.
const packs = readdirSync(dist).filter((n) => /^policy-[a-z0-9-]+\.json$/.test(n)).sort();
const own = {
  'hoth_ui_bg.wasm': sri(file('hoth_ui_bg.wasm')),
  'hoth-referral.css': sri(file('hoth-referral.css')),
  ...Object.fromEntries(packs.map((name) => [name, sri(file(name))])),
};
const script = file('hoth-referral.js').toString('utf8');
const marker = /^const INTEGRITY = \{[^\n]*\};$/m;
if (!marker.test(script)) {
  console.error('tools/integrity.mjs: no "const INTEGRITY = {...};" line in hoth-referral.js');
  process.exit(1);
}
const filled = script.replace(marker, `const INTEGRITY = ${JSON.stringify(own)};`);
// Written only when it changes, so its .br/.gz copies (tools/compress.mjs) stay current.
if (filled !== script) writeFileSync(join(dist, 'hoth-referral.js'), filled);

// 2. Every file.
const names = ['hoth-referral.js', 'hoth_ui.js', 'hoth_ui_bg.wasm', 'hoth-referral.css', ...packs, 'hoth.js', 'hoth_bg.wasm'];
const integrity = Object.fromEntries(names.map((name) => [name, sri(file(name))]));
const json = `${JSON.stringify(integrity, null, 2)}\n`;
if (!existsSync(join(dist, 'integrity.json')) || file('integrity.json').toString('utf8') !== json) writeFileSync(join(dist, 'integrity.json'), json);

// 3. The snippet.
const importMap = JSON.stringify({ integrity: { [`${at}hoth_ui.js`]: integrity['hoth_ui.js'] } });
const cspHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;
console.log(`<!-- In the <head>, before any module script; the import map's text exactly as here. -->
<script type="importmap">${importMap}</script>
<script type="module" src="${at}hoth-referral.js" integrity="${integrity['hoth-referral.js']}"></script>
<link rel="modulepreload" href="${at}hoth_ui.js" integrity="${integrity['hoth_ui.js']}">
<link rel="preload" href="${at}hoth_ui_bg.wasm" as="fetch" type="application/wasm" crossorigin>
<!-- Your council's pack (the id in the element's policy attribute): -->
<link rel="preload" href="${at}${packs.includes('policy-wokingham.json') ? 'policy-wokingham.json' : packs[0]}" as="fetch" type="application/json" crossorigin>
<!-- CSP: script-src 'self' 'wasm-unsafe-eval' ${cspHash}; style-src 'self' -->`);
