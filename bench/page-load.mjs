// What a reader on a mid-range phone waits for when the built widget (dist/) loads.
//
//   cargo xtask bench            (builds dist/ first if it is missing, then runs this)
//   node bench/page-load.mjs             ($DIST_DIR overrides dist/, $BENCH_LOADS the loads)
//
// Serves dist/ under a sub-path on 127.0.0.1, gzip -9 compressed as a static host would,
// and opens it in headless Chromium emulating a mid-range phone over the DevTools protocol:
// 4× CPU slowdown (Emulation.setCPUThrottlingRate), 1.6 Mbit/s down, 750 kbit/s up and
// 150 ms round trip (Network.emulateNetworkConditions), the cache disabled
// (Network.setCacheDisabled), a fresh browser context per load (no service worker). Each
// load records, from the navigation's start:
// - static fallback paint: the first contentful paint (the no-JavaScript table and chart
//   that index.html carries);
// - interactive chart: the animation frame after the widget's first `chart:draw` measure
//   (the widget has mounted, its inputs respond, the outlook chart is on its canvas);
// - full result: the animation frame after `.rm-status[data-full="true"]` first appears
//   (the full Monte Carlo from the simulation worker, or the page if no worker starts);
// - along the way: when the app's wasm has arrived (resource timing's responseEnd), when
//   the first chart starts drawing, and how long the model's preview and departure odds
//   (`model:preview`, `model:departure`) took on the page's thread before it;
// - layout shift: the sum of every layout-shift entry's value (without recent input) from
//   the navigation until both the full result and the interactive chart are on screen, as
//   the Layout Instability API reports it: the static first screen giving way to the
//   widget's should move nothing;
// - bytes received by the page (DevTools' encoded data length: compressed, with headers;
//   a dedicated worker's own requests are not on the page's session and not counted).
// Prints a markdown table of medians and writes bench-results/page-load.json. With
// $BENCH_SCREENSHOTS=DIR, the first load also saves the screen at 1 s, 3 s and 5 s there.
import { builtDist, failOnPageErrors, fmt, launchBrowser, max, median, min, startServer, table, writeResults } from './support.mjs';

const BASE_PATH = '/blog/2024/widget/';
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const FULL_TIMEOUT_MS = 120_000;
const PHONE = {
  cpuSlowdown: 4,
  downloadKbitPerS: 1600,
  uploadKbitPerS: 750,
  roundTripMs: 150,
};

const dist = await builtDist();

/** Installed before the page's scripts: notes the frame after the first chart and the full result. */
function instrument() {
  const marks = { chart: null, full: null, layoutShift: 0 };
  window.__pageLoad = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) marks.layoutShift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const afterFrame = (key) => {
    if (marks[key] === null) {
      marks[key] = -1;
      requestAnimationFrame(() => {
        marks[key] = performance.now();
      });
    }
  };
  new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => entry.name === 'chart:draw')) afterFrame('chart');
  }).observe({ type: 'measure', buffered: true });
  const watch = () => {
    if (document.querySelector('.rm-status[data-full="true"]')) afterFrame('full');
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-full'] });
}

/** Saves the screen at each of `seconds` after `started` (ms since the epoch) into `dir`. */
function screenshotsAt(page, started, seconds, dir) {
  return Promise.all(
    seconds.map(async (second) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + second * 1000 - Date.now())));
      await page.screenshot({ path: `${dir}/page-load-${second}s.png` });
    }),
  );
}

async function load(browser, url, screenshots) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    const checkErrors = failOnPageErrors(page);
    await page.addInitScript(instrument);
    const cdp = await context.newCDPSession(page);
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PHONE.roundTripMs,
      downloadThroughput: (PHONE.downloadKbitPerS * 1000) / 8,
      uploadThroughput: (PHONE.uploadKbitPerS * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
    const started = Date.now();
    const shots = screenshots ? screenshotsAt(page, started, [1, 3, 5], screenshots) : Promise.resolve();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__pageLoad && window.__pageLoad.full > 0 && window.__pageLoad.chart > 0, null, { timeout: FULL_TIMEOUT_MS, polling: 100 });
    // The layout shifts of the last frames are reported after them.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)))));
    const result = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const workerFailed = [...document.querySelectorAll('.rm-notice')].some((n) => /computing on this page/.test(n.textContent));
      const wasm = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('_bg.wasm'));
      const firstChart = performance.getEntriesByName('chart:draw')[0];
      // The widget's own work on the page's thread before its first chart was drawn.
      const before = (name) =>
        performance
          .getEntriesByName(name)
          .filter((entry) => firstChart && entry.startTime < firstChart.startTime)
          .reduce((sum, entry) => sum + entry.duration, 0);
      return {
        fallback: paint ? paint.startTime : null,
        wasmReceived: wasm ? wasm.responseEnd : null,
        firstChartStart: firstChart ? firstChart.startTime : null,
        modelBeforeChart: before('model:preview') + before('model:departure'),
        chart: window.__pageLoad.chart,
        full: window.__pageLoad.full,
        layoutShift: window.__pageLoad.layoutShift,
        workerFailed,
      };
    });
    await shots;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    checkErrors();
    if (result.workerFailed) throw new Error('the simulation worker failed: the full result came from the page');
    return { ...result, kilobytes: bytes / 1000 };
  } finally {
    await context.close();
  }
}

const server = await startServer({ [BASE_PATH]: dist }, {}, { gzip: true });
const browser = await launchBrowser();
const loads = [];
try {
  const url = `${server.origin}${BASE_PATH}index.html`;
  for (let i = 0; i < LOADS; i += 1) {
    const sample = await load(browser, url, i === 0 ? process.env.BENCH_SCREENSHOTS : undefined);
    loads.push(sample);
    console.error(`load ${i + 1}/${LOADS}: fallback ${fmt(sample.fallback, 0)} ms, chart ${fmt(sample.chart, 0)} ms, full ${fmt(sample.full, 0)} ms, layout shift ${fmt(sample.layoutShift, 3)}, ${fmt(sample.kilobytes)} KB received`);
  }
} finally {
  await browser.close();
  await server.close();
}

const column = (key) => loads.map((sample) => sample[key]).filter((value) => value !== null);
const row = (label, key, digits, scale = 1) => {
  const values = column(key).map((value) => value / scale);
  return [label, fmt(median(values), digits), fmt(min(values), digits), fmt(max(values), digits)];
};
console.log(`\n### Page load on an emulated mid-range phone (${LOADS} loads; 4× CPU, 1.6 Mbit/s, 150 ms RTT, no cache)\n`);
console.log(
  table(
    ['from navigation start', 'median', 'min', 'max'],
    [
      row('static fallback paint (s)', 'fallback', 2, 1000),
      row('the app\'s wasm received (s)', 'wasmReceived', 2, 1000),
      row('the first chart starts drawing (s)', 'firstChartStart', 2, 1000),
      row('of which the model\'s preview and departure odds on the page (s)', 'modelBeforeChart', 2, 1000),
      row('interactive chart (s)', 'chart', 2, 1000),
      row('full result (s)', 'full', 2, 1000),
      row('layout shift through the load (sum)', 'layoutShift', 3),
      row('received by the page (KB, compressed)', 'kilobytes', 1),
    ],
  ),
);
const file = await writeResults('page-load.json', { phone: PHONE, loads });
console.log(`\n(${file})`);
