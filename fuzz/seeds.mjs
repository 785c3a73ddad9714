// Writes the seed corpora for the fuzz targets from the repository's own files (run by
// `./x fuzz` and the smoke in `./x test`, from the repository root):
//   referral     the example referrals, the validation fixtures and every routing scenario,
//                each resolved to the referral it describes (base + JSON merge patch)
//   policy_pack  the built-in packs and the malformed-pack fixtures, compacted
// The structured targets (route_facts, calendar) start from nothing.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'fuzz/corpus';

function jsonFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

// RFC 7386, as hoth_core::scenario::merge_patch.
function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const bases = 'tests/fixtures/referrals';
function referralOf(text) {
  let doc;
  try { doc = JSON.parse(text); } catch { return text; }
  const isObject = doc !== null && typeof doc === 'object' && !Array.isArray(doc);
  if (isObject && ('expect' in doc || 'patch' in doc || 'base' in doc)) {
    if (doc.referral) return JSON.stringify(doc.referral, null, 2);
    if (!doc.base) return null;
    const base = JSON.parse(readFileSync(join(bases, `${doc.base}.json`), 'utf8'));
    return JSON.stringify(mergePatch(base, doc.patch ?? {}), null, 2);
  }
  return text;
}

const write = (dir, items) => {
  mkdirSync(join(out, dir), { recursive: true });
  items.forEach((text, i) => writeFileSync(join(out, dir, `seed-${String(i).padStart(3, '0')}.json`), text));
  return items.length;
};

const referrals = [bases, 'tests/fixtures/validation', 'tests/scenarios']
  .flatMap(jsonFiles)
  .map((file) => referralOf(readFileSync(file, 'utf8')))
  .filter((text) => text !== null);
const packs = ['policies', 'tests/fixtures/policies'].flatMap(jsonFiles).map((file) => {
  const text = readFileSync(file, 'utf8');
  try { return JSON.stringify(JSON.parse(text)); } catch { return text; }
});
let n = write('referral', referrals) + write('policy_pack', packs);
mkdirSync(join(out, 'route_facts'), { recursive: true });
mkdirSync(join(out, 'calendar'), { recursive: true });
console.error(`wrote ${n} seed inputs under ${out}`);
