// The static server behind `./x serve` and the browser end-to-end tests: serves www/ on
// 127.0.0.1 only, with the right MIME types (application/wasm for the widget) and the strict
// Content-Security-Policy of SPEC section 10, so the demo runs exactly as a council portal
// that follows it would; a file with a `.br` or `.gz` copy beside it (`./x build` writes them in
// www/dist) is sent compressed to a browser that accepts it (`encodedFile`). Files carry an
// ETag and `Cache-Control: no-cache`: a browser keeps them and, on the next visit, gets `304 Not
// Modified` with no body for each unchanged one (the back-end's answers are `no-store`). No
// dependencies.
//
// It is also the demo portal's back-end door: `/api/...` is proxied to hoth-server (the
// back-end re-check, `/api/v1/route` -> `<hoth-server>/v1/route`), so the portal's page posts
// to its own origin and the CSP's `default-src 'self'` holds. `--hoth-server BIN` starts that
// binary on 127.0.0.1 (a free port) and stops it on exit; `--api URL` proxies to one already
// running. Without either, `/api/` answers 503.
//
//   node tools/serve.mjs [--port 8086] [--root www] [--hoth-server target/debug/hoth-server | --api URL]
//
// Port 0 picks a free port. The first line on stdout is the address it listens on.
import { createServer, request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
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

/** A file of the site (the same for everyone, no referral in it): the browser keeps it and asks
 * on each use whether it has changed (`no-cache` is "revalidate", not "do not keep"); an
 * unchanged file is answered `304 Not Modified` with no body. Errors and the back-end's
 * answers (which hold a child's details) stay `no-store`. */
const STATIC_CACHE = 'no-cache';

/** The strong validator of the bytes sent: a hash of them, so a rebuild that writes the same
 * bytes keeps the browser's copy, and each encoding (its own bytes) has its own. Worked out
 * once per file version (path, size and modification time). */
const tags = new Map();
function entityTag(file, size, modified, body) {
  const key = `${file}\0${size}\0${modified}`;
  let tag = tags.get(key);
  if (tag === undefined) {
    tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    if (tags.size > 1000) tags.clear();
    tags.set(key, tag);
  }
  return tag;
}

/** Whether an If-None-Match header value names `tag` (or is `*`); weak tags compare by value. */
function matchesTag(header, tag) {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const t = part.trim();
    return t === '*' || t === tag || t === `W/${tag}`;
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJsonError(res, status, code, message) {
  send(res, status, 'application/json', `${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
}

/** The largest body passed on to hoth-server (its own limit too). */
const MAX_API_BODY = 1_000_000;
/** Response headers of hoth-server passed back to the page. */
const API_HEADERS = ['content-type', 'content-length', 'hoth-reference', 'www-authenticate'];

/** Pass `/api/<rest>` on to `<api>/<rest>`: method, query, content type and body only (no
 * cookies, no other headers), and the answer back with the portal's own security headers. */
function proxy(req, res, api) {
  if (!api) {
    sendJsonError(res, 503, 'no_back_end', 'the back-end re-check (hoth-server) is not running: start the demo with ./x serve');
    return;
  }
  const target = new URL(req.url.slice('/api'.length) || '/', api);
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_API_BODY) {
    sendJsonError(res, 413, 'input_too_large', `the body is over ${MAX_API_BODY} bytes`);
    req.resume();
    return;
  }
  const headers = {};
  for (const name of ['content-type', 'content-length', 'transfer-encoding', 'accept']) {
    if (req.headers[name] !== undefined) headers[name] = req.headers[name];
  }
  const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
    const passed = {};
    for (const name of API_HEADERS) {
      if (answer.headers[name] !== undefined) passed[name] = answer.headers[name];
    }
    res.writeHead(answer.statusCode ?? 502, { ...HEADERS, ...passed });
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) sendJsonError(res, 502, 'back_end_unreachable', 'the back-end re-check (hoth-server) did not answer');
    else res.destroy();
  });
  req.pipe(upstream);
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
 * is not older than the file, else the file itself, with the `stat` of the one chosen. `vary` is
 * true when a copy exists, for the `Vary: Accept-Encoding` header (a cache must keep the
 * encodings apart). */
export async function encodedFile(file, acceptEncoding) {
  const plain = await stat(file);
  let vary = false;
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    const copy = await stat(file + suffix).catch(() => null);
    if (!copy || copy.mtimeMs < plain.mtimeMs) continue;
    vary = true;
    if (accepts(acceptEncoding, encoding)) return { path: file + suffix, encoding, vary, info: copy };
  }
  return { path: file, encoding: null, vary, info: plain };
}

/** A server for the files under `root`; `/api/` goes to `options.api` (a base URL) if given. */
export function createStaticServer(root, options = {}) {
  const top = path.resolve(root);
  return createServer(async (req, res) => {
    if (req.url === '/api' || req.url.startsWith('/api/')) {
      proxy(req, res, options.api);
      return;
    }
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
      const tag = entityTag(sent.path, sent.info.size, sent.info.mtimeMs, body);
      const validators = {
        'Cache-Control': STATIC_CACHE,
        ETag: tag,
        ...(sent.vary ? { Vary: 'Accept-Encoding' } : {}),
      };
      if (matchesTag(req.headers['if-none-match'], tag)) {
        res.writeHead(304, { ...HEADERS, ...validators });
        res.end();
        return;
      }
      res.writeHead(200, {
        ...HEADERS,
        ...validators,
        'Content-Type': type,
        'Content-Length': body.length,
        ...(sent.encoding ? { 'Content-Encoding': sent.encoding } : {}),
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

/** Start `bin --listen 127.0.0.1:0` (hoth-server); resolves to { url, child } once it
 * prints its address. Its stderr (its access log: method, path, status, latency, never referral
 * content) passes through. */
export function startHothServer(bin) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ url: line.trim(), child }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`hoth-server exited with ${code} before it listened`)));
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
  const bin = option('--hoth-server', undefined);
  let api = option('--api', undefined);
  let backEnd;
  const stop = () => {
    backEnd?.child.removeAllListeners('exit');
    backEnd?.child.kill('SIGTERM');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  if (bin) {
    try {
      backEnd = await startHothServer(bin);
    } catch (error) {
      console.error(`cannot start hoth-server (${bin}): ${error.message}`);
      process.exit(1);
    }
    api = backEnd.url;
    backEnd.child.on('exit', (code) => {
      console.error(`hoth-server stopped (exit ${code})`);
      process.exit(1);
    });
  }
  const server = createStaticServer(root, { api });
  listen(server, port).then(
    (url) => {
      console.log(url);
      if (api) console.error(`/api/ is proxied to hoth-server at ${api}`);
    },
    (error) => {
      console.error(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
      backEnd?.child.kill('SIGTERM');
      process.exit(1);
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
  process.on('exit', () => backEnd?.child.kill('SIGTERM'));
}
