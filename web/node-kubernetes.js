// Node entry of certgate/kubernetes: loads the WebAssembly synchronously
// from beside this file, so every function is ready on import.
import { readFileSync } from 'node:fs';
import { initSync } from './pkg/kubernetes.js';

initSync({ module: readFileSync(new URL('./pkg/kubernetes_bg.wasm', import.meta.url)) });

export * from './pkg/kubernetes.js';

/** Already initialised in Node; kept so code written for browsers (`await init()`) runs unchanged. */
export default async function init() {}
