// End-to-end tests of printing the standalone page (or saving it as PDF): Chromium's PDF of
// the widget, read back with poppler-utils (pdftotext and pdfimages; installed by
// `cargo xtask tools`), must fit on one or two pages, hold the answer, the article's table
// and the revenue chart, show no controls, and be dark ink on white in either theme.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { assertClean, openPage, serverAndBrowser, settledChart, TEST_TIMEOUT } from './support.mjs';

const run = promisify(execFile);
const POPPLER = path.dirname(process.env.PDFTOTEXT ?? '/usr/bin/pdftotext');

async function poppler(tool, args) {
  try {
    return (await run(path.join(POPPLER, tool), args, { maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' })).stdout;
  } catch (error) {
    throw new Error(`${tool} failed (cargo xtask tools installs Debian's poppler-utils):\n${error.stderr ?? error.message}`);
  }
}

/** Text with every run of white space made one space. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** The relative luminance (0 black to 1 white) of a CSS `rgb()`/`rgba()` colour. */
function luminance(colour) {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The number of pages of a PDF, from its page objects. */
function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

describe('printing the standalone page', () => {
  const suite = serverAndBrowser({
    setUp: async ({ use }) => {
      const work = await mkdtemp(path.join(tmpdir(), 'revenue-model-print-'));
      await use({ close: () => rm(work, { recursive: true, force: true }) });
      return { work };
    },
  });

  /** Opens the page at `query`, waits for the full result and prints it; returns what to check. */
  async function print(query, format) {
    const session = await openPage(suite.browser, suite.server, { url: `${suite.server.url}${query}` });
    try {
      const { page } = session;
      await page.locator('.rm-status[data-full="true"]').waitFor();
      await settledChart(page);
      const screen = await page.evaluate(() => {
        const text = (element) => element.textContent.replace(/\s+/g, ' ').trim();
        const rows = [...document.querySelectorAll('.rm-article-table tbody tr')].map((row) => [...row.cells].map(text));
        // Button labels that are nowhere else on the page: if the PDF has them, it shows controls.
        const withoutButtons = document.body.cloneNode(true);
        withoutButtons.querySelectorAll('button').forEach((button) => button.remove());
        const rest = text(withoutButtons);
        const buttons = [...new Set([...document.querySelectorAll('button')].map(text))].filter(
          (label) => label.length > 0 && !rest.includes(label),
        );
        return {
          answer: text(document.querySelector('.rm-lede')),
          question: text(document.querySelector('.rm-title')),
          rows,
          buttons,
        };
      });
      // The colours the print stylesheet gives, as page.pdf() lays the page out.
      await page.emulateMedia({ media: 'print' });
      const ink = await page.evaluate(() => {
        const colour = (selector) => getComputedStyle(document.querySelector(selector)).color;
        const selectors = ['.rm-title', '.rm-lede', '.rm-article-table td', '.rm-figures dd', '.rm-panel-title'];
        return {
          text: Object.fromEntries(selectors.map((selector) => [selector, colour(selector)])),
          background: getComputedStyle(document.querySelector('.rm-widget')).backgroundColor,
        };
      });
      const pdf = await page.pdf({ format });
      assertClean(session.diagnostics);
      const file = path.join(suite.work, `${format}${query.replace(/\W/g, '-')}.pdf`);
      await writeFile(file, pdf);
      return { screen, pdf, file, ink };
    } finally {
      await session.close();
    }
  }

  for (const format of ['A4', 'Letter']) {
    test(`on ${format}: one or two pages with the answer, the article's table and the chart, without controls`, { timeout: TEST_TIMEOUT }, async () => {
      const { screen, pdf, file } = await print('', format);
      const pages = pageCount(pdf);
      assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
      const text = squash(await poppler('pdftotext', ['-enc', 'UTF-8', file, '-']));
      assert.ok(text.includes(screen.question), `the question in the PDF: ${text.slice(0, 300)}`);
      assert.ok(text.includes(screen.answer), `the answer "${screen.answer}" in the PDF`);
      // The key figures sit in a tab that is hidden on screen (built after the first paint).
      assert.ok(/Chance of a \$1B year by/.test(text), 'the key figures in the PDF');
      assert.ok(screen.rows.length > 0, 'the article table has rows');
      for (const cell of screen.rows.flat()) {
        assert.ok(text.includes(cell), `the table cell "${cell}" in the PDF`);
      }
      assert.ok(screen.buttons.length > 0, 'the page has buttons to look for');
      for (const label of screen.buttons) {
        assert.ok(!text.includes(label), `no "${label}" button in the PDF`);
      }
      // The revenue chart's canvas is printed as an image of a readable size.
      const images = (await poppler('pdfimages', ['-list', file]))
        .split('\n')
        .slice(2)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields.length > 4)
        .map((fields) => ({ width: Number(fields[3]), height: Number(fields[4]) }));
      assert.ok(
        images.some((image) => image.width >= 300 && image.height >= 150),
        `a chart image in the PDF: ${JSON.stringify(images)}`,
      );
    });
  }

  test('in the dark theme the page still prints dark ink on white', { timeout: TEST_TIMEOUT }, async () => {
    const { screen, pdf, file, ink } = await print('?theme=dark', 'A4');
    const pages = pageCount(pdf);
    assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
    const text = squash(await poppler('pdftotext', ['-enc', 'UTF-8', file, '-']));
    assert.ok(text.includes(screen.answer), `the answer "${screen.answer}" in the PDF`);
    // Chromium drops backgrounds when printing, so light text would vanish on the paper.
    for (const [selector, colour] of Object.entries(ink.text)) {
      assert.ok(luminance(colour) < 0.2, `${selector} is printed in dark ink, not ${colour}`);
    }
    assert.ok(luminance(ink.background) > 0.9, `the widget's background when printing is ${ink.background}`);
  });
});
