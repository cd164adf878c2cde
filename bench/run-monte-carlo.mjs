// The Monte Carlo in the browser: the model compiled to WebAssembly (crates/bench-wasm)
// against a plain JavaScript version (bench/baseline.js), in one page of headless Chromium.
//
//   cargo xtask bench            (builds target/bench-wasm/ first, then runs this)
//   node bench/run-monte-carlo.mjs
//
// Serves bench/ and target/bench-wasm/ on 127.0.0.1, warms both up, then runs N alternating
// repetitions of 10,000 runs × 36 months × 10 clients, then both with 100,000 runs
// (alternating, median of 3), and the WebAssembly memory high-water mark. Prints a markdown
// table and writes bench-results/monte-carlo.json.
//
// It also checks that the two simulate the same model, and fails loudly if not. The
// JavaScript baseline draws other random numbers, so it must agree in distribution:
// P(reach target) within 3 standard errors of the difference and the last month's median
// within 2% of the model's at 10,000 runs. The model's figures come from the native
// benchmark (bench-results/monte-carlo-native.json, written by
// `cargo bench -p revenue-model --bench monte_carlo`, which `cargo xtask bench` runs
// first); the WebAssembly checksum must equal the native one (the model is bit-identical
// on both targets), so they are the WebAssembly build's figures too.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  RESULTS_DIR,
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

const referenceFile = path.join(RESULTS_DIR, 'monte-carlo-native.json');
let reference;
try {
  reference = JSON.parse(await readFile(referenceFile, 'utf8'));
} catch (error) {
  console.error(
    `${referenceFile} is missing or unreadable (${error.message}): run ` +
      '`cargo bench -p revenue-model --bench monte_carlo` first (`cargo xtask bench` does)',
  );
  process.exit(1);
}
if (reference.runs !== RUNS || reference.months !== MONTHS) {
  console.error(`${referenceFile} is for ${reference.runs} runs × ${reference.months} months, not ${RUNS} × ${MONTHS}`);
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
    await once('floor', RUNS);
  }
  const wasm = [];
  const js = [];
  const floor = [];
  for (let i = 0; i < REPETITIONS; i++) {
    wasm.push(await once('wasm', RUNS));
    js.push(await once('js', RUNS));
    floor.push(await once('floor', RUNS));
  }
  const memoryBefore = await page.evaluate(() => window.bench.memoryBytes());
  const large = [];
  const largeJs = [];
  const largeFloor = [];
  for (let i = 0; i < LARGE_REPETITIONS; i++) {
    large.push(await once('wasm', LARGE_RUNS));
    largeJs.push(await once('js', LARGE_RUNS));
    largeFloor.push(await once('floor', LARGE_RUNS));
  }
  const memoryAfter = await page.evaluate(() => window.bench.memoryBytes());
  const jsStats = await page.evaluate(([r, m]) => window.bench.stats(r, m), [RUNS, MONTHS]);
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
    js_100k: { runs: LARGE_RUNS, repetitions: LARGE_REPETITIONS, ...summary(largeJs) },
    // The random path alone (the floor under the model's time), same runs, months, clients.
    floor_10k: { runs: RUNS, ...summary(floor) },
    floor_100k: { runs: LARGE_RUNS, repetitions: LARGE_REPETITIONS, ...summary(largeFloor) },
    memory_bytes_after_10k: memoryBefore,
    memory_bytes_high_water_after_100k: memoryAfter,
  };
  results.ratio_js_over_wasm = results.js_10k.median_ms / results.wasm_10k.median_ms;
  results.ratio_js_over_wasm_100k = results.js_100k.median_ms / results.wasm_100k.median_ms;
  results.agreement = agreement(results.wasm_10k.checksum, jsStats);
} finally {
  await browser.close();
  await server.close();
}

