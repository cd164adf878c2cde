// End-to-end tests of the author page (dist/author.html): a story written in its form
// reaches a reader unchanged, by the link it copies and by the file it downloads opened
// with `?story=`; problems show beside their fields as they are typed; the page passes
// axe; and the reader's page never fetches the editor.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import {
  assertClean,
  BASE_PATH,
  distDir,
  eventually,
  expectText,
  launchBrowser,
  newDiagnostics,
  openDisclosures,
  openPage,
  serverAndBrowser,
  startServer,
  SLOW_TEST_TIMEOUT,
} from './support.mjs';

const require = createRequire(import.meta.url);

/** The form's field for a story path, as the page names its ids. */
const fieldId = (path) => `#au-${path.replace(/[^A-Za-z0-9_]/g, '-')}`;

/** Opens the author page and waits for its form. */
async function openAuthor(browser, server, viewport) {
  const session = await openPage(browser, server, { url: `${server.url}author.html` });
  if (viewport) {
    await session.page.setViewportSize(viewport);
  }
  await session.page.locator(fieldId('question')).waitFor();
  return session;
}

/** Types `text` into the field at `path`, replacing what it holds. */
async function type(page, path, text) {
  const field = page.locator(fieldId(path));
  await field.fill(text);
}

/** The reader's answer once the full Monte Carlo is in: heading, number, sentence. */
async function readerAnswer(frame) {
  await frame.locator('.rm-status[data-full="true"]').waitFor({ timeout: 30_000 });
  const text = async (selector) => ((await frame.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return {
    question: await text('.rm-title'),
    number: await text('.rm-answer-number'),
    words: await text('.rm-answer-words'),
  };
}

/** Writes the test's story in the form: a question, a renamed headline client, a value. */
async function writeStory(page) {
  await type(page, 'question', 'How much of Acme Cloud\'s revenue is Bolt?');
  await type(page, 'clients[0].name.value', 'Bolt Freight');
  await type(page, 'clients[0].monthly_spend_musd.value', '30');
  await expectText(page.locator('#au-problems'), [/No problems/]);
}

describe('the author page', () => {
  const suite = serverAndBrowser();

  test('a story typed in the form reaches a reader by its link, with the same numbers', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const author = await openAuthor(suite.browser, suite.server);
    let link;
    let preview;
    try {
      const { page } = author;
      await writeStory(page);
      // The preview is the reader's page with the story as it now stands.
      const frame = page.frameLocator('iframe.au-preview');
      await expectText(frame.locator('.rm-answer-words'), [/Bolt/, /33\.3%/], { timeout: 30_000 });
      preview = await readerAnswer(frame);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await expectText(page.locator('.au-notice'), [/link/i]);
      link = await page.locator('#au-copied').inputValue();
      assertClean(author.diagnostics, 'the author page');
    } finally {
      await author.close();
    }
    assert.match(link, new RegExp(`^${suite.server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}index\\.html#story=[A-Za-z0-9_-]+$`));
    assert.ok(link.length < 8000, `a link of ${link.length} characters`);

    // A fresh context: nothing of the author's session (storage, cache) is shared.
    const reader = await openPage(suite.browser, suite.server, { url: link });
    try {
      const seen = await readerAnswer(reader.page);
      assert.match(seen.question, /How much of Acme Cloud's revenue is Bolt\?/);
      // Bolt spends $30M of the $90M a month today: a third.
      assert.match(seen.words, /Bolt[^.]* 33\.3% of/);
      assert.deepEqual(seen, preview);
      assertClean(reader.diagnostics, 'the reader\'s page');
    } finally {
      await reader.close();
    }
  });

  test('the downloaded story opens with ?story= and tells the same story', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const author = await openAuthor(suite.browser, suite.server);
    let text;
    let preview;
    try {
      const { page } = author;
      await writeStory(page);
      const frame = page.frameLocator('iframe.au-preview');
      await expectText(frame.locator('.rm-answer-words'), [/Bolt/, /33\.3%/], { timeout: 30_000 });
      preview = await readerAnswer(frame);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download story' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^[a-z0-9-]+\.json$/);
      text = await readFile(await download.path(), 'utf8');
      assertClean(author.diagnostics, 'the author page');
    } finally {
      await author.close();
    }
    const story = JSON.parse(text);
    assert.equal(story.question, 'How much of Acme Cloud\'s revenue is Bolt?');
    assert.equal(story.clients[0].name.value, 'Bolt Freight');
    assert.equal(story.clients[0].monthly_spend_musd.value, 30);

    // The file published beside the widget, as a blogger would.
    const server = await startServer(distDir(), {
      pages: { [`${BASE_PATH}acme.json`]: { body: text, type: 'application/json' } },
    });
    const browser = await launchBrowser();
    try {
      const reader = await openPage(browser, server, { url: `${server.url}index.html?story=acme.json` });
      const seen = await readerAnswer(reader.page);
      assert.deepEqual(seen, preview);
      assertClean(reader.diagnostics, 'the reader\'s page');
      await reader.close();

      // The same file opened again in the author page fills the form with it.
      const again = await openAuthor(browser, server);
      const input = again.page.locator('input.au-file-input');
      await input.setInputFiles({ name: 'acme.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await expectText(again.page.locator('.au-notice'), [/Story opened/]);
      assert.equal(await again.page.locator(fieldId('clients[0].name.value')).inputValue(), 'Bolt Freight');
      assert.equal(await again.page.locator(fieldId('clients[0].monthly_spend_musd.value')).inputValue(), '30');
      assertClean(again.diagnostics, 'the author page');
      await again.close();
    } finally {
      await browser.close();
      await server.close();
    }
  });

  test('the preview shows the story as written even after the author plays with it', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const author = await openAuthor(suite.browser, suite.server);
    try {
      const { page } = author;
      const frame = () => page.frameLocator('iframe.au-preview');
      await frame().locator('.rm-status[data-full="true"]').waitFor({ timeout: 30_000 });
      // A preset chosen in the preview is saved by the widget for this story's id...
      await frame().locator('.rm-presets button').nth(1).click();
      await expectText(frame().locator('.rm-answer-words'), [/\d/]);
      // ...and still the next preview is the story's base case with the new value.
      await type(page, 'clients[0].monthly_spend_musd.value', '30');
      await expectText(frame().locator('.rm-answer-words'), [/33\.3%/], { timeout: 30_000 });
      assertClean(author.diagnostics, 'the author page');
    } finally {
      await author.close();
    }
  });

  test('problems show beside their field as they are typed, and nothing breaks', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const author = await openAuthor(suite.browser, suite.server);
    try {
      const { page } = author;
      const spend = page.locator(fieldId('clients[0].monthly_spend_musd.value'));
      await spend.fill('-5');
      const error = page.locator(`${fieldId('clients[0].monthly_spend_musd.value')}-error`);
      await expectText(error, [/must be between 0 and 100,000, got -5/]);
      assert.equal(await spend.getAttribute('aria-invalid'), 'true');
      await spend.fill('lots');
      await expectText(error, [/must be a number, got "lots"/]);
      assert.equal(await spend.inputValue(), 'lots', 'what was typed stays');
      await expectText(page.locator('#au-problems'), [/1 problem/]);
      // A percentage is typed and checked as one.
      const leave = page.locator(fieldId('clients[0].annual_leave_probability.value'));
      await leave.fill('250');
      await expectText(page.locator(`${fieldId('clients[0].annual_leave_probability.value')}-error`), [/between 0% and 100%, got 250%/]);
      // Links are web links only; text is text.
      await page.locator(fieldId('clients[0].monthly_spend_musd.source.kind')).selectOption('public');
      await type(page, 'clients[0].monthly_spend_musd.source.public.url', 'javascript:alert(1)');
      await expectText(page.locator(`${fieldId('clients[0].monthly_spend_musd.source.public.url')}-error`), [/https:\/\//]);
      await type(page, 'question', '<img src=x onerror=alert(1)>');
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      await spend.fill('20');
      await leave.fill('25');
      const body = (await page.locator('body').textContent()) ?? '';
      assert.doesNotMatch(body, /NaN|Infinity/);
      assertClean(author.diagnostics, 'the author page');
    } finally {
      await author.close();
    }
  });

  test('clients, levers, presets and table rows are added and removed', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const author = await openAuthor(suite.browser, suite.server);
    try {
      const { page } = author;
      const clients = page.locator('details.au-client');
      const before = await clients.count();
      await page.getByRole('button', { name: 'Add a client' }).click();
      await eventually(async () => (await clients.count()) === before + 1, { message: 'a client added' });
      for (const name of ['Add a lever', 'Add a preset', 'Add a row']) {
        await page.getByRole('button', { name }).click();
      }
      await expectText(page.locator('#au-problems'), [/No problems/]);
      // Removing the headline client moves the headline to another client.
      await clients.first().getByRole('button', { name: 'Remove this client' }).click();
      await eventually(async () => (await clients.count()) === before, { message: 'a client removed' });
      await expectText(page.locator('#au-problems'), [/No problems/]);
      assertClean(author.diagnostics, 'the author page');
    } finally {
      await author.close();
    }
  });

  test('axe finds no serious or critical problems', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    for (const width of [375, 1280]) {
      const author = await openAuthor(suite.browser, suite.server, { width, height: 900 });
      try {
        const { page } = author;
        await page.locator('details.au-client').nth(1).locator(':scope > summary').click();
        await page.evaluate(axeSource);
        const results = await page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ['violations'], iframes: false }),
        );
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(
          bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
          [],
          `at ${width} px`,
        );
      } finally {
        await author.close();
      }
    }
  });

  test('the reader\'s page links to the author page and never fetches it', { timeout: SLOW_TEST_TIMEOUT }, async () => {
    const everything = newDiagnostics();
    const served = suite.server.served.length;
    const reader = await openPage(suite.browser, suite.server);
    try {
      const { page } = reader;
      await page.locator('.rm-status[data-full="true"]').waitFor({ timeout: 30_000 });
      await openDisclosures(page);
      const link = page.getByRole('link', { name: 'Make your own' });
      assert.equal(await link.getAttribute('href'), './author.html');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      const fetched = suite.server.served.slice(served);
      assert.deepEqual(fetched.filter((line) => /author/.test(line)), []);
      assertClean(reader.diagnostics);
    } finally {
      await reader.close();
    }
    assertClean(everything);
  });
});
