// Harness for the end-to-end tests: serves dist/ from a sub-path on 127.0.0.1 (server.mjs), drives headless
// Chromium through playwright-core, and records what must never happen on the page (console
// errors, uncaught page errors, requests to any other origin, failed requests).
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { serveStatic } from './server.mjs';

/** The page is published under a sub-path, as on a blog. */
export const BASE_PATH = '/blog/2024/widget/';

/** Arguments that keep Chromium from reaching for the network on its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export { MIME_TYPES } from './server.mjs';

/** The built site to test: $DIST_DIR, as `cargo xtask test` sets it. */
export function distDir() {
  const dir = process.env.DIST_DIR;
  if (!dir) {
    throw new Error('DIST_DIR is not set: run `cargo xtask test`, or point DIST_DIR at a trunk dist/ folder');
  }
  return path.resolve(dir);
}

/**
 * Serves `root` under BASE_PATH on 127.0.0.1 at a free port (server.mjs); everything else
 * is a 404. Options: `headers`, sent with every response (for example a
 * Content-Security-Policy or Access-Control-Allow-Origin); `pages`, extra in-memory files by
 * absolute path (`{ '/host/': '<!doctype html>...' }` for HTML, or `{ body, type }`). With
 * `root` null, only the pages are served.
 * Returns { origin, url, served, close }.
 */
export async function startServer(root = distDir(), { headers = {}, pages = {} } = {}) {
  if (root !== null) {
    try {
      await stat(path.join(root, 'index.html'));
    } catch {
      throw new Error(`${root}/index.html is missing: build the site first (cargo xtask dist)`);
    }
  }
  const server = await serveStatic(root === null ? {} : { [BASE_PATH]: root }, { headers, pages });
  return { ...server, url: `${server.origin}${BASE_PATH}` };
}

/** Headless Chromium from $CHROMIUM (default /usr/bin/chromium). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** The longest any one end-to-end test may take, on a loaded machine. */
export const TEST_TIMEOUT = 90_000;
/** For a test that opens several pages or waits for every job of a pool of workers. */
export const SLOW_TEST_TIMEOUT = 240_000;

/**
 * What a suite opens before its first test and closes after its last. `open(use)` returns
 * the suite's fields; every value passed through `use` (anything with `close()`, or a
 * promise of it) is closed after the last test, the last opened first, even when `open`
 * failed half-way. Returns the object the fields are put in, for the tests to read.
 */
export function suiteFixture(open) {
  const suite = {};
  const opened = [];
  before(async () => {
    const use = async (resource) => {
      const value = await resource;
      opened.push(value);
      return value;
    };
    Object.assign(suite, await open(use));
  });
  after(async () => {
    for (const resource of opened.reverse()) {
      await resource.close();
    }
  });
  return suite;
}

/**
 * The static server and Chromium of one suite: both start before its first test and stop
 * after its last. Tests read `suite.server` and `suite.browser`. Options: `root`, `headers`
 * and `pages` as for startServer; `setUp({ server, browser, use })`, more of the suite's
 * fields (opened with `use`, as in suiteFixture).
 */
export function serverAndBrowser({ root, headers, pages, setUp } = {}) {
  return suiteFixture(async (use) => {
    const server = await use(startServer(root === undefined ? distDir() : root, { headers, pages }));
    const browser = await use(launchBrowser());
    return { server, browser, ...(setUp ? await setUp({ server, browser, use }) : {}) };
  });
}

/** Empty lists of everything a clean page load must not produce. */
export function newDiagnostics() {
  return { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
}

/** Adds `from`'s findings to `into`. */
export function mergeDiagnostics(into, from) {
  for (const key of Object.keys(into)) {
    into[key].push(...from[key]);
  }
}

/** Fails, listing every finding, unless `diagnostics` is empty. */
export function assertClean(diagnostics, where = 'the page') {
  const findings = Object.entries(diagnostics).filter(([, list]) => list.length > 0);
  if (findings.length > 0) {
    const lines = findings.flatMap(([kind, list]) => [`${kind}:`, ...list.map((item) => `  - ${item}`)]);
    assert.fail(`${where} was not clean:\n${lines.join('\n')}`);
  }
}

function isForeign(url, origin) {
  const parsed = new URL(url);
  // data: and blob: URLs never leave the page.
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || url === 'about:blank') {
    return false;
  }
  return parsed.origin !== origin;
}

/**
 * Whether `request` is the browser fetching the page's icon (`<link rel="icon">`, the
 * widget's icon.svg). Chromium fetches it again on every same-document URL change (the
 * widget keeps its scenario in the fragment) and cancels the fetch still in flight: an
 * aborted icon fetch is the browser's bookkeeping, not a failure of the page.
 */
function isFaviconFetch(request) {
  return request.method() === 'GET' && new URL(request.url()).pathname.endsWith('/icon.svg');
}

/**
 * Opens the widget in a fresh browser context and records its console errors, page errors,
 * requests to other origins and failed requests. Returns { page, context, diagnostics, close }.
 * Options: `url` to open instead of the widget's page; `origins`, further origins whose
 * requests are not foreign (a host page's own server); `initScript`, run in every frame
 * before the page's scripts (see page.addInitScript); `prepare`, an async function of the
 * page called before it opens (to add routes, say).
 */
