// A small W3C WebDriver client over fetch, and the drivers of the engines other than
// Chromium (geckodriver for Firefox, WebKitWebDriver for WebKit under a virtual display).
//
// Every driver runs in its own process group (spawned detached, i.e. setsid) on a free
// loopback port, and is stopped by that group's id, also when the test process exits on a
// failure, so no browser outlives the run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

/** WebDriver's code for the ArrowRight key. */
export const ARROW_RIGHT = '\uE014';

/** How each engine is started and which session it asks for. */
export const ENGINES = {
  firefox: {
    name: 'Firefox',
    driver: () => process.env.GECKODRIVER ?? 'geckodriver',
    command: (driver, port) => [driver, ['--host', '127.0.0.1', '--port', String(port)]],
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless'],
        // Keep Firefox from reaching for the network on its own (updates, telemetry,
        // safe browsing lists, captive portal and connectivity checks).
        prefs: {
          'app.update.enabled': false,
          'browser.safebrowsing.downloads.remote.enabled': false,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          'toolkit.telemetry.enabled': false,
        },
      },
    }),
  },
  webkit: {
    name: 'WebKit',
    driver: () => process.env.WEBKITWEBDRIVER ?? 'WebKitWebDriver',
    // WebKitGTK's MiniBrowser needs a display: a virtual one, large enough for the widest
    // window the tests ask for.
    command: (driver, port) => [
      'xvfb-run',
      ['-a', '-s', '-screen 0 1600x2400x24', driver, `--port=${port}`],
    ],
    capabilities: () => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation', '--enable-write-console-messages-to-stdout=true'],
      },
    }),
  },
};

/** A free TCP port on 127.0.0.1 (free when asked; the driver binds it right after). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Process groups started here and not yet stopped. */
const groups = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

// A failing test may end the process before its cleanup runs: stop every driver still up.
process.once('exit', () => {
  for (const pid of groups) {
    killGroup(pid, 'SIGKILL');
  }
});

/**
 * Starts `command` in its own process group (detached: setsid), keeping the last of its
 * output. Returns { output, exited, stop }: `exited()` is null while it runs (else its exit
 * code, signal or start error); `stop()` ends the whole group, also when the test process
 * exits first.
 */
export function spawnGroup(command, args, { env = process.env, cwd } = {}) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env, cwd });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 400) {
      output.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let status = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? code;
      resolve();
    });
    child.once('error', (error) => {
      status = error.message;
      resolve();
    });
  });
  if (child.pid) {
    groups.add(child.pid);
  }
  const stop = async () => {
    if (!child.pid || !groups.has(child.pid)) {
      return;
    }
    groups.delete(child.pid);
    killGroup(child.pid, 'SIGTERM');
    const stopped = await Promise.race([exit.then(() => true), delay(5_000).then(() => false)]);
    // The group's other members (the browser and its helpers) go too.
    killGroup(child.pid, 'SIGKILL');
    if (!stopped) {
      await exit;
    }
  };
  return { output, exited: () => status, stop };
}

/**
 * Starts `engine`'s driver in its own process group on a free loopback port and waits
 * until it answers /status. Returns { url, stop, output }.
 */
export async function startDriver(engine, { timeout = 30_000 } = {}) {
  const port = await freePort();
  const [command, args] = engine.command(engine.driver(), port);
  const { output, exited, stop } = spawnGroup(command, args);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (exited() !== null) {
      await stop();
      throw new Error(`${command} ${args.join(' ')} exited (${exited()}) before it was ready:\n${output.join('')}`);
    }
    try {
      const response = await fetch(`${url}/status`);
      const body = await response.json();
      if (body?.value?.ready !== false) {
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() >= deadline) {
      await stop();
      throw new Error(`${command} did not answer on ${url} within ${timeout} ms:\n${output.join('')}`);
    }
    await delay(100);
  }
  return { url, stop, output };
}

/** An error a WebDriver endpoint answered with. */
export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path}: HTTP ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.code = value?.error;
  }
}

/** The W3C key of a web element in a response. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** One WebDriver session. */
export class Session {
  constructor(driverUrl, id, capabilities) {
    this.driverUrl = driverUrl;
    this.id = id;
    this.capabilities = capabilities;
  }

