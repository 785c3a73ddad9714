// The one browser harness of the end-to-end suites (the widget's, the demo portal's and the
// sandbox's): the `./x serve` server (tools/serve.mjs, with the strict CSP) on a free port with
// its back-end hoth-server, Debian's Chromium through playwright-core, a fresh page that records
// what the page did (requests, console output, page errors, CSP violations), the suite's
// before/after hooks, and the accessibility engines (axe-core, IBM's accessibility-checker).
// Waits are on DOM conditions, never on sleeps. Built by `./x build` and `./x test` first.
//
//   const { server, freshPage } = browserSuite({ context: { viewport: { width: 1280, height: 900 } } });
//   const { context, page, seen } = await freshPage({ bypassCSP: true });
//   assert.deepEqual(strayRequests(seen.requests, server.url, FILES), []);
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

/** The repository's root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** Start `node tools/serve.mjs --port 0`, by default with the demo's back-end (hoth-server,
 * built by ./x test) behind its /api/; resolves to { url, stop } once it listens. */
export function startServer({ hothServer = true } = {}) {
  const args = [path.join(root, 'tools/serve.mjs'), '--port', '0'];
  if (hothServer) args.push('--hoth-server', path.join(root, 'target/debug/hoth-server'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ url: line.trim(), stop: () => child.kill() });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
}

/** Debian's headless Chromium (or $CHROMIUM). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Record on `seen` what this page does: every request's URL (the page's own, or with
 * `context` all of that context's, its workers' included), console output of every type (the
 * page's and its workers', these as `worker <type>: ...`), page errors and CSP violations.
 * `init` (a function or script) is added to the page's init scripts after the recording's. */
export async function record(page, { seen = { requests: [], console: [], violations: [], errors: [] }, context, init } = {}) {
  (context ?? page).on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('worker', (w) => w.on('console', (m) => seen.console.push(`worker ${m.type()}: ${m.text()}`)));
  await page.exposeFunction('__violation', (v) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  if (init) await page.addInitScript(init);
  return seen;
}

/** The suite's set-up and tear-down: registers node:test `before` (start the server with
 * hoth-server, launch Chromium) and `after` (close both). Options, for every page of the suite:
 * `context`, the browser context's options (freshPage's own are laid over them); `requests`,
 * 'page' (the default) or 'context' (the page's workers' requests too); `init`, an init script
 * of the suite's own (e.g. recording the widget's events on window).
 *
 * Returns { server, browser, freshPage, record }: `server` is filled in (url, stop) by `before`;
 * `freshPage(options)` opens a new context (own storage) and page, resolves to
 * { context, page, seen } with seen = { requests, console, violations, errors }; `record(page)`
 * records another page of a context the same way and resolves to its own seen. */
export function browserSuite({ context: contextOptions = {}, requests = 'page', init } = {}) {
  const server = { url: undefined, stop: () => {} };
  let browser;
  before(async () => {
    Object.assign(server, await startServer());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server.stop();
  });
  const recordPage = (page, options = {}) => record(page, { init, ...options });
  async function freshPage(options = {}) {
    const context = await browser.newContext({ ...contextOptions, ...options });
    const page = await context.newPage();
    const seen = await recordPage(page, { context: requests === 'context' ? context : undefined });
    return { context, page, seen };
  }
  return {
    server,
    get browser() { return browser; },
    freshPage,
    record: recordPage,
  };
}

/** The requests (URLs) that left `serverUrl`'s origin or, given `files`, asked for a path not
 * among them; `blob:` URLs (made by the page itself) are passed over with `skipBlob`. */
export function strayRequests(urls, serverUrl, files, { skipBlob = false } = {}) {
  const origin = new URL(serverUrl).origin;
  const allowed = files ? new Set(files) : null;
  return urls.filter((u) => {
    if (skipBlob && u.startsWith('blob:')) return false;
    const url = new URL(u);
    return url.origin !== origin || (allowed !== null && !allowed.has(url.pathname));
  });
}

let axeSource;
let aceSource;

/** axe-core's WCAG 2.2 A and AA violations on the page as it is (needs a bypassCSP context). */
export async function axeViolations(page) {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}

/** IBM's accessibility-checker engine (a second engine beside axe-core), WCAG 2.2 A and AA:
 * its violations on the page as it is (needs a bypassCSP context). */
export async function aceViolations(page) {
  aceSource ??= readFileSync(require.resolve('accessibility-checker-engine/ace.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.ace === 'object'))) await page.evaluate(aceSource);
  return page.evaluate(async () => {
    const checker = new window.ace.Checker();
    const report = await checker.check(document, ['WCAG_2_2']);
    return report.results
      .filter((r) => r.level === 'violation')
      .map((r) => ({ rule: r.ruleId, message: r.message, path: r.path.dom, snippet: r.snippet }));
  });
}

/** Assert no axe-core violations (and, with `ibm`, none from IBM's checker) on the page as it
 * is, naming `what` was checked (needs a bypassCSP context). */
export async function assertAccessible(page, what, { ibm = false } = {}) {
  const axe = await axeViolations(page);
  assert.deepEqual(axe, [], `axe, ${what}: ${JSON.stringify(axe, null, 2)}`);
  if (ibm) {
    const ace = await aceViolations(page);
    assert.deepEqual(ace, [], `IBM, ${what}: ${JSON.stringify(ace, null, 2)}`);
  }
}
