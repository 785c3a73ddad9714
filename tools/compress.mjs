// Writes a brotli (quality 11, `.br`) and a gzip (level 9, `.gz`) copy beside each built file
// (run by `./x build` last, after tools/integrity.mjs), so a server sends the widget compressed
// without compressing it on every request: tools/serve.mjs picks the copy by Accept-Encoding.
// Old copies are removed first, so none outlives its file. Subresource Integrity is unchanged:
// the browser checks the decoded bytes.
// Usage: node tools/compress.mjs [www/dist]
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'www/dist';
const copies = /\.(br|gz)$/;
for (const name of readdirSync(dist).filter((n) => copies.test(n))) rmSync(join(dist, name));
let raw = 0;
let br = 0;
let gz = 0;
for (const name of readdirSync(dist)) {
  const file = join(dist, name);
  if (!statSync(file).isFile()) continue;
  const body = readFileSync(file);
  const brotli = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gzip = gzipSync(body, { level: 9 });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzip);
  raw += body.length;
  br += brotli.length;
  gz += gzip.length;
}
console.error(`${dist}: .br and .gz beside each file (${raw} bytes; ${br} brotli 11, ${gz} gzip -9)`);
