// End-to-end tests of what the charts show a reader: no label or key lies over a plotted
// series, at a phone's width, in a blog column and on a desktop. Each canvas reports where
// it drew its plots and its labels (data-plots, data-labels, CSS pixels); the test checks
// those boxes and the pixels under them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  eventually,
  newDiagnostics,
  serverAndBrowser,
  withSession,
  SLOW_TEST_TIMEOUT,
} from './support.mjs';

const WIDTHS = [320, 375, 700, 1280];
/** The results tabs holding a chart, by their tab's label. */
const CHART_TABS = ['Concentration', 'Final year', 'Sensitivity', 'By client'];

/**
 * Waits until `canvas` is drawn at its laid-out size with nothing pending, then returns its
 * size, plots and labels (CSS pixels) and whether the pixels inside each label's box differ
 * from those of the plots' backgrounds.
 */
async function layoutOf(canvas) {
  return eventually(
    () =>
      canvas.evaluate((c) => {
        const rect = c.getBoundingClientRect();
        const ratio = Math.min(Math.max(window.devicePixelRatio, 1), 4);
        if (
          !c.dataset.labels ||
          c.dataset.pending === 'true' ||
          rect.width === 0 ||
          Math.abs(c.width - Math.round(rect.width * ratio)) > 1
        ) {
          return null;
        }
        return {
          width: rect.width,
          height: rect.height,
          plots: JSON.parse(c.dataset.plots),
          labels: JSON.parse(c.dataset.labels),
        };
      }),
    { message: 'a chart drawn at its size' },
  );
}

const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Fails unless every label of `layout` lies inside the canvas, off every plot and off
 * every other label.
 */
function assertLabelsClear(layout, where) {
  assert.ok(layout.plots.length > 0, `${where}: a plot`);
  layout.labels.forEach((label, i) => {
    for (const plot of layout.plots) {
      assert.ok(!overlaps(label, plot), `${where}: label ${JSON.stringify(label)} over the plot ${JSON.stringify(plot)}`);
    }
    for (const other of layout.labels.slice(i + 1)) {
      assert.ok(!overlaps(label, other), `${where}: labels ${JSON.stringify(label)} and ${JSON.stringify(other)} overlap`);
    }
    assert.ok(
      label[0] >= 0 && label[1] >= 0 && label[2] <= layout.width + 0.5 && label[3] <= layout.height + 0.5,
      `${where}: label ${JSON.stringify(label)} outside the ${layout.width}×${layout.height} canvas`,
    );
  });
}

/**
 * The share of pixels inside `box` (CSS pixels) of `canvas` that are not its background
 * (the colour of the canvas's top-left pixel): ink, series or text.
 */
async function inkIn(canvas, box) {
  return canvas.evaluate((c, box) => {
    const ratio = c.width / c.getBoundingClientRect().width;
    const [x0, y0, x1, y1] = box.map((v) => Math.round(v * ratio));
    const context = c.getContext('2d');
    const background = context.getImageData(0, 0, 1, 1).data;
    const { data } = context.getImageData(x0, y0, Math.max(x1 - x0, 1), Math.max(y1 - y0, 1));
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const differs = [0, 1, 2].some((k) => Math.abs(data[i + k] - background[k]) > 24);
      ink += differs ? 1 : 0;
    }
    return ink / (data.length / 4);
  }, box);
}

