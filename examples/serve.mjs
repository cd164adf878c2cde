// Serves the demo pages the way a blog would use the widget: dist/ on one local origin
// (with Access-Control-Allow-Origin: *, as the widget's host must send for a sandboxed
// iframe or a cross-site custom element) and these pages on another.
//   cargo xtask dist && node examples/serve.mjs
// The pages name https://widgets.example.com/revenue-model/; here that address is replaced
// by the local dist/ server. Ctrl-C stops.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../tests/e2e/support.mjs';

const PUBLISHED = 'https://widgets.example.com/revenue-model/';
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.DIST_DIR ?? path.join(here, '..', 'dist'));

const widget = await startServer(dist, { headers: { 'Access-Control-Allow-Origin': '*' } });
const pages = {};
for (const name of await readdir(here)) {
  if (name.endsWith('.html')) {
    pages[`/${name}`] = (await readFile(path.join(here, name), 'utf8')).replaceAll(PUBLISHED, widget.url);
  } else if (name.endsWith('.css')) {
    pages[`/${name}`] = { body: await readFile(path.join(here, name)), type: 'text/css; charset=utf-8' };
  } else if (name.endsWith('.js')) {
    pages[`/${name}`] = { body: await readFile(path.join(here, name)), type: 'text/javascript; charset=utf-8' };
  }
}
const host = await startServer(null, { pages });
console.log(`the widget's files: ${widget.url} (the standalone page)`);
for (const name of Object.keys(pages).filter((page) => page.endsWith('.html'))) {
  console.log(`demo:               ${host.origin}${name}`);
}
console.log(`single file:        ${path.join(dist, 'revenue-model-offline.html')} (open it from disk)`);
