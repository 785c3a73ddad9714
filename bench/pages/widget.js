// Benchmark page script for <hoth-referral> (bench/pages/widget.html): marks when the first
// page of the form shows (its heading in the shadow root, the stylesheet loaded), as
// milliseconds since navigation start, and loads referrals into the form for the harness.
import '/dist/hoth-referral.js';
import init from '/dist/hoth_ui.js';

const element = document.querySelector('hoth-referral');
window.firstPage = new Promise((resolve) => {
  const shown = () => {
    const shadow = element.shadowRoot;
    const root = shadow?.querySelector('.hoth');
    return root && !root.hidden && shadow.querySelector('#hoth-heading');
  };
  const check = () => {
    if (!shown()) return false;
    resolve(performance.now());
    return true;
  };
  if (check()) return;
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  const watch = () => observer.observe(element.shadowRoot, { childList: true, subtree: true, attributes: true });
  if (element.shadowRoot) watch(); else customElements.whenDefined('hoth-referral').then(() => { watch(); check(); });
});

// Load each referral into the form (the core validates, screens and routes it, the page
// re-renders): time to the next task, when Yew has rendered. Returns the times in ms.
window.loadReferrals = async (referrals) => {
  const times = [];
  for (const referral of referrals) {
    const t0 = performance.now();
    element.value = referral;
    await new Promise((resolve) => setTimeout(resolve, 0));
    times.push(performance.now() - t0);
  }
  return times;
};

/** The widget's WebAssembly memory, in bytes (init returns the already loaded instance). */
window.wasmMemory = async () => (await init()).memory.buffer.byteLength;

// Typing in "What has happened?" with a full referral loaded (every keystroke validates,
// screens, routes and re-renders): input event to the next task, in ms.
window.keystrokes = async (referral, warmUp, count) => {
  element.value = referral;
  await new Promise((resolve) => setTimeout(resolve, 0));
  const shadow = element.shadowRoot;
  for (let i = 0; i < 8 && !shadow.querySelector('#hoth-concerns-summary'); i++) {
    shadow.querySelector('#hoth-continue')?.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const box = shadow.querySelector('#hoth-concerns-summary');
  if (!box) return [];
  const times = [];
  for (let i = 0; i < warmUp + count; i++) {
    box.value += i % 2 ? 'x' : ' ';
    const t0 = performance.now();
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (i >= warmUp) times.push(performance.now() - t0);
  }
  return times;
};
