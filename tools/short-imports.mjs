// Gives the WebAssembly's imports short names, in the .wasm and in its JavaScript glue alike
// (run by `./x build` after tools/minify.mjs and before tools/integrity.mjs hashes the files).
//
// wasm-bindgen names each import the glue provides `__wbg_<name>_<16 hex digits>`, and both
// files carry every name: the wasm in its import section, the glue as the keys of the imports
// object. The hex digits are a hash, which no compressor can shorten: about 150 imports cost
// some 2 KB of every transfer for names nobody reads. Here each import of the glue's module
// becomes a short name (`a`, `b`, ... `ba`, ...), and the module itself `h`. Nothing else
// changes: the same functions in the same order, so every index in the wasm stays valid, and the
// glue's exports and behaviour are untouched. The rename fails loudly (exit 1) if a name does
// not appear in the glue exactly once as a key, or the module name not at all, so a change in
// wasm-bindgen's output cannot produce a widget that does not link.
//
// The wasm's own exports get the same treatment where only the glue can see them: wasm-bindgen
// names its closure shims `wasm_bindgen_<hash>___convert__closures_____invoke___...` (over a
// hundred characters each, twice over) and its helpers `__wbindgen_malloc` and the like. An
// export is renamed (`A`, `B`, ...) only when every mention of it in the glue is a property
// access (`exports.name`), so an export the glue also hands on under its own name (`mount`,
// `route`) keeps it; `memory` always keeps its name (the object `init()` resolves to is the
// exports, and a page may read its memory).
// Usage: node tools/short-imports.mjs DIR NAME   (e.g. www/dist hoth_ui: hoth_ui_bg.wasm, hoth_ui.js)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist = 'www/dist', name = 'hoth_ui'] = process.argv.slice(2);
const wasmFile = join(dist, `${name}_bg.wasm`);
const glueFile = join(dist, `${name}.js`);
const glueModule = `./${name}_bg.js`;
const shortModule = 'h';

function fail(message) {
  console.error(`tools/short-imports.mjs: ${message}`);
  process.exit(1);
}

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** A short name for the n-th import: a..z, then two letters, never a digit first. */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let text = '';
  do {
    text = letters[n % 26] + text;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return text;
}

