// End-to-end tests of sharing and saving: a link reproduces exactly what its author saw,
// a reload restores the autosaved scenario, and hostile or corrupted links and stored
// states never break the page.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import {
  assertClean,
  chartHash,
  eventually,
  expectText,
  newDiagnostics,
  openDisclosures,
  serverAndBrowser,
  settledChart,
  TEST_TIMEOUT,
  withSession,
} from './support.mjs';

const STORAGE_KEY = 'revenue-model:scenario';

const articleTable = (page) => page.getByRole('table', { name: /article/i });
const fullResult = (page) => page.locator('.rm-status[data-full="true"]').waitFor();
// With "All assumptions" open, a key lever and its client card's field both edit the
// same input; the lever comes first.
const field = (page, name) => page.getByRole('spinbutton', { name }).first();

/** Hostile links: each must load a working widget that says what it ignored. */
const HOSTILE_FRAGMENTS = [
  '#s=',
  '#s=1',
  '#s=2~future~format',
  '#s=0~old',
  '#s=abc',
  '#s=1~T~2024-08~36~NaN~~0.31~10000~2024~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~Infinity~~0.31~10000~2024~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1e308~~0.31~10000~2024~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000000~2024~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~99999~1000~~0.31~10000~2024~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-13~36~1000~~0.31~10000~2024~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~A*-5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~A*5*0*0*0*0*1.4*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~A*5*0*0*0*0*0*0*0',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~A*5*0*0*0*0*0*0*99999999999',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~A*5',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~%ZZ*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~%FF%FE*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~*5*0*0*0*0*0*0*1',
  `#s=1~T~2024-08~36~1000~~0.31~10000~2024~${'A*1*0*0*0*0*0*0*1~'.repeat(60)}`,
  `#s=1~${'x'.repeat(200)}~2024-08~36~1000~~0.31~10000~2024~A*5*0*0*0*0*0*0*1`,
  `#s=1~T~2024-08~36~1000~~0.31~10000~2024~${'B'.repeat(500)}*5*0*0*0*0*0*0*1`,
  `#s=${'1~'.repeat(600_000)}`,
  '#s=1~T~2024-08~36~1000~~0.31~10000~-1~A*5*0*0*0*0*0*0*1',
  '#s=1~T~2024-08~36~1000~~0.31~10000~2024~A*5*0*0*0*0*0*0*1~~~~',
  '#s=1~%3Cscript%3Ealert(1)%3C%2Fscript%3E~2024-08~36~1000~~0.31~10000~2024~%3Cimg+src%3Dx+onerror%3Dalert(1)%3E*5*0*0*0*0*0*-1*1',
  '?preset=no-such-preset',
  '?theme=%3Cscript%3E',
];

/** Corrupted stored states (local storage), each read before the page's own scripts run. */
const HOSTILE_STORED = [
  '{',
  '[]',
  'null',
  '"just a string"',
  '{"clients":"not a list"}',
  '{"schema_version":99,"clients":[]}',
  '{"clients":[{"name":"A","monthly_spend_musd":-1}]}',
  '{"clients":[{"name":"A","monthly_spend_musd":1e400}]}',
  '{"horizon_months":-3}',
  '{"simulation":{"runs":10000000}}',
  JSON.stringify({ clients: Array.from({ length: 10_000 }, (_, i) => ({ name: `C${i}` })) }),
  'x'.repeat(1_000_000),
];

