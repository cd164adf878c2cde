// Starts the simulation worker: loads its wasm-bindgen glue, then its WebAssembly. If
// either cannot load or compile, or the worker later stops with an error, it tells the
// page (which then computes on its own thread) instead of leaving an uncaught error.
let told = false;
function unavailable(what, error) {
  if (told) {
    return;
  }
  told = true;
  const detail = error && error.message ? error.message : String(error);
  postMessage(JSON.stringify({ Unavailable: { message: `${what}: ${detail}` } }));
}

self.addEventListener('error', (event) => {
  event.preventDefault();
  unavailable('stopped with an error', event.message || event.error);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  unavailable('stopped with an error', event.reason);
});

try {
  importScripts('./simulation-worker.js');
  wasm_bindgen({ module_or_path: './simulation-worker_bg.wasm' }).catch((error) =>
    unavailable('its WebAssembly did not load', error),
  );
} catch (error) {
  unavailable('its script did not load', error);
}
