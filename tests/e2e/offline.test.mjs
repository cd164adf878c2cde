// End-to-end tests of the widget without a network: the single-file build opened from disk
// (file://) with every other request refused, and the standalone page reloaded offline from
// its service worker's cache after one visit.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import {
  assertClean,
  distDir,
  eventually,
  expectText,
  launchBrowser,
  newDiagnostics,
  openPage,
  settledChart,
  startServer,
  suiteFixture,
  TEST_TIMEOUT,
} from './support.mjs';

const BASELINE = [/\$20(\.0)?M/, /\$240(\.0)?M/, /25(\.0)?%/, /\$960(\.0)?M/];

const articleTable = (page) => page.getByRole('table', { name: /article/i });
const spendField = (page) => page.getByRole('spinbutton', { name: /TikTok.*monthly spend/i });

/** Types 30 into the TikTok spend field and waits for the article table to follow. */
async function respondsToInput(page) {
  await spendField(page).fill('30');
  await spendField(page).press('Tab');
  await expectText(articleTable(page), [/\$30(\.0)?M/, /\$360(\.0)?M/, /33\.3%/]);
}

describe('without a network', () => {
  const suite = suiteFixture(async (use) => ({ browser: await use(launchBrowser()) }));

  test('the single file opens from file:// and works with every other request refused', { timeout: TEST_TIMEOUT }, async () => {
    const file = pathToFileURL(path.join(distDir(), 'revenue-model-offline.html')).href;
    const context = await suite.browser.newContext({ viewport: { width: 1024, height: 900 } });
    context.setDefaultTimeout(15_000);
    const diagnostics = newDiagnostics();
    const requests = [];
    try {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) {
          return route.continue();
        }
        diagnostics.foreignRequests.push(url);
        return route.abort('internetdisconnected');
      });
      context.on('request', (request) => requests.push(request.url()));
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') {
          diagnostics.consoleErrors.push(message.text());
        }
      });
      page.on('pageerror', (error) => diagnostics.pageErrors.push(error.stack ?? String(error)));
      await page.goto(file, { waitUntil: 'load' });

      await spendField(page).waitFor();
      await expectText(articleTable(page), BASELINE);
      await settledChart(page);
      await respondsToInput(page);
      assert.deepEqual(
        requests.filter((url) => !url.startsWith('file:')),
        [],
        'requests other than the file itself',
      );
      assert.ok(requests.length >= 1 && requests.every((url) => url === file), `only the file was read: ${requests}`);
      assertClean(diagnostics, 'the single-file page');
    } finally {
      await context.close();
    }
  });

  describe('the standalone page after one visit', () => {
    const local = suiteFixture(async (use) => ({ server: await use(startServer()) }));

    test('reloads and works offline from the service worker cache', { timeout: TEST_TIMEOUT }, async () => {
      const session = await openPage(suite.browser, local.server);
      try {
        const { page, context } = session;
        await spendField(page).waitFor();
        await expectText(articleTable(page), BASELINE);
        const cache = await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
          const names = await caches.keys();
          const entries = names.length === 1 ? await (await caches.open(names[0])).keys() : [];
          return { names, entries: entries.map((request) => request.url) };
        });
        assert.equal(cache.names.length, 1, `one cache: ${cache.names}`);
        assert.match(cache.names[0], /^revenue-model-[0-9a-f]{16}$/);
        for (const file of ['index.html', 'embed.js', 'revenue-model.js', 'simulation-worker-loader.js']) {
          assert.ok(cache.entries.includes(`${local.server.url}${file}`), `${file} is precached`);
        }
        assert.ok(cache.entries.every((url) => url.startsWith(local.server.url)), 'only the page folder is cached');
        assert.ok(!cache.entries.some((url) => /sw\.js$|offline\.html$/.test(url)));

        const servedBefore = local.server.served.length;
        await context.setOffline(true);
        await page.reload({ waitUntil: 'load' });
        assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is controlled');
        await spendField(page).waitFor();
        await expectText(articleTable(page), BASELINE);
        await settledChart(page);
        await respondsToInput(page);
        await page.locator('.rm-status[data-full="true"]').waitFor();
        assert.deepEqual(local.server.served.slice(servedBefore), [], 'nothing reached the server while offline');
        assertClean(session.diagnostics, 'the page reloaded offline');
      } finally {
        await session.close();
      }
    });
  });
});
