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
const ATTRIBUTES = ['policy', 'council-name', 'draft-key', 'draft'];
let loading = null;

function load() {
  loading ??= init({ module_or_path: new URL('hoth_ui_bg.wasm', base) });
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
    const link = document.createElement('link');
    link.rel = 'stylesheet';
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
    // The draft keeps the answers if the element comes back.
    if (this.#widget) {
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

  /** Preset or replace the answers; `null` starts again. */
  set value(referral) {
    if (this.#widget) this.#widget.setValue(referral ?? null);
    else this.#pending = referral;
  }
}

if (!customElements.get('hoth-referral')) {
  customElements.define('hoth-referral', HothReferral);
}
