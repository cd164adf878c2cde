// A browser older than the widget needs (no WebAssembly, or WebAssembly without the
// features the build uses): the page keeps its no-JavaScript version, the article's table
// and the base case's chart, says calmly which browsers run the model, and logs no error.
// Simulated in Chromium by removing WebAssembly, or by making every compile fail as an
// engine without those features does, before the page's scripts run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, eventually, openPage, serverAndBrowser } from '../e2e/support.mjs';

const TEST_TIMEOUT = 60_000;

/** Runs before the page's scripts: no WebAssembly at all. */
function withoutWebAssembly() {
  delete globalThis.WebAssembly;
}

/** Runs before the page's scripts: every module fails to compile, as in an engine lacking a feature. */
function withOldWebAssembly() {
  const fail = () => Promise.reject(new WebAssembly.CompileError('unknown opcode (simulated old engine)'));
  WebAssembly.instantiate = fail;
  WebAssembly.instantiateStreaming = fail;
  WebAssembly.compile = fail;
  WebAssembly.compileStreaming = fail;
}

describe('in a browser older than the widget needs', () => {
  const suite = serverAndBrowser();

  for (const [what, initScript] of [
    ['without WebAssembly', withoutWebAssembly],
    ['with WebAssembly lacking the features the build uses', withOldWebAssembly],
  ]) {
    test(`${what}: the article's table and a note on supported browsers, no error`, { timeout: TEST_TIMEOUT }, async () => {
      const session = await openPage(suite.browser, suite.server, { initScript });
      try {
        const { page } = session;
        const note = page.locator('#revenue-model-root .rm-fallback .rm-fallback-browser');
        await note.waitFor({ state: 'visible' });
        const text = await note.textContent();
        assert.match(text, /Safari \d/);
        assert.match(text, /Firefox \d/);
        assert.match(text, /Chrome \d/);
        assert.doesNotMatch(text, /error|fail|crash/i, 'nothing alarming');
        const table = page.locator('#revenue-model-root .rm-fallback table');
        assert.match(await table.textContent(), /\$240(\.0)?M/);
        assert.equal(await page.locator('#revenue-model-root svg').count(), 1, "the base case's chart");
        // Nothing more happens: the page stays as it is (no widget, no service worker).
        await eventually(async () => (await page.evaluate(() => document.readyState)) === 'complete');
        assert.equal(await page.locator('.rm-widget').count(), 0);
        assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
        assertClean(session.diagnostics, `the page ${what}`);
      } finally {
        await session.close();
      }
    });
  }
});
