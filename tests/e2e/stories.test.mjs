// A story for an invented company, loaded each of the three ways a page can ask for one
// (`?story=FILE.json`, `<revenue-model story="FILE.json">`, `#story=…` packed in the link):
// the question, the answer, the article's table, the levers, the presets and the
// departure sentence are that story's, with hand-checked numbers, and nothing on the page
// names the default story's companies.
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  BASE_PATH,
  eventually,
  launchBrowser,
  newDiagnostics,
  startServer,
  withSession,
  TEST_TIMEOUT,
} from './support.mjs';

const assumed = (value, reason = 'invented for this test') => ({ value, source: { assumption: reason } });
const client = (id, name, spend, more = {}) => ({
  id,
  name: assumed(name),
  monthly_spend_musd: assumed(spend),
  annual_growth: assumed(more.growth ?? 0),
  growth_volatility: assumed(0.2),
  first_month: assumed(more.first ?? 0),
  ramp_months: assumed(more.ramp ?? 0),
  annual_leave_probability: assumed(more.leave ?? 0.1),
  wind_down_months: assumed(more.wind ?? 4),
  kept_share: assumed(0),
  customers: assumed(more.customers ?? 1),
  ...(more.base === false ? { in_base_case: false } : {}),
});

/** Halvard Looms sells looms: Brightweave buys $4M a month, the other mills $6M. */
export const HALVARD = {
  story_version: 1,
  id: 'halvard',
  question: 'How much of Halvard Looms\' loom sales is Brightweave?',
  title: 'Halvard Looms and Brightweave',
  company: 'Halvard Looms',
  business: 'loom sales',
  source: { name: 'The Weaving Gazette', date: 'March 2026', url: 'https://example.org/gazette' },
  currency: 'USD',
  start: { value: '2026-03', source: { article: 'dated March 2026' } },
  horizon_months: 36,
  target: { annual_revenue_musd: assumed(150), phrase: 'a {target} year' },
  market_expected_growth: assumed(0.1),
  growth_correlation: assumed(0.3),
  simulation: { runs: 2000, seed: 7 },
  headline_client: 1,
  clients: [
    client(1, 'Brightweave (Nordic Textiles)', 4, { leave: 0.2 }),
    client(2, 'Other mills', 6, { growth: 0.1, customers: 40, leave: 0.02 }),
    client(3, 'New mills', 2, { base: false, first: 6, ramp: 6, customers: 5 }),
  ],
  levers: [
    { id: 'headlinespend', label: '{client} monthly spend', client: 'headline', input: 'monthly_spend_musd', range: [0, 20] },
    { id: 'headlineleave', label: 'Chance {client} leaves within a year', client: 'headline', input: 'annual_leave_probability', range: [0, 1] },
    { id: 'othersgrowth', label: 'Other mills\' growth', client: 2, input: 'annual_growth', range: [-0.5, 1] },
  ],
  presets: [
    { id: 'today', label: 'Today', description: 'Halvard Looms as the Gazette describes it.' },
    {
      id: 'brightweave-walks',
      label: 'Brightweave walks',
      description: 'Brightweave very likely buys its looms elsewhere within the year.',
      changes: [{ client: 1, input: 'annual_leave_probability', value: 0.9 }],
    },
  ],
  table: [
    { metric: '{client\'s} monthly spend', figure: 'headline_monthly_spend', article_value: '$4 million', article_contribution: '40% of loom sales' },
    { metric: '{client\'s} annual spend', figure: 'headline_annual_spend', article_value: '$48 million', article_contribution: '40% of loom sales' },
    { metric: 'Loom sales over a year', figure: 'annual_run_rate', article_value: '$120 million', article_contribution: '100%' },
  ],
  departure: { client: 1, month: 5 },
};

/** The default story's names: none may appear on a page telling another story. */
const DEFAULT_NAMES = /TikTok|ByteDance|Microsoft|Azure|Walmart|Intuit|Copilot|OpenAI/;

/** The story packed as a link packs it: raw deflate, then base64url. */
export function storyFragment(story) {
  return deflateRawSync(Buffer.from(JSON.stringify(story))).toString('base64url');
}

