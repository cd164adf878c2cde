// End-to-end tests of what a shared link shows: the built page's Open Graph and Twitter card
// tags, its preview image (size and pixels), and the oEmbed response its discovery link names,
// all read from dist/ as served from a sub-path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, openPage, serverAndBrowser, TEST_TIMEOUT } from './support.mjs';


/** The card size Open Graph and Twitter's summary_large_image expect. */
const CARD = { width: 1200, height: 630 };

describe('the link preview and oEmbed discovery of the built page', () => {
  const suite = serverAndBrowser();

  test('the card tags name the preview image, which is 1200 x 630 and drawn', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server);
    try {
      const { page } = session;
      const meta = await page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('meta[property], meta[name]')].map((tag) => [
            tag.getAttribute('property') ?? tag.getAttribute('name'),
            tag.content,
          ]),
        ),
      );
      const title = await page.title();
      assert.equal(meta['og:title'], title);
      assert.equal(meta['twitter:card'], 'summary_large_image');
      assert.equal(meta['og:type'], 'website');
      for (const name of ['og:description', 'og:image:alt', 'twitter:title', 'twitter:description', 'twitter:image']) {
        assert.ok(meta[name]?.trim(), `${name} is set`);
      }
      // The description states the base case's numbers: the article table's values when the page starts.
      await page.locator('.rm-article-table tbody tr').first().waitFor();
      const values = await page.locator('.rm-article-table tbody tr td.rm-num:first-of-type').allTextContents();
      assert.ok(values.length > 0);
      for (const value of values) {
        assert.ok(meta['og:description'].includes(value.trim()), `${value} in og:description: ${meta['og:description']}`);
      }
      assert.equal(Number(meta['og:image:width']), CARD.width);
      assert.equal(Number(meta['og:image:height']), CARD.height);
      assert.equal(meta['og:image:type'], 'image/png');
      // Without --base-url the reference is relative to the page, wherever it is published.
      assert.ok(!/^[a-z]+:/i.test(meta['og:image']), `relative: ${meta['og:image']}`);
      const image = new URL(meta['og:image'], page.url()).href;
      assert.equal(image, `${suite.server.url}preview.png`);
      assert.equal(new URL(meta['twitter:image'], page.url()).href, image);

      const pixels = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(img, 0, 0);
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        const colours = new Set();
        let white = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          if (data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255) {
            white += 1;
          }
        }
        return { width: img.naturalWidth, height: img.naturalHeight, colours: colours.size, white: white / (data.length / 4) };
      }, image);
      assert.deepEqual({ width: pixels.width, height: pixels.height }, CARD);
      // Text, a stacked chart and anti-aliasing: many colours, and not a blank card.
      assert.ok(pixels.colours > 50, `${pixels.colours} colours`);
      assert.ok(pixels.white < 0.9, `${Math.round(pixels.white * 100)}% white`);
      assert.ok(pixels.white > 0.2, `${Math.round(pixels.white * 100)}% white: a light card`);
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });

  test('the discovery link names oembed.json: a rich response with the iframe snippet', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server);
    try {
      const { page } = session;
      const link = page.locator('link[rel="alternate"][type="application/json+oembed"]');
      assert.equal(await link.count(), 1);
      const href = await link.getAttribute('href');
      assert.ok(!/^[a-z]+:/i.test(href), `relative: ${href}`);
      const address = new URL(href, page.url()).href;
      assert.equal(address, `${suite.server.url}oembed.json`);
      const response = await page.evaluate(async (url) => {
        const reply = await fetch(url);
        return { type: reply.headers.get('content-type'), text: await reply.text() };
      }, address);
      assert.match(response.type, /^application\/json/);
      const oembed = JSON.parse(response.text);
      assert.equal(oembed.version, '1.0');
      assert.equal(oembed.type, 'rich');
      assert.equal(oembed.title, await page.title());
      assert.ok(oembed.provider_name?.trim(), 'provider_name');
      for (const field of ['width', 'height', 'thumbnail_width', 'thumbnail_height']) {
        assert.ok(Number.isInteger(oembed[field]) && oembed[field] > 0, `${field}: ${oembed[field]}`);
      }
      assert.deepEqual({ width: oembed.thumbnail_width, height: oembed.thumbnail_height }, CARD);
      // Relative without --base-url, like every other reference in dist/.
      assert.equal(new URL(oembed.thumbnail_url, page.url()).href, `${suite.server.url}preview.png`);

      const snippet = await page.evaluate((html) => {
        const template = document.createElement('template');
        template.innerHTML = html;
        const frame = template.content.querySelector('iframe');
        const script = template.content.querySelector('script');
        return {
          elements: [...template.content.children].map((element) => element.localName),
          src: frame?.getAttribute('src'),
          sandbox: frame?.getAttribute('sandbox'),
          marked: frame?.hasAttribute('data-revenue-model'),
          height: frame?.getAttribute('height'),
          script: script?.getAttribute('src'),
        };
      }, oembed.html);
      assert.deepEqual(snippet.elements, ['iframe', 'script']);
      assert.equal(new URL(snippet.src, page.url()).href, `${suite.server.url}index.html`);
      assert.equal(new URL(snippet.script, page.url()).href, `${suite.server.url}embed.js`);
      assert.equal(snippet.sandbox, 'allow-scripts allow-downloads');
      assert.ok(snippet.marked, 'data-revenue-model, for embed.js');
      assert.equal(Number(snippet.height), oembed.height);
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });
});
