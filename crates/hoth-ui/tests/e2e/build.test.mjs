// What `./x build` does for size, checked on the built files (no browser): the `.br` and `.gz`
// copies beside each file decode to it, and tools/serve.mjs sends the copy the request
// accepts, with `Vary: Accept-Encoding`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, WIDGET_FILES } from './helpers.mjs';
import { createStaticServer, listen } from '../../../../tools/serve.mjs';

const dist = path.join(root, 'www/dist');

test('every built file has a brotli and a gzip copy beside it that decodes to it', () => {
  const names = readdirSync(dist).filter((n) => !/\.(br|gz)$/.test(n));
  for (const name of ['hoth_ui_bg.wasm', 'hoth_ui.js', 'hoth-referral.js', 'hoth-referral.css', 'hoth_bg.wasm', 'hoth.js']) {
    assert.ok(names.includes(name), name);
  }
  for (const name of names) {
    const body = readFileSync(path.join(dist, name));
    assert.ok(brotliDecompressSync(readFileSync(path.join(dist, `${name}.br`))).equals(body), `${name}.br`);
    assert.ok(gunzipSync(readFileSync(path.join(dist, `${name}.gz`))).equals(body), `${name}.gz`);
  }
});

test('tools/serve.mjs sends the copy the request accepts, with Vary, and never a stale one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoth-serve-'));
  writeFileSync(path.join(dir, 'a.js'), 'plain');
  writeFileSync(path.join(dir, 'a.js.br'), 'brotli');
  writeFileSync(path.join(dir, 'a.js.gz'), 'gzip');
  writeFileSync(path.join(dir, 'b.css'), 'plain');
  writeFileSync(path.join(dir, 'old.js'), 'new');
  writeFileSync(path.join(dir, 'old.js.br'), 'old');
  const past = new Date(Date.now() - 60_000);
  utimesSync(path.join(dir, 'old.js.br'), past, past);
  const server = createStaticServer(dir);
  const url = await listen(server, 0);
  // node:http, not fetch: fetch would decode the (fake) copies.
  const get = (file, accept) => new Promise((resolve, reject) => {
    http.get(url + file, { headers: accept === undefined ? {} : { 'accept-encoding': accept } }, (res) => {
      res.resume();
      resolve({ encoding: res.headers['content-encoding'] ?? null, vary: res.headers.vary ?? null, type: res.headers['content-type'] });
    }).on('error', reject);
  });
  try {
    assert.deepEqual(await get('a.js', 'gzip, deflate, br'), { encoding: 'br', vary: 'Accept-Encoding', type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('a.js', 'gzip'), { encoding: 'gzip', vary: 'Accept-Encoding', type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('a.js', 'br;q=0, gzip;q=0.5'), { encoding: 'gzip', vary: 'Accept-Encoding', type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('a.js', 'identity'), { encoding: null, vary: 'Accept-Encoding', type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('a.js', '*'), { encoding: 'br', vary: 'Accept-Encoding', type: 'text/javascript; charset=utf-8' });
    assert.deepEqual(await get('b.css', 'br, gzip'), { encoding: null, vary: null, type: 'text/css; charset=utf-8' });
    assert.deepEqual(await get('old.js', 'br'), { encoding: null, vary: null, type: 'text/javascript; charset=utf-8' });
  } finally {
    server.close();
  }
});

// The size budget (issue 17): every file the demo portal's page loads for the widget (the
// element script, the glue, the wasm, the stylesheet and its council's pack) at most 200 KB
// brotli 11 and 250 KB gzip -9, as `./x build` compresses them. Bytes, not time: a change that
// brings in a large dependency (or, say, serde_json's error messages, or core's Unicode tables
// through a `{:?}`) fails here rather than in the next benchmark.
test('the widget on the demo portal\'s page fits the budget: 200 KB brotli, 250 KB gzip', () => {
  const sizes = WIDGET_FILES.map((file) => {
    const name = path.basename(file);
    return { name, br: statSync(path.join(dist, `${name}.br`)).size, gz: statSync(path.join(dist, `${name}.gz`)).size };
  });
  const total = sizes.reduce((a, s) => ({ br: a.br + s.br, gz: a.gz + s.gz }), { br: 0, gz: 0 });
  const detail = sizes.map((s) => `${s.name} ${s.br} / ${s.gz}`).join(', ');
  assert.ok(total.br <= 200 * 1024, `brotli ${total.br} bytes > ${200 * 1024} (${detail})`);
  assert.ok(total.gz <= 250 * 1024, `gzip ${total.gz} bytes > ${250 * 1024} (${detail})`);
});
