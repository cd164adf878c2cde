// Input to next paint while dragging the TikTok spend slider of the built widget (dist/).
//
//   cargo xtask bench            (builds dist/ first if it is missing, then runs this)
//   node bench/input-to-paint.mjs        ($DIST_DIR overrides dist/)
//
// Four pages, each without and with throttling: a bare slider that only shows its value
// (the floor, in the same run), the widget's base case, and the widget with 10 and with 50
// clients (added with "Add a client" before measuring). $BENCH_WORKERS (say `1,2`) measures
// the widget with each pool size (`?workers=N`), $BENCH_RATES the throttling rates.
//
// Serves dist/ under a sub-path on 127.0.0.1 and opens it in headless Chromium, once without
// throttling and once with 4× CPU throttling (Emulation.setCPUThrottlingRate). In each, after
// the full Monte Carlo result is on screen and a short warm-up, it "drags" the slider: 60
// ArrowRight presses, one per animation frame (each waits for the next frame, and for the
// page to take the previous key). Measured in the page:
// - input to next paint per input, from the Event Timing API (PerformanceObserver 'event',
//   durationThreshold 16, buffered): the longer of the press's 'keydown' and 'input' entries;
//   an input without an entry took under 16 ms (the API's floor);
// - a second estimate: the input event's timestamp, taken in a capturing 'input' listener,
//   to a double requestAnimationFrame after it;
// - long tasks over 50 ms (PerformanceObserver 'longtask') from the first input until the
//   full result is back on screen;
// - last input to full result: from the last input event to the first animation frame at
//   which `.rm-status[data-full="true"]` shows again (polled every frame, no fixed waits);
// - last input to curves refreshed: to the first animation frame after the key levers'
//   response curves (their canvases' aria-label, which describes the curve) change after
//   the last input: the compute client delivers curves only for the latest inputs, all at
//   once;
// - last input to tornado with probabilities: to the first animation frame at which the
//   sensitivity tab's data table (opened before the drag) differs from the one at the last
//   input and holds every probability;
// - the widget's own performance.measure entries during the drag: model:preview,
//   chart:draw, model:simulate (medians).
// Prints markdown tables and writes bench-results/input-to-paint.json.
import path from 'node:path';
import {
  ROOT,
  builtDist,
  failOnPageErrors,
  fmt,
  launchBrowser,
  max,
  median,
  quantile,
  startServer,
  table,
  writeResults,
} from './support.mjs';

const BASE_PATH = '/blog/2024/widget/';
const INPUTS = Number(process.env.BENCH_INPUTS ?? 60);
const WARM_UP_INPUTS = 3;
const RATES = (process.env.BENCH_RATES ?? '1,4').split(',').map(Number);
/** Pool sizes to measure the widget with ($BENCH_WORKERS, comma-separated; `default` lets the widget choose). */
const WORKERS = (process.env.BENCH_WORKERS ?? 'default').split(',');
const SLIDER = { role: 'slider', name: /TikTok.*monthly spend/i };
const FULL_TIMEOUT_MS = 120_000;
const MEASURES = ['model:preview', 'chart:draw', 'model:simulate'];
/** Which pages to measure ($BENCH_PAGES, comma-separated): bare, widget, ten, clients (all by default). */
const PAGES = new Set((process.env.BENCH_PAGES ?? 'bare,widget,ten,clients').split(','));

const dist = await builtDist();

