// Minifies the built JavaScript glue and the widget's stylesheet in place (run by `./x build`,
// before tools/integrity.mjs hashes them), with esbuild (a dev dependency, package.json):
//   hoth_ui.js, hoth.js    wasm-bindgen's glue: whitespace, syntax and local names;
//   hoth-referral.js       the element script: the same, but its `const INTEGRITY = {...};` line is
//                          kept first and whole, for tools/integrity.mjs to fill in;
//   hoth-referral.css      the stylesheet.
// The ES module shape, the exported names and every string are unchanged; the files only shrink.
// Usage: node tools/minify.mjs DIR FILE...   (e.g. www/dist hoth_ui.js hoth-referral.css)
import { transformSync } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist = 'www/dist', ...names] = process.argv.slice(2);
const js = { loader: 'js', format: 'esm', minify: true, target: 'es2022', legalComments: 'none' };
const css = { loader: 'css', minify: true, legalComments: 'none' };

function minify(name) {
  const file = join(dist, name);
  if (!existsSync(file)) {
    console.error(`tools/minify.mjs: no ${file}`);
    process.exit(1);
  }
  const options = name.endsWith('.css') ? css : js;
  const split = name === 'hoth-referral.js';
  let text = readFileSync(file, 'utf8');
  let head = '';
  if (split) {
    // The INTEGRITY line stays a line of its own; the rest refers to it as a free name.
    const marker = /^const INTEGRITY = \{[^\n]*\};\n/m;
    const match = text.match(marker);
    if (!match) {
      console.error(`tools/minify.mjs: no "const INTEGRITY = {...};" line in ${name}`);
      process.exit(1);
    }
    head = match[0];
    text = text.replace(marker, '');
  }
  const before = Buffer.byteLength(text) + Buffer.byteLength(head);
  const out = head + transformSync(text, options).code;
  writeFileSync(file, out);
  console.error(`${file}: ${before} -> ${Buffer.byteLength(out)} bytes`);
}

for (const name of names) minify(name);
