// Shared by the cross-engine tests: the page under test (dist/ from the blog sub-path, with
// the probe loaded first), what is read from it in every engine, and the Chromium reference.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_PATH, distDir, eventually, launchBrowser, openPage, assertClean, startServer } from '../e2e/support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The slider of the headline client's monthly spend (TikTok in the base case). */
export const SPEND_SLIDER = '#rm-lever-headlinespend-range';

/** The charts on screen with a chart's tab shown: the revenue outlook and that tab's chart
 * (the others are drawn when their tab is selected). */
export const CHART_COUNT = 2;

/** The tabs of the other results, in order; the first is shown at the start. */
export const TAB_IDS = ['article', 'concentration', 'figures', 'final-year', 'sensitivity', 'by-client'];

/** The tabs without a chart of their own (the article's table, the key figures). */
export const CHARTLESS_TABS = ['article', 'figures'];

/** How many charts are on screen with the tab `tabId` (an element id) shown. */
export function chartsWith(tabId) {
  return CHARTLESS_TABS.some((id) => tabId === `rm-tab-${id}`) ? CHART_COUNT - 1 : CHART_COUNT;
}

/** The widths of the screenshots: a phone and a blog column. */
export const SCREENSHOT_WIDTHS = [375, 700];

/** Starts the widget in the article's base case whatever it saved before. */
export const ARTICLE_PRESET = '?preset=article';

/** A same-origin host page showing the widget's page in a frame `?width=` CSS px wide. */
export const FRAME_PAGE = '/engine-frame.html';

const FRAME_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The widget in a frame</title><link rel="icon" href="data:,">
<style>html, body { margin: 0; } iframe { border: 0; height: 1400px; display: block; }</style></head>
<body><iframe title="The widget" src="${BASE_PATH}${ARTICLE_PRESET}"></iframe>
<script>document.querySelector('iframe').style.width = Number(new URLSearchParams(location.search).get('width')) + 'px';</script>
</body></html>`;

/** Where the screenshots go: target/engine-screenshots/ (or $ENGINE_SCREENSHOTS). */
export function screenshotDir() {
  return path.resolve(process.env.ENGINE_SCREENSHOTS ?? path.join(HERE, '..', '..', 'target', 'engine-screenshots'));
}

export async function saveScreenshot(name, png) {
  const dir = screenshotDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, png);
  return file;
}

/**
 * Serves dist/ under BASE_PATH with index.html loading tests/engines/probe.js before the
 * widget's own scripts (every other file is the built one, unchanged).
 */
export async function startProbedServer() {
  const root = distDir();
  const index = await readFile(path.join(root, 'index.html'), 'utf8');
  const probe = await readFile(path.join(HERE, 'probe.js'), 'utf8');
  const probeTag = '<script src="./engine-probe.js"></script>';
  const head = index.match(/<head[^>]*>/i);
  if (!head) {
    throw new Error('dist/index.html has no <head>');
  }
  const at = head.index + head[0].length;
  const probed = `${index.slice(0, at)}\n    ${probeTag}${index.slice(at)}`;
  return startServer(root, {
    pages: {
      [BASE_PATH]: probed,
      [`${BASE_PATH}index.html`]: probed,
      [`${BASE_PATH}engine-probe.js`]: { body: probe, type: 'text/javascript; charset=utf-8' },
      [FRAME_PAGE]: FRAME_HTML,
    },
  });
}

/**
 * Reads the page in every engine (probe.js's `read`, in the page's own context, where reading
 * pixels is fast in every engine): the headline, the article's table, whether the full Monte
 * Carlo result is on screen, every chart's state, the probe's findings, and every resource
 * the page fetched whose origin is not the page's own.
 */
export function readWidget() {
  return window.__engineProbe ? window.__engineProbe.read() : { errors: ['the probe did not run'], workers: [], charts: [], foreign: [] };
}

/** `readWidget` as a WebDriver script body. */
export const READ_WIDGET = `return (${readWidget.toString()})();`;

/** Whether every chart is drawn and none waits for a redraw. */
export function chartsDrawn(state) {
  // A tab without a chart of its own leaves only the outlook on screen.
  const expected = chartsWith(state.tab);
  return state.charts.length === expected && state.charts.every((chart) => chart.width > 0 && chart.height > 0 && chart.drawn && !chart.pending);
}

/** A short description of a state, for failure messages. */
export function describeState(state) {
  if (!state) {
    return 'nothing read yet';
  }
  const { charts, ...rest } = state;
  return JSON.stringify({ ...rest, charts: charts.map(({ hash, ...chart }) => chart) });
}

/**
 * Polls `read()` until the full result is on screen, every chart is drawn, `accept(state)`
 * holds, and the charts' pixels are the same on two reads in a row. Returns the state.
 */
export async function settled(read, { accept = () => true, timeout = 60_000, message = 'the full result with every chart drawn' } = {}) {
  let previous = null;
  let last = null;
  return eventually(
    async () => {
      last = await read();
      const hash = last.charts.map((chart) => chart.hash).join(':');
      const ok = last.full && chartsDrawn(last) && accept(last) && hash === previous;
      previous = hash;
      return ok ? last : null;
    },
    { timeout, interval: 100, message, describe: () => describeState(last) },
  );
}

/**
 * What Chromium shows, driven by playwright-core as in tests/e2e: the headline and the
 * article's table with the full result, then again after one ArrowRight on the spend
 * slider. Checks that Chromium itself stayed clean.
 */
export async function chromiumReference(server) {
  const browser = await launchBrowser();
  try {
    const session = await openPage(browser, server);
    try {
      const { page } = session;
      const read = () => page.evaluate(readWidget);
      const before = await settled(read);
      await page.focus(SPEND_SLIDER);
      await page.keyboard.press('ArrowRight');
      const after = await settled(read, { accept: (state) => state.headline !== before.headline && state.table !== before.table });
      assertClean(session.diagnostics, 'the page in Chromium');
      for (const state of [before, after]) {
        if (state.errors.length > 0) {
          throw new Error(`the page in Chromium reported errors:\n${state.errors.join('\n')}`);
        }
      }
      return { before, after };
    } finally {
      await session.close();
    }
  } finally {
    await browser.close();
  }
}