/** Installed before the widget loads: observers, input timestamps and the status watcher. */
function instrument() {
  const state = {
    recording: false,
    events: [],
    longTasks: [],
    inputs: [],
    pendingFrames: 0,
    status: [],
    curves: [],
    lastKeydown: null,
  };
  window.__bench = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      state.events.push({
        name: e.name,
        startTime: e.startTime,
        duration: e.duration,
        processingStart: e.processingStart,
        processingEnd: e.processingEnd,
        interactionId: e.interactionId,
      });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    state.longTasksUnsupported = true;
  }
  addEventListener('keydown', (e) => {
    state.lastKeydown = e.timeStamp;
  }, true);
  addEventListener('input', (e) => {
    if (!state.recording) return;
    const sample = { keydown: state.lastKeydown, input: e.timeStamp, painted: null };
    state.inputs.push(sample);
    state.curvesAtInput = sparkLabels();
    state.tornadoAtInput = tornadoText();
    state.pendingFrames += 1;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        sample.painted = performance.now();
        state.pendingFrames -= 1;
      }),
    );
  }, true);
  // Every change of the status line's data-full, with when it happened.
  const readStatus = () => document.querySelector('.rm-status')?.getAttribute('data-full') ?? null;
  const noteStatus = () => {
    const value = readStatus();
    const last = state.status.at(-1);
    if (!last || last.value !== value) state.status.push({ value, at: performance.now() });
  };
  const startWatching = () => {
    new MutationObserver(noteStatus).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-full'],
    });
    noteStatus();
    new MutationObserver((records) => {
      if (records.some((r) => r.target instanceof HTMLCanvasElement && r.target.classList.contains('rm-spark'))) {
        state.curves.push(performance.now());
      }
    }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['aria-label'] });
  };
  if (document.documentElement) startWatching();
  else addEventListener('DOMContentLoaded', startWatching);

  const sparkLabels = () =>
    [...document.querySelectorAll('canvas.rm-spark')].map((c) => c.getAttribute('aria-label')).join('\n');
  const tornadoText = () => document.getElementById('rm-chart-tornado-data')?.textContent ?? null;
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  state.nextFrame = nextFrame;
  state.begin = () => {
    state.recording = true;
    state.inputs = [];
    state.begunAt = performance.now();
  };
  // Resolves at the first animation frame showing a full result newer than the last input.
  state.waitFull = (timeoutMs) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const lastInput = state.inputs.at(-1)?.input ?? state.begunAt ?? 0;
      const poll = () => {
        noteStatus();
        const last = state.status.at(-1);
        if (last && last.value === 'true' && last.at > lastInput) {
          resolve({ lastInput, changedAt: last.at, shownAt: performance.now() });
          return;
        }
        if (performance.now() - started > timeoutMs) {
          reject(new Error(`no full result within ${timeoutMs} ms (status ${JSON.stringify(state.status.slice(-3))})`));
          return;
        }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  // Resolves at the first animation frame after the curves changed after the last input:
  // a label change the observer saw, or labels that differ from those at the last input
  // (the observer misses a canvas that was replaced rather than changed).
  state.waitCurves = (timeoutMs) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const lastInput = state.inputs.at(-1)?.input ?? state.begunAt ?? 0;
      const poll = () => {
        const changed = state.curves.find((at) => at > lastInput)
          ?? (state.curvesAtInput !== undefined && sparkLabels() !== state.curvesAtInput ? performance.now() : undefined);
        if (changed !== undefined) {
          resolve({ lastInput, changedAt: changed, shownAt: performance.now() });
          return;
        }
        if (performance.now() - started > timeoutMs) {
          reject(new Error(`no curves within ${timeoutMs} ms`));
          return;
        }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  // Resolves at the first animation frame whose tornado table (open, with its
  // probabilities) differs from the one at the last input and has every probability.
  state.waitTornado = (timeoutMs) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const lastInput = state.inputs.at(-1)?.input ?? state.begunAt ?? 0;
      const poll = () => {
        const text = tornadoText();
        if (text !== null && text !== state.tornadoAtInput && /%/.test(text) && !text.includes('…')) {
          resolve({ lastInput, shownAt: performance.now() });
          return;
        }
        if (performance.now() - started > timeoutMs) {
          reject(new Error(`no tornado within ${timeoutMs} ms`));
          return;
        }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  // Resolves once every input's double requestAnimationFrame has run.
  state.waitFrames = () =>
    new Promise((resolve) => {
      const poll = () => (state.pendingFrames === 0 ? resolve() : requestAnimationFrame(poll));
      poll();
    });
  state.collect = (from, to) => ({
    inputs: state.inputs,
    events: state.events.filter((e) => e.startTime >= from && e.startTime <= to),
    longTasks: state.longTasks.filter((t) => t.startTime + t.duration >= from && t.startTime <= to),
    longTasksUnsupported: Boolean(state.longTasksUnsupported),
    measures: performance
      .getEntriesByType('measure')
      .filter((m) => m.startTime >= from && m.startTime <= to)
      .map((m) => ({ name: m.name, startTime: m.startTime, duration: m.duration })),
    // The widget's "compute:…" marks: when each result was delivered.
    marks: performance
      .getEntriesByType('mark')
      .filter((m) => m.startTime >= from && m.startTime <= to)
      .map((m) => ({ name: m.name, startTime: m.startTime })),
    status: state.status.filter((s) => s.at >= from),
  });
}

/** Presses `key` `count` times, one press per animation frame. */
async function drag(page, key, count) {
  for (let i = 0; i < count; i++) {
    await page.evaluate(() => window.__bench.nextFrame());
    await page.keyboard.press(key);
  }
}

/** Percentiles of per-input durations where null means "under the 16 ms floor". */
function floorQuantile(values, q) {
  const sorted = values.map((v) => (v === null ? -Infinity : v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const v = sorted[Math.round(q * (sorted.length - 1))];
  return v === -Infinity ? '<16' : v;
}

/** Adds clients with the "Add a client" button until there are `count`. */
async function addClients(page, count) {
  const all = page.locator('details.rm-all');
  if (!(await all.evaluate((d) => d.open))) await all.locator('summary.rm-panel-title').click();
  const add = page.getByRole('button', { name: 'Add a client' });
  for (;;) {
    const now = await page.locator('details.rm-all details.rm-card').count();
    if (now >= count || (await add.isDisabled())) {
      // Closed again, so the only spend slider on screen is the key lever's.
      await all.locator('summary.rm-panel-title').click();
      return now;
    }
    await add.click();
  }
}

/** Opens the sensitivity tab and its data table, so the tornado is on screen with its numbers. */
async function showTornado(page) {
  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const toggle = page.locator('button[aria-controls="rm-chart-tornado-data"]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.waitForSelector('#rm-chart-tornado-data');
}

async function measure(browser, server, rate, address = `${server.origin}${BASE_PATH}`, { clients = 0, curves = false, tornado = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  try {
    await context.addInitScript(instrument);
    const page = await context.newPage();
    const checkErrors = failOnPageErrors(page);
    await page.goto(address, { waitUntil: 'load' });
    await page.waitForSelector('.rm-status[data-full="true"]', { timeout: 60_000 });
    const clientCount = clients > 0 ? await addClients(page, clients) : null;
    if (clients > 0) {
      await page.waitForSelector('.rm-status[data-full="true"]', { timeout: FULL_TIMEOUT_MS });
    }
    if (tornado) await showTornado(page);
    if (rate > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    }
    const slider = page.getByRole(SLIDER.role, { name: SLIDER.name });
    await slider.focus();
    const startValue = Number(await slider.inputValue());

    // Warm-up: a few inputs, then wait for the full result.
    await page.evaluate(() => window.__bench.begin());
    await drag(page, 'ArrowRight', WARM_UP_INPUTS);
    await page.evaluate((t) => window.__bench.waitFull(t), FULL_TIMEOUT_MS);
    if (tornado) await page.evaluate((t) => window.__bench.waitTornado(t), FULL_TIMEOUT_MS);
    await page.evaluate(() => window.__bench.waitFrames());
    const warmValue = Number(await slider.inputValue());

    // The measured drag.
    const from = await page.evaluate(() => {
      window.__bench.begin();
      return performance.now();
    });
    await drag(page, 'ArrowRight', INPUTS);
    const full = await page.evaluate((t) => window.__bench.waitFull(t), FULL_TIMEOUT_MS);
    const curvesShown = curves ? await page.evaluate((t) => window.__bench.waitCurves(t), FULL_TIMEOUT_MS) : null;
    const tornadoShown = tornado ? await page.evaluate((t) => window.__bench.waitTornado(t), FULL_TIMEOUT_MS) : null;
    await page.evaluate(() => window.__bench.waitFrames());
    const to = await page.evaluate(() => performance.now());
    const raw = await page.evaluate(([a, b]) => window.__bench.collect(a, b), [from, to]);
    const endValue = Number(await slider.inputValue());
    checkErrors();

    // Input to next paint from Event Timing: the press's keydown and input entries.
    const near = (a, b) => a !== null && Math.abs(a - b) < 0.5;
    const eventTiming = raw.inputs.map((input) => {
      const durations = raw.events
        .filter(
          (e) =>
            (e.name === 'keydown' && near(input.keydown, e.startTime)) ||
            ((e.name === 'input' || e.name === 'pointermove') && near(input.input, e.startTime)),
        )
        .map((e) => e.duration);
      return durations.length > 0 ? Math.max(...durations) : null;
    });
    const doubleRaf = raw.inputs.map((input) => input.painted - input.input);
    const lastInput = raw.inputs.at(-1);
    const lastPainted = lastInput ? lastInput.painted : to;
    const during = raw.longTasks.filter((t) => t.startTime <= lastPainted);
    const measures = Object.fromEntries(
      MEASURES.map((name) => {
        const list = raw.measures.filter((m) => m.name === name).map((m) => m.duration);
        return [name, { count: list.length, median_ms: median(list), max_ms: max(list) }];
      }),
    );
    return {
      cpu_throttling: rate,
      clients: clientCount,
      last_input_to_curves_ms: curvesShown ? curvesShown.shownAt - curvesShown.lastInput : null,
      last_input_to_tornado_ms: tornadoShown ? tornadoShown.shownAt - tornadoShown.lastInput : null,
      inputs: raw.inputs.length,
      slider: { initial: startValue, after_warm_up: warmValue, after_drag: endValue },
      drag_ms: raw.inputs.length > 1 ? lastInput.input - raw.inputs[0].input : 0,
      event_timing_ms: {
        entries_at_least_16ms: eventTiming.filter((v) => v !== null).length,
        p50: floorQuantile(eventTiming, 0.5),
        p75: floorQuantile(eventTiming, 0.75),
        p95: floorQuantile(eventTiming, 0.95),
        max: floorQuantile(eventTiming, 1),
        per_input: eventTiming,
      },
      double_raf_ms: {
        p50: quantile(doubleRaf, 0.5),
        p75: quantile(doubleRaf, 0.75),
        p95: quantile(doubleRaf, 0.95),
        max: max(doubleRaf),
        per_input: doubleRaf,
      },
      long_tasks: {
        supported: !raw.longTasksUnsupported,
        during_drag: { count: during.length, max_ms: max(during.map((t) => t.duration)), total_ms: during.reduce((s, t) => s + t.duration, 0) },
        until_full_result: {
          count: raw.longTasks.length,
          max_ms: max(raw.longTasks.map((t) => t.duration)),
          total_ms: raw.longTasks.reduce((s, t) => s + t.duration, 0),
        },
      },
      last_input_to_full_result_ms: full.shownAt - full.lastInput,
      // Each result the compute client delivered after the last input, ms after it (an
      // early one can be for the inputs before the last, still the latest then).
      delivered_after_last_input: raw.marks
        .filter((m) => lastInput && m.startTime >= lastInput.input)
        .map((m) => ({ name: m.name, ms: m.startTime - lastInput.input })),
      last_input_to_status_change_ms: full.changedAt - full.lastInput,
      measures,
      raw,
    };
  } finally {
    await context.close();
  }
}

const server = await startServer({ [BASE_PATH]: dist, '/baseline/': path.join(ROOT, 'bench') });
const browser = await launchBrowser();
const runs = [];
try {
  for (const rate of RATES) {
    // The floor in the same run: the same presses on a bare slider that only shows its value.
    if (PAGES.has('bare')) {
      const baseline = await measure(browser, server, rate, `${server.origin}/baseline/bare-slider.html`);
      baseline.page = 'bare slider (baseline)';
      runs.push(baseline);
    }
    for (const workers of WORKERS) {
      const query = workers === 'default' ? '' : `?workers=${workers}`;
      const address = `${server.origin}${BASE_PATH}${query}`;
      const named = (r, what) => {
        r.page = `${what}${workers === 'default' ? '' : `, ${workers} workers`}`;
        r.workers = workers;
        runs.push(r);
      };
      if (PAGES.has('widget')) {
        named(await measure(browser, server, rate, address, { curves: true, tornado: true }), 'widget');
      }
      if (PAGES.has('ten')) {
        const ten = await measure(browser, server, rate, address, { clients: 10, curves: true, tornado: true });
        named(ten, `widget, ${ten.clients} clients`);
      }
      if (PAGES.has('clients')) {
        const many = await measure(browser, server, rate, address, { clients: 50, curves: true });
        named(many, `widget, ${many.clients} clients`);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const label = (r) => `${r.page}, ${r.cpu_throttling === 1 ? 'no throttling' : `${r.cpu_throttling}× CPU throttling`}`;
const cell = (v) => (typeof v === 'string' ? v : fmt(v, 1));
console.log(`\nInput to next paint while dragging the TikTok spend slider (${INPUTS} ArrowRight presses, one per frame; Chromium ${browser.version()}, dist/ under ${BASE_PATH})\n`);
console.log(
  table(
    ['condition', 'method', 'inputs', 'p50 (ms)', 'p75 (ms)', 'p95 (ms)', 'max (ms)'],
    runs.flatMap((r) => [
      [label(r), `Event Timing (keydown/input; ${r.event_timing_ms.entries_at_least_16ms} entries ≥ 16 ms)`, r.inputs, cell(r.event_timing_ms.p50), cell(r.event_timing_ms.p75), cell(r.event_timing_ms.p95), cell(r.event_timing_ms.max)],
      [label(r), 'input listener → double rAF', r.inputs, cell(r.double_raf_ms.p50), cell(r.double_raf_ms.p75), cell(r.double_raf_ms.p95), cell(r.double_raf_ms.max)],
    ]),
  ),
);
console.log();
console.log(
  table(
    ['condition', 'drag (ms)', 'long tasks > 50 ms during drag (count / max / total ms)', 'long tasks until full result', 'last input → full result on screen (ms)', 'last input → curves refreshed (ms)', 'last input → tornado with probabilities (ms)'],
    runs.map((r) => {
      const lt = (x) => (r.long_tasks.supported ? `${x.count} / ${fmt(x.max_ms, 0)} / ${fmt(x.total_ms, 0)}` : 'unsupported');
      return [label(r), fmt(r.drag_ms, 0), lt(r.long_tasks.during_drag), lt(r.long_tasks.until_full_result), fmt(r.last_input_to_full_result_ms, 1), r.last_input_to_curves_ms === null ? '–' : fmt(r.last_input_to_curves_ms, 1), r.last_input_to_tornado_ms === null ? '–' : fmt(r.last_input_to_tornado_ms, 1)];
    }),
  ),
);
console.log();
console.log(
  table(
    ['condition', ...MEASURES.map((m) => `${m} median (ms) [count]`)],
    runs.map((r) => [label(r), ...MEASURES.map((m) => `${fmt(r.measures[m].median_ms, 1)} [${r.measures[m].count}]`)]),
  ),
);
const file = await writeResults('input-to-paint.json', { browser: `Chromium ${browser.version()}`, base_path: BASE_PATH, inputs_per_drag: INPUTS, runs });
console.log(`\nresults: ${path.relative(process.cwd(), file) || file}`);
