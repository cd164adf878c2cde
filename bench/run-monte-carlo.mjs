// The Monte Carlo in the browser: the model compiled to WebAssembly (crates/bench-wasm)
// against a plain JavaScript version (bench/baseline.js), in one page of headless Chromium.
//
//   cargo xtask bench            (builds target/bench-wasm/ first, then runs this)
//   node bench/run-monte-carlo.mjs
//
// Serves bench/ and target/bench-wasm/ on 127.0.0.1, warms both up, then runs N alternating
// repetitions of 10,000 runs × 36 months × 10 clients, and the WebAssembly version with
// 100,000 runs (median of 3) followed by its memory high-water mark. Prints a markdown
// table and writes bench-results/monte-carlo.json.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ROOT,
  failOnPageErrors,
  fmt,
  launchBrowser,
  max,
  median,
  min,
  startServer,
  table,
  writeResults,
} from './support.mjs';

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 15);
const WARM_UPS = 3;
const RUNS = 10_000;
const LARGE_RUNS = 100_000;
const LARGE_REPETITIONS = 3;
const MONTHS = 36;
const CLIENTS = 10;

const pkg = path.join(ROOT, 'target', 'bench-wasm');
try {
  await stat(path.join(pkg, 'revenue_bench_wasm_bg.wasm'));
} catch {
  console.error(`${pkg}/revenue_bench_wasm_bg.wasm is missing: run \`cargo xtask bench\` (it builds it)`);
  process.exit(1);
}

// Cross-origin isolation gives performance.now() a finer resolution (5 µs instead of 100 µs).
const server = await startServer(
  { '/bench/': path.join(ROOT, 'bench'), '/pkg/': pkg },
  { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
);
const browser = await launchBrowser();
let results;
try {
  const page = await browser.newPage();
  const checkErrors = failOnPageErrors(page);
  await page.goto(`${server.origin}/bench/monte-carlo.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  const isolated = await page.evaluate(() => self.crossOriginIsolated);
  const once = (kind, runs) =>
    page.evaluate(([k, r, m]) => window.bench.time(k, r, m), [kind, runs, MONTHS]);

  for (let i = 0; i < WARM_UPS; i++) {
    await once('wasm', RUNS);
    await once('js', RUNS);
  }
  const wasm = [];
  const js = [];
  for (let i = 0; i < REPETITIONS; i++) {
    wasm.push(await once('wasm', RUNS));
    js.push(await once('js', RUNS));
  }
  const memoryBefore = await page.evaluate(() => window.bench.memoryBytes());
  const large = [];
  for (let i = 0; i < LARGE_REPETITIONS; i++) {
    large.push(await once('wasm', LARGE_RUNS));
  }
  const memoryAfter = await page.evaluate(() => window.bench.memoryBytes());
  checkErrors();

  const times = (list) => list.map((r) => r.ms);
  const summary = (list) => ({
    median_ms: median(times(list)),
    min_ms: min(times(list)),
    max_ms: max(times(list)),
    checksum: median(list.map((r) => r.checksum)),
    times_ms: times(list),
  });
  results = {
    browser: `Chromium ${browser.version()}`,
    cross_origin_isolated: isolated,
    scenario: { clients: CLIENTS, months: MONTHS },
    repetitions: REPETITIONS,
    warm_ups: WARM_UPS,
    wasm_10k: { runs: RUNS, ...summary(wasm) },
    js_10k: { runs: RUNS, ...summary(js) },
    wasm_100k: { runs: LARGE_RUNS, repetitions: LARGE_REPETITIONS, ...summary(large) },
    memory_bytes_after_10k: memoryBefore,
    memory_bytes_high_water_after_100k: memoryAfter,
  };
  results.ratio_js_over_wasm = results.js_10k.median_ms / results.wasm_10k.median_ms;
} finally {
  await browser.close();
  await server.close();
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const nsPerElement = (ms, runs) => fmt((ms * 1e6) / (runs * MONTHS * CLIENTS), 1);
const { wasm_10k: w, js_10k: j, wasm_100k: l } = results;
console.log(`\nMonte Carlo in ${results.browser} (${CLIENTS} clients × ${MONTHS} months; ${REPETITIONS} alternating repetitions after ${WARM_UPS} warm-ups${results.cross_origin_isolated ? '' : '; timer not cross-origin isolated'})\n`);
console.log(
  table(
    ['case', 'runs', 'median (ms)', 'min (ms)', 'max (ms)', 'ns per run·month·client', 'checksum', 'JS / wasm'],
    [
      ['wasm `simulate_ten_clients`', RUNS, fmt(w.median_ms, 2), fmt(w.min_ms, 2), fmt(w.max_ms, 2), nsPerElement(w.median_ms, RUNS), fmt(w.checksum, 2), '1.00'],
      ['plain JS baseline (Math.random, Box–Muller, sort)', RUNS, fmt(j.median_ms, 2), fmt(j.min_ms, 2), fmt(j.max_ms, 2), nsPerElement(j.median_ms, RUNS), fmt(j.checksum, 2), fmt(results.ratio_js_over_wasm, 2)],
      [`wasm \`simulate_ten_clients\` (median of ${LARGE_REPETITIONS})`, LARGE_RUNS, fmt(l.median_ms, 2), fmt(l.min_ms, 2), fmt(l.max_ms, 2), nsPerElement(l.median_ms, LARGE_RUNS), fmt(l.checksum, 2), '–'],
    ],
  ),
);
console.log(
  `\nwasm memory: ${mib(results.memory_bytes_after_10k)} after the 10,000-run repetitions, ` +
    `high-water mark ${mib(results.memory_bytes_high_water_after_100k)} after ${LARGE_RUNS.toLocaleString('en')} runs ` +
    `(${results.memory_bytes_high_water_after_100k} bytes)`,
);
const file = await writeResults('monte-carlo.json', results);
console.log(`results: ${path.relative(process.cwd(), file) || file}`);
