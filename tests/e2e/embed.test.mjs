// End-to-end tests of the two ways a blog embeds the widget: an <iframe> sized by embed.js
// (sandboxed, on another origin, so storage is unavailable inside it) and the
// <revenue-model> custom element (two on one page, under a hostile host stylesheet).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertClean,
  BASE_PATH,
  chartHash,
  distDir,
  eventually,
  expectText,
  launchBrowser,
  openPage,
  serverAndBrowser,
  settledChart,
  startServer,
  suiteFixture,
  TEST_TIMEOUT,
} from './support.mjs';


/** TikTok at the default $20M a month: $240M a year, 25% of $960M. */
const BASELINE = [/\$20(\.0)?M/, /\$240(\.0)?M/, /25(\.0)?%/, /\$960(\.0)?M/];
const HEIGHT_MESSAGE = 'revenue-model:height';

/** Something with `locator` and `evaluate` for support.mjs's chart helpers, scoped to `root`. */
function scoped(page, root) {
  return { locator: (selector) => root.locator(selector), evaluate: (...args) => page.evaluate(...args) };
}

describe('the widget in a sandboxed iframe on another origin, sized by embed.js', () => {
  const suite = suiteFixture(async (use) => {
    // A frame without allow-same-origin has an opaque origin: its module scripts, styles
    // (they carry integrity attributes) and wasm are cross-origin requests and need CORS.
    const widget = await use(startServer(distDir(), { headers: { 'Access-Control-Allow-Origin': '*' } }));
    const host = await use(startServer(null, {
      pages: {
        '/posts/tiktok/': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>A post with the model</title><link rel="icon" href="data:,"></head>
  <body>
    <h1>How much of Microsoft's AI revenue is TikTok?</h1>
    <p>Try the model:</p>
    <iframe src="${widget.url}" sandbox="allow-scripts" data-revenue-model title="Revenue model" width="100%" height="300"></iframe>
    <p>The end.</p>
    <script src="${widget.url}embed.js"></script>
  </body>
</html>`,
        '/posts/clamp/': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Clamping</title><link rel="icon" href="data:,"></head>
  <body>
    <iframe id="frame" data-revenue-model sandbox="allow-scripts" title="A frame that reports any height" height="300"
      srcdoc="<script>addEventListener('message', (e) => parent.postMessage(e.data, '*'));</script>"></iframe>
    <iframe id="other" sandbox="allow-scripts" title="A frame embed.js does not manage" height="300"
      srcdoc="<script>addEventListener('message', (e) => parent.postMessage(e.data, '*'));</script>"></iframe>
    <script src="${widget.url}embed.js"></script>
  </body>
</html>`,
      },
    }));
    return { widget, host, browser: await use(launchBrowser()) };
  });

  test('renders in the frame, the frame follows its height, no storage is not an error', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.widget, { url: `${suite.host.origin}/posts/tiktok/`, origins: [suite.host.origin] });
    try {
      const { page } = session;
      const iframe = page.locator('iframe[data-revenue-model]');
      const frame = page.frameLocator('iframe[data-revenue-model]');
      await frame.getByRole('spinbutton', { name: /TikTok.*monthly spend/i }).waitFor();
      await expectText(frame.getByRole('table', { name: /article/i }), BASELINE);

      const content = await eventually(() => page.frames().find((f) => f.url().startsWith(suite.widget.url)), {
        message: 'the widget frame',
      });
      // The test is about a frame where storage throws.
      assert.equal(
        await content.evaluate(() => {
          try {
            return typeof window.localStorage;
          } catch (error) {
            return error.name;
          }
        }),
        'SecurityError',
      );
      await settledChart(content);

      // The frame's inner height (its border is the host's business).
      const frameHeight = () => iframe.evaluate((element) => element.clientHeight);
      const contentHeight = () => content.evaluate(() => document.documentElement.scrollHeight);
      const first = await eventually(async () => {
        const height = await frameHeight();
        return height > 600 ? height : null;
      }, { message: 'the iframe grown to the widget (over 600 px)', describe: () => 'still at most 600 px' });
      await eventually(async () => Math.abs((await frameHeight()) - (await contentHeight())) <= 2, {
        message: 'the iframe as tall as its content',
      });

      const show = frame.getByRole('button', { name: 'Show data' }).first();
      await show.click();
      const grown = await eventually(async () => {
        const height = await frameHeight();
        return height > first + 20 ? height : null;
      }, { message: 'the iframe taller once a data table is shown' });
      await eventually(async () => Math.abs((await frameHeight()) - (await contentHeight())) <= 2, {
        message: 'the iframe as tall as its content after the change',
      });
      await frame.getByRole('button', { name: 'Hide data' }).first().click();
      await eventually(async () => (await frameHeight()) < grown - 20, { message: 'the iframe shorter again' });
      // Every disclosure: "All assumptions" opened, then closed again.
      const settled = await frameHeight();
      const all = frame.locator('details.rm-all > summary');
      await all.click();
      const opened = await eventually(async () => {
        const height = await frameHeight();
        return height > settled + 200 ? height : null;
      }, { message: 'the iframe taller with every assumption shown' });
      await eventually(async () => Math.abs((await frameHeight()) - (await contentHeight())) <= 2, {
        message: 'the iframe as tall as its content with every assumption shown',
      });
      await all.click();
      await eventually(async () => (await frameHeight()) < opened - 200, { message: 'the iframe short again once collapsed' });

      // The widget still works inside the frame.
      const field = frame.getByRole('spinbutton', { name: /TikTok.*monthly spend/i });
      await field.fill('30');
      await field.press('Tab');
      await expectText(frame.getByRole('table', { name: /article/i }), [/\$30(\.0)?M/, /\$360(\.0)?M/]);
      assertClean(session.diagnostics, 'the host page and the widget frame');
    } finally {
      await session.close();
    }
  });

  test('embed.js clamps heights to 200..20000 px and ignores other windows', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.widget, { url: `${suite.host.origin}/posts/clamp/`, origins: [suite.host.origin] });
    try {
      const { page } = session;
      const height = (selector) => page.locator(selector).evaluate((element) => element.clientHeight);
      // The srcdoc frames echo what they receive to the host page, as the widget would.
      const sendFrom = (selector, data) =>
        page.locator(selector).evaluate((element, message) => element.contentWindow.postMessage(message, '*'), data);

      await sendFrom('#frame', { type: HEIGHT_MESSAGE, height: 5 });
      await eventually(async () => (await height('#frame')) === 200, { message: 'a tiny height raised to 200 px' });
      await sendFrom('#frame', { type: HEIGHT_MESSAGE, height: 1e9 });
      await eventually(async () => (await height('#frame')) === 20000, { message: 'a huge height cut to 20000 px' });
      await sendFrom('#frame', { type: HEIGHT_MESSAGE, height: 812.4 });
      await eventually(async () => (await height('#frame')) === 813, { message: 'a height in CSS px, rounded up' });

      // A listener added after embed.js's runs after it for every message: once it has heard
      // all six, embed.js has handled them.
      await page.evaluate(() => {
        window.__heard = 0;
        addEventListener('message', () => {
          window.__heard += 1;
        });
      });
      const junk = [{ type: HEIGHT_MESSAGE, height: 'tall' }, { type: 'other', height: 400 }, 'text', null];
      for (const message of junk) {
        await sendFrom('#frame', message);
      }
      // The host page itself and a frame without data-revenue-model are not the widget.
      await page.evaluate((type) => window.postMessage({ type, height: 450 }, '*'), HEIGHT_MESSAGE);
      await sendFrom('#other', { type: HEIGHT_MESSAGE, height: 450 });
      await eventually(() => page.evaluate((count) => window.__heard === count, junk.length + 2), {
        message: 'every message heard by the host page',
      });
      assert.equal(await height('#frame'), 813);
      assert.equal(await height('#other'), 300);
      assertClean(session.diagnostics, 'the host page');
    } finally {
      await session.close();
    }
  });
});