/**
 * Checks that `root` (a page, or a custom element's shadow root through `scope`) tells
 * Halvard's story. By hand: $4M + $6M = $10M in March 2026, so Brightweave is 40%; a year
 * of it $48M; the run-rate $120M. Leaving in month 5 (Aug 2026) with a 4-month wind-down,
 * it costs 4 × (1 + 2 + 3 + 4) / 5 = $8M over months 5–8, then 27 months × $4M = $108M:
 * $116M against staying. The horizon ends in Feb 2029.
 */
async function expectHalvard(scope) {
  await scope.getByRole('heading', { name: 'How much of Halvard Looms\' loom sales is Brightweave?' }).waitFor();
  const words = scope.locator('.rm-answer-words');
  await eventually(async () => /Brightweave is 40% of loom sales today/.test(await words.textContent()), { message: 'the share in the answer' });
  assert.match(await words.textContent(), /chance of a \$150M year by Feb 2029/);
  const table = scope.locator('.rm-article-table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[0], /Brightweave's monthly spend\s+\$4M\s+40% of loom sales\s+\$4 million, 40% of loom sales/);
  assert.match(rows[1], /Brightweave's annual spend\s+\$48M\s+40% of loom sales/);
  assert.match(rows[2], /Loom sales over a year\s+\$120M\s+100% of loom sales/);
  for (const name of [/Brightweave monthly spend/, /Chance Brightweave leaves within a year/, /Other mills' growth/]) {
    await scope.getByRole('slider', { name }).waitFor();
  }
  assert.deepEqual(await scope.locator('.rm-preset').allInnerTexts(), ['Today', 'Brightweave walks']);
  const departure = scope.locator('.rm-departure');
  await eventually(async () => /against Brightweave staying/.test(await departure.innerText()), { message: 'the departure sentence' });
  const sentence = await departure.innerText();
  assert.match(sentence, /loses \$116M over the horizon against Brightweave staying/);
  assert.equal(await scope.locator('#rm-departure-month').inputValue(), '5');
  const text = await scope.locator('.rm-widget').innerText();
  assert.doesNotMatch(text, DEFAULT_NAMES);
}

describe('a story for another company, loaded three ways', () => {
  const suite = {};
  const everything = newDiagnostics();
  before(async () => {
    suite.server = await startServer(undefined, {
      pages: {
        [`${BASE_PATH}halvard.json`]: { body: JSON.stringify(HALVARD), type: 'application/json' },
        [`${BASE_PATH}host.html`]: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">
          <script type="module" src="${BASE_PATH}revenue-model.js"></script></head>
          <body><h1>A post about looms</h1><revenue-model story="halvard.json"></revenue-model></body></html>`,
      },
    });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
    assertClean(everything, 'every page of the suite');
  });

  test('?story=halvard.json', { timeout: TEST_TIMEOUT }, () =>
    withSession(suite.browser, suite.server, everything, async (page) => {
      await expectHalvard(page);
      await eventually(async () => (await page.title()) === HALVARD.question, { message: 'the story\'s question as the title' });
      assert.equal(await page.locator('.rm-notice').count(), 0);
    }, { url: `${suite.server.url}?story=halvard.json` }));

  test('<revenue-model story="halvard.json">', { timeout: TEST_TIMEOUT }, () =>
    withSession(suite.browser, suite.server, everything, async (page) => {
      await expectHalvard(page.locator('revenue-model'));
      assert.doesNotMatch(await page.locator('body').innerText(), DEFAULT_NAMES);
    }, { url: `${suite.server.origin}${BASE_PATH}host.html` }));

  test('#story=… carried in the link', { timeout: TEST_TIMEOUT }, () => {
    const fragment = storyFragment(HALVARD);
    // A 10-client story fits in 4,000 characters; this one is far below.
    const ten = { ...HALVARD, clients: Array.from({ length: 10 }, (_, i) => client(i + 1, `Client number ${i + 1}`, 1 + i / 3)) };
    assert.ok(storyFragment(ten).length <= 4000, `${storyFragment(ten).length} characters`);
    return withSession(suite.browser, suite.server, everything, async (page) => {
      await expectHalvard(page);
      // A change writes the scenario after the story in the fragment, so the link keeps both.
      await page.getByRole('slider', { name: /Brightweave monthly spend/ }).press('ArrowRight');
      await eventually(async () => new URL(page.url()).hash.startsWith(`#story=${fragment}&s=`), { message: 'the scenario written after the story' });
    }, { url: `${suite.server.url}#story=${fragment}` });
  });
});
