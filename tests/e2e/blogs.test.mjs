// End-to-end tests of the blog snippets in real static-site generators: the Hugo site and the
// Eleventy site of examples/ are built (by Debian's hugo and npm's @11ty/eleventy) with the
// published address pointing at dist/ on a loopback server, and their posts are opened in
// Chromium from another loopback origin, as a reader of the blog would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import Eleventy from '@11ty/eleventy';
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
/** The address the examples name for the published dist/; replaced by the local server's. */
const PUBLISHED = 'https://widgets.example.com/revenue-model/';
/** The post that uses one shortcode with a preset and a theme, in both sites. */
const POST = 'posts/tiktok-and-microsoft/';
/** The post with two shortcodes. */
const TWO = 'posts/two-scenarios/';
/** The frame's height in the snippets, before embed.js sizes it. */
const SNIPPET_HEIGHT = 900;

const run = promisify(execFile);

/** Builds examples/hugo into `out` with its widget address set to `widgetUrl`. */
async function buildHugo(work, widgetUrl) {
  const source = path.join(work, 'hugo-source');
  const out = path.join(work, 'hugo');
  await cp(path.join(EXAMPLES, 'hugo'), source, { recursive: true });
  const config = path.join(source, 'hugo.toml');
  const text = await readFile(config, 'utf8');
  assert.ok(text.includes(PUBLISHED), `examples/hugo/hugo.toml names ${PUBLISHED}`);
  await writeFile(config, text.replaceAll(PUBLISHED, widgetUrl));
  const hugo = process.env.HUGO ?? '/usr/bin/hugo';
  try {
    await run(hugo, ['--source', source, '--destination', out, '--noBuildLock', '--quiet', '--panicOnWarning']);
  } catch (error) {
    throw new Error(`${hugo} failed (cargo xtask tools installs Debian's hugo):\n${error.stderr ?? error.message}`);
  }
  return out;
}

/** Builds examples/eleventy into `out` with its widget address set to `widgetUrl`. */
async function buildEleventy(work, widgetUrl) {
  const out = path.join(work, 'eleventy');
  process.env.REVENUE_MODEL_URL = widgetUrl;
  try {
    const site = new Eleventy(path.join(EXAMPLES, 'eleventy'), out, {
      configPath: path.join(EXAMPLES, 'eleventy', 'eleventy.config.js'),
      quietMode: true,
    });
    await site.write();
  } finally {
    delete process.env.REVENUE_MODEL_URL;
  }
  return out;
}

/** Every index.html under `dir`, as in-memory pages under `prefix` (`/hugo/posts/x/`). */
async function pagesOf(dir, prefix) {
  const pages = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name === 'index.html') {
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      const relative = path.relative(dir, path.dirname(file)).split(path.sep).join('/');
      pages[`${prefix}${relative}/`] = await readFile(file, 'utf8');
    }
  }
  return pages;
}

describe('the snippets in a real Hugo and Eleventy blog', () => {
  const suite = suiteFixture(async (use) => {
    const work = await mkdtemp(path.join(tmpdir(), 'revenue-model-blogs-'));
    await use({ close: () => rm(work, { recursive: true, force: true }) });
    // The frames are sandboxed without allow-same-origin: their files are cross-origin requests.
    const widget = await use(startServer(distDir(), { headers: { 'Access-Control-Allow-Origin': '*' } }));
    const [hugo, eleventy] = await Promise.all([buildHugo(work, widget.url), buildEleventy(work, widget.url)]);
    const pages = { ...(await pagesOf(hugo, '/hugo/')), ...(await pagesOf(eleventy, '/eleventy/')) };
    const host = await use(startServer(null, { pages }));
    const browser = await use(launchBrowser());

    /** The pressed preset button's text on the standalone page opened with ?preset=bytedance-exit. */
    let bytedancePreset;
    const session = await openPage(browser, widget, { url: `${widget.url}?preset=bytedance-exit` });
    try {
      const pressed = session.page.locator('.rm-preset[aria-pressed="true"]');
      await pressed.waitFor();
      bytedancePreset = (await pressed.textContent()).trim();
      assertClean(session.diagnostics, 'the standalone page with ?preset=bytedance-exit');
    } finally {
      await session.close();
    }
    return { widget, pages, host, browser, bytedancePreset };
  });

  for (const site of ['hugo', 'eleventy']) {
    test(`${site}: the post's shortcode shows the widget, with its preset and theme, in a frame as tall as its content`, { timeout: TEST_TIMEOUT }, async () => {
      const url = `${suite.host.origin}/${site}/${POST}`;
      assert.ok(Object.hasOwn(suite.pages, `/${site}/${POST}`), `${site} built ${POST}: ${Object.keys(suite.pages)}`);
      const session = await openPage(suite.browser, suite.widget, { url, origins: [suite.host.origin] });
      try {
        const { page } = session;
        const iframe = page.locator('iframe[data-revenue-model]');
        assert.equal(await iframe.count(), 1);
        const frame = page.frameLocator('iframe[data-revenue-model]');
        await frame.getByRole('spinbutton', { name: /TikTok.*monthly spend/i }).waitFor();
        await frame.getByRole('table', { name: /article/i }).waitFor();
        const pressed = frame.locator('.rm-preset[aria-pressed="true"]');
        assert.equal((await pressed.textContent()).trim(), suite.bytedancePreset, 'the preset of the shortcode');
        assert.equal(await frame.locator('.rm-widget').getAttribute('data-theme'), 'dark', 'the theme of the shortcode');

        const content = await eventually(() => page.frames().find((f) => f.url().startsWith(suite.widget.url)), {
          message: 'the widget frame',
        });
        await settledChart(content);
        const frameHeight = () => iframe.evaluate((element) => element.clientHeight);
        const contentHeight = () => content.evaluate(() => document.documentElement.scrollHeight);
        await eventually(
          async () => {
            const [outer, inner] = [await frameHeight(), await contentHeight()];
            return outer !== SNIPPET_HEIGHT && Math.abs(outer - inner) <= 2;
          },
          {
            message: `the frame resized from ${SNIPPET_HEIGHT} px to the widget's height`,
            describe: () => 'frame and content heights differ',
          },
        );
        assertClean(session.diagnostics, `the ${site} post and the widget frame`);
      } finally {
        await session.close();
      }
    });

    test(`${site}: two shortcodes in one post give two frames and one resizer script`, async () => {
      const html = suite.pages[`/${site}/${TWO}`];
      assert.ok(html, `${site} built ${TWO}`);
      const frames = [...html.matchAll(/<iframe [^>]*>/g)].map(([tag]) => tag);
      assert.equal(frames.length, 2, frames.join('\n'));
      const scripts = html.match(/<script [^>]*embed\.js[^>]*>/g) ?? [];
      assert.deepEqual(scripts, [`<script src="${suite.widget.url}embed.js" defer>`]);
      const src = (tag) => tag.match(/ src="([^"]*)"/)?.[1].replaceAll('&amp;', '&').replaceAll('&#38;', '&');
      assert.equal(src(frames[0]), `${suite.widget.url}index.html`);
      assert.equal(src(frames[1]), `${suite.widget.url}index.html?preset=diversified`);
      assert.match(frames[0], / height="900"/);
      assert.match(frames[1], / height="1200"/);
      for (const tag of frames) {
        assert.match(tag, / sandbox="allow-scripts allow-downloads"/);
        assert.match(tag, / data-revenue-model/);
      }
    });
  }
});
