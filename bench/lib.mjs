// Shared by the benchmark sections: the repository root, sizes (gzip -9 and brotli), stats
// and the section output format. Every section prints one JSON object on stdout:
//   { "id", "title", "command", "summary": [rows for the goals table], "markdown" }
// (bench/run.mjs also accepts a section that prints plain markdown).
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** gzip -9 bytes of a file (the gzip program when there is one, as ./x build prints). */
export function gzip9(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

/** Brotli at quality 11 (what a server pre-compressing static files uses). */
export function brotli(file) {
  const body = readFileSync(file);
  return brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
}

export function sizeOf(file) {
  return { raw: readFileSync(file).length, gzip: gzip9(file), brotli: brotli(file) };
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (x, digits = 3) => (x == null ? 'n/a' : `${x.toFixed(digits)} ms`);
export const us = (x) => (x == null ? 'n/a' : `${x.toFixed(2)} us`);
export const ratio = (a, b) => (a == null || b == null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);

export function quantiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { n: sorted.length, p50: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] };
}

export const median = (xs) => quantiles(xs).p50;

export function table(header, rows, align) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const sep = header.map((_, i) => (align?.[i] === 'l' || (!align && i === 0) ? '---' : '---:'));
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

/** Print a section's result for bench/run.mjs (or as markdown with --markdown). */
export function emit(section) {
  if (process.argv.includes('--markdown')) {
    console.log(`## ${section.title}\n\nCommand: \`${section.command}\`\n\n${section.markdown}`);
  } else {
    console.log(JSON.stringify(section));
  }
}