describe('the charts', () => {
  const suite = serverAndBrowser();
  const everything = newDiagnostics();
  const atWidth = (width, body) =>
    withSession(suite.browser, suite.server, everything, body, {
      prepare: (page) => page.setViewportSize({ width, height: 900 }),
    });

  for (const width of WIDTHS) {
    test(`at ${width} px no label or key lies over a plotted series`, { timeout: SLOW_TEST_TIMEOUT }, () =>
      atWidth(width, async (page) => {
        await page.locator('.rm-status[data-full="true"]').waitFor();
        const outlook = page.locator('#rm-chart-fan-title + .rm-canvas-frame canvas');
        const layout = await layoutOf(outlook);
        assertLabelsClear(layout, `the outlook at ${width} px`);
        // Every series is named: the bands, the median, the leaving case and the target.
        assert.ok(layout.labels.length >= 5, `${width} px: ${layout.labels.length} labels`);
        // The labels are drawn where they say (ink in each box) and the plot holds the data.
        for (const label of layout.labels) {
          assert.ok((await inkIn(outlook, label)) > 0.02, `${width} px: label ${JSON.stringify(label)} drawn`);
        }
        assert.ok((await inkIn(outlook, layout.plots[0])) > 0.1, `${width} px: the fan is drawn`);
        for (const name of CHART_TABS) {
          await page.getByRole('tab', { name }).click();
          const canvas = page.locator('[role="tabpanel"]:not([hidden]) canvas.rm-chart');
          assertLabelsClear(await layoutOf(canvas), `${name} at ${width} px`);
        }
      }),
    );
  }

  // The stylesheet gives each canvas the height its drawing will set (container units in
  // widget.css, the charts' height_for in crates/charts), so nothing under a chart moves
  // when it is first drawn: checked against the drawn height with the drawing's own
  // height taken off for a moment.
  for (const width of WIDTHS) {
    test(`at ${width} px each canvas has its drawn height before it is drawn`, { timeout: SLOW_TEST_TIMEOUT }, () =>
      atWidth(width, async (page) => {
        await page.locator('.rm-status[data-full="true"]').waitFor();
        await eventually(async () => (await page.locator('canvas.rm-spark').count()) === 5, { message: 'five response curves' });
        await page.getByRole('tab', { name: 'Concentration' }).click();
        const canvases = [
          page.locator('#rm-chart-fan-title + .rm-canvas-frame canvas'),
          page.locator('[role="tabpanel"]:not([hidden]) canvas.rm-chart'),
          ...(await page.locator('canvas.rm-spark').all()),
        ];
        for (const canvas of canvases) {
          await layoutOf(canvas);
          const heights = await canvas.evaluate((c) => {
            const drawn = c.getBoundingClientRect().height;
            const set = c.style.getPropertyValue('height');
            c.style.removeProperty('height');
            const sheet = c.getBoundingClientRect().height;
            c.style.setProperty('height', set);
            return { drawn, sheet, name: c.getAttribute('aria-label') };
          });
          assert.ok(
            Math.abs(heights.drawn - heights.sheet) <= 1,
            `${width} px, ${heights.name}: drawn ${heights.drawn} px high, the stylesheet says ${heights.sheet} px`,
          );
        }
      }),
    );
  }

  // Under each lever's slider: the number, its unit and the source's tag, side by side
  // or the tag under them; a long unit ("% of spend") must not run into the tag. The
  // unit's text is measured (a Range), not its box, which overflowing text leaves.
  for (const width of [320, 375, 640, 700, 1000, 1280]) {
    test(`at ${width} px no lever's number, unit and source tag overlap`, { timeout: SLOW_TEST_TIMEOUT }, () =>
      atWidth(width, async (page) => {
        await page.locator('.rm-levers .rm-lever').first().waitFor();
        const levers = await page.locator('.rm-levers .rm-lever').evaluateAll((all) =>
          all.map((lever) => {
            const box = (r) => (r ? [r.left, r.top, r.right, r.bottom] : null);
            const unit = lever.querySelector('.rm-unit');
            const range = document.createRange();
            if (unit) range.selectNodeContents(unit);
            const edge = lever.getBoundingClientRect();
            return {
              name: lever.querySelector('.rm-label')?.textContent.trim(),
              number: box(lever.querySelector('input[type="number"]')?.getBoundingClientRect()),
              unit: unit ? box(range.getBoundingClientRect()) : null,
              tag: box(lever.querySelector('.rm-tag')?.getBoundingClientRect()),
              right: edge.right,
            };
          }),
        );
        assert.equal(levers.length, 5, 'five key levers');
        for (const lever of levers) {
          const parts = ['number', 'unit', 'tag'].filter((k) => lever[k]);
          for (const [i, a] of parts.entries()) {
            assert.ok(lever[a][2] <= lever.right + 0.5, `${width} px, ${lever.name}: the ${a} runs past the lever`);
            for (const b of parts.slice(i + 1)) {
              assert.ok(
                !overlaps(lever[a], lever[b]),
                `${width} px, ${lever.name}: the ${a} ${JSON.stringify(lever[a])} and the ${b} ${JSON.stringify(lever[b])} overlap`,
              );
            }
          }
        }
      }),
    );
  }

  for (const width of [375, 700]) {
    test(`at ${width} px each lever's curve can be read`, { timeout: SLOW_TEST_TIMEOUT }, () =>
      atWidth(width, async (page) => {
        await page.locator('.rm-status[data-full="true"]').waitFor();
        const curves = page.locator('canvas.rm-spark');
        await eventually(async () => (await curves.count()) >= 4, { message: 'the levers\' curves' });
        for (const curve of await curves.all()) {
          const layout = await layoutOf(curve);
          const [plot] = layout.plots;
          // At least 60 px of plot, and axis labels that touch neither it nor each other.
          assert.ok(plot[3] - plot[1] >= 60, `${width} px: ${plot[3] - plot[1]} px of plot`);
          assertLabelsClear(layout, `a curve at ${width} px`);
          // 0%, 50%, 100% and the current value at least.
          assert.ok(layout.labels.length >= 4, `${width} px: ${JSON.stringify(layout.labels)}`);
          // The same sentence for a screen reader as before.
          assert.match(
            await curve.getAttribute('aria-label'),
            /^How the chance of reaching the target changes with .+\. The chance goes from .+ at .+ to .+; now .+\.$/,
          );
        }
        // The value under the pointer is read out under the curve.
        const first = curves.first();
        await first.scrollIntoViewIfNeeded();
        const box = await first.boundingBox();
        await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
        const readout = page.locator('.rm-spark-readout').first();
        await eventually(async () => /^At .+: [\d.]+% chance$/.test((await readout.textContent()).trim()), {
          message: 'a read-out under the pointer',
        });
      }),
    );
  }

  test('the answer says what it would take, and each curve where it crosses 50%', { timeout: SLOW_TEST_TIMEOUT }, () =>
    atWidth(700, async (page) => {
      await page.locator('.rm-status[data-full="true"]').waitFor();
      const takes = page.locator('.rm-takes:not([data-stale="true"]) .rm-take-line');
      await eventually(async () => (await takes.count()) === 2, { message: 'two sentences under the answer' });
      const sentence = /^(An even chance of a \$1B year needs .+ at .+ or (more|less) \(now .+\)|(No|Every) value of .+ from .+ to .+ gives an even chance of a \$1B year)\.$/;
      for (const line of await takes.allTextContents()) {
        assert.match(line.trim(), sentence);
      }
      // In the base case the other clients' growth and TikTok's spend matter most, and
      // both cross 50% inside their ranges.
      const [first, second] = (await takes.allTextContents()).map((t) => t.trim());
      assert.match(first, /needs the other clients' growth at [\d.]+% or more \(now 15%\)\.$/);
      assert.match(second, /needs TikTok monthly spend at \$[\d.]+M or more \(now \$20M\)\.$/);
      const beside = page.locator('.rm-take');
      await eventually(async () => (await beside.count()) >= 4, { message: 'a crossing beside each curve' });
      for (const line of await beside.allTextContents()) {
        assert.match(line.trim(), /^Even chance: (.+ or (more|less)|no value in range|any value in range)$/);
      }
      // Moving the lever moves "now" in its sentence.
      const spend = page.getByRole('spinbutton', { name: /TikTok.*monthly spend/i }).first();
      await spend.fill('30');
      await spend.press('Enter');
      await eventually(
        async () => (await takes.allTextContents()).some((t) => /TikTok monthly spend .*\(now \$30M\)/.test(t)),
        { timeout: 20_000, message: 'the sentence for the new spend' },
      );
    }),
  );
});
