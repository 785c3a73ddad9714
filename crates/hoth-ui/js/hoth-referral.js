// <hoth-referral>: the custom element a council portal embeds.
//
//   <script type="module" src="/hoth/hoth-referral.js"></script>
//   <hoth-referral policy="wokingham" council-name="Wokingham Borough Council"></hoth-referral>
//
// Each element gets an open shadow root holding the widget's stylesheet and the Yew app
// (WebAssembly, loaded once for the page). The host page's CSS cannot reach inside, and the
// widget's CSS cannot leak out. Only classes and a same-origin stylesheet are used, so the
// element works under `style-src 'self'`. It fetches nothing but its own files (the widget, its
// stylesheet and its council's policy pack, policy-<id>.json, beside them), and writes nothing
// to the console.
import init, { mount, providePolicy } from './hoth_ui.js';

const base = import.meta.url;
const ATTRIBUTES = ['policy', 'council-name', 'draft-key', 'draft', 'heading-level', 'page-title',
  'submit-timeout'];
// The element's box before its stylesheet and the wasm arrive: a block as tall as a screen
// (the form's first page is taller), so nothing on the page moves when the form appears
// (no layout shift). A constructed stylesheet, so `style-src 'self'` holds; `:host` rules
// lose to the page's own CSS, so a portal can set another min-height.
let reserve = null;
function reserved() {
  if (reserve === null) {
    try {
      reserve = new CSSStyleSheet();
      reserve.replaceSync(':host { display: block; min-height: 100vh; min-height: 100svh; } ' +
        ':host([hidden]) { display: none; }');
    } catch {
      reserve = undefined; // An old browser: the page's CSS (see the README) holds the space.
    }
  }
  return reserve;
}
// Subresource Integrity of the files this script fetches itself (the wasm, the stylesheet and
// each council's pack), written in by `./x build` (tools/integrity.mjs). A file that does not
// match is refused by the browser: the element shows its load-failure message, or, for a pack,
// says it could not load the council's rules. Empty here, in the unbuilt source.
const INTEGRITY = {};
let loading = null;

function load() {
  const url = new URL('hoth_ui_bg.wasm', base);
  const integrity = INTEGRITY['hoth_ui_bg.wasm'];
  loading ??= init({ module_or_path: integrity ? fetch(url, { integrity }) : url });
  return loading;
}

// The widget's WebAssembly carries no council's rules: a page uses one council's, so its pack
// (policy-<id>.json) is fetched beside the wasm, at the same time, and given to the widget.
// Only a pack this build serves (one with a hash above) is fetched: for any other id the form
// says the policy is unknown. Settles when the pack is in (or did not arrive: the form then says
// it could not load the council's rules, and keeps the answers); never rejects on its own.
const packs = new Map();
function pack(id) {
  const file = `policy-${id}.json`;
  const integrity = INTEGRITY[file];
  if (!integrity) return load();
  if (!packs.has(id)) {
    const bytes = fetch(new URL(file, base), { integrity })
      .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(String(response.status)))));
    // Reading the pack and drawing the form are two tasks, not one: the browser can paint
    // and answer the referrer's input between them (a phone's main thread is never held for
    // both at once: Lighthouse's total blocking time).
    const given = Promise.all([load(), bytes]).then(
      ([, json]) => { providePolicy(id, new Uint8Array(json)); return nextTask(); },
      () => { packs.delete(id); }, // Asked again at the next change of policy.
    );
    // The wasm's own failure is reported by load() to whoever waits on it.
    packs.set(id, given.then(() => load()));
  }
  return packs.get(id);
}
// Settles in a later task (after the browser has had the chance to paint and handle input).
function nextTask() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}
const policyOf = (element) => (element.getAttribute('policy') ?? '').trim();

