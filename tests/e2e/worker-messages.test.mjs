// End-to-end tests of the messages between the widget and its simulation worker: after the
// page's compiled WebAssembly module, every
// request and reply is a plain object of a Float64Array and an array of texts, the numbers'
// buffer transferred (not copied) both ways, never a JSON text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, openPage, serverAndBrowser, TEST_TIMEOUT } from './support.mjs';


/** Records what the page posts to its worker and what arrives from it. */
const RECORD_MESSAGES = () => {
  window.__messages = [];
  const describe = (data, transfer) => ({
    module: data instanceof WebAssembly.Module,
    text: typeof data === 'string',
    numbers: data && data.numbers instanceof Float64Array ? data.numbers.length : null,
    texts: data && Array.isArray(data.texts) ? data.texts.length : null,
    transferred: Array.isArray(transfer) && transfer.some((t) => t instanceof ArrayBuffer),
  });
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (data, transfer) {
    const sent = { way: 'to worker', ...describe(data, transfer) };
    const result = post.call(this, data, transfer);
    // A transferred buffer is detached on the sending side once posted.
    sent.detached = data && data.numbers instanceof Float64Array ? data.numbers.buffer.byteLength === 0 : null;
    window.__messages.push(sent);
    if (!this.__recording) {
      this.__recording = true;
      this.addEventListener('message', (event) => {
        window.__messages.push({ way: 'from worker', ...describe(event.data, null) });
      });
    }
    return result;
  };
};

describe('the worker’s messages', () => {
  const suite = serverAndBrowser();

  test('are numbers in transferred typed arrays and texts, both ways', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(suite.browser, suite.server, { initScript: RECORD_MESSAGES });
    try {
      const { page } = session;
      await page.locator('.rm-status[data-full="true"]').waitFor({ timeout: 40_000 });
      // A new scenario: one more round of requests and replies.
      const slider = page.getByRole('slider', { name: /TikTok.*monthly spend/i });
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await page.locator('.rm-departure-odds[data-stale="false"]').waitFor({ timeout: 40_000 });
      await page.locator('.rm-status[data-full="true"]').waitFor({ timeout: 40_000 });
      const messages = await page.evaluate(() => window.__messages);
      const toWorker = messages.filter((m) => m.way === 'to worker');
      // The first message hands the worker the page's compiled WebAssembly module; every
      // one after it is a request.
      assert.ok(toWorker.length > 0 && toWorker[0].module, `the module first: ${JSON.stringify(toWorker[0])}`);
      assert.ok(toWorker.slice(1).every((m) => !m.module), 'the module is sent once');
      const sent = toWorker.slice(1);
      const received = messages.filter((m) => m.way === 'from worker');
      assert.ok(sent.length >= 2, `requests: ${JSON.stringify(sent)}`);
      assert.ok(received.length >= 2, `replies: ${JSON.stringify(received)}`);
      for (const m of sent) {
        assert.ok(!m.text && m.numbers > 0 && m.texts > 0, `a request of numbers and texts: ${JSON.stringify(m)}`);
        assert.ok(m.transferred && m.detached, `the request's numbers transferred: ${JSON.stringify(m)}`);
      }
      for (const m of received) {
        assert.ok(!m.text && m.numbers >= 1 && m.texts !== null, `a reply of numbers and texts: ${JSON.stringify(m)}`);
      }
      assertClean(session.diagnostics);
    } finally {
      await session.close();
    }
  });
});
