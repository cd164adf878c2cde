// The built widget in Firefox and in WebKit (Safari's engine) through W3C WebDriver, against
// Chromium in the same run: served from a blog sub-path, every chart drawn, the same
// headline and article table as Chromium before and after a slider moves by keyboard, the
// full Monte Carlo from the worker, no error, nothing fetched from another origin, and a
// screenshot at a phone's and a blog column's width (target/engine-screenshots/).
//
// $ENGINES picks the engines (comma-separated: firefox,webkit; both by default).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_PATH } from '../e2e/support.mjs';
import {
  ARTICLE_PRESET,
  FRAME_PAGE,
  READ_WIDGET,
  SCREENSHOT_WIDTHS,
  SPEND_SLIDER,
  TAB_IDS,
  chartsWith,
  chromiumReference,
  saveScreenshot,
  settled,
  startProbedServer,
} from './support.mjs';
import { ARROW_RIGHT, describeEngines } from './webdriver.mjs';

const TEST_TIMEOUT = 180_000;

describe('the widget in every engine', () => {
  let server;
  let reference;

  before(async () => {
    server = await startProbedServer();
    reference = await chromiumReference(server);
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    await server?.close();
  });

  describeEngines(() => server.url, (engine, session, key) => {
    /** Every state read from this engine, for the final checks. */
    const seen = [];
    const read = async () => {
      const state = await session().execute(READ_WIDGET);
      seen.push(state);
      return state;
    };

    /** Scrolls the first chart to the top and waits until every chart is drawn again. */
    const scrollToCharts = async () => {
      await session().execute("document.querySelector('canvas.rm-chart').closest('figure').scrollIntoView();");
      await settled(read);
    };

    test('loads from the sub-path and draws every chart with the full Monte Carlo result', { timeout: TEST_TIMEOUT }, async () => {
      const state = await settled(read);
      assert.ok(state.path.startsWith(BASE_PATH), `served from ${BASE_PATH}, got ${state.path}`);
    });

    test('shows the same headline and article table as Chromium', { timeout: TEST_TIMEOUT }, async () => {
      const state = await settled(read);
      assert.equal(state.headline, reference.before.headline);
      assert.equal(state.table, reference.before.table);
    });

    test('the full result comes from the pool of simulation workers', { timeout: TEST_TIMEOUT }, async () => {
      const state = await settled(read);
      // The engine's cores less one, 1 to 4 (WebKit reports more cores than this machine has).
      const cores = await session().execute('return navigator.hardwareConcurrency;', []);
      const expected = Math.min(4, Math.max(1, (Number.isFinite(cores) && cores >= 1 ? Math.min(cores, 64) : 2) - 1));
      assert.equal(state.workers.length, expected, `${expected} workers started (${cores} cores): ${JSON.stringify(state.workers)}`);
      for (const worker of state.workers) {
        assert.equal(worker.errors, 0, `the worker ran without errors: ${JSON.stringify(worker)}`);
        // Each worker says it is ready, then answers each request it is given.
        assert.ok(worker.messages >= 1, `the worker said it is ready: ${JSON.stringify(worker)}`);
      }
      assert.ok(
        state.workers.some((worker) => worker.messages >= 2),
        `the workers answered: ${JSON.stringify(state.workers)}`,
      );
    });

    test('every tab of the other results draws its chart when selected', { timeout: TEST_TIMEOUT }, async () => {
      for (const id of TAB_IDS) {
        await session().execute('document.getElementById(arguments[0]).click();', [`rm-tab-${id}`]);
        const state = await settled(read, {
          accept: (current) => current.tab === `rm-tab-${id}` && current.charts.length === chartsWith(`rm-tab-${id}`),
          message: `the ${id} tab shown with its chart drawn`,
        });
        assert.equal(state.tab, `rm-tab-${id}`);
      }
      await session().execute("document.getElementById('rm-tab-article').click();");
      await settled(read, { accept: (current) => current.tab === 'rm-tab-article' });
    });

    test('ArrowRight on the spend slider changes them as in Chromium', { timeout: TEST_TIMEOUT }, async () => {
      const start = await settled(read);
      assert.equal(start.headline, reference.before.headline);
      const focused = await session().execute(
        'const slider = document.querySelector(arguments[0]); slider.focus(); return document.activeElement === slider;',
        [SPEND_SLIDER],
      );
      assert.ok(focused, `${SPEND_SLIDER} takes focus`);
      await session().pressKeys(ARROW_RIGHT);
      const moved = await settled(read, {
        accept: (state) => state.headline !== start.headline && state.table !== start.table,
        message: 'the headline and table after ArrowRight',
      });
      assert.equal(moved.headline, reference.after.headline);
      assert.equal(moved.table, reference.after.table);
      assert.notDeepEqual(
        moved.charts.map((chart) => chart.hash),
        start.charts.map((chart) => chart.hash),
        'the charts redrawn',
      );
    });

    for (const width of SCREENSHOT_WIDTHS) {
      test(`fits ${width} px and is saved as a screenshot`, { timeout: TEST_TIMEOUT }, async () => {
        const name = `${key}-${width}`;
        if (await session().setViewportWidth(width, 1400)) {
          await session().navigate(`${server.url}${ARTICLE_PRESET}`);
          const state = await settled(read, {
            accept: (current) => current.charts.every((chart) => chart.cssWidth > 0 && chart.cssWidth <= width),
          });
          assert.equal(state.headline, reference.before.headline);
          assert.ok(state.overflow <= 0, `no sideways scrolling at ${width} px (${state.overflow} px too wide)`);
          await session().execute('window.scrollTo(0, 0);');
          await saveScreenshot(`${name}.png`, await session().screenshot());
          await scrollToCharts();
          await saveScreenshot(`${name}-charts.png`, await session().screenshot());
          return;
        }
        // The browser's window cannot get this narrow (MiniBrowser's toolbar): the page
        // goes in a frame of that width on a host page of the same origin instead.
        await session().setViewportWidth(1024, 1400);
        await session().navigate(`${server.origin}${FRAME_PAGE}?width=${width}`);
        const frame = await session().find('iframe');
        await session().switchToFrame(frame);
        const state = await settled(read, {
          accept: (current) => current.charts.every((chart) => chart.cssWidth > 0 && chart.cssWidth <= width),
        });
        await session().switchToParentFrame();
        assert.equal(state.headline, reference.before.headline);
        assert.ok(state.overflow <= 0, `no sideways scrolling at ${width} px (${state.overflow} px too wide)`);
        await saveScreenshot(`${name}.png`, await session().elementScreenshot(frame));
        await session().switchToFrame(frame);
        await scrollToCharts();
        await session().switchToParentFrame();
        await saveScreenshot(`${name}-charts.png`, await session().elementScreenshot(frame));
      });
    }

    test('no error and no request to another origin', { timeout: TEST_TIMEOUT }, async () => {
      const errors = [...new Set(seen.flatMap((state) => state.errors))];
      const foreign = [...new Set(seen.flatMap((state) => state.foreign))];
      assert.deepEqual(errors, [], `errors in ${engine.name}`);
      assert.deepEqual(foreign, [], `requests to other origins in ${engine.name}`);
      const failed = server.served.filter((line) => /^[45]\d\d /.test(line));
      assert.deepEqual(failed, [], 'every request the server saw succeeded');
    });
  }, { timeout: TEST_TIMEOUT });
});