class HothReferral extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #widget = null;
  #root = null;
  #pending = undefined;

  constructor() {
    super();
    // A `value` set before this script defined the element sits on the instance: take it.
    if (Object.prototype.hasOwnProperty.call(this, 'value')) {
      const value = this.value;
      delete this.value;
      this.#pending = value;
    }
  }

  connectedCallback() {
    if (this.#root) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const sheet = reserved();
    if (sheet && !shadow.adoptedStyleSheets.includes(sheet)) shadow.adoptedStyleSheets = [sheet];
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    if (INTEGRITY['hoth-referral.css']) link.integrity = INTEGRITY['hoth-referral.css'];
    link.href = new URL('hoth-referral.css', base).href;
    const root = document.createElement('div');
    root.className = 'hoth';
    // Shown once its styles are in, never as an unstyled flash.
    root.hidden = true;
    const show = () => { root.hidden = false; };
    link.addEventListener('load', show, { once: true });
    link.addEventListener('error', show, { once: true });
    shadow.replaceChildren(link, root);
    this.#root = root;
    pack(policyOf(this)).then(
      () => {
        if (this.#root !== root) return;
        this.#widget = mount(root, {
          policy: this.getAttribute('policy') ?? '',
          councilName: this.getAttribute('council-name') ?? undefined,
          draftKey: this.getAttribute('draft-key') ?? undefined,
          draft: this.getAttribute('draft') ?? undefined,
          headingLevel: this.getAttribute('heading-level') ?? undefined,
          pageTitle: this.getAttribute('page-title') ?? undefined,
          submitTimeout: this.getAttribute('submit-timeout') ?? undefined,
          value: this.#pending,
        });
        this.#pending = undefined;
      },
      () => {
        if (this.#root !== root) return;
        const message = document.createElement('p');
        message.className = 'hoth-load-error';
        message.textContent = 'Sorry, the referral form could not load in this browser. ' +
          'To make a referral, phone the council\u2019s children\u2019s services front door. ' +
          'If a child is in immediate danger, call 999.';
        root.replaceChildren(message);
        show();
      },
    );
  }

  disconnectedCallback() {
    // The answers stay readable as `value` while the element is away, and are given back if
    // it returns (a kept draft, when there is one, wins: it also remembers the page).
    if (this.#widget) {
      try {
        this.#pending = this.#widget.value();
      } catch {
        // The draft, if any, still has them.
      }
      this.#widget.destroy();
      this.#widget.free();
    }
    this.#widget = null;
    this.#root = null;
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.#widget) return;
    if (name !== 'policy' || after === null) {
      this.#widget.setOption(name, after ?? undefined);
      return;
    }
    // Another council: the form keeps the current one's route, says it is loading, and changes
    // over when the new pack is in (at once if it already is). Only the latest change applies.
    const widget = this.#widget;
    const id = after.trim();
    const notice = this.#loadingNotice();
    pack(id).then(() => {
      notice();
      if (this.#widget === widget && policyOf(this) === id) widget.setOption('policy', after);
    }, notice);
  }

  /** A "loading" line above the form while another council's pack arrives (shown only if it
   * takes long enough to notice); returns the function that takes it away. */
  #loadingNotice() {
    const root = this.#root;
    if (!root) return () => {};
    const line = document.createElement('p');
    line.className = 'hoth-policy-loading';
    line.setAttribute('role', 'status');
    line.textContent = 'Loading the council\u2019s rules for where a referral goes next\u2026';
    const timer = setTimeout(() => root.before(line), 150);
    return () => {
      clearTimeout(timer);
      line.remove();
    };
  }

  /** The referral as it would be sent (a plain object). */
  get value() {
    return this.#widget ? this.#widget.value() : (this.#pending ?? null);
  }

  /** Preset or replace the answers (`{}` empties the form); read back at once. Anything that
   * is not a referral object (`null`, `undefined`, a string, a number, a list, an object JSON
   * cannot hold) is refused with a TypeError, and the answers are left as they were. */
  set value(referral) {
    let json;
    try {
      json = referral !== null && typeof referral === 'object' && !Array.isArray(referral)
        ? JSON.stringify(referral) : undefined;
    } catch {
      json = undefined;
    }
    if (json === undefined) {
      throw new TypeError('<hoth-referral>: value must be a referral object ({} for an empty form); ' +
        'the answers were left as they were');
    }
    if (this.#widget) this.#widget.setValue(referral);
    else this.#pending = JSON.parse(json);
  }
}

if (!customElements.get('hoth-referral')) {
  customElements.define('hoth-referral', HothReferral);
}