const wasm = readFileSync(wasmFile);
if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmFile} is not WebAssembly`);
const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

let glue = readFileSync(glueFile, 'utf8');
/** `name` as a whole identifier in the glue, anywhere / as a property access (`x.name`). */
const escaped = (name) => name.replace(/\$/g, '\\$');
const anywhere = (name) => new RegExp(`(?<![\\w$])${escaped(name)}(?![\\w$])`, 'g');
const access = (name) => new RegExp(`\\.${escaped(name)}(?![\\w$])`, 'g');
const mentions = (text, name) => text.match(anywhere(name))?.length ?? 0;
const accesses = (text, name) => text.match(access(name))?.length ?? 0;

/** A short name for the n-th renamed export: A..Z, then two letters. */
function exportName(n) {
  return shortName(n).toUpperCase();
}

// Walk the sections; rebuild the import section (id 2) and the export section (id 7).
const parts = [wasm.subarray(0, 8)];
const renames = new Map();
const exportRenames = new Map();
let nextExport = 0;
let at = 8;
while (at < wasm.length) {
  const start = at;
  const id = wasm[at++];
  let size;
  [size, at] = readLeb(wasm, at);
  const body = wasm.subarray(at, at + size);
  at += size;
  if (id === 7) {
    let p = 0;
    let count;
    [count, p] = readLeb(body, p);
    const entries = [];
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = readLeb(body, p);
      const field = decoder.decode(body.subarray(p, p + len));
      p += len;
      const kind = body[p++];
      let index;
      [index, p] = readLeb(body, p);
      entries.push({ field, kind, index });
    }
    if (p !== body.length) fail('the export section did not read to its end');
    const names = new Set(entries.map((e) => e.field));
    const out = [...leb(count)];
    for (const { field, kind, index } of entries) {
      let newField = field;
      const uses = mentions(glue, field);
      if (field !== 'memory' && uses > 0 && accesses(glue, field) === uses) {
        do newField = exportName(nextExport++);
        while (names.has(newField));
        exportRenames.set(field, newField);
      }
      const f = encoder.encode(newField);
      out.push(...leb(f.length), ...f, kind, ...leb(index));
    }
    const section = Uint8Array.from(out);
    parts.push(Uint8Array.from([7, ...leb(section.length)]), section);
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(start, at));
    continue;
  }
  let p = 0;
  let count;
  [count, p] = readLeb(body, p);
  const out = [...leb(count)];
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = readLeb(body, p);
    const module = decoder.decode(body.subarray(p, p + len));
    p += len;
    [len, p] = readLeb(body, p);
    const field = decoder.decode(body.subarray(p, p + len));
    p += len;
    // The import's description: kind byte and what follows, copied as it is.
    const descStart = p;
    const kind = body[p++];
    if (kind === 0) {
      [, p] = readLeb(body, p); // function: type index
    } else if (kind === 1) {
      p++; // table: element type, then limits
      let flags;
      [flags, p] = readLeb(body, p);
      [, p] = readLeb(body, p);
      if (flags & 1) [, p] = readLeb(body, p);
    } else if (kind === 2) {
      let flags;
      [flags, p] = readLeb(body, p);
      [, p] = readLeb(body, p);
      if (flags & 1) [, p] = readLeb(body, p);
    } else if (kind === 3) {
      p += 2; // global: value type, mutability
    } else {
      fail(`import ${module}.${field} has an unknown kind ${kind}`);
    }
    let newModule = module;
    let newField = field;
    if (module === glueModule) {
      if (!renames.has(field)) renames.set(field, shortName(renames.size));
      newModule = shortModule;
      newField = renames.get(field);
    }
    const m = encoder.encode(newModule);
    const f = encoder.encode(newField);
    out.push(...leb(m.length), ...m, ...leb(f.length), ...f, ...body.subarray(descStart, p));
  }
  if (p !== body.length) fail('the import section did not read to its end');
  const section = Uint8Array.from(out);
  parts.push(Uint8Array.from([2, ...leb(section.length)]), section);
}
if (renames.size === 0) fail(`${wasmFile} imports nothing from "${glueModule}"`);

const moduleKey = JSON.stringify(glueModule);
const moduleCount = glue.split(moduleKey).length - 1;
if (moduleCount !== 1) fail(`${glueFile} names the module ${moduleKey} ${moduleCount} times, not once`);
glue = glue.replace(moduleKey, JSON.stringify(shortModule));
for (const [long, short] of renames) {
  // Each name is a key of the imports object: `name:` (esbuild's output) once, nowhere else.
  const uses = mentions(glue, long);
  if (uses !== 1) fail(`${glueFile} has the import ${long} ${uses} times, not once`);
  const key = new RegExp(`(?<![\\w$])${escaped(long)}:`);
  if (!key.test(glue)) fail(`${glueFile} does not have the import ${long} as a key`);
  glue = glue.replace(key, `${short}:`);
}

for (const [long, short] of exportRenames) {
  glue = glue.replace(access(long), `.${short}`);
  if (mentions(glue, long) !== 0) fail(`${glueFile} still mentions the export ${long}`);
}

const before = wasm.length + Buffer.byteLength(readFileSync(glueFile, 'utf8'));
const wasmOut = Buffer.concat(parts.map((part) => Buffer.from(part)));
writeFileSync(wasmFile, wasmOut);
writeFileSync(glueFile, glue);
const after = wasmOut.length + Buffer.byteLength(glue);
console.error(
  `tools/short-imports.mjs: ${renames.size} imports and ${exportRenames.size} exports of ${name} renamed; wasm + glue ${before} -> ${after} bytes`,
);
