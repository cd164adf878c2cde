// End-to-end tests of the compute client's pool of workers (`?workers=N` forces the count):
// with 1, 2 and 3 workers and on the page's thread alone, every result (the departure's
// odds, the full Monte Carlo, the five response curves, the tornado with its
// probabilities) is the same, bit for bit: each delivered result leaves a
// `performance.mark('compute:KIND')` whose detail is the fingerprints of its scenario and
// of its numbers. With more than one worker the jobs are spread over them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertClean,
  eventually,
  openPage,
  serverAndBrowser,
  SLOW_TEST_TIMEOUT,
} from './support.mjs';
import { FULL_TIMEOUT, finished, spendSlider } from './results.mjs';

/** Records every worker the page starts and how many requests each is sent. */
const RECORD_WORKERS = () => {
  window.__pool = [];
  const post = Worker.prototype.postMessage;
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.__record = { requests: 0 };
      window.__pool.push(this.__record);
    }
  };
  Worker.prototype.postMessage = function (data, transfer) {
    if (this.__record && data && data.numbers instanceof Float64Array) {
      this.__record.requests += 1;
    }
    return post.call(this, data, transfer);
  };
};

/** The fingerprints of the last result of each kind delivered, keyed by kind. */
const fingerprints = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      ['departure', 'simulated', 'curves', 'sensitivity'].map((kind) => [
        kind,
        performance.getEntriesByName(`compute:${kind}`).at(-1)?.detail ?? null,
      ]),
    ),
  );

/**
 * Everything a page shows and the bits behind it, once every kind of result has been
 * delivered for one scenario other than `not` (a scenario's fingerprint).
 */
async function everything(page, not = null) {
  let bits = {};
  await eventually(
    async () => {
      bits = await fingerprints(page);
      const scenarios = new Set(Object.values(bits).map((d) => d?.split(' ')[0]));
      return scenarios.size === 1 && !scenarios.has(undefined) && !scenarios.has(not);
    },
    { timeout: FULL_TIMEOUT, message: 'every result for one scenario', describe: () => JSON.stringify(bits) },
  );
  const shown = await finished(page);
  return { shown, bits: await fingerprints(page) };
}

describe('the pool of workers', () => {
  const suite = serverAndBrowser();

  test('1, 2 and 3 workers and the page’s thread give the same results, bit for bit', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const results = new Map();
    for (const workers of [1, 2, 3, 0]) {
      const session = await openPage(suite.browser, suite.server, {
        url: `${suite.server.url}?workers=${workers}`,
        initScript: RECORD_WORKERS,
      });
      const { page } = session;
      try {
        const base = await everything(page);
        // A second scenario: one step of the spend slider.
        const slider = spendSlider(page);
        await slider.focus();
        await page.keyboard.press('ArrowRight');
        const moved = await everything(page, base.bits.simulated.split(' ')[0]);
        assert.notDeepEqual(moved.bits, base.bits, 'the moved slider’s results differ');
        for (const bits of [base.bits, moved.bits]) {
          assert.ok(Object.values(bits).every((d) => /^[0-9a-f]{16} [0-9a-f]{16}$/.test(d ?? '')), JSON.stringify(bits));
        }
        const pool = await page.evaluate(() => window.__pool);
        const pageSlices = await page.evaluate(() => performance.getEntriesByName('model:simulate-page').length);
        assert.equal(pool.length, workers, `${workers} workers started: ${JSON.stringify(pool)}`);
        if (workers === 0) {
          assert.ok(pageSlices > 1, 'the page computed the Monte Carlo in slices');
        } else {
          assert.equal(pageSlices, 0, 'the page computed nothing');
          const busy = pool.filter((w) => w.requests > 0).length;
          assert.equal(busy, workers, `every worker got jobs: ${JSON.stringify(pool)}`);
        }
        assertClean(session.diagnostics);
        results.set(workers, { base, moved });
      } finally {
        await session.close();
      }
    }
    const one = results.get(1);
    for (const [workers, got] of results) {
      assert.deepEqual(got.base.bits, one.base.bits, `${workers} workers, the base case`);
      assert.deepEqual(got.moved.bits, one.moved.bits, `${workers} workers, the moved slider`);
      assert.deepEqual(got.base.shown, one.base.shown, `${workers} workers, what the page shows`);
      assert.deepEqual(got.moved.shown, one.moved.shown, `${workers} workers, what the page shows after the move`);
    }
  });
});
