// The sandbox page's module script: load the sandbox's WebAssembly and start it. The batch
// worker (batch-worker.js) loads the same module on its own thread.
import init, { mount } from './dist/hoth_sandbox.js';

const root = document.getElementById('sandbox');
init().then(() => {
  root.replaceChildren();
  mount(root);
}).catch(() => {
  root.textContent = 'The sandbox could not start in this browser (it needs WebAssembly and module workers).';
});
