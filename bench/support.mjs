// Shared by the browser benchmarks: a static file server on 127.0.0.1, headless Chromium,
// medians and percentiles, and the markdown and JSON output.
import { createServer } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(ROOT, 'bench-results');

/** The same Chromium arguments as the end-to-end tests. */
export { CHROMIUM_ARGS } from '../tests/e2e/support.mjs';
import { CHROMIUM_ARGS, MIME_TYPES } from '../tests/e2e/support.mjs';


/** Types a static host compresses (everything the widget serves but its PNG and icon). */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|manifest\+json))/;

/**
 * Serves folders on 127.0.0.1 at a free port. `mounts` maps URL prefixes ending in "/"
 * to folders; `headers` are added to every response. With `gzip`, text and wasm go out
 * gzip -9 compressed to a client that accepts it, as a static host sends them.
 * Returns { origin, close }.
 */
export async function startServer(mounts, headers = {}, { gzip = false } = {}) {
  const entries = Object.entries(mounts).map(([prefix, dir]) => [prefix, path.resolve(dir)]);
  const compressed = new Map();
  const server = createServer(async (request, response) => {
    const send = (status, raw, type) => {
      const encode = gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      let body = raw;
      if (encode) {
        const key = `${request.url} ${raw.length}`;
        if (!compressed.has(key)) compressed.set(key, gzipSync(raw, { level: 9 }));
        body = compressed.get(key);
      }
      response.writeHead(status, {
        'Content-Type': type,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...(encode ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => send(404, Buffer.from('not found\n'), 'text/plain; charset=utf-8');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(405, Buffer.from('method not allowed\n'), 'text/plain; charset=utf-8');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return notFound();
    }
    const mount = entries.find(([prefix]) => pathname.startsWith(prefix));
    if (!mount || pathname.includes('\0')) return notFound();
    const [prefix, dir] = mount;
    let relative = pathname.slice(prefix.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.resolve(dir, relative);
    const inside = path.relative(dir, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return notFound();
    let body;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return send(200, body, MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Headless Chromium from $CHROMIUM (default /usr/bin/chromium). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Fails the run on any console error or uncaught error in `page`. */
export function failOnPageErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.stack ?? error}`));
  return () => {
    if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
  };
}

/** The value at rank round(q·(n − 1)) of the sorted values (nearest rank); null when empty. */
export function quantile(values, q) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round(q * (sorted.length - 1))];
}

export const median = (values) => quantile(values, 0.5);
export const min = (values) => (values.length === 0 ? null : Math.min(...values));
export const max = (values) => (values.length === 0 ? null : Math.max(...values));

/** A number for a table cell, with `digits` decimals; "–" when missing. */
export function fmt(value, digits = 1) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/** A markdown table from a header row and rows of cells. */
export function table(header, rows, align) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = align ?? header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/** Writes `data` as JSON to bench-results/<name> and returns the path. */
export async function writeResults(name, data) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
