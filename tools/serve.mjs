// The static server behind `./x serve` and the browser end-to-end tests: serves www/ on
// 127.0.0.1 only, with the right MIME types (application/wasm for the widget) and the strict
// Content-Security-Policy of SPEC section 10, so the demo runs exactly as a council portal
// that follows it would; a file with a `.br` or `.gz` copy beside it (`./x build` writes them in
// www/dist) is sent compressed to a browser that accepts it (`encodedFile`). No dependencies.
//
//   node tools/serve.mjs [--port 8086] [--root www]
//
// Port 0 picks a free port. The first line on stdout is the address it listens on.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PORT = 8086;
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function send(res, status, type, body) {
  res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Whether an Accept-Encoding header value accepts `encoding` (a q of 0 refuses it; `*` is any). */
function accepts(header, encoding) {
  let star = false;
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === encoding) return ok;
    if (name === '*') star = ok;
  }
  return star;
}

/** The file to send for `file` under the request's Accept-Encoding: the brotli (`.br`) or gzip
 * (`.gz`) copy `./x build` writes beside it when the client accepts that encoding and the copy
 * is not older than the file, else the file itself. `vary` is true when a copy exists, for the
 * `Vary: Accept-Encoding` header (a cache must keep the encodings apart). */
export async function encodedFile(file, acceptEncoding) {
  const modified = (await stat(file)).mtimeMs;
  let vary = false;
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    const copy = await stat(file + suffix).catch(() => null);
    if (!copy || copy.mtimeMs < modified) continue;
    vary = true;
    if (accepts(acceptEncoding, encoding)) return { path: file + suffix, encoding, vary };
  }
  return { path: file, encoding: null, vary };
}

/** A server for the files under `root`. */
export function createStaticServer(root) {
  const top = path.resolve(root);
  return createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
      return;
    }
    let file = path.resolve(top, '.' + pathname);
    if (file !== top && !file.startsWith(top + path.sep)) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const sent = await encodedFile(file, req.headers['accept-encoding']);
      const body = await readFile(sent.path);
      const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        ...HEADERS,
        'Content-Type': type,
        'Content-Length': body.length,
        ...(sent.encoding ? { 'Content-Encoding': sent.encoding } : {}),
        ...(sent.vary ? { Vary: 'Accept-Encoding' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    }
  });
}

/** Listen on 127.0.0.1; resolves to the base URL. */
export function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = option('--root', path.join(here, '..', 'www'));
  const port = Number(option('--port', process.env.PORT ?? DEFAULT_PORT));
  const server = createStaticServer(root);
  listen(server, port).then(
    (url) => console.log(url),
    (error) => {
      console.error(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
      process.exit(1);
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
}
