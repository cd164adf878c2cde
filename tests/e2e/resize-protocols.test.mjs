// End-to-end tests of the resizing protocols hosts already run, without our embed.js: a
// page with AMP's `amp-iframe resizable` behaviour (the `embed-size` message, which
// Datawrapper's, Flourish's and @newswire/frames' resizers also read) and a page with a
// Pym.js parent (string messages naming the child from `?childId=`). Each host's resizer is
// written here from the protocol's documented behaviour, and the frame must come to be as
// tall as the widget inside it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertClean,
  distDir,
  eventually,
  launchBrowser,
  openPage,
  settledChart,
  startServer,
  suiteFixture,
  TEST_TIMEOUT,
} from './support.mjs';

const PYM_ID = 'revenue-graphic';

/** A post with one sandboxed frame of the widget at `src` and `resizer`, its only script. */
const post = (title, src, resizer) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head>
  <body>
    <h1>${title}</h1>
    <iframe id="graphic" src="${src}" sandbox="allow-scripts" title="Revenue model" width="100%" height="300"></iframe>
    <p>The end.</p>
    <script>${resizer}</script>
  </body>
</html>`;

/**
 * AMP's amp-iframe with `resizable`: a message from the frame's own window whose data is
 * an object with sentinel "amp" and type "embed-size" asks for its numeric height.
 */
const AMP_RESIZER = `
  const frame = document.getElementById('graphic');
  addEventListener('message', (event) => {
    const data = event.data;
    if (event.source !== frame.contentWindow || !data || data.sentinel !== 'amp' || data.type !== 'embed-size') {
      return;
    }
    const height = Number(data.height);
    if (Number.isFinite(height) && height > 0) {
      frame.style.height = height + 'px';
    }
  });`;

/**
 * A Pym.js parent: string messages "pym", the child's id, a type and a value, joined by
 * "xPYMx"; for the type "height" it sets the frame's height attribute to the value's
 * whole pixels. The id reaches the child as the childId query parameter of its address.
 */
const PYM_RESIZER = `
  const frame = document.getElementById('graphic');
  const pattern = new RegExp('^' + ['pym', '${PYM_ID}', '(\\\\S+)', '(.*)'].join('xPYMx') + '$');
  addEventListener('message', (event) => {
    if (typeof event.data !== 'string') {
      return;
    }
    const match = event.data.match(pattern);
    if (match && match[1] === 'height') {
      frame.setAttribute('height', parseInt(match[2], 10) + 'px');
    }
  });`;

describe('the widget in a frame sized by the host’s own resizer', () => {
  const suite = suiteFixture(async (use) => {
    // The frames are sandboxed without allow-same-origin: their files are cross-origin requests.
    const widget = await use(startServer(distDir(), { headers: { 'Access-Control-Allow-Origin': '*' } }));
    const pymQuery = new URLSearchParams({
      initialWidth: '700',
      childId: PYM_ID,
      parentTitle: 'A Pym.js post',
      parentUrl: 'http://127.0.0.1/pym/',
    });
    const host = await use(
      startServer(null, {
        pages: {
          '/amp/': post('An AMP-style post', widget.url, AMP_RESIZER),
          '/pym/': post('A Pym.js post', `${widget.url}index.html?${pymQuery}`, PYM_RESIZER),
        },
      }),
    );
    return { widget, host, browser: await use(launchBrowser()) };
  });

  for (const protocol of ['amp', 'pym']) {
    test(`${protocol}: the frame grows to the widget's height and follows it`, { timeout: TEST_TIMEOUT }, async () => {
      const { widget, host, browser } = suite;
      const session = await openPage(browser, widget, { url: `${host.origin}/${protocol}/`, origins: [host.origin] });
      try {
        const { page } = session;
        const iframe = page.locator('#graphic');
        const content = await eventually(() => page.frames().find((f) => f.url().startsWith(widget.url)), {
          message: 'the widget frame',
        });
        await settledChart(content);
        const frameHeight = () => iframe.evaluate((element) => element.clientHeight);
        const widgetHeight = () => content.evaluate(() => document.documentElement.scrollHeight);
        const first = await eventually(
          async () => {
            const height = await frameHeight();
            return height > 600 && Math.abs(height - (await widgetHeight())) <= 2 ? height : null;
          },
          { message: 'the frame as tall as the widget (over 600 px)', describe: () => 'still 300 px or off' },
        );
        // It follows a change: "All assumptions" opened.
        await content.locator('details.rm-all > summary').click();
        await eventually(
          async () => {
            const height = await frameHeight();
            return height > first + 200 && Math.abs(height - (await widgetHeight())) <= 2;
          },
          { message: 'the frame as tall as the widget with every assumption shown' },
        );
        assert.equal(await page.locator('script[src]').count(), 0, 'no script of ours on the host page');
        assertClean(session.diagnostics, `the ${protocol} post and the widget frame`);
      } finally {
        await session.close();
      }
    });
  }
});
