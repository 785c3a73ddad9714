// 1,000 varied referrals for the browser benchmarks, the same on every run (a seeded
// generator): the two bundled example referrals (tests/fixtures/referrals/) with the child's
// age, SEND, consent, danger, where the harm is, its types and the screening signs varied.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HARMS = ['criminal_exploitation', 'sexual_exploitation', 'serious_youth_violence', 'peer_abuse', 'trafficking',
  'modern_slavery', 'radicalisation', 'online_harm', 'missing', 'other'];

export function referrals(count = 1000, seed = 8) {
  const dir = path.join(root, 'tests/fixtures/referrals');
  const bases = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  const catalogue = JSON.parse(readFileSync(path.join(root, 'schemas/screening.json'), 'utf8'));
  const ids = catalogue.indicators.map((i) => i.id);
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const some = (list, max) => {
    const n = Math.floor(random() * (max + 1));
    return [...new Set(Array.from({ length: n }, () => pick(list)))];
  };
  const out = [];
  for (let i = 0; i < count; i++) {
    const r = structuredClone(bases[i % bases.length]);
    r.referralDate = '2026-03-10';
    // Aged 6 to 17 on the referral date, born in January or February so the age is the same
    // whichever day in 2026 it is counted from (the peer's age() counts from today).
    r.child.dateOfBirth = `${2009 + Math.floor(random() * 12)}-0${1 + Math.floor(random() * 2)}-1${Math.floor(random() * 10)}`;
    r.child.send = pick(['none', 'none', 'sen_support', 'ehcp']);
    r.concerns.immediateDanger = random() < 0.1;
    r.concerns.harmLocation = pick(['outside', 'outside', 'both', 'unsure']);
    r.concerns.harmTypes = [...new Set([pick(HARMS), ...some(HARMS, 2)])];
    r.concerns.predominantHarm = r.concerns.harmTypes[0];
    if (random() < 0.2) {
      r.consent = { parentsAware: random() < 0.5, consent: pick(['refused', 'not_sought']), reasonNotSought: 'Asking would put the child at greater risk of harm.' };
    }
    r.hoth.indicators = some(ids, 14);
    r.hoth.missingEpisodes90d = Math.floor(random() * 6);
    r.hoth.screeningCompleted = true;
    delete r.hoth.professionalJudgement;
    out.push(r);
  }
  return out;
}
