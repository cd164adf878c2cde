// End-to-end tests of the built page under a strict Content-Security-Policy sent as a
// response header: no inline script or style, WebAssembly allowed by 'wasm-unsafe-eval'
// only, nothing from any other origin. Also the page without JavaScript (its fallback).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => tag);
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

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('shows the base case table, the chart and why the rest is missing', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'load' });
      await page.getByText(/needs JavaScript/).waitFor();
      const table = page.getByRole('table', { name: /article/i });
      await table.waitFor({ state: 'visible' });
      await expectText(table, [...BASELINE, /TikTok's monthly spend/, /\$1 billion/]);
      assert.equal(await table.locator('tbody tr').count(), 3);
      const chart = page.getByRole('img', { name: /revenue by client/i });
      await chart.waitFor({ state: 'visible' });
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 150, `the chart has a size: ${JSON.stringify(box)}`);
      assert.ok((await chart.locator('text').count()) > 5, 'the chart has labels');
    } finally {
      await context.close();
    }
  });
});
