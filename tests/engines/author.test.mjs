// The author page (dist/author.html) in Firefox and in WebKit (Safari's engine) through W3C
// WebDriver: the form and its live preview start with no problem shown, a question typed
// into the form reaches the preview (the reader's page, in its frame) with the
// full Monte Carlo, and the page shows no error.
//
// $ENGINES picks the engines (comma-separated: firefox,webkit; both by default).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, startServer } from '../e2e/support.mjs';
import { describeEngines, WebDriverError } from './webdriver.mjs';

const TEST_TIMEOUT = 180_000;
const QUESTION = 'How much of Acme Cloud\'s revenue is Bolt?';

/** What the author page shows: its problems line, its errors, and whether the preview is there. */
const READ_AUTHOR = `
  const text = (selector) => (document.querySelector(selector)?.textContent ?? '').replace(/\\s+/g, ' ').trim();
  return {
    problems: text('#au-problems'),
    errors: [...document.querySelectorAll('.au-error')].map((e) => e.textContent),
    preview: document.querySelector('iframe.au-preview') !== null,
    question: document.querySelector('#au-question')?.value ?? null,
  };`;

/** What the preview frame shows: the reader's heading and whether the full result is in. */
const READ_PREVIEW = `
  const text = (selector) => (document.querySelector(selector)?.textContent ?? '').replace(/\\s+/g, ' ').trim();
  return {
    question: text('.rm-widget .rm-title'),
    number: text('.rm-answer-number'),
    full: document.querySelector('.rm-status[data-full="true"]') !== null,
  };`;

describe('the author page in every engine', () => {
  let server;

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.close();
  });

  describeEngines(() => `${server.url}author.html`, (_engine, session) => {
    test('starts with the form, the preview and no problem', { timeout: TEST_TIMEOUT }, async () => {
      const state = await eventually(
        async () => {
          const s = await session().execute(READ_AUTHOR);
          return s.preview && /No problems/.test(s.problems) ? s : null;
        },
        { timeout: 60_000, message: 'the form with its preview and no problem' },
      );
      assert.deepEqual(state.errors, []);
    });

    test('a question typed key by key reaches the preview with the full result', { timeout: TEST_TIMEOUT }, async () => {
      const field = await session().find('#au-question');
      await session().command('POST', `/element/${Object.values(field)[0]}/clear`, {});
      await session().command('POST', `/element/${Object.values(field)[0]}/value`, { text: QUESTION });
      const typed = await eventually(
        async () => {
          const s = await session().execute(READ_AUTHOR);
          return s.question === QUESTION && /No problems/.test(s.problems) ? s : null;
        },
        { timeout: 30_000, message: 'the typed question in the form, with no problem' },
      );
      assert.deepEqual(typed.errors, []);
      // The preview's frame may be replaced as the story changes: each read looks for
      // the current one from the top of the page.
      try {
        const shown = await eventually(
          async () => {
            try {
              await session().command('POST', '/frame', { id: null });
              await session().switchToFrame(await session().find('iframe.au-preview'));
              const s = await session().execute(READ_PREVIEW);
              return s.question === QUESTION && s.full ? s : null;
            } catch (error) {
              if (error instanceof WebDriverError) {
                return null;
              }
              throw error;
            }
          },
          { timeout: 60_000, message: 'the preview with the typed question and the full result' },
        );
        assert.match(shown.number, /^\d+(\.\d)?%$/);
      } finally {
        await session().command('POST', '/frame', { id: null });
      }
    });
  }, { width: 1280, timeout: TEST_TIMEOUT });
});