/** Compares the JavaScript baseline with the model (see the top of this file). */
function agreement(wasmChecksum, js) {
  const p = reference.p_reach_target;
  const se = Math.sqrt((p * (1 - p)) / RUNS + (js.pReachTarget * (1 - js.pReachTarget)) / RUNS);
  const pDifferenceSe = se > 0 ? Math.abs(js.pReachTarget - p) / se : js.pReachTarget === p ? 0 : Infinity;
  const medianDifference = js.lastMonthMedianMusd / reference.last_month_median_musd - 1;
  const problems = [];
  if (Math.abs(wasmChecksum - reference.checksum) > 1e-9 * Math.abs(reference.checksum)) {
    problems.push(
      `the WebAssembly checksum ${wasmChecksum} is not the native model's ${reference.checksum} ` +
        `(${referenceFile} is stale, or the builds differ): rerun \`cargo xtask bench\``,
    );
  }
  if (!(pDifferenceSe <= 3)) {
    problems.push(
      `P(reach target): JavaScript ${js.pReachTarget}, model ${p}: ${pDifferenceSe.toFixed(2)} standard errors apart (at most 3)`,
    );
  }
  if (!(Math.abs(medianDifference) <= 0.02)) {
    problems.push(
      `last month's median: JavaScript ${js.lastMonthMedianMusd}, model ${reference.last_month_median_musd}: ` +
        `${(100 * medianDifference).toFixed(2)}% apart (at most 2%)`,
    );
  }
  return {
    wasm_checksum_equals_native: wasmChecksum === reference.checksum,
    p_reach_target: { model: p, js: js.pReachTarget, standard_errors_apart: pDifferenceSe },
    last_month_median_musd: {
      model: reference.last_month_median_musd,
      js: js.lastMonthMedianMusd,
      relative_difference: medianDifference,
    },
    problems,
  };
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const nsPerElement = (ms, runs) => fmt((ms * 1e6) / (runs * MONTHS * CLIENTS), 1);
const { wasm_10k: w, js_10k: j, wasm_100k: l, js_100k: lj } = results;
console.log(`\nMonte Carlo in ${results.browser} (${CLIENTS} clients × ${MONTHS} months; ${REPETITIONS} alternating repetitions after ${WARM_UPS} warm-ups${results.cross_origin_isolated ? '' : '; timer not cross-origin isolated'})\n`);
console.log(
  table(
    ['case', 'runs', 'median (ms)', 'min (ms)', 'max (ms)', 'ns per run·month·client', 'checksum', 'JS / wasm'],
    [
      ['wasm `simulate_ten_clients`', RUNS, fmt(w.median_ms, 2), fmt(w.min_ms, 2), fmt(w.max_ms, 2), nsPerElement(w.median_ms, RUNS), fmt(w.checksum, 2), '1.00'],
      ['plain JS baseline (counter-based streams, ziggurat, typed arrays, selection)', RUNS, fmt(j.median_ms, 2), fmt(j.min_ms, 2), fmt(j.max_ms, 2), nsPerElement(j.median_ms, RUNS), fmt(j.checksum, 2), fmt(results.ratio_js_over_wasm, 2)],
      [`wasm \`simulate_ten_clients\` (median of ${LARGE_REPETITIONS})`, LARGE_RUNS, fmt(l.median_ms, 2), fmt(l.min_ms, 2), fmt(l.max_ms, 2), nsPerElement(l.median_ms, LARGE_RUNS), fmt(l.checksum, 2), '1.00'],
      [`plain JS baseline (median of ${LARGE_REPETITIONS})`, LARGE_RUNS, fmt(lj.median_ms, 2), fmt(lj.min_ms, 2), fmt(lj.max_ms, 2), nsPerElement(lj.median_ms, LARGE_RUNS), fmt(lj.checksum, 2), fmt(results.ratio_js_over_wasm_100k, 2)],
    ],
  ),
);
const { floor_10k: f, floor_100k: lf } = results;
console.log(
  '\nThe floor in the same run: the random path alone in WebAssembly (`random_path_floor`: per run and month a market normal, per client a draw, a ziggurat normal, `exp` and the level update; nothing else)\n',
);
console.log(
  table(
    ['runs', 'floor median (ms)', 'min (ms)', 'max (ms)', 'model / floor'],
    [
      [RUNS, fmt(f.median_ms, 2), fmt(f.min_ms, 2), fmt(f.max_ms, 2), fmt(w.median_ms / f.median_ms, 2)],
      [LARGE_RUNS, fmt(lf.median_ms, 2), fmt(lf.min_ms, 2), fmt(lf.max_ms, 2), fmt(l.median_ms / lf.median_ms, 2)],
    ],
  ),
);
console.log(
  `\nwasm memory: ${mib(results.memory_bytes_after_10k)} after the 10,000-run repetitions, ` +
    `high-water mark ${mib(results.memory_bytes_high_water_after_100k)} after ${LARGE_RUNS.toLocaleString('en')} runs ` +
    `(${results.memory_bytes_high_water_after_100k} bytes)`,
);
const a = results.agreement;
console.log(
  `\nsame model: WebAssembly checksum ${a.wasm_checksum_equals_native ? 'equals' : 'differs from'} the native one; ` +
    `P(reach target) JS ${fmt(a.p_reach_target.js, 4)}, model ${fmt(a.p_reach_target.model, 4)} ` +
    `(${fmt(a.p_reach_target.standard_errors_apart, 2)} standard errors apart); ` +
    `last month's median JS ${fmt(a.last_month_median_musd.js, 2)}, model ${fmt(a.last_month_median_musd.model, 2)} ` +
    `(${(100 * a.last_month_median_musd.relative_difference).toFixed(2)}%)`,
);
const file = await writeResults('monte-carlo.json', results);
console.log(`results: ${path.relative(process.cwd(), file) || file}`);
if (a.problems.length > 0) {
  console.error(`\nFAILED: the JavaScript baseline and the model do not agree:\n- ${a.problems.join('\n- ')}`);
  process.exit(1);
}
