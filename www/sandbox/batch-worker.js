// The batch worker: routes a file of referrals (or a synthetic set) under the chosen
// policies with the sandbox's own WebAssembly (hoth-core), a chunk at a time, posting
// progress after each chunk. Cancelling terminates the worker. Nothing leaves the page.
//
// In:  { file: File } or { seed, count }, plus { policies: [id or pack JSON], today, chunk }
// Out: { kind: 'start', total }, { kind: 'rows', done, total, rows: JSON Lines },
//      { kind: 'done', total } or { kind: 'error', message }
import init, { BatchJob } from './dist/hoth_sandbox.js';

const ready = init();

self.onmessage = async (event) => {
  const { file, seed, count, policies, today, chunk } = event.data;
  let job;
  try {
    await ready;
    job = file
      ? BatchJob.fromText(await file.text(), policies, today)
      : BatchJob.fromSeed(seed, count, policies, today);
    const total = job.total();
    self.postMessage({ kind: 'start', total });
    while (job.done() < total) {
      const rows = job.run(chunk);
      self.postMessage({ kind: 'rows', done: job.done(), total, rows });
    }
    self.postMessage({ kind: 'done', total });
  } catch (error) {
    self.postMessage({ kind: 'error', message: String(error?.message ?? error) });
  } finally {
    job?.free();
  }
};
