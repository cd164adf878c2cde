// End-to-end tests of the departure test's odds, which the compute client computes (in the
// worker, or on the page when no worker runs) rather than the page on every input:
// - the sentence states the chance if the client stays and if it leaves, and the "stays"
//   chance equals the leave-chance curve's value at 0% (the same draws, computed in the
//   same run by another job: a client that cannot leave);
// - changing the share kept marks the odds as updating, then shows the new ones: the
//   "stays" chance unchanged, the "leaves" chance no lower (keeping more never hurts on the
//   same draws);
// - computed on the page (the worker's script missing), the sentence is the same;
// - after a burst of inputs and an undo back, the odds for the final inputs arrive.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, eventually, openPage, serverAndBrowser, TEST_TIMEOUT } from './support.mjs';

const FULL_TIMEOUT = 40_000;

const odds = (page) => page.locator('#rm-departure-title ~ .rm-departure-result .rm-departure-odds');
const leaveCurve = (page) => page.getByRole('img', { name: /How the chance of reaching the target changes with the chance TikTok leaves within a year/ });

/** The current (not stale) odds sentence and its two chances, once shown. */
async function currentOdds(page, { timeout = FULL_TIMEOUT } = {}) {
  let text = '';
  await eventually(
    async () => {
      const locator = odds(page);
      if ((await locator.getAttribute('data-stale', { timeout: 1_000 })) !== 'false') return false;
      text = ((await locator.textContent({ timeout: 1_000 })) ?? '').trim();
      return /if .+ stays and .+ if it leaves/.test(text);
    },
    { timeout, message: 'the departure odds for the current inputs', describe: () => JSON.stringify(text) },
  );
  const match = text.match(/is ([\d.]+)% if .+ stays and ([\d.]+)% if it leaves/);
  assert.ok(match, `two chances in ${JSON.stringify(text)}`);
  return { text, stays: Number(match[1]), leaves: Number(match[2]) };
}

/** The leave-chance curve's chance at 0%, once the curve is for the current inputs. */
async function curveAtZero(page) {
  await page.locator('.rm-status[data-full="true"]').waitFor({ timeout: FULL_TIMEOUT });
  let label = '';
  await eventually(
    async () => {
      label = (await leaveCurve(page).getAttribute('aria-label', { timeout: 1_000 })) ?? '';
      return /The chance goes from [\d.]+% at 0(\.0)?%/.test(label);
    },
    { timeout: FULL_TIMEOUT, message: 'the leave-chance curve', describe: () => JSON.stringify(label) },
  );
  return Number(label.match(/The chance goes from ([\d.]+)% at 0/)[1]);
}

describe('the departure test’s odds come from the compute client', () => {
  const suite = serverAndBrowser();

  test('odds agree with the curve, update when the share kept changes, and equal the page’s own computation', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server);
    let first;
    try {
      const { page } = session;
      first = await currentOdds(page);
      // The "stays" case is the leave-chance curve at 0%: both 1,000 runs on the same draws.
      assert.equal(first.stays, await curveAtZero(page), 'stays = the curve at a 0% chance of leaving');
      assert.ok(first.leaves < first.stays, `leaving costs odds: ${first.text}`);

      // Keep half the spend: the odds are marked as updating, then the new ones show.
      await page.locator('#rm-departure-kept').selectOption('50');
      const kept = await currentOdds(page);
      assert.notEqual(kept.text, first.text);
      assert.equal(kept.stays, first.stays, 'staying does not depend on the share kept after leaving');
      assert.ok(kept.leaves >= first.leaves, `keeping more never lowers the odds: ${first.leaves} → ${kept.leaves}`);

      // Back to the start: the first odds again.
      await page.locator('#rm-departure-kept').focus();
      await page.keyboard.press('Control+Z');
      await eventually(async () => (await page.locator('#rm-departure-kept').inputValue()) === '0', { message: 'undo back to 0%' });
      assert.equal((await currentOdds(page)).text, first.text);
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }

    // The same odds computed on the page's thread, the worker's script missing.
    const onPage = await openPage(suite.browser, suite.server, {
      prepare: (page) => page.route('**/simulation-worker-loader.js', (route) => route.fulfill({ status: 404, body: 'not found\n' })),
    });
    try {
      assert.equal((await currentOdds(onPage.page)).text, first.text, 'computed on the page, the same sentence');
      assert.deepEqual(onPage.diagnostics.pageErrors, []);
      assert.deepEqual(onPage.diagnostics.foreignRequests, []);
    } finally {
      await onPage.close();
    }
  });

  test('a burst of inputs ends with the odds of the last one', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server);
    try {
      const { page } = session;
      const start = await currentOdds(page);
      const slider = page.getByRole('slider', { name: /TikTok.*monthly spend/i });
      await slider.focus();
      for (let i = 0; i < 10; i += 1) {
        await page.keyboard.press('ArrowRight');
      }
      const moved = await currentOdds(page);
      assert.notEqual(moved.text, start.text, 'odds for the moved slider');
      assert.ok(moved.stays >= start.stays, 'more spend never lowers the odds of staying');
      for (let i = 0; i < 10; i += 1) {
        await page.keyboard.press('ArrowLeft');
      }
      assert.equal((await currentOdds(page)).text, start.text, 'back where it started: the same odds');
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });
});
