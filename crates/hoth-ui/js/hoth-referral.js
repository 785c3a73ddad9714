// <hoth-referral>: the custom element a council portal embeds.
//
//   <script type="module" src="/hoth/hoth-referral.js"></script>
//   <hoth-referral policy="wokingham" council-name="Wokingham Borough Council"></hoth-referral>
//
// Each element gets an open shadow root holding the widget's stylesheet and the Yew app
// (WebAssembly, loaded once for the page). The host page's CSS cannot reach inside, and the
// widget's CSS cannot leak out. Only classes and a same-origin stylesheet are used, so the
// element works under `style-src 'self'`. It fetches nothing but its own files, and writes
// nothing to the console.
import init, { mount } from './hoth_ui.js';

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
// Subresource Integrity of the two files this script fetches itself, written in by `./x build`
// (tools/integrity.mjs). A file that does not match is refused by the browser and the element
// shows its load-failure message. Empty here, in the unbuilt source.
const INTEGRITY = {};
let loading = null;

function load() {
  const url = new URL('hoth_ui_bg.wasm', base);
  const integrity = INTEGRITY['hoth_ui_bg.wasm'];
  loading ??= init({ module_or_path: integrity ? fetch(url, { integrity }) : url });
  return loading;
}

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
    load().then(
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
    if (before !== after && this.#widget) this.#widget.setOption(name, after ?? undefined);
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
