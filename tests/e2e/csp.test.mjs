// End-to-end tests of the built page under a strict Content-Security-Policy sent as a
// response header: no inline script or style, WebAssembly allowed by 'wasm-unsafe-eval'
// only, nothing from any other origin. Also the page without JavaScript (its fallback).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  distDir,
  expectText,
  launchBrowser,
  openPage,
  settledChart,
  startServer,
} from './support.mjs';

const TEST_TIMEOUT = 90_000;
const require = createRequire(import.meta.url);

/** The policy the README recommends, exactly. */
const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const BASELINE = [/\$20(\.0)?M/, /\$240(\.0)?M/, /25(\.0)?%/, /\$960(\.0)?M/];

/** Runs in every frame before the page's scripts: records every CSP violation. */
function recordViolations() {
  window.__cspViolations = [];
  addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(
      `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`,
    );
  });
}

describe('the page under a strict Content-Security-Policy', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(distDir(), { headers: { 'Content-Security-Policy': POLICY } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('index.html has no inline script, style or handler, and integrity on every script and stylesheet', async () => {
    const html = await readFile(path.join(distDir(), 'index.html'), 'utf8');
    const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => tag);
    // The page's story is a data block, which the browser never runs and a CSP does not
    // govern: exactly one, with exactly that type. Every other script must be external.
    const data = tags.filter((tag) => /\stype="application\/json"/.test(tag));
    assert.deepEqual(data, ['<script type="application/json" id="revenue-model-story">']);
    const scripts = tags.filter((tag) => !data.includes(tag));
    assert.ok(scripts.length >= 1, 'a script loads the widget');
    for (const tag of scripts) {
      assert.match(tag, /\ssrc=/, `external: ${tag}`);
      assert.match(tag, /\sintegrity="sha384-/, `with integrity: ${tag}`);
    }
    for (const [tag] of html.matchAll(/<link\b[^>]*rel="(stylesheet|modulepreload)"[^>]*>/gi)) {
      assert.match(tag, /\sintegrity="sha384-/, `with integrity: ${tag}`);
    }
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /<[^>]*\sstyle=/i);
    assert.doesNotMatch(html, /<[^>]*\son[a-z]+=/i);
  });

  test('the widget starts, draws and responds with zero violations', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(browser, server, { initScript: recordViolations });
    try {
      const { page } = session;
      const field = page.getByRole('spinbutton', { name: /TikTok.*monthly spend/i });
      await field.waitFor();
      const table = page.getByRole('table', { name: /article/i });
      await expectText(table, BASELINE);
      await settledChart(page);
      assert.equal(await page.locator('.rm-fallback').count(), 0, 'the fallback is replaced');
      await field.fill('30');
      await field.press('Tab');
      await expectText(table, [/\$30(\.0)?M/, /\$360(\.0)?M/, /33\.3%/]);
      // The full result: the worker (itself under the same policy) ran or the page computed it.
      await page.locator('.rm-status[data-full="true"]').waitFor();
      assert.ok(
        server.served.some((line) => line.startsWith('200 GET') && line.endsWith('simulation-worker-loader.js')),
        'the simulation worker started',
      );
      // It ran the page's module under the same policy: had it failed, the page would say so.
      const notices = await page.locator('.rm-notice').allTextContents();
      assert.deepEqual(notices.filter((text) => /computing on this page/.test(text)), [], 'the worker did not fail');
      await page.evaluate(() => navigator.serviceWorker.ready);
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
      assertClean(session.diagnostics, 'the page under the policy');
    } finally {
      await session.close();
    }
  });
});

