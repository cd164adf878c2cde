// Shared by the browser benchmarks: the tests' static file server on 127.0.0.1, headless Chromium,
// medians and percentiles, and the markdown and JSON output.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(ROOT, 'bench-results');

/** The same Chromium arguments as the end-to-end tests. */
export { CHROMIUM_ARGS } from '../tests/e2e/support.mjs';
import { CHROMIUM_ARGS } from '../tests/e2e/support.mjs';
import { serveStatic } from '../tests/e2e/server.mjs';


/**
 * Serves folders on 127.0.0.1 at a free port, with the end-to-end tests' server
 * (tests/e2e/server.mjs). `mounts` maps URL prefixes ending in "/" to folders; `headers`
 * are added to every response. With `gzip`, text and wasm go out gzip -9 compressed to a
 * client that accepts it, as a static host sends them. Returns { origin, served, close }.
 */
export function startServer(mounts, headers = {}, { gzip = false } = {}) {
  return serveStatic(mounts, { headers, gzip });
}

/** The built widget's folder ($DIST_DIR, or dist/); exits with a message when it is not built. */
export async function builtDist() {
  const dist = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
  try {
    await stat(path.join(dist, 'index.html'));
  } catch {
    console.error(`${dist}/index.html is missing: build it first (cargo xtask dist, or cargo xtask bench)`);
    process.exit(1);
  }
  return dist;
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
