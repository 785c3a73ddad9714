// A returning referrer, by hand (not a section of ./x bench): the demo portal as `./x serve`
// serves it (tools/serve.mjs over www/, after `./x build`), a 412 px viewport, RUNS fresh
// browser contexts each visiting twice, with the browser's HTTP cache on. Prints, per visit,
// the bytes the page received (CDP Network.loadingFinished) and the time from navigation to the
// widget's first page (its heading in the shadow root, its stylesheet loaded).
//
//   node bench/returning-visit.mjs [--slow]     (RUNS=5 by default)
//
// --slow: CDP Network.emulateNetworkConditions at 150 ms latency and 204,800 bytes/s down
// (Lighthouse's slow 4G). Measures; asserts nothing.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { createStaticServer, listen } from '../tools/serve.mjs';
import { root, median } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const slow = process.argv.includes('--slow');
const server = createStaticServer(path.join(root, 'www'));
const origin = await listen(server, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const visits = { first: [], second: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
    for (const visit of ['first', 'second']) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      if (slow) {
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 204800, uploadThroughput: 96000 });
      }
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
      await page.goto(origin);
      await page.waitForFunction(() => {
        const shadow = document.querySelector('hoth-referral')?.shadowRoot;
        const form = shadow?.querySelector('.hoth');
        return form && !form.hidden && shadow.querySelector('#hoth-heading');
      }, null, { polling: 5, timeout: 60_000 });
      const time = await page.evaluate(() => performance.now());
      await page.waitForTimeout(1500);
      visits[visit].push({ time, bytes });
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
for (const [visit, rows] of Object.entries(visits)) {
  console.log(`${visit} visit: first page median ${median(rows.map((r) => r.time)).toFixed(0)} ms;`,
    rows.map((r) => `${r.time.toFixed(0)} ms / ${r.bytes} bytes`).join(', '));
}
