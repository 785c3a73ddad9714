// The sandbox's own helpers for its end-to-end tests and its benchmark: its files, native
// `hoth` (built by ./x test) for the same inputs, and the page's controls. The browser set-up
// (server, Chromium, fresh pages, axe) is the shared harness, tests/browser/harness.mjs, whose
// server and browser start the benchmark takes from here. Waits are on DOM conditions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../../../../tests/browser/harness.mjs';

export { startServer, launch } from '../../../../tests/browser/harness.mjs';

/** The sandbox's own files: the only requests the page may make. */
export const SANDBOX_FILES = [
  '/sandbox/',
  '/sandbox/sandbox.css',
  '/sandbox/sandbox.js',
  '/sandbox/batch-worker.js',
  '/sandbox/dist/hoth_sandbox.js',
  '/sandbox/dist/hoth_sandbox_bg.wasm',
  '/favicon.svg',
];

export const HOTH = path.join(root, 'target/debug/hoth');

/** Run native `hoth` with these arguments; its stdout. */
export function hoth(args, input) {
  return execFileSync(HOTH, args, { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
}

/** A temporary file with this text; its path. */
export function tempFile(name, text) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoth-sandbox-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

export function readText(file) {
  return readFileSync(file, 'utf8');
}

/** Open the sandbox and wait for it to start. */
export async function openSandbox(page, url, query = '') {
  await page.goto(new URL(`sandbox/${query}`, url).href);
  await page.locator('#referral-json').waitFor();
}

/** Set the "today" date field. */
export async function setToday(page, day) {
  await page.locator('#today').fill(day);
  await page.locator('#today').dispatchEvent('change');
}

/** Route a batch file in the page and wait for the result; the status element's data. */
export async function runBatchFile(page, file) {
  await page.locator('#batch-file').setInputFiles(file);
  await page.locator('#batch-run-file').click();
  await page.locator('#batch-status[data-state="done"]').waitFor({ timeout: 120_000 });
  return {
    status: (await page.locator('#batch-status').textContent()).trim(),
    ms: Number(await page.locator('#batch-status').getAttribute('data-elapsed-ms')),
  };
}
