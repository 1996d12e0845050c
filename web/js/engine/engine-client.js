// The one JS module that wraps the engine. The main thread never loads WebAssembly: a Web Worker
// (engine-worker.js) owns the module, and this file turns its messages into promises.
//
//   import { getEngine } from './engine/engine-client.js';
//   const engine = await getEngine();            // rejects with a readable Error if the browser lacks
//                                                // WebAssembly or Workers (error.code says which)
//   await engine.call('activation_curve', ['tanh', 0.01, -4, 4, 101]);   // a copy (Float64Array)
//   const run = await engine.createTrainer({ depth: 30, activation: 'relu', init: 'he_normal' });
//   const snapshot = await run.step(10);         // { stats, numLayers, histBins, histRanges, telemetry }
//   const stop = engine.stream([runA, runB], { stepsPerTick: 20, tickMs: 80, untilStep: 1200,
//     fields: ['grad_w_norm'] }, { onTick(snapshots) {}, onEnd(error) {} });  // paced in the worker
//
// If the module aborts (out of memory, a trap) the pending promise rejects with a readable Error and
// the worker is restarted on the next call; a trainer then comes back at step 0 with its last config.
// Multi-run widgets (sweep, A/B) take engines of their own, each with its own worker and module, so
// their runs neither queue behind the playground's requests nor hold them up, and several sweep
// points can train at once on a multi-core machine; the article's playground takes one too, so its
// run has a WASM heap of its own:
//   const helper = await engine.spawn({ name? }); // a new worker (named `name`, default 'vg-engine');
//                                                 // same API; helper.close() ends it
//   const pool = await engine.spawnPool(points);  // min(points, cores - 1, 4) engines, at least 1
//   await helper.warmUp(config, { steps: 50 });   // compiles the code such runs use before one is timed
// `?nosimd=1` in the page URL forces the module built without WASM SIMD; engine.info says which
// build runs: { variant: 'simd' | 'nosimd', simdInUse: Eigen's instruction sets, e.g. 'SSE, SSE2' }.

const defaultUrls = {
  worker: new URL('./engine-worker.js', import.meta.url).href,
  modules: {
    simd: { js: new URL('../../generated/vg_engine.js', import.meta.url).href },
    nosimd: { js: new URL('../../generated/vg_engine_nosimd.js', import.meta.url).href },
  },
  // What the worker paints canvases with (attachCanvas).
  painter: new URL('../charts/cell-strip.js', import.meta.url).href,
};
let engineUrls = defaultUrls;

// For builds that move the files: { worker, modules: { simd, nosimd }, painter } where each module is
// given by URLs { js, wasm? } or by contents { jsSource, wasmBinary } (text and a Uint8Array), and
// painter is the URL of charts/cell-strip.js. The single-file build passes a Blob URL for the worker
// and data: URLs for the rest, since the worker cannot import a Blob URL made by a file:// page.
// Call before getEngine().
export function setEngineUrls(urls) {
  engineUrls = { ...defaultUrls, ...urls };
}

function unsupportedError(code, what) {
  const error = new Error(
    `This page needs ${what}, which this browser does not provide. Please open it in a current browser.`);
  error.code = code;
  return error;
}

// An error that stopped the worker (out of memory, a trap): error.fatal tells it from a refusal.
function fatalError(message) {
  const error = new Error(message);
  error.fatal = true;
  return error;
}

function pageForcesNoSimd() {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('nosimd') === '1';
  } catch {
    return false;
  }
}

// One worker, restarted after a fatal error. `generation` counts the workers started, so a trainer
// can tell that the worker holding it is gone.
class Engine {
  #worker = null;
  #ready = null;  // Promise of the running worker's generation
  #pending = new Map();  // request id -> { resolve, reject }
  #nextRequestId = 1;
  #generation = 0;
  #closed = false;
  #compiled = null;  // { variant, module }: the compiled WebAssembly.Module, lent to spawned engines
  #streams = new Map();  // stream id -> { onTick, end }
  #nextStreamId = 1;
  #nextCanvasId = 1;
  #options;
  info = null;  // { variant: 'simd' | 'nosimd', simdInUse } of the running module

  constructor(options) {
    this.#options = options;
  }

