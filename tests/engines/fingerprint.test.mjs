// The browser tests of tests/browser.rs, among them the Monte Carlo's fingerprint against
// the native one pinned in crates/model/tests/data/, in WebKit: wasm-bindgen-test-runner
// serves its test page (interactive mode) on a free loopback port and WebKit, driven
// over WebDriver, opens it; the runner's own output on the page must end "test result: ok"
// with the fingerprint test passed. (Chromium and Firefox run the same tests through the
// runner's own ChromeDriver and geckodriver support, from `cargo xtask test`.)
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../e2e/support.mjs';
import { ENGINES, Session, freePort, spawnGroup, startDriver } from './webdriver.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The test that compares the fingerprint, by its name in tests/browser.rs. */
const FINGERPRINT_TEST = 'the_monte_carlo_in_webassembly_is_bit_identical_to_native';

/** Compiling the browser tests may take minutes on a cold build. */
const SERVE_TIMEOUT = 15 * 60_000;

const TEST_TIMEOUT = SERVE_TIMEOUT + 5 * 60_000;

/** Engines to run the browser tests in, from $FINGERPRINT_ENGINES (WebKit by default). */
function engines() {
  return (process.env.FINGERPRINT_ENGINES ?? 'webkit').split(',').map((name) => name.trim()).filter(Boolean);
}

describe('tests/browser.rs in other engines', () => {
  let runner;
  let pageUrl;

  before(async () => {
    const port = await freePort();
    runner = spawnGroup(
      process.env.CARGO ?? 'cargo',
      ['test', '--target', 'wasm32-unknown-unknown', '--package', 'revenue-widget', '--test', 'browser'],
      {
        cwd: ROOT,
        env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
      },
    );
    pageUrl = `http://127.0.0.1:${port}/`;
    await eventually(
      async () => {
        if (runner.exited() !== null) {
          throw new Error(`cargo test exited (${runner.exited()}):\n${runner.output.join('')}`);
        }
        try {
          return (await fetch(pageUrl)).ok;
        } catch {
          return false;
        }
      },
      { timeout: SERVE_TIMEOUT, interval: 250, message: `the browser tests served on ${pageUrl}` },
    );
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    await runner?.stop();
  });

  for (const key of engines()) {
    const engine = ENGINES[key];
    test(`pass in ${engine?.name ?? key}, the Monte Carlo bit-identical to native`, { timeout: TEST_TIMEOUT }, async () => {
      assert.ok(engine, `unknown engine ${key}`);
      // One run of the runner's page in a fresh session: its output once it ends (or
      // why it did not: a session that dies, as WebKit's now and then does, is a run
      // that did not pass, not an error that skips the second run), and the console's.
      const runOnce = async () => {
        const driver = await startDriver(engine);
        let session;
        try {
          session = await Session.create(driver.url, engine.capabilities());
          await session.navigate(pageUrl);
          const output = await eventually(
            async () => {
              const text = await session.execute("return document.getElementById('output')?.textContent ?? '';");
              return /test result: /.test(text) ? text : null;
            },
            { timeout: 120_000, interval: 250, message: `the browser tests finished in ${engine.name}` },
          ).catch((error) => error.message);
          const console = await session
            .execute("return document.getElementById('console_output')?.textContent ?? '';")
            .catch((error) => `(no console: ${error.message})`);
          return { output, console };
        } catch (error) {
          return { output: `the run stopped: ${error.message}`, console: '' };
        } finally {
          await session?.close();
          await driver.stop();
        }
      };
      const passed = ({ output }) =>
        /test result: ok\./.test(output) && new RegExp(`${FINGERPRINT_TEST} \\.\\.\\. ok`).test(output);
      // WebKit under Xvfb now and then never draws the first widget's chart on the
      // runner's page (the same build passes in a fresh session): the page is then run a
      // second time, the first run's output printed, and the test fails unless the
      // second run passes.
      const first = await runOnce();
      const last = passed(first) ? first : await runOnce();
      if (last !== first) {
        process.stderr.write(`${engine.name}, first run of the browser tests (run again):\n${first.output}\n${first.console}\n`);
      }
      assert.match(last.output, /test result: ok\./, `${engine.name}:\n${last.output}\n${last.console}`);
      assert.match(last.output, new RegExp(`${FINGERPRINT_TEST} \\.\\.\\. ok`), `${engine.name} ran the fingerprint test:\n${last.output}`);
    });
  }
});
