// End-to-end tests of the built widget (dist/) served from a blog sub-path in headless Chromium:
// the DOM contract the article relies on, keyboard and typed input, and a clean console.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertClean,
  chartHash,
  eventually,
  expectText,
  newDiagnostics,
  serverAndBrowser,
  settledChart,
  TEST_TIMEOUT,
  withSession,
} from './support.mjs';


/** TikTok at the default $20M a month: $240M a year, 25% of $960M. */
const BASELINE = [/\$20(\.0)?M/, /\$240(\.0)?M/, /25(\.0)?%/, /\$960(\.0)?M/];

describe('revenue widget served from a sub-path', () => {
  const suite = serverAndBrowser();
  const everything = newDiagnostics();

  /** Runs `body` on a freshly loaded page, then checks that page stayed clean. */
  const withPage = (body) => withSession(suite.browser, suite.server, everything, body);

  const articleTable = (page) => page.getByRole('table', { name: /article/i });

  test('renders the article table and a drawn chart', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      const table = articleTable(page);
      await table.waitFor({ state: 'visible' });
      await expectText(table, BASELINE);
      await settledChart(page);
    }));

  test('ArrowRight on the spend slider adds $1M a month and redraws the chart', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      const table = articleTable(page);
      await expectText(table, BASELINE);
      const before = await settledChart(page);

      const slider = page.getByRole('slider', { name: /TikTok.*monthly spend/i });
      await slider.focus();
      assert.ok(await slider.evaluate((element) => element === document.activeElement), 'the slider takes focus');
      await page.keyboard.press('ArrowRight');

      await expectText(table, [/\$21(\.0)?M/, /\$252(\.0)?M/, /25\.9%/, /\$972(\.0)?M/]);
      await eventually(async () => (await chartHash(page)) !== before, {
        message: 'the chart redrawn after the slider moved',
      });
    }));

  test('typing a spend in the number field updates the table', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      const table = articleTable(page);
      await expectText(table, BASELINE);

      const field = page.getByRole('spinbutton', { name: /TikTok.*monthly spend/i });
      await field.fill('30');
      await field.press('Tab');

      await expectText(table, [/\$30(\.0)?M/, /\$360(\.0)?M/, /33\.3%/, /\$1,080(\.0)?M|\$1\.08B/]);
    }));

  test('no console errors, page errors or requests to other origins in any of the above', () => {
    assertClean(everything, 'the widget');
  });
});
