// Benchmark page script for the JS module (bench/pages/module.html): validate + route of each
// referral under each pack through hoth's public JS API, then the same packs' rule conditions
// (rules[].when) evaluated by json-logic-js (window.jsonLogic, a classic script) over the facts
// hoth derived for each referral, in the same page. Asserts nothing: the harness reports how
// often the two agree on which rules match.
import init, { validate, route, conditions } from '/dist/hoth.js';

let exports = null;
window.ready = init().then((e) => { exports = e; });

const TODAY = '2026-03-10';

window.routeAll = (referrals, packs, warmUp) => {
  for (let i = 0; i < warmUp; i++) {
    for (const pack of packs) route(referrals[i % referrals.length], pack.id, TODAY);
  }
  const out = {};
  for (const pack of packs) {
    const both = [], routeOnly = [], facts = [], matched = [];
    let valid = 0;
    for (const referral of referrals) {
      const t0 = performance.now();
      const checked = validate(referral, pack.id, TODAY);
      const t1 = performance.now();
      const decision = route(referral, pack.id, TODAY);
      const t2 = performance.now();
      both.push(t2 - t0);
      routeOnly.push(t2 - t1);
      if (checked.valid && decision.facts) {
        valid++;
        facts.push(decision.facts);
        matched.push(Object.fromEntries(decision.trace.map((t) => [t.rule, t.matched])));
      }
    }
    out[pack.id] = { both, routeOnly, valid, facts, matched };
  }
  return out;
};

window.jsonLogicAll = (packs, routed, warmUp) => {
  const out = {};
  for (const pack of packs) {
    const { facts, matched } = routed[pack.id];
    for (let i = 0; i < warmUp; i++) for (const rule of pack.rules) jsonLogic.apply(rule.when, facts[i % facts.length]);
    const times = [];
    let agree = 0, compared = 0;
    for (let i = 0; i < facts.length; i++) {
      const t0 = performance.now();
      const results = pack.rules.map((rule) => jsonLogic.truthy(jsonLogic.apply(rule.when, facts[i])));
      times.push(performance.now() - t0);
      pack.rules.forEach((rule, k) => {
        if (rule.id in matched[i]) { compared++; if (matched[i][rule.id] === results[k]) agree++; }
      });
    }
    out[pack.id] = { times, agree, compared };
  }
  return out;
};

// Like for like: hoth's own evaluation of the same conditions over the same facts (the
// module's conditions(): the facts cross into wasm, every rule's compiled `when` runs, the
// results come back as one object), timed and compared with the trace as jsonLogicAll is.
window.conditionsAll = (packs, routed, warmUp) => {
  const out = {};
  for (const pack of packs) {
    const { facts, matched } = routed[pack.id];
    for (let i = 0; i < warmUp; i++) conditions(facts[i % facts.length], pack.id);
    const times = [];
    let agree = 0, compared = 0;
    for (let i = 0; i < facts.length; i++) {
      const t0 = performance.now();
      const held = conditions(facts[i], pack.id);
      times.push(performance.now() - t0);
      for (const [rule, result] of Object.entries(matched[i])) {
        compared++;
        if (held[rule] === result) agree++;
      }
    }
    out[pack.id] = { times, agree, compared };
  }
  return out;
};

window.wasmMemory = () => exports.memory.buffer.byteLength;
