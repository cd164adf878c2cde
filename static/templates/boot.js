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

function start() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    keepFallback();
    return Promise.resolve(false);
  }
  // The module's start function mounts the widget into #revenue-model-root.
  return init({ module_or_path: new URL('./{{GLUE_WASM}}', import.meta.url) }).then(
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