  // Resolves to the running worker's generation, starting a worker if none runs.
  connect() {
    if (this.#closed) return Promise.reject(new Error('This engine was closed'));
    if (!this.#ready) {
      const ready = this.#start();
      this.#ready = ready;
      // A failed start is reported to the caller, then forgotten: the next call tries again.
      ready.catch(() => {
        if (this.#ready === ready) this.#ready = null;
      });
    }
    return this.#ready;
  }

  // Whether the worker of that generation is still the running one.
  isRunning(generation) {
    return this.#worker !== null && generation === this.#generation;
  }

  async #start() {
    const generation = ++this.#generation;
    const early = this.#options.adoptEarlyStart ? takeEarlyStart(this.#options.simd) : null;
    let worker = early?.worker ?? (this.#options.name ? takeIdleWorker(this.#options.name) : null);
    try {
      // A classic worker (it loads the module with import()): Chromium refuses module workers
      // from Blob URLs on file:// pages, which the single-file build needs.
      worker ??= new Worker(engineUrls.worker, { name: this.#options.name ?? 'vg-engine' });
    } catch (error) {
      throw new Error(`The engine could not start: ${error.message}`);
    }
    this.#worker = worker;
    worker.onmessage = (event) => this.#settle(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#stop(`The engine could not start or crashed: ${event.message || 'the worker script failed to load'}`);
    };
    worker.onmessageerror = () => this.#stop('The engine sent a message that could not be read');
    try {
      const { compiled, ...info } = early
        ? await early.initReply.then(({ ok, result, error }) => {
          if (!ok) throw new Error(`The engine could not start: ${error}`);
          return result;
        })
        : await this.#send('init', { simd: this.#options.simd, modules: engineUrls.modules,
          compiled: this.#options.compiled ?? null });
      this.info = info;
      this.#compiled = compiled;
    } catch (error) {
      this.#stop(error.message);
      throw error;
    }
    return generation;
  }

  // Terminates the worker and fails every request still waiting for it; the next call starts anew.
  #stop(reason) {
    if (this.#worker) this.#worker.terminate();
    this.#worker = null;
    this.#ready = null;
    this.info = null;
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of waiting) reject(fatalError(reason));
    for (const { end } of [...this.#streams.values()]) end(fatalError(reason));
  }

  #settle(message) {
    if (message.stream !== undefined) {
      this.#streamMessage(message);
      return;
    }
    const { id, ok, result, error, fatal } = message;
    const request = this.#pending.get(id);
    if (!request) return;
    this.#pending.delete(id);
    if (ok) {
      request.resolve(result);
      return;
    }
    request.reject(fatal ? fatalError(error) : new Error(error));
    if (fatal) this.#stop(error);
  }

  #streamMessage({ stream, snapshots, done, error, fatal }) {
    const listener = this.#streams.get(stream);
    if (!listener) return;  // stopped: a tick the worker had posted before it stopped
    if (error !== undefined) {
      listener.end(fatal ? fatalError(error) : new Error(error));
      if (fatal) this.#stop(error);
      return;
    }
    listener.onTick(snapshots);
    if (done) listener.end(null);
  }

  #send(op, payload, transfer) {
    return new Promise((resolve, reject) => {
      const id = this.#nextRequestId++;
      this.#pending.set(id, { resolve, reject });
      try {
        this.#worker.postMessage({ id, op, ...payload }, transfer);
      } catch (error) {  // e.g. a config holding a function cannot be cloned
        this.#pending.delete(id);
        reject(new Error(`The engine request "${op}" could not be sent: ${error.message}`));
      }
    });
  }

  // Sends one request to the running worker (starting one if needed); `transfer` as postMessage's.
  async request(op, payload = {}, transfer = []) {
    await this.connect();
    return this.#send(op, payload, transfer);
  }

  // Any free function of src/wasm/README.md; the result is a copy.
  call(name, args = []) {
    return this.request('call', { name, args });
  }

  // Runs `rounds` throwaway trainers of this config for 1 + `steps` steps, so that the worker's code for
  // such runs is compiled and warm before a run that is timed by the reader (engine-worker.js).
  warmUp(config, { steps, rounds = 2 }) {
    return this.request('warmUp', { config, steps, rounds });
  }

  // Rejects with the validation message if the config is invalid.
  async createTrainer(config) {
    const trainer = new TrainerHandle(this, config);
    await trainer.open();
    return trainer;
  }

  // Steps `trainers` (this engine's TrainerHandles) side by side in the worker every tickMs, each tick
  // up to the next multiple of stepsPerTick (the first by firstTickSteps at most, if given;
  // engine-worker.js: stream), until each has reached untilStep or diverged: for runs shown
  // at a set pace, this costs the page one message per tick at most. onTick(snapshots) gets { stats,
  // telemetry } per trainer (telemetry: only the arrays named in `fields`); onEnd(error | null) is
  // called once, when the runs have finished, failed or been stopped. Returns stop(), which resolves
  // once the worker has stopped (the ticks it had already sent are delivered first).
  // paint: per trainer, null or { canvasId, field, count } (attachCanvas): the worker paints that
  // canvas with the first `count` values of that telemetry array at each tick. reportEveryMs: onTick
  // is called at most this often (the ticks between paint but are not posted; the last one, and the
  // one a stop() ends on, always arrive).
  stream(trainers, { stepsPerTick, firstTickSteps, tickMs, untilStep, fields, paint = null, reportEveryMs = 0 }, { onTick, onEnd }) {
    const streamId = this.#nextStreamId++;
    let stopped = false;
    let ended = false;
    const end = (error) => {
      if (ended) return;
      ended = true;
      this.#streams.delete(streamId);
      onEnd(error);
    };
    this.#streams.set(streamId, { onTick, end });
    (async () => {
      const trainerIds = await Promise.all(trainers.map((trainer) => trainer.open()));
      if (!stopped && !ended) await this.request('stream', {
        streamId, trainerIds, stepsPerTick, firstTickSteps, tickMs, untilStep, fields, paint, reportEveryMs,
      });
    })().catch(end);
    return async () => {
      if (stopped || ended) return;
      stopped = true;
      await this.request('stopStream', { streamId }).catch(() => {});
      end(null);
    };
  }

  // Hands `canvas` (an OffscreenCanvas from transferControlToOffscreen()) to the worker, which paints
  // it as a strip of cells (charts/cell-strip.js): then its frames cost the page's main thread
  // nothing. Resolves to its id, for paintCanvas() and stream({ paint }). A worker restarted after a
  // fatal error has lost it (paintCanvas and stream then reject: no canvas with that id).
  async attachCanvas(canvas) {
    const canvasId = this.#nextCanvasId++;
    await this.request('attachCanvas', { canvasId, canvas, painter: engineUrls.painter }, [canvas]);
    return canvasId;
  }

  // Resizes an attached canvas ({ width, height, gap } in device pixels) and/or sets its values
  // ({ values }), then the worker paints it.
  paintCanvas(canvasId, { width, height, gap, values } = {}) {
    return this.request('paintCanvas', { canvasId, width, height, gap, values });
  }

  // Releases an attached canvas in the worker.
  detachCanvas(canvasId) {
    return this.request('detachCanvas', { canvasId });
  }

  // Another engine with its own worker (started now), for work that must not share this one's queue
  // or memory. name: the worker's name (what devtools and tests tell the workers apart by).
  // It gets this engine's compiled WebAssembly.Module (no second download or compile; V8 shares the
  // machine code between the workers), else compiles its own.
  // Once this engine has its module, the new worker starts within the call (nothing awaited first), so
  // a caller that goes on with a long task has the worker loading meanwhile.
  async spawn({ name } = {}) {
    if (!this.#compiled) await this.connect().catch(() => {});  // without it the new one compiles its own
    const engine = new Engine({ ...this.#options, name, compiled: this.#compiled, adoptEarlyStart: false });
    await engine.connect();
    return engine;
  }

  // Engines for `tasks` independent runs: one per core the page may use beside its main thread,
  // at most 4 (each holds its own module and memory) and at least 1.
  // Rejects only if none starts.
  async spawnPool(tasks) {
    const cores = globalThis.navigator?.hardwareConcurrency || 2;
    const size = Math.max(1, Math.min(tasks, cores - 1, 4));
    const started = await Promise.allSettled(Array.from({ length: size }, () => this.spawn()));
    const engines = started.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value);
    if (engines.length === 0) throw started[0].reason;
    return engines;
  }

  // Ends the worker; requests still waiting reject, later ones reject at once.
  close() {
    this.#closed = true;
    this.#stop('This engine was closed');
  }
}

// A trainer living in the worker, addressed by id. Its requests run one after another, so a
// re-creation after a worker restart happens once.
class TrainerHandle {
  #engine;
  #config;  // the last config the engine accepted (used to re-create the trainer after a restart)
  #trainerId = null;
  #generation = 0;
  #queue = Promise.resolve();
  #disposed = false;

  constructor(engine, config) {
    this.#engine = engine;
    this.#config = config;
  }

  #enqueue(task) {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => {});
    return result;
  }

  // The trainer's id in the running worker, creating the trainer there if this worker lacks it.
  async #ensureTrainer() {
    if (this.#disposed) throw new Error('This trainer was disposed');
    const generation = await this.#engine.connect();
    if (this.#trainerId === null || generation !== this.#generation) {
      const { trainerId, error } = await this.#engine.request('create', { config: this.#config });
      if (error) throw new Error(error);
      this.#trainerId = trainerId;
      this.#generation = generation;
    }
    return this.#trainerId;
  }

  #trainerRequest(op, payload = {}) {
    return this.#enqueue(async () => {
      const trainerId = await this.#ensureTrainer();
      return this.#engine.request(op, { trainerId, ...payload });
    });
  }

  // Resolves to '' (then the trainer runs the new config from step 0) or the validation message
  // (then the previous run stays).
  configure(config) {
    return this.#enqueue(async () => {
      const trainerId = await this.#ensureTrainer();
      const error = await this.#engine.request('configure', { trainerId, config });
      if (!error) this.#config = config;
      return error;
    });
  }

  // Creates the trainer in the worker (the config's validation message rejects it); resolves to its id.
  open() { return this.#enqueue(() => this.#ensureTrainer()); }
  step(n) { return this.#trainerRequest('step', { n }); }
  reset() { return this.#trainerRequest('reset'); }
  snapshot() { return this.#trainerRequest('snapshot'); }
  // The live run's config read back from the core: what it trains, whatever the page believes.
  config() { return this.#trainerRequest('config'); }
  predictGrid(res, x0, x1, y0, y1) { return this.#trainerRequest('predictGrid', { res, x0, x1, y0, y1 }); }
  data() { return this.#trainerRequest('data'); }
  jacobian(numInputs) { return this.#trainerRequest('jacobian', { numInputs }); }
  // { error, depth, width, output_dim, resolution, unit_outputs, output_logits, link_begin, weight_abs,
  // grad_abs }: see src/wasm/README.md; error is set (and the arrays empty) for networks too large to draw.
  networkView(res, x0, x1, y0, y1) { return this.#trainerRequest('networkView', { res, x0, x1, y0, y1 }); }
  // The mean-field overlay's measurement, read from the run's step-0 telemetry (nothing is built):
  // ask before any step() of a fresh run; past step 0 it resolves to { error }.
  gradientProfileAtInit(sigmaB2) { return this.#trainerRequest('gradientProfileAtInit', { sigmaB2 }); }

  dispose() {
    return this.#enqueue(async () => {
      if (this.#disposed) return;
      this.#disposed = true;
      if (this.#trainerId !== null && this.#engine.isRunning(this.#generation)) {
        await this.#engine.request('dispose', { trainerId: this.#trainerId });
      }
      this.#trainerId = null;
    });
  }
}

// The worker boot.js started while the page was parsed, if it loads the module files this client
// would (the single-file build and setEngineUrls() move them) with the same SIMD choice: taken once;
// one that does not match is ended.
function takeEarlyStart(simd) {
  const early = globalThis.vgEngineEarlyStart;
  if (!early) return null;
  delete globalThis.vgEngineEarlyStart;
  const modulesOf = (modules) => JSON.stringify([modules.simd, modules.nosimd]);
  if (early.simd === simd && modulesOf(early.modules) === modulesOf(engineUrls.modules)
    && engineUrls.worker === defaultUrls.worker) return early;
  early.worker.terminate();
  return null;
}

// The idle worker of that name boot.js started (data-idle-workers), if it runs the worker script
// this client would: taken once. Idle workers are ended once the module files moved (setEngineUrls).
function takeIdleWorker(name) {
  const idle = globalThis.vgEngineIdleWorkers;
  if (!idle) return null;
  if (engineUrls.worker !== defaultUrls.worker) {
    for (const worker of Object.values(idle)) worker.terminate();
    delete globalThis.vgEngineIdleWorkers;
    return null;
  }
  const worker = idle[name] ?? null;
  delete idle[name];
  return worker;
}

let enginePromise = null;

// The page's one engine. Rejects (and tries again on the next call) if the worker cannot start.
export function getEngine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
        throw unsupportedError('no-webassembly', 'WebAssembly');
      }
      if (typeof Worker !== 'function') throw unsupportedError('no-worker', 'Web Workers');
      const engine = new Engine({ simd: pageForcesNoSimd() ? false : undefined, adoptEarlyStart: true });
      await engine.connect();
      return engine;
    })();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}
