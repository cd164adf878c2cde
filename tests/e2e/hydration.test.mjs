// End-to-end test of the first screen taking over from the page without JavaScript: from
// the first paint until the widget's own full result is on screen, the headline's number
// (the fallback's, then the widget's) is one and the same, on a CPU slowed four times so a
// quick estimate would have time to show.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, openPage, serverAndBrowser, TEST_TIMEOUT } from './support.mjs';

/** Runs before the page's scripts: records every number the headline shows, in order. */
function recordHeadlines() {
  window.__headlines = [];
  const record = () => {
    const number = document.querySelector('.rm-answer-number, .rm-fallback-number');
    const text = number?.textContent.trim();
    if (text && text !== window.__headlines.at(-1)) {
      window.__headlines.push(text);
    }
  };
  new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
}

describe('the first screen while the widget starts', () => {
  const suite = serverAndBrowser();

  test('the headline never shows another number for the base case during the load', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server, {
      initScript: recordHeadlines,
      prepare: async (page) => {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      },
    });
    try {
      const { page } = session;
      await page.locator('.rm-status[data-full="true"]').waitFor({ timeout: 60_000 });
      const headlines = await page.evaluate(() => window.__headlines);
      assert.ok(headlines.length >= 1, 'the headline was seen');
      assert.deepEqual(headlines, [headlines[0]], `one number throughout the load: ${headlines.join(' → ')}`);
      const status = await page.locator('.rm-status').textContent();
      assert.match(status, /Monte Carlo: [\d,]+ runs/);
      assertClean(session.diagnostics, 'the page');
    } finally {
      await session.close();
    }
  });
});
