// End-to-end tests of a host page driving the widget: examples/scrollytelling.html (three
// story steps, each switching its <revenue-model> to a preset as it scrolls into view, and a
// line that follows the element's `change` event), the element's `scenario` and `theme`
// attributes changed after mounting (each change undoable), and the iframe's postMessage
// API (`revenue-model:set` in, `revenue-model:change` out, messages from other windows
// ignored).
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import {
  assertClean,
  distDir,
  eventually,
  expectText,
  launchBrowser,
  openPage,
  startServer,
  suiteFixture,
  TEST_TIMEOUT,
} from './support.mjs';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
/** The address the examples name for the published dist/; replaced by the local server's. */
const PUBLISHED = 'https://widgets.example.com/revenue-model/';

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** The top-level files of examples/ as a host serves them, the widget's address replaced. */
async function examplePages(widgetUrl) {
  const pages = {};
  for (const name of await readdir(EXAMPLES)) {
    const type = TYPES[path.extname(name)];
    if (type) {
      const body = (await readFile(path.join(EXAMPLES, name), 'utf8')).replaceAll(PUBLISHED, widgetUrl);
      pages[`/${name}`] = { body, type };
    }
  }
  return pages;
}

/** A post framing the widget, whose script sends `set` messages and records `change`s. */
const framePost = (widgetUrl) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>A post that drives the framed model</title><link rel="icon" href="data:,"></head>
  <body>
    <iframe id="model" src="${widgetUrl}" sandbox="allow-scripts" title="Revenue model" width="100%" height="900"></iframe>
    <iframe id="intruder" sandbox="allow-scripts" title="Another frame" height="50"
      srcdoc="<script>addEventListener('message', (e) => parent.frames[0].postMessage(e.data, '*'));</script>"></iframe>
    <script>
      window.changes = [];
      addEventListener('message', (event) => {
        if (event.source === document.getElementById('model').contentWindow && event.data && event.data.type === 'revenue-model:change') {
          window.changes.push(event.data);
        }
      });
      window.send = (message) => document.getElementById('model').contentWindow.postMessage(message, '*');
    </script>
  </body>
