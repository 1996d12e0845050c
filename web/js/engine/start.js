// Loaded from the page head as an async module: starts the engine worker, and with it the WASM
// download and compile, as soon as this small file arrives, while the rest of the page is still
// being parsed. main.js's getEngine() gets this same engine (a module runs once per page) and
// reports a failure (then tries again), so one here is left to it.
import { getEngine } from './engine-client.js';

getEngine().catch(() => {});
