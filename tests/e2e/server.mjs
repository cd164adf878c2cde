// The one static file server of the end-to-end tests, the engines suite, the examples and
// the browser benchmarks: folders served under URL prefixes on 127.0.0.1 at a free port,
// in-memory pages, extra response headers, and a record of every request it answered.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Content types of the files the server sends. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Types a static host compresses (everything the widget serves but its PNG and icon). */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|manifest\+json)|image\/svg)/;

/**
 * Serves on 127.0.0.1 at a free port; everything else is a 404 and only GET and HEAD are
 * answered. `mounts` maps URL prefixes ending in "/" to folders (the first matching prefix
 * wins; a path ending in "/" is its index.html). Options: `headers`, sent with every
 * response (a Content-Security-Policy, Access-Control-Allow-Origin, cross-origin
 * isolation); `pages`, in-memory files by absolute path, before any folder (a string is
 * HTML, or `{ body, type }`); `gzip`, to send text and wasm gzip -9 compressed to a client
 * that accepts it, as a static host does.
 * Returns { origin, served, close }: `served` lists every answer as "STATUS METHOD URL".
 */
export async function serveStatic(mounts = {}, { headers = {}, pages = {}, gzip = false } = {}) {
  const folders = Object.entries(mounts).map(([prefix, dir]) => [prefix, path.resolve(dir)]);
  const served = [];
  const compressed = gzip ? new Map() : null;
  const server = createServer(async (request, response) => {
    const status = await respond(folders, pages, { headers, compressed }, request, response);
    served.push(`${status} ${request.method} ${request.url}`);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function respond(folders, pages, { headers, compressed }, request, response) {
  const send = (status, raw, type = 'text/plain; charset=utf-8') => {
    const encode = compressed !== null && COMPRESSIBLE.test(type)
      && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    let body = raw;
    if (encode) {
      const key = `${request.url} ${raw.length}`;
      if (!compressed.has(key)) compressed.set(key, gzipSync(raw, { level: 9 }));
      body = compressed.get(key);
    }
    response.writeHead(status, {
      ...headers,
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(encode ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return status;
  };
  const notFound = () => send(404, Buffer.from('not found\n'));
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(405, Buffer.from('method not allowed\n'));
  }
  const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (Object.hasOwn(pages, pathname)) {
    const page = pages[pathname];
    return typeof page === 'string'
      ? send(200, Buffer.from(page), MIME_TYPES['.html'])
      : send(200, Buffer.from(page.body), page.type ?? 'application/octet-stream');
  }
  const mount = folders.find(([prefix]) => pathname.startsWith(prefix));
  if (!mount) {
    return notFound();
  }
  const [prefix, dir] = mount;
  let relative;
  try {
    relative = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return send(400, Buffer.from('bad request\n'));
  }
  if (relative === '' || relative.endsWith('/')) {
    relative += 'index.html';
  }
  const file = path.resolve(dir, relative);
  const inside = path.relative(dir, file);
  if (inside.startsWith('..') || path.isAbsolute(inside) || relative.includes('\0')) {
    return notFound();
  }
  let body;
  try {
    body = await readFile(file);
  } catch {
    return notFound();
  }
  return send(200, body, MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
}
