// The benchmark harness's own static server (127.0.0.1 only), never used by `./x serve`:
//   /dist/...            www/dist (the built widget and JS module)
//   /bench/...           bench/ (the benchmark pages and the SurveyJS peer)
//   /schemas/...         schemas/ (the screening catalogue the peer's form is built from)
//   /node_modules/P/...  only the peer packages below
// No caching (Cache-Control: no-store; the harness also disables the browser cache). Pages
// get the demo portal's strict Content-Security-Policy (tools/serve.mjs), except a page the
// harness asks for with `?csp=off`; COOP/COEP make pages cross-origin isolated so
// performance.now() resolves 5 us. Every path served is logged, to count what a page loads.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CSP } from '../tools/serve.mjs';
import { root } from './lib.mjs';

const MOUNTS = {
  '/dist/': 'www/dist/',
  '/bench/': 'bench/',
  '/schemas/': 'schemas/',
  '/node_modules/survey-core/': 'node_modules/survey-core/',
  '/node_modules/survey-js-ui/': 'node_modules/survey-js-ui/',
  '/node_modules/json-logic-js/': 'node_modules/json-logic-js/',
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8' };

/** Start the server; resolves to { origin, served (paths and files since the last reset), close }. */
export async function startServer() {
  const served = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const mount = Object.keys(MOUNTS).find((m) => url.pathname.startsWith(m));
    const headers = { 'Cache-Control': 'no-store', 'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp', 'X-Content-Type-Options': 'nosniff' };
    const file = mount && path.resolve(root, MOUNTS[mount], '.' + url.pathname.slice(mount.length - 1));
    if (!file || !file.startsWith(path.resolve(root, MOUNTS[mount]))) {
      res.writeHead(404, headers).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      if (type.startsWith('text/html') && url.searchParams.get('csp') !== 'off') headers['Content-Security-Policy'] = CSP;
      served.push({ path: url.pathname, file });
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, served, close: () => server.close() };
}
