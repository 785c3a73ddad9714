// The batch worker: routes a file of referrals (or a synthetic set) under the chosen
// policies with the sandbox's own WebAssembly (hoth-core), a chunk at a time, posting
// progress after each chunk. The page may split a batch between workers: each reads the
// whole batch and routes its own part. Cancelling terminates the workers. Nothing leaves
// the page.
//
// In:  { file: File } or { seed, count }, plus { policies: [id or pack JSON], today, chunk,
//      part, parts }
// Out: { kind: 'start', total } (referrals in the whole batch), { kind: 'rows', routed (in
//      this part so far), rows: JSON Lines }, { kind: 'done' } or { kind: 'error', message }
import init, { BatchJob } from './dist/hoth_sandbox.js';

const ready = init();

self.onmessage = async (event) => {
  const { file, seed, count, policies, today, chunk, part, parts } = event.data;
  let job;
  try {
    await ready;
    job = file
      ? BatchJob.fromText(await file.text(), policies, today)
      : BatchJob.fromSeed(seed, count, policies, today);
    job.part(part ?? 0, parts ?? 1);
    self.postMessage({ kind: 'start', total: job.total() });
    let routed = 0;
    while (!job.isFinished()) {
      const before = job.done();
      const rows = job.run(chunk);
      routed += job.done() - before;
      self.postMessage({ kind: 'rows', routed, rows });
    }
    self.postMessage({ kind: 'done' });
  } catch (error) {
    self.postMessage({ kind: 'error', message: String(error?.message ?? error) });
  } finally {
    job?.free();
  }
};
