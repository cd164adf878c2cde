// Starts the widget on the standalone page (dist/index.html). `cargo xtask dist` fills in
// the hashed file names and loads this file with an integrity attribute, in place of an
// inline loader, so the page runs under a strict Content-Security-Policy.
import init from './{{GLUE_JS}}';

// The module's start function mounts the widget into #revenue-model-root.
await init({ module_or_path: new URL('./{{GLUE_WASM}}', import.meta.url) });

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

if (document.readyState === 'complete') {
  registerServiceWorker();
} else {
  addEventListener('load', registerServiceWorker, { once: true });
}