describe('the page without JavaScript', () => {
  let server;
  let browser;
  let axeSource;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The answer's number and the headline client's share, as a page shows them. */
  const answerOf = async (page, number, words) => ({
    number: ((await page.locator(number).textContent()) ?? '').trim(),
    share: ((await page.locator(words).textContent()) ?? '').match(/is ([\d.]+%) of AI revenue today/)?.[1],
  });

  /** The main chart's "leaves" case in its summary: the month and the last month's revenue. */
  const leavingCase = (summary) => (summary ?? '').match(/leaves in (\w+ \d{4}): (\$[\d.,]+M)/)?.slice(1, 3);

  test('shows the first screen with the widget\'s numbers, then the table', { timeout: TEST_TIMEOUT }, async () => {
    // What the widget shows once its full Monte Carlo is in, read from the running page.
    const session = await openPage(browser, server);
    let widget;
    try {
      await session.page.locator('.rm-status[data-full="true"]').waitFor();
      widget = await answerOf(session.page, '.rm-answer-number', '.rm-answer-words');
      widget.leaves = leavingCase(await session.page.locator('#rm-chart-fan-summary').textContent());
      assertClean(session.diagnostics, 'the widget');
    } finally {
      await session.close();
    }
    assert.match(widget.number, /^\d+(\.\d)?%$/, `the widget's answer: ${widget.number}`);
    assert.ok(widget.leaves, 'the widget\'s chart summary states the leaving case');

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      const foreign = [];
      page.on('request', (request) => {
        if (new URL(request.url()).origin !== server.origin) {
          foreign.push(request.url());
        }
      });
      await page.goto(server.url, { waitUntil: 'load' });
      await page.getByText(/needs JavaScript/).waitFor();
      await page.getByRole('heading', { name: /How much of Microsoft's AI revenue is TikTok/ }).waitFor();
      const fallback = await answerOf(page, '.rm-fallback-number', '.rm-fallback-words');
      fallback.leaves = leavingCase(await page.locator('.rm-fallback figcaption').textContent());
      assert.deepEqual(fallback, widget, 'the fallback states the widget\'s answer');

      const chart = page.getByRole('img', { name: /revenue outlook/i });
      await chart.waitFor({ state: 'visible' });
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 120, `the chart has a size: ${JSON.stringify(box)}`);
      const labels = await chart.locator('text').allTextContents();
      assert.ok(labels.length > 5, 'the chart has labels');
      for (const pattern of [/5–95% of runs/, /if TikTok leaves/i, /Target \$1B a year/]) {
        assert.ok(labels.some((label) => pattern.test(label)), `${pattern} on the chart: ${labels.join(' | ')}`);
      }
      // The answer and the chart are on the first screen, as in the widget.
      const answerBox = await page.locator('.rm-fallback-number').boundingBox();
      assert.ok(answerBox && answerBox.y + answerBox.height < 900, `the answer is on the first screen: ${JSON.stringify(answerBox)}`);
      assert.ok(box.y < 900, `the chart starts on the first screen: ${JSON.stringify(box)}`);

      const levers = page.getByRole('list', { name: 'Key levers' });
      await expectText(levers, [/TikTok monthly spend: \$20M a month/, /Chance TikTok leaves within a year: \d+%/, /Other clients' growth: -?\d+/]);
      assert.equal(await levers.getByRole('listitem').count(), 5);

      const table = page.getByRole('table', { name: /article/i });
      await table.waitFor({ state: 'visible' });
      await expectText(table, [...BASELINE, /TikTok's monthly spend/, /\$1 billion/]);
      assert.equal(await table.locator('tbody tr').count(), 3);

      assert.deepEqual(foreign, [], 'requests to other origins');
    } finally {
      await context.close();
    }
  });

  test('axe finds no serious or critical problems in the fallback', { timeout: TEST_TIMEOUT }, async () => {
    // axe needs the page's timers, which a page without JavaScript lacks: the same page
    // with scripts on but without the script that starts the widget.
    const index = await readFile(path.join(distDir(), 'index.html'), 'utf8');
    const withoutBoot = index.replace(/<script\b[^>]*\bsrc="\.\/boot-[0-9a-f]+\.js"[^>]*><\/script>/, '');
    assert.notEqual(withoutBoot, index, 'index.html loads a boot script');
    const session = await openPage(browser, server, {
      prepare: (page) =>
        page.route(server.url, (route) => route.fulfill({ body: withoutBoot, contentType: 'text/html; charset=utf-8' })),
    });
    try {
      const { page } = session;
      await page.locator('.rm-fallback svg').waitFor();
      // Evaluated through the debugging protocol, so no inline script is added to the page.
      await page.evaluate(axeSource);
      const results = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document.querySelector('.rm-fallback'), { resultTypes: ['violations'] }),
      );
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(
        bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
        [],
      );
      assert.equal(await page.locator('.rm-widget').count(), 0, 'the widget did not start');
      assertClean(session.diagnostics, 'the fallback');
    } finally {
      await session.close();
    }
  });
});
