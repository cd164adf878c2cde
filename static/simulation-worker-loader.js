// Starts the simulation worker: loads its wasm-bindgen glue, then its WebAssembly.
importScripts("./simulation-worker.js");
wasm_bindgen({ module_or_path: "./simulation-worker_bg.wasm" });