export async function openPage(browser, server, { url = server.url, origins = [], initScript, prepare } = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  if (initScript) {
    await page.addInitScript(initScript);
  }
  const diagnostics = newDiagnostics();
  const own = [server.origin, ...origins];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      diagnostics.consoleErrors.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => diagnostics.pageErrors.push(error.stack ?? String(error)));
  context.on('request', (request) => {
    if (own.every((origin) => isForeign(request.url(), origin))) {
      diagnostics.foreignRequests.push(`${request.method()} ${request.url()}`);
    }
  });
  page.on('websocket', (socket) => {
    if (own.every((origin) => new URL(socket.url()).host !== new URL(origin).host)) {
      diagnostics.foreignRequests.push(`WebSocket ${socket.url()}`);
    }
  });
  context.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'failed';
    if (error === 'net::ERR_ABORTED' && isFaviconFetch(request)) {
      return;
    }
    diagnostics.failedRequests.push(`${request.url()}: ${error}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) {
      diagnostics.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
    }
  });
  if (prepare) {
    await prepare(page);
  }
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, diagnostics, close: () => context.close() };
}

/**
 * Opens a page with `openPage(browser, server, options)`, runs `body(page)`, checks the
 * page stayed clean, and adds what it recorded to `everything` (for a suite's final check).
 */
export async function withSession(browser, server, everything, body, options = {}) {
  const session = await openPage(browser, server, options);
  try {
    await body(session.page);
    assertClean(session.diagnostics);
  } finally {
    mergeDiagnostics(everything, session.diagnostics);
    await session.close();
  }
}

/**
 * Polls `check` until it returns a truthy value (which it returns) or `timeout` ms pass.
 * `describe` is called on failure with the last value seen, for the message.
 */
export async function eventually(check, { timeout = 10_000, interval = 25, message = 'condition', describe } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await check();
      lastError = undefined;
      if (last) {
        return last;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `: ${lastError.message}` : describe ? `: ${describe(last)}` : '';
      throw new Error(`${message} not met within ${timeout} ms${detail}`);
    }
    await delay(interval);
  }
}

/** Waits until the locator's text matches every pattern. */
export async function expectText(locator, patterns, { timeout = 10_000 } = {}) {
  let text = '';
  await eventually(
    async () => {
      text = (await locator.textContent()) ?? '';
      return patterns.every((pattern) => pattern.test(text));
    },
    {
      timeout,
      message: `text matching ${patterns.join(', ')}`,
      describe: () => {
        const missing = patterns.filter((pattern) => !pattern.test(text));
        return `missing ${missing.join(', ')} in ${JSON.stringify(text.replace(/\s+/g, ' ').trim())}`;
      },
    },
  );
  return text;
}

/**
 * Size and pixel summary of every chart canvas (`canvas.rm-chart`): CSS and bitmap size,
 * a hash of its pixels, and whether any pixel differs from the first (not blank).
 */
export async function chartStates(page) {
  return page.locator('canvas.rm-chart').evaluateAll((canvases) =>
    canvases.map((canvas) => {
      const rect = canvas.getBoundingClientRect();
      const state = {
        cssWidth: rect.width,
        cssHeight: rect.height,
        width: canvas.width,
        height: canvas.height,
        hash: null,
        drawn: false,
        // An off-screen chart redraws after a pause; until then it is marked pending.
        pending: canvas.dataset.pending === 'true',
      };
      const context = canvas.width > 0 && canvas.height > 0 ? canvas.getContext('2d') : null;
      if (!context) {
        return state;
      }
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let hash = 0x811c9dc5;
      for (let i = 0; i < data.length; i += 1) {
        hash = Math.imul(hash ^ data[i], 0x01000193) >>> 0;
        if (!state.drawn && data[i] !== data[i % 4]) {
          state.drawn = true;
        }
      }
      state.hash = hash.toString(16);
      return state;
    }),
  );
}

/** One hash over every chart canvas's pixels. */
export async function chartHash(page) {
  return (await chartStates(page)).map((state) => state.hash).join(':');
}

/**
 * Waits until the first chart canvas has a size and non-blank pixels, and its pixels are
 * the same on two successive animation frames; returns the hash of all chart canvases.
 */
export async function settledChart(page, { timeout = 10_000 } = {}) {
  let states = [];
  let previous;
  return eventually(
    async () => {
      states = await chartStates(page);
      const [first] = states;
      const ready = first && first.cssWidth > 0 && first.cssHeight > 0 && first.width > 0 && first.height > 0 && first.drawn;
      const hash = states.map((state) => state.hash).join(':');
      const settled = ready && hash === previous && states.every((state) => !state.pending);
      previous = hash;
      if (!settled) {
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
      }
      return settled ? hash : null;
    },
    {
      timeout,
      message: 'a canvas.rm-chart with a size and drawn pixels',
      describe: () => JSON.stringify(states),
    },
  );
}

/**
 * Opens the widget's disclosures ("Share and export" and "All assumptions") the way a
 * reader would, by clicking their summaries; does nothing for one already open.
 */
export async function openDisclosures(page) {
  for (const selector of ['details.rm-share', 'details.rm-all']) {
    const details = page.locator(selector).first();
    if ((await page.locator(selector).count()) > 0 && (await details.getAttribute('open')) === null) {
      await details.locator(':scope > summary').click();
    }
  }
}