  /** Opens a session with `capabilities` (always matched) on the driver at `driverUrl`. */
  static async create(driverUrl, capabilities) {
    const value = await send(driverUrl, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    const session = new Session(driverUrl, value.sessionId, value.capabilities);
    await session.command('POST', '/timeouts', { script: 30_000, pageLoad: 60_000, implicit: 0 });
    return session;
  }

  command(method, path, body) {
    return send(this.driverUrl, method, `/session/${this.id}${path}`, body);
  }

  /** Loads `url` and waits for its load event. */
  navigate(url) {
    return this.command('POST', '/url', { url });
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value. */
  execute(script, args = []) {
    return this.command('POST', '/execute/sync', { script, args });
  }

  /** Like `execute`, for a body that ends by calling `arguments[arguments.length - 1](value)`. */
  executeAsync(script, args = []) {
    return this.command('POST', '/execute/async', { script, args });
  }

  /** The first element matching `selector`, as a reference to pass back to the page. */
  async find(selector) {
    const value = await this.command('POST', '/element', { using: 'css selector', value: selector });
    return { [ELEMENT]: value[ELEMENT] };
  }

  /** Presses and releases each key in `keys` (WebDriver key codes) on the focused element. */
  async pressKeys(keys) {
    const actions = [...keys].flatMap((key) => [
      { type: 'keyDown', value: key },
      { type: 'keyUp', value: key },
    ]);
    await this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.command('DELETE', '/actions');
  }

  /**
   * Sets the outer window size, then corrects it until the viewport is `width` CSS px wide.
   * Returns false when the window cannot get that narrow (a browser's toolbar sets a
   * minimum width).
   */
  async setViewportWidth(width, height) {
    let outer = width;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await this.command('POST', '/window/rect', { width: outer, height });
      const inner = await this.execute('return window.innerWidth;');
      if (inner === width) {
        return true;
      }
      outer += width - inner;
    }
    return false;
  }

  /** Runs the following commands in the frame `element` (an <iframe>). */
  async switchToFrame(element) {
    await this.command('POST', '/frame', { id: element });
  }

  /** Runs the following commands in the parent of the current frame. */
  async switchToParentFrame() {
    await this.command('POST', '/frame/parent', {});
  }

  /** A PNG of `element` as it is on screen. */
  async elementScreenshot(element) {
    return Buffer.from(await this.command('GET', `/element/${element[ELEMENT]}/screenshot`), 'base64');
  }

  /** A PNG of the viewport. */
  async screenshot() {
    return Buffer.from(await this.command('GET', '/screenshot'), 'base64');
  }

  /** Ends the session (and closes its browser). Errors are ignored: the driver is stopped next. */
  async close() {
    try {
      await this.command('DELETE', '');
    } catch {
      // Already gone.
    }
  }
}

async function send(driverUrl, method, path, body) {
  const response = await fetch(`${driverUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError(method, path, response.status, { error: 'invalid response', message: text });
  }
  if (!response.ok || parsed?.value?.error) {
    throw new WebDriverError(method, path, response.status, parsed?.value);
  }
  return parsed.value;
}

/** Whether `engine`'s driver and browser are installed (for a clear message when not). */
export function missingParts(engine) {
  const caps = engine.capabilities();
  const binary = caps['moz:firefoxOptions']?.binary ?? caps['webkitgtk:browserOptions']?.binary;
  return binary && !existsSync(binary) ? [binary] : [];
}

/** The engines to test, from $ENGINES. */
export function selectedEngines() {
  const names = (process.env.ENGINES ?? 'firefox,webkit').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!Object.hasOwn(ENGINES, name)) {
      throw new Error(`unknown engine ${name} in $ENGINES (known: ${Object.keys(ENGINES).join(', ')})`);
    }
  }
  return names;
}

/**
 * Starts `engine`'s driver and a session on it, sized to `width` × `height` CSS px, at
 * `url`. Returns { driver, session, close }; if the session cannot start, the driver is
 * stopped and the error carries the driver's output.
 */
export async function openEngine(engine, url, { width = 1024, height = 900 } = {}) {
  const driver = await startDriver(engine);
  let session;
  try {
    session = await Session.create(driver.url, engine.capabilities());
    await session.setViewportWidth(width, height);
    await session.navigate(url);
  } catch (error) {
    await session?.close().catch(() => {});
    await driver.stop();
    throw new Error(`${engine.name} did not start: ${error.message}\n${driver.output.join('')}`);
  }
  return {
    driver,
    session,
    close: async () => {
      await session.close();
      await driver.stop();
    },
  };
}

/**
 * One `describe` per selected engine, named after it, with a session opened on `address()`
 * before its tests and closed after them (the address is read then, so it may come from a
 * server started in an outer `before`). `body(engine, session, key)` adds the tests;
 * `session()` is the open session and `key` the engine's key in `ENGINES`.
 */
export function describeEngines(address, body, { width, height, timeout = 180_000 } = {}) {
  for (const key of selectedEngines()) {
    const engine = ENGINES[key];
    describe(engine.name, () => {
      let opened;
      before(async () => {
        opened = await openEngine(engine, address(), { width, height });
      }, { timeout });
      after(async () => {
        await opened?.close();
      });
      body(engine, () => opened.session, key);
    });
  }
}
