// What the widget shows once the compute client has delivered everything for the inputs
// on screen, read the way a reader reads it: shared by the fault and the pool suites.
import { eventually } from './support.mjs';

/** Generous: a worker that never answers is given up after its timeout (several seconds). */
export const FULL_TIMEOUT = 40_000;

export const status = (page) => page.locator('.rm-status');
export const fullResult = (page) => page.locator('.rm-status[data-full="true"]').waitFor({ timeout: FULL_TIMEOUT });
export const tornadoTable = (page) => page.getByRole('table', { name: /Sensitivity of the next 12 months.*numbers behind/ });
export const spendSlider = (page) => page.getByRole('slider', { name: /TikTok.*monthly spend/i });
export const departureOdds = (page) => page.locator('.rm-departure-odds[data-stale="false"]');

/** Waits until the tornado's table has rows and every probability is in; returns its text. */
export async function completeTornado(page, { timeout = FULL_TIMEOUT } = {}) {
  let text = '';
  await eventually(
    async () => {
      text = (await tornadoTable(page).textContent({ timeout: 1_000 })) ?? '';
      return /%/.test(text) && !text.includes('…');
    },
    { timeout, message: 'the tornado table with every probability', describe: () => JSON.stringify(text.slice(0, 300)) },
  );
  return text;
}

/** Waits until every key lever's response curve is for the inputs on screen; returns their descriptions. */
export async function freshCurves(page, { timeout = FULL_TIMEOUT } = {}) {
  let state = { curves: 0, stale: 0, labels: '' };
  await eventually(
    async () => {
      state = await page.evaluate(() => {
        const curves = [...document.querySelectorAll('canvas.rm-spark')];
        return {
          curves: curves.length,
          stale: curves.filter((c) => c.getAttribute('data-stale') !== 'false').length,
          labels: curves.map((c) => c.getAttribute('aria-label')).join('\n'),
        };
      });
      return state.curves > 0 && state.stale === 0;
    },
    { timeout, message: 'every response curve fresh', describe: () => JSON.stringify(state) },
  );
  return state.labels;
}

/** Opens the tornado's tab and its data table (both stay open while the page lives). */
export async function showTornadoTable(page) {
  const tab = page.getByRole('tab', { name: 'Sensitivity' });
  if ((await tab.getAttribute('aria-selected')) !== 'true') {
    await tab.click();
  }
  const toggle = page.locator('button[aria-controls="rm-chart-tornado-data"]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
    await toggle.click();
  }
  await tornadoTable(page).waitFor();
}

/** What a page shows once everything is computed. */
export async function finished(page) {
  await fullResult(page);
  await showTornadoTable(page);
  const tornado = await completeTornado(page);
  return {
    status: (await status(page).textContent())?.trim(),
    lede: (await page.locator('.rm-lede').textContent())?.trim(),
    departure: (await departureOdds(page).textContent({ timeout: FULL_TIMEOUT }))?.trim(),
    curves: await freshCurves(page),
    tornado,
  };
}
