// Starts the widget on the standalone page (dist/index.html). `cargo xtask dist` fills in
// the hashed file names and loads this file with an integrity attribute, in place of an
// inline loader, so the page runs under a strict Content-Security-Policy.
import init from './{{GLUE_JS}}';

// The widget's WebAssembly uses reference types, bulk memory, non-trapping float-to-int
// conversions and sign extension (the defaults of Rust's wasm32 target):
// Safari 15.1, Firefox 79 and Chrome 96 or later. No SIMD, threads or module workers. In an
// older browser the page keeps its no-JavaScript version (the article's table and the base
// case's chart, already in #revenue-model-root) and says which browsers run the model.
// No top-level await here, so that this script itself runs in those browsers too.
function keepFallback() {
  const fallback = document.querySelector('#revenue-model-root .rm-fallback');
  if (!fallback || fallback.querySelector('.rm-fallback-browser')) {
    return;
  }
  const note = document.createElement('p');
  note.className = 'rm-fallback-browser';
  note.textContent = 'This browser cannot run the interactive model: it needs Safari 15.1, Firefox 79, Chrome 96 or a later version.';
  fallback.prepend(note);
}

// A story other than the page's own, asked for by the link: `?story=NAME.json` (a file
// in this page's folder) or `#story=…` (the story itself, compressed). It is fetched or
// unpacked here and handed to the widget in a <script type="application/json"> element
// (text only: nothing in it runs); the widget checks it, and tells the reader which
// story it shows instead when it cannot use it.
const STORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}\.json$/;
const MAX_STORY_BYTES = 64 * 1024;
const MAX_LINK_STORY_CHARS = 100 * 1024;

/** The text of `bytes` (UTF-8), or an error when they are over MAX_STORY_BYTES. */
function decodeCapped(bytes) {
  if (bytes.length > MAX_STORY_BYTES) {
    throw new RangeError(`it is longer than ${MAX_STORY_BYTES} bytes`);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Reads at most MAX_STORY_BYTES from `stream`; an error past that. */
async function readCapped(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    length += value.length;
    if (length > MAX_STORY_BYTES) {
      reader.cancel().catch(() => {});
      throw new RangeError(`it is longer than ${MAX_STORY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return decodeCapped(bytes);
}

async function storyFromFile(name) {
  if (!STORY_NAME.test(name)) {
    return { error: 'only a .json file in the widget\'s own folder can be loaded' };
  }
  try {
    const response = await fetch(new URL(`./${name}`, import.meta.url), { credentials: 'same-origin', redirect: 'error' });
    if (!response.ok) {
      return { error: `the server answered ${response.status}` };
    }
    // A file the server says is too long is refused unread. One it says is short enough
    // is read whole (a compressed one can unpack to at most about a thousand times that,
    // and is refused then): reading the body as a stream to its end let Chromium cancel
    // the finished request now and then (net::ERR_ABORTED in the network log). Without a
    // length, the stream is read and cut off past the cap.
    const declared = response.headers.get('content-length');
    if (declared !== null) {
      if (Number(declared) > MAX_STORY_BYTES) {
        response.body?.cancel().catch(() => {});
        throw new RangeError(`it is longer than ${MAX_STORY_BYTES} bytes`);
      }
      return { text: decodeCapped(new Uint8Array(await response.arrayBuffer())) };
    }
    return { text: await readCapped(response.body) };
  } catch (error) {
    return { error: error instanceof RangeError ? error.message : 'it could not be read' };
  }
}

async function storyFromLink(data) {
  if (data.length > MAX_LINK_STORY_CHARS) {
    return { error: 'the story in the link is too long' };
  }
  if (typeof DecompressionStream !== 'function') {
    return { error: 'this browser cannot unpack a story carried in a link' };
  }
  try {
    const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return { text: await readCapped(stream) };
  } catch (error) {
    return { error: error instanceof RangeError ? error.message : 'the story in the link is damaged' };
  }
}

/** Puts the story the link asks for, if any, where the widget reads it. */
async function requestStory() {
  let requested;
  try {
    const hash = location.hash.startsWith('#story=') ? location.hash.slice(7).split('&')[0] : null;
    const name = new URLSearchParams(location.search).get('story');
    if (hash !== null) {
      requested = await storyFromLink(hash);
    } else if (name !== null) {
      requested = { name: name.slice(0, 80), ...(await storyFromFile(name)) };
    }
  } catch {
    requested = { error: 'it could not be read' };
  }
  if (!requested) {
    return;
  }
  const element = document.createElement('script');
  element.type = 'application/json';
  element.id = 'revenue-model-requested-story';
  if (requested.name !== undefined) {
    element.dataset.name = requested.name;
  }
  if (requested.error) {
    element.dataset.error = requested.error;
  } else {
    element.textContent = requested.text;
  }
  document.head.append(element);
}

function start() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    keepFallback();
    return Promise.resolve(false);
  }
  // The module's start function mounts the widget into #revenue-model-root.
  return requestStory().then(() => init({ module_or_path: new URL('./{{GLUE_WASM}}', import.meta.url) })).then(
    () => true,
    (error) => {
      // A module this engine cannot compile: it lacks one of the features above.
      if (error instanceof WebAssembly.CompileError) {
        keepFallback();
        return false;
      }
      throw error;
    },
  );
}

// Offline support, for the top-level page served over http(s) only: not inside an iframe
// (where the host page owns caching, and a sandboxed frame may not even read
// navigator.serviceWorker) and not from file://.
function registerServiceWorker() {
  try {
    if (window.top !== window.self || !/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) {
      return;
    }
    navigator.serviceWorker.register(new URL('./sw.js', import.meta.url), { scope: './' }).catch(() => {});
  } catch {
    // No service worker here: the page still works online.
  }
}

start().then((started) => {
  if (!started) {
    return;
  }
  if (document.readyState === 'complete') {
    registerServiceWorker();
  } else {
    addEventListener('load', registerServiceWorker, { once: true });
  }
});
