// Copies each built-in policy pack (policies/<id>.json) into the widget's folder as
// policy-<id>.json, without the whitespace between tokens (the same text otherwise, as the
// core's build script embeds it: build/minify.rs). The widget's WebAssembly carries no pack;
// the element fetches its council's one (run by `./x build`, before tools/integrity.mjs, which
// writes each file's hash into the element script).
// Usage: node tools/packs.mjs [www/dist]
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'www/dist';

/** `json` with every space, tab, carriage return and newline outside strings taken out. */
export function minify(json) {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const c of json) {
    if (inString) {
      out += c;
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (!' \t\r\n'.includes(c)) {
      out += c;
      inString = c === '"';
    }
  }
  return out;
}

for (const name of readdirSync(dist).filter((n) => /^policy-.*\.json$/.test(n))) rmSync(join(dist, name));
for (const name of readdirSync('policies').filter((n) => n.endsWith('.json')).sort()) {
  const text = readFileSync(join('policies', name), 'utf8');
  const small = minify(text);
  // The same JSON, only smaller: refuse to write anything else.
  if (JSON.stringify(JSON.parse(small)) !== JSON.stringify(JSON.parse(text))) {
    console.error(`tools/packs.mjs: ${name} changed when minified`);
    process.exit(1);
  }
  writeFileSync(join(dist, `policy-${name}`), small);
  console.error(`${join(dist, `policy-${name}`)}: ${Buffer.byteLength(small)} bytes`);
}