</html>`;

describe('a host page driving the widget', () => {
  const suite = suiteFixture(async (use) => {
    // The frame is sandboxed without allow-same-origin, and the element is on another
    // origin: the widget's files are cross-origin requests.
    const widget = await use(startServer(distDir(), { headers: { 'Access-Control-Allow-Origin': '*' } }));
    const pages = { ...(await examplePages(widget.url)), '/framed/': framePost(widget.url) };
    const host = await use(startServer(null, { pages }));
    return { widget, host, browser: await use(launchBrowser()) };
  });

  const open = (url) => openPage(suite.browser, suite.widget, { url, origins: [suite.host.origin] });
  const pressed = (root) => root.locator('.rm-preset[aria-pressed="true"]');

  test('the scrollytelling example switches the preset at each step, undoably, and hears every change', { timeout: TEST_TIMEOUT }, async () => {
    const session = await open(`${suite.host.origin}/scrollytelling.html`);
    try {
      const { page } = session;
      const model = page.locator('revenue-model');
      await expectText(pressed(model), [/The article/]);
      const reading = page.locator('#story-reading');
      const toStep = (preset) =>
        page.locator(`[data-preset="${preset}"]`).evaluate((step) => step.scrollIntoView({ block: 'center' }));

      await toStep('bytedance-exit');
      await expectText(pressed(model), [/ByteDance builds its own AI/]);
      const afterExit = await expectText(reading, [/now gives a [\d.]+% chance/]);
      await toStep('diversified');
      await expectText(pressed(model), [/New clients arrive/]);
      await eventually(async () => (await reading.textContent()) !== afterExit, { message: 'the line follows the change' });

      // Each switch is an undo step for the reader, who reads the full answer first.
      await model.locator('.rm-status[data-full="true"]').waitFor();
      await model.getByRole('button', { name: 'Undo' }).click();
      await expectText(pressed(model), [/ByteDance builds its own AI/]);

      await toStep('article');
      await expectText(pressed(model), [/The article/]);
      const link = await reading.locator('a').getAttribute('href');
      assert.ok(link.startsWith(`${suite.widget.url}index.html#s=`), `a link to the scenario: ${link}`);
      assertClean(session.diagnostics, 'the scrollytelling page');
    } finally {
      await session.close();
    }
  });

  test('the element follows its scenario and theme attributes and reports the answer', { timeout: TEST_TIMEOUT }, async () => {
    // A page with no script of its own: on the scrollytelling page, the page scrolling to
    // bring a button into view switches the preset to the step then in the middle.
    const session = await open(`${suite.host.origin}/custom-element.html`);
    try {
      const { page } = session;
      const model = page.locator('revenue-model').first();
      await expectText(pressed(model), [/The article/]);
      await model.locator('.rm-status[data-full="true"]').waitFor();
      await page.evaluate(() => {
        window.changes = [];
        document.querySelector('revenue-model').addEventListener('change', (event) => window.changes.push(event.detail));
      });
      // A share link of the "ByteDance keeps half" preset, from the element's own report.
      await model.evaluate((element) => element.setAttribute('preset', 'bytedance-partial'));
      await expectText(pressed(model), [/ByteDance keeps half/]);
      // The last change reported is the full answer now on screen.
      const detail = await eventually(
        async () => {
          const last = await page.evaluate(() => window.changes.at(-1) ?? null);
          const full = (await model.locator('.rm-status').getAttribute('data-full')) === 'true';
          const shown = ((await model.locator('.rm-answer-number').textContent()) ?? '').trim();
          return full && last?.full && last.chance === shown ? last : null;
        },
        { message: 'a change event with the full answer on screen' },
      );
      assert.match(detail.chance, /^\d+(\.\d)?%$/);
      assert.ok(detail.probability >= 0 && detail.probability <= 1);
      assert.ok(detail.sentence.includes(detail.chance), detail.sentence);
      assert.ok(detail.link.startsWith(`${suite.widget.url}index.html#s=`), detail.link);

      await model.evaluate((element) => element.setAttribute('preset', 'article'));
      await expectText(pressed(model), [/The article/]);
      await model.evaluate((element, text) => element.setAttribute('scenario', text), detail.scenario);
      await expectText(pressed(model), [/ByteDance keeps half/]);
      await model.getByRole('button', { name: 'Undo' }).click();
      await expectText(pressed(model), [/The article/]);

      await model.evaluate((element) => element.setAttribute('theme', 'dark'));
      await eventually(async () => (await model.locator('.rm-widget').getAttribute('data-theme')) === 'dark', { message: 'the dark theme' });
      await model.evaluate((element) => element.setAttribute('theme', 'light'));
      await eventually(async () => (await model.locator('.rm-widget').getAttribute('data-theme')) === 'light', { message: 'the light theme' });
      assertClean(session.diagnostics, 'the page with the elements');
    } finally {
      await session.close();
    }
  });

  test('the iframe takes set messages from its parent only, and posts each change', { timeout: TEST_TIMEOUT }, async () => {
    const session = await open(`${suite.host.origin}/framed/`);
    try {
      const { page } = session;
      const frame = page.frameLocator('#model');
      await expectText(pressed(frame), [/The article/]);
      await eventually(() => page.evaluate(() => window.changes.some((change) => change.full)), { message: 'a first full change' });

      // The same message from another frame of the page is not the parent's: ignored. A
      // message after it, from the parent, proves both were delivered.
      await page.locator('#intruder').evaluate((element) =>
        element.contentWindow.postMessage({ type: 'revenue-model:set', preset: 'diversified' }, '*'),
      );
      await page.evaluate(() => window.send({ type: 'revenue-model:set', theme: 'dark' }));
      await eventually(async () => (await frame.locator('.rm-widget').getAttribute('data-theme')) === 'dark', { message: 'the dark theme' });
      await expectText(pressed(frame), [/The article/]);

      await page.evaluate(() => window.send({ type: 'revenue-model:set', preset: 'bytedance-exit' }));
      await expectText(pressed(frame), [/ByteDance builds its own AI/]);
      // The last change posted is the full answer now on screen.
      const change = await eventually(
        async () => {
          const last = await page.evaluate(() => window.changes.at(-1) ?? null);
          const full = (await frame.locator('.rm-status').getAttribute('data-full')) === 'true';
          const shown = ((await frame.locator('.rm-answer-number').textContent()) ?? '').trim();
          return full && last?.full && last.chance === shown ? last : null;
        },
        { message: 'a change posted with the full answer on screen' },
      );
      assert.ok(change.link.startsWith(suite.widget.url) && change.link.includes('#s='), change.link);

      // Junk is ignored and breaks nothing.
      for (const junk of [{ type: 'revenue-model:set', preset: 42 }, { type: 'revenue-model:set', scenario: 'garbage!!' }, 'text', null]) {
        await page.evaluate((message) => window.send(message), junk);
      }
      await page.evaluate(() => window.send({ type: 'revenue-model:set', preset: 'article' }));
      await expectText(pressed(frame), [/The article/]);
      assertClean(session.diagnostics, 'the post and its frame');
    } finally {
      await session.close();
    }
  });
});