describe('the <revenue-model> custom element', () => {
  const post = BASE_PATH.replace(/widget\/$/, 'two-widgets/');
  const suite = serverAndBrowser({
    pages: {
      [post]: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Two models on one page</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${post}hostile.css">
    <script type="module" src="${BASE_PATH}revenue-model.js"></script>
  </head>
  <body>
    <h1>Two models</h1>
    <revenue-model id="first" preset="article" theme="light"></revenue-model>
    <p>Between the two.</p>
    <revenue-model id="second" preset="diversified" theme="dark"></revenue-model>
  </body>
</html>`,
      [`${post}hostile.css`]: {
        type: 'text/css; charset=utf-8',
        body: '* { all: unset !important; }\nbody * { color: magenta !important; background: yellow !important; }\ntable { display: none !important }\n',
      },
    },
  });

  test('two elements render independently inside their shadow roots, untouched by the host styles', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server, { url: `${suite.server.origin}${post}` });
    try {
      const { page } = session;
      const first = page.locator('#first');
      const second = page.locator('#second');
      for (const element of [first, second]) {
        assert.equal(await element.evaluate((el) => el.shadowRoot?.mode), 'open');
        await element.getByRole('spinbutton', { name: /TikTok.*monthly spend/i }).waitFor();
      }
      const firstTable = first.getByRole('table', { name: /article/i });
      const secondTable = second.getByRole('table', { name: /article/i });
      await firstTable.waitFor({ state: 'visible' });
      await secondTable.waitFor({ state: 'visible' });
      await expectText(firstTable, BASELINE);

      // The host's `* { all: unset }`, magenta and yellow stop at the shadow roots.
      const looks = await first.locator('.rm-widget').evaluate((widget) => {
        const cell = widget.querySelector('table td');
        const style = getComputedStyle(cell);
        return { color: style.color, background: getComputedStyle(widget).backgroundColor, display: getComputedStyle(widget).display };
      });
      assert.notEqual(looks.color, 'rgb(255, 0, 255)', 'table text is not the host magenta');
      assert.notEqual(looks.background, 'rgb(255, 255, 0)', 'the widget background is not the host yellow');
      assert.equal(looks.display, 'block', 'the widget stylesheet applies inside the shadow root');

      // Both full results first: a preview replaced by its full result redraws the charts.
      for (const element of [first, second]) {
        await element.locator('.rm-status[data-full="true"]').waitFor({ timeout: 60_000 });
      }
      const firstChart = await settledChart(scoped(page, first));
      const secondChart = await settledChart(scoped(page, second));
      const secondText = await secondTable.textContent();
      // Each element has its own preset and theme.
      assert.equal(await first.locator('.rm-widget').getAttribute('data-theme'), 'light');
      assert.equal(await second.locator('.rm-widget').getAttribute('data-theme'), 'dark');
      assert.equal(await first.getByRole('button', { name: 'The article', exact: true }).getAttribute('aria-pressed'), 'true');
      assert.equal(await second.getByRole('button', { name: 'New clients arrive' }).getAttribute('aria-pressed'), 'true');
      const secondLede = await second.locator('.rm-lede').textContent();
      assert.notEqual(secondLede, await first.locator('.rm-lede').textContent(), 'the presets differ');

      const field = first.getByRole('spinbutton', { name: /TikTok.*monthly spend/i });
      await field.fill('30');
      await field.press('Tab');
      await expectText(firstTable, [/\$30(\.0)?M/, /\$360(\.0)?M/]);
      await eventually(async () => (await chartHash(scoped(page, first))) !== firstChart, {
        message: 'the first chart redrawn',
      });
      await settledChart(scoped(page, second));
      assert.equal(await secondTable.textContent(), secondText, 'the second table did not change');
      assert.equal(await second.locator('.rm-lede').textContent(), secondLede, 'the second summary did not change');
      assert.equal(await chartHash(scoped(page, second)), secondChart, 'the second chart did not change');
      assert.notEqual(
        await second.getByRole('spinbutton', { name: /TikTok.*monthly spend/i }).inputValue(),
        '30',
        'the second spend field kept its value',
      );
      assertClean(session.diagnostics, 'the page with two widgets');
    } finally {
      await session.close();
    }
  });
});
