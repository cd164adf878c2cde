// End-to-end tests of the widget living in a page over time: a dismissed notice stays
// dismissed when the next one comes, the "Auto" theme follows the system's colour scheme as
// it changes, the URL's query is read as the browser decodes it, and a <revenue-model>
// element removed and added again (three times) unmounts and remounts its widget cleanly: no
// errors, and its worker stops with it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertClean,
  BASE_PATH,
  eventually,
  expectText,
  openPage,
  serverAndBrowser,
  TEST_TIMEOUT,
} from './support.mjs';


describe('the widget over time', () => {
  const host = BASE_PATH.replace(/widget\/$/, 'mounts/');
  const suite = serverAndBrowser({
    pages: {
      [host]: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A post that adds and removes the model</title>
    <link rel="icon" href="data:,">
    <script type="module" src="${BASE_PATH}revenue-model.js"></script>
  </head>
  <body><h1>A post</h1><div id="slot"></div></body>
</html>`,
    },
  });

  const notices = (page) => page.locator('.rm-notices .rm-notice');
  const noticeTexts = async (page) => (await notices(page).allTextContents()).map((text) => text.trim());

  test('a dismissed notice stays dismissed; the next, different one shows alone', { timeout: TEST_TIMEOUT }, async () => {
    // A page whose storage is refused (as in a sandboxed frame or some private windows):
    // the widget says so when it starts, and again the first time an autosave fails.
    const refuseStorage = () => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The storage is refused', 'SecurityError');
        },
      });
    };
    const session = await openPage(suite.browser, suite.server, { initScript: refuseStorage });
    try {
      const { page } = session;
      await page.getByText(/cannot save your changes/).waitFor();
      await page.locator('.rm-notices').getByRole('button', { name: 'Dismiss' }).click();
      await notices(page).first().waitFor({ state: 'detached' });
      // A change is autosaved once input pauses (the link first, then storage, which fails).
      await page.getByRole('slider', { name: /TikTok.*monthly spend/i }).press('ArrowRight');
      await eventually(() => /#s=/.test(page.url()), { message: 'the change written to the link' });
      await expectText(page.locator('.rm-status'), [/./]);
      assert.deepEqual(await noticeTexts(page), [], 'the dismissed notice did not come back');
      // A link pasted into the same tab that cannot be read brings its own notice, alone.
      await page.evaluate(() => {
        window.location.hash = '#s=abc';
      });
      await eventually(async () => (await noticeTexts(page)).length > 0, { message: 'the link\'s notice' });
      const shown = await noticeTexts(page);
      assert.equal(shown.length, 1, `one notice: ${JSON.stringify(shown)}`);
      assert.match(shown[0], /link/);
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });

  test('under the "Auto" theme the widget follows the system\'s colour scheme as it changes', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server, { prepare: (page) => page.emulateMedia({ colorScheme: 'light' }) });
    try {
      const { page } = session;
      const widget = page.locator('.rm-widget');
      const theme = () => widget.getAttribute('data-theme');
      await widget.waitFor();
      assert.equal(await theme(), 'light');
      for (const scheme of ['dark', 'light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await eventually(async () => (await theme()) === scheme, { message: `the widget ${scheme} with the system` });
      }
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });

  test('the query is read as the browser decodes it', { timeout: TEST_TIMEOUT }, async () => {
    // "diversified" and "dark", percent-encoded as a link shortener or a form may send them.
    const session = await openPage(suite.browser, suite.server, { url: `${suite.server.url}?theme=d%61rk&preset=diversifie%64` });
    try {
      const { page } = session;
      await eventually(async () => (await page.locator('.rm-widget').getAttribute('data-theme')) === 'dark', { message: 'the dark theme' });
      assert.equal(await page.getByRole('button', { name: 'New clients arrive' }).getAttribute('aria-pressed'), 'true');
      assert.equal(await notices(page).count(), 0, 'nothing was ignored');
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });

  test('a <revenue-model> removed and added again unmounts cleanly and stops its worker', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server, { url: `${suite.server.origin}${host}` });
    try {
      const { page } = session;
      const element = page.locator('revenue-model');
      const add = () =>
        page.evaluate(() => {
          const slot = document.getElementById('slot');
          const model = window.model ?? document.createElement('revenue-model');
          model.setAttribute('preset', 'article');
          window.model = model;
          slot.append(model);
        });
      const remove = () => page.evaluate(() => window.model.remove());
      const workers = () => page.workers().length;
      // Removed while its first result is still being computed (the worker busy, timers
      // pending), then again once everything is in and a key press asked for more.
      await add();
      await element.locator('.rm-status').waitFor();
      await eventually(() => workers() === 1, { message: 'one worker for the widget' });
      await remove();
      await eventually(() => workers() === 0, { message: 'the worker stopped with its widget', describe: () => workers() });
      await add();
      await element.locator('.rm-status[data-full="true"]').waitFor({ timeout: 40_000 });
      await expectText(element.getByRole('table', { name: /article/i }), [/\$20M/]);
      await element.getByRole('slider', { name: /TikTok.*monthly spend/i }).press('ArrowRight');
      await remove();
      await eventually(() => workers() === 0, { message: 'the second worker stopped too', describe: () => workers() });
      assert.equal(await page.evaluate(() => window.model.shadowRoot.querySelector('.rm-widget')), null, 'nothing is left of the widget');
      // A third widget computing its full result takes longer than the off-screen charts'
      // delayed redraws that the key press left pending: had they fired into the removed
      // widget, the page would have reported it by then.
      await add();
      await element.locator('.rm-status[data-full="true"]').waitFor({ timeout: 40_000 });
      await expectText(element.getByRole('table', { name: /article/i }), [/\$20M/]);
      await remove();
      await eventually(() => workers() === 0, { message: 'the third worker stopped', describe: () => workers() });
      // A worker stopped while it still loads has its loading cancelled by the browser: that
      // is the first removal working, not a failure.
      const { failedRequests, ...rest } = session.diagnostics;
      assertClean({ ...rest, failedRequests: failedRequests.filter((line) => !/\/simulation-worker[^/]*: net::ERR_ABORTED$/.test(line)) });
    } finally {
      await session.close();
    }
  });
});