describe('sharing and saving', () => {
  const suite = serverAndBrowser();
  const everything = newDiagnostics();

  /** Opens the widget's page plus `suffix`, with `stored` already in local storage. */
  async function withPage(body, { suffix = '', stored } = {}) {
    const initScript =
      stored === undefined
        ? undefined
        : {
            content: `try { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem(${JSON.stringify(
              STORAGE_KEY,
            )}, ${JSON.stringify(stored)}); } } catch (e) {}`,
          };
    return withSession(suite.browser, suite.server, everything, body, { url: new URL(suffix, suite.server.url).href, initScript });
  }

  test('a copied link reproduces the exact table and chart pixels', { timeout: TEST_TIMEOUT }, async () => {
    let url;
    let table;
    let lede;
    let pixels;
    await withPage(async (page) => {
      await fullResult(page);
      await openDisclosures(page);
      await field(page, /TikTok.*monthly spend/i).fill('30');
      await field(page, /TikTok.*annual probability of leaving/i).fill('50');
      await field(page, /Target annual revenue/i).fill('1200');
      await expectText(articleTable(page), [/\$30M/]);
      await eventually(async () => page.url().includes('#s=') && /1200/.test(page.url()), { message: 'the URL carries the scenario' });
      await fullResult(page);
      pixels = await settledChart(page);
      url = page.url();
      table = await articleTable(page).textContent();
      lede = await page.locator('.rm-lede').textContent();
    });
    assert.ok(url.length < 1500, `link of ${url.length} characters`);
    await withSession(
      suite.browser,
      suite.server,
      everything,
      async (page) => {
        await fullResult(page);
        await expectText(articleTable(page), [/\$30M/]);
        assert.equal(await articleTable(page).textContent(), table);
        assert.equal(await page.locator('.rm-lede').textContent(), lede);
        await eventually(async () => (await chartHash(page)) === pixels, { message: 'identical canvas pixels' });
      },
      { url },
    );
  });

  test('a reload restores the autosaved scenario', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      await field(page, /TikTok.*monthly spend/i).fill('35');
      await expectText(articleTable(page), [/\$35M/]);
      await eventually(() => page.evaluate((key) => localStorage.getItem(key)?.includes('35'), STORAGE_KEY), {
        message: 'the scenario saved',
      });
      // Without the fragment, the page reads local storage.
      await page.goto(suite.server.url);
      await expectText(articleTable(page), [/\$35M/]);
    }));

  test('?preset= and ?theme= start the widget in that scenario and theme', { timeout: TEST_TIMEOUT }, () =>
    withPage(
      async (page) => {
        await fullResult(page);
        assert.equal(await page.getByRole('button', { name: 'ByteDance builds its own AI' }).getAttribute('aria-pressed'), 'true');
        assert.equal(await page.locator('.rm-widget').getAttribute('data-theme'), 'dark');
        assert.equal(await field(page, /Chance TikTok leaves within a year/i).inputValue(), '90');
      },
      { suffix: '?preset=bytedance-exit&theme=dark' },
    ));

  test('the CSV holds every series and the JSON export imports back', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      await fullResult(page);
      await openDisclosures(page);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      assert.equal(csv.suggestedFilename(), 'revenue-model.csv');
      const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
      assert.equal(lines.length, 37, 'a header and 36 months');
      assert.match(lines[0], /^month,TikTok \(ByteDance\) \(\$M\),Other AI clients \(\$M\),total \(\$M\),.*HHI median of runs.*p50 \(\$M\).*chance target reached by this month$/);
      assert.match(lines[1], /^2024-08,20,60,80,/);

      await field(page, /TikTok.*monthly spend/i).fill('42');
      await expectText(articleTable(page), [/\$42M/]);
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download scenario (JSON)' }).click(),
      ]);
      const saved = await json.path();
      assert.equal(JSON.parse(await readFile(saved, 'utf8')).clients[0].monthly_spend_musd, 42);
      await page.getByRole('button', { name: 'Reset all' }).click();
      await expectText(articleTable(page), [/\$20M/]);
      await page.locator('input[type=file]').setInputFiles(saved);
      await expectText(articleTable(page), [/\$42M/]);
      await page.getByText('Scenario imported.').waitFor();
    }));

  for (const [i, suffix] of HOSTILE_FRAGMENTS.entries()) {
    test(`hostile link ${i + 1} loads a working widget with a notice`, { timeout: TEST_TIMEOUT }, () =>
      withPage(
        async (page) => {
          await page.locator('.rm-notice').first().waitFor();
          await articleTable(page).waitFor();
          await settledChart(page);
          assert.equal(await page.locator('text=internal error').count(), 0);
          assert.equal(await page.locator('.rm-widget img').count(), 0, 'no markup from the link');
        },
        { suffix },
      ));
  }

  for (const [i, stored] of HOSTILE_STORED.entries()) {
    test(`corrupted stored state ${i + 1} loads a working widget with a notice`, { timeout: TEST_TIMEOUT }, () =>
      withPage(
        async (page) => {
          await page.locator('.rm-notice').first().waitFor();
          await articleTable(page).waitFor();
          await settledChart(page);
        },
        { suffix: './', stored },
      ));
  }

  test('no console errors, page errors or requests to other origins in any of the above', () => {
    assertClean(everything, 'the widget');
  });
});
