// The Web Worker that owns the WebAssembly module (the page's main thread never loads it).
// It answers requests from engine-client.js: { id, op, ...payload } -> { id, ok, result } or
// { id, ok: false, error, fatal }. Results are copies: telemetry and data views are sliced at once
// (a view into WASM memory dies on the next call that grows memory) and sent as transferables.
// No URL is hard-coded here: the client sends the module's location in 'init'. It runs as a classic
// worker script (no static import or export; the module comes in through import()), so a
// single-file build can start it from a Blob URL and send the module's source text and bytes
// (a Blob URL made by a file:// page cannot be imported here: each side has its own opaque origin).

// A minimal module using one SIMD instruction (as wasm-feature-detect's simd probe): only a browser
// with WASM SIMD validates it.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

// The module's free functions (src/wasm/README.md) that engine.call() may reach; nothing else of
// Module is callable from the page.
const FREE_FUNCTIONS = new Set([
  'config_defaults', 'validate_config', 'config_fields', 'config_schema', 'enum_names', 'simd_in_use',
  'surface_grid', 'surface_loss', 'descent_path', 'activation_curve', 'chain_factors',
  'neuron_graph', 'linear_net_probe', 'mean_field', 'chi_grid', 'sigma_w2_of', 'gain_for_sigma_w2', 'critical_sigma_w2',
  'critical_line', 'mean_field_for_config', 'gradient_profile_at_init', 'profile_band', 'jacobian_spectrum_theory',
  'spectrum_histogram',
  'graph_trace', 'score_prediction',  // classroom tools (issue 12)
]);

// The telemetry arrays a snapshot carries, in the core's order (its one table, read at init).
let telemetryNames = [];

let engineModule = null;
let abortReason = null;  // set by the module's onAbort: every later request fails as fatal
const trainers = new Map();  // trainer id -> Module.Trainer
let nextTrainerId = 1;

function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

// Fetches and compiles the module as its bytes arrive (compileStreaming); from the whole bytes where
// streaming is unavailable or refused (a server sending another Content-Type than application/wasm).
async function compileWasm(url) {
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
    } catch {
      // fall through: fetch again and compile the bytes, which reports an HTTP error plainly
    }
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the engine module could not be loaded (HTTP ${response.status} for ${url})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

// modules: { simd: source, nosimd: source }, each source either URLs { js, wasm? } (wasm defaults to
// the file next to js) or contents { jsSource, wasmBinary } (the Emscripten JS as text, the WASM bytes).
// compiled: { variant, module } that a running worker's init returned: that variant's compiled
// WebAssembly.Module, so a spawned engine neither downloads nor compiles it again. Returns
// { variant, simdInUse, compiled } (compiled: this worker's, or null when built from bytes).
async function init({ simd, modules, compiled = null }) {
  if (engineModule) throw new Error('the engine worker is already initialized');
  const variant = simd !== false && simdSupported() ? 'simd' : 'nosimd';
  const { js, wasm, jsSource, wasmBinary } = modules[variant];
  const moduleUrl = jsSource === undefined
    ? js
    : URL.createObjectURL(new Blob([jsSource], { type: 'text/javascript' }));
  // The .wasm downloads and compiles while the Emscripten JS loads, not after it.
  const wasmUrl = wasmBinary ? null : (wasm ?? js?.replace(/\.js(?=$|[?#])/, '.wasm'));
  const lent = compiled?.variant === variant && compiled.module instanceof WebAssembly.Module ? compiled.module : null;
  const compiling = lent ? Promise.resolve(lent) : wasmUrl ? compileWasm(wasmUrl) : null;
  compiling?.catch(() => {});  // awaited below; no unhandled rejection meanwhile
  const { default: createVgModule } = await import(moduleUrl);
  const moduleOptions = {
    onAbort: (what) => { abortReason = String(what ?? 'abort'); },
    // The module's own diagnostics stay out of the page's console (the client reports errors).
    print: () => {},
    printErr: () => {},
  };
  if (wasmBinary) moduleOptions.wasmBinary = wasmBinary;
  // With a locateFile the module never resolves the .wasm against its own (possibly blob:) URL.
  if (wasm || wasmBinary) moduleOptions.locateFile = (path) => (path.endsWith('.wasm') && wasm ? wasm : path);
  let ownCompiled = null;
  if (compiling) {
    const wasmModule = await compiling;
    let instantiateFailed;
    const failure = new Promise((resolve, reject) => { instantiateFailed = reject; });
    moduleOptions.instantiateWasm = (imports, receiveInstance) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule), instantiateFailed);
      return {};  // Emscripten's signal that the exports arrive through receiveInstance
    };
    engineModule = await Promise.race([createVgModule(moduleOptions), failure]);
    ownCompiled = { variant, module: wasmModule };
  } else {
    engineModule = await createVgModule(moduleOptions);
  }
  telemetryNames = engineModule.telemetry_arrays().map((array) => array.name);
  return { variant, simdInUse: engineModule.simd_in_use(), compiled: ownCompiled };
}

function trainerById(trainerId) {
  const trainer = trainers.get(trainerId);
  if (!trainer) throw new Error(`no trainer with id ${trainerId} (disposed or created before a restart)`);
  return trainer;
}

function snapshotOf(trainer) {
  const telemetry = {};
  for (const name of telemetryNames) telemetry[name] = trainer.telemetry(name).slice();
  return {
    stats: trainer.stats(),
    numLayers: trainer.num_layers(),
    histBins: trainer.hist_bins(),
    histRanges: trainer.hist_ranges(),
    telemetry,
  };
}

// Paced runs (streams), by the page's stream id -> { timer, flush }: the timer of the next tick, and
// flush(), which posts the latest tick if it was held back (reportEveryMs). One entry per stream,
// its timer replaced at each tick.
const streams = new Map();

// Canvases the page handed over (OffscreenCanvas), by the page's id -> { canvas, gap, values }: strips
// of cells painted here (charts/cell-strip.js, imported from the URL the page gives), at each tick of
// a stream that names them, so that the page's main thread draws no frame for them.
const canvases = new Map();
let cellStrip = null;  // the imported charts/cell-strip.js

function canvasById(canvasId) {
  const entry = canvases.get(canvasId);
  if (!entry) throw new Error(`no canvas with id ${canvasId}`);
  return entry;
}

function paintEntry(entry) {
  const { canvas, gap, values } = entry;
  cellStrip.paintCellStrip(canvas.getContext('2d'), canvas.width, canvas.height, values, gap);
}

// One tick of a stream: steps each trainer that has neither diverged nor reached untilStep up to
// the next multiple of stepsPerTick (by at most `first` steps, if given), and returns whether any
// still moves and each trainer's { stats, telemetry } (only `fields`).
// paint: per trainer, null or { canvasId, field, count }: that canvas is painted with the first
// `count` values of that telemetry array.
function streamTick(trainerIds, { stepsPerTick, first = Infinity, untilStep, fields, paint }) {
  let moving = false;
  const snapshots = trainerIds.map((trainerId, index) => {
    const trainer = trainerById(trainerId);
    const stillGoing = (stats) => stats.status !== 'diverged' && stats.step < untilStep;
    let stats = trainer.stats();
    if (stillGoing(stats)) {
      const nextMultiple = (Math.floor(stats.step / stepsPerTick) + 1) * stepsPerTick;
      trainer.step(Math.min(nextMultiple, untilStep, stats.step + first) - stats.step);
      stats = trainer.stats();
    }
    moving ||= stillGoing(stats);
    const target = paint?.[index];
    if (target) {
      const entry = canvasById(target.canvasId);
      entry.values = Array.from(trainer.telemetry(target.field).subarray(0, target.count));
      paintEntry(entry);
    }
    return { stats, telemetry: Object.fromEntries(fields.map((name) => [name, trainer.telemetry(name).slice()])) };
  });
  return { moving, snapshots };
}

const OPERATIONS = {
  init,

  call({ name, args }) {
    if (!FREE_FUNCTIONS.has(name)) throw new Error(`engine.call: unknown function "${name}"`);
    if (!Array.isArray(args)) throw new Error(`engine.call("${name}"): arguments must be an array`);
    return engineModule[name](...args);
  },

  // Returns { trainerId } or { error } (the validation message; nothing is kept then).
  create({ config }) {
    const trainer = new engineModule.Trainer();
    const error = trainer.configure(config);
    if (error) {
      trainer.delete();
      return { error };
    }
    const trainerId = nextTrainerId++;
    trainers.set(trainerId, trainer);
    return { trainerId };
  },

  configure({ trainerId, config }) {
    return trainerById(trainerId).configure(config);
  },

  step({ trainerId, n }) {
    const trainer = trainerById(trainerId);
    trainer.step(n);
    return snapshotOf(trainer);
  },

  reset({ trainerId }) {
    const trainer = trainerById(trainerId);
    trainer.reset();
    return snapshotOf(trainer);
  },

  snapshot({ trainerId }) {
    return snapshotOf(trainerById(trainerId));
  },

  // The config the trainer actually runs, read back from the core (not the one the page sent).
  config({ trainerId }) {
    return trainerById(trainerId).config();
  },

  predictGrid({ trainerId, res, x0, x1, y0, y1 }) {
    return trainerById(trainerId).predict_grid(res, x0, x1, y0, y1).slice();
  },

  data({ trainerId }) {
    const trainer = trainerById(trainerId);
    return {
      trainInputs: trainer.train_inputs().slice(),
      trainLabels: trainer.train_labels().slice(),
      testInputs: trainer.test_inputs().slice(),
      testLabels: trainer.test_labels().slice(),
      inputDim: trainer.input_dim(),
      numClasses: trainer.num_classes(),
    };
  },

  jacobian({ trainerId, numInputs }) {
    return trainerById(trainerId).jacobian_singular_values(numInputs);
  },

  // The network unit by unit for the "see the network" view (typed arrays, transferred).
  networkView({ trainerId, res, x0, x1, y0, y1 }) {
    return trainerById(trainerId).network_view(res, x0, x1, y0, y1);
  },
  gradientProfileAtInit({ trainerId, sigmaB2 }) {
    return trainerById(trainerId).gradient_profile_at_init(sigmaB2);
  },

  // Trains throwaway copies of a run for a few steps and drops them: V8 compiles a module's code on
  // first use and optimizes what runs often, so a fresh worker's first run was 2-3x slower than the
  // same run later. Spawned engines call it before their reader's first run (the sweep's pool).
  warmUp({ config, steps, rounds }) {
    for (let round = 0; round < rounds; round += 1) {
      const trainer = new engineModule.Trainer();
      try {
        const error = trainer.configure(config);
        if (error) throw new Error(error);
        trainer.step(1);
        trainer.step(steps);
        snapshotOf(trainer);
      } finally {
        trainer.delete();
      }
    }
    return null;
  },

  // Steps the trainers every tickMs (the first tick at once), each tick up to the next multiple of
  // stepsPerTick, until each has reached untilStep or diverged, posting a message per tick (or fewer),
  // { stream: streamId, snapshots, done } (snapshots: { stats, telemetry } per trainer, telemetry
  // holding only `fields`), or
  // { stream, error, fatal } if a tick failed; `paint` (see streamTick) paints canvases each tick.
  // Pacing here rather than in the page leaves the page's main thread one message per tick (the
  // live strip: no request, reply per trainer, timer and frame callback each tick). Answers at once;
  // unknown trainers, fields and canvases are refused then. firstTickSteps caps the first tick: a
  // run's first steps in a fresh worker are its slowest (V8 compiles the module's code on first use;
  // the live strip's first tick of 20 steps took 0.17 s, its first few steps a fraction of that), so a
  // small first tick shows the runs moving sooner. reportEveryMs: a tick is posted only if this long
  // has passed since the last one posted (the first and the last tick always are, and stopStream
  // posts the latest one held back first): when the worker paints the canvases, the page only needs
  // the numbers as often as it writes them, and each message costs its main thread a task.
  stream({ streamId, trainerIds, stepsPerTick, firstTickSteps = stepsPerTick, tickMs, untilStep, fields, paint = null,
    reportEveryMs = 0 }) {
    if (streams.has(streamId)) throw new Error(`stream ${streamId} already runs`);
    trainerIds.forEach(trainerById);
    const unknown = [...fields, ...(paint ?? []).filter(Boolean).map((target) => target.field)]
      .filter((name) => !telemetryNames.includes(name));
    if (unknown.length) throw new Error(`unknown telemetry: ${unknown.join(', ')}`);
    (paint ?? []).filter(Boolean).forEach((target) => canvasById(target.canvasId));
    let first = firstTickSteps;
    let heldBack = null;  // the latest tick not posted yet
    let postedAt = -Infinity;
    const running = {
      timer: 0,
      flush() {
        if (!heldBack) return;
        self.postMessage(heldBack, transferablesOf(heldBack.snapshots));
        heldBack = null;
        postedAt = performance.now();
      },
    };
    const tick = () => {
      const startedAt = performance.now();
      try {
        const { moving, snapshots } = streamTick(trainerIds, { stepsPerTick, first, untilStep, fields, paint });
        first = Infinity;
        heldBack = { stream: streamId, snapshots, done: !moving };
        if (!moving || startedAt - postedAt >= reportEveryMs) running.flush();
        if (moving) running.timer = setTimeout(tick, Math.max(0, startedAt + tickMs - performance.now()));
        else streams.delete(streamId);
      } catch (error) {
        streams.delete(streamId);
        self.postMessage({ stream: streamId, error: errorText(error), fatal: isFatal(error) });
      }
    };
    running.timer = setTimeout(tick, 0);
    streams.set(streamId, running);
    return null;
  },

  // Ends a stream before its next tick; the ticks posted already, and the latest one held back,
  // arrive before this answer.
  stopStream({ streamId }) {
    const running = streams.get(streamId);
    if (running) {
      clearTimeout(running.timer);
      running.flush();
    }
    streams.delete(streamId);
    return null;
  },

  // Takes a canvas the page handed over (transferControlToOffscreen()) as a strip of cells, painted
  // by the module at `painter` (charts/cell-strip.js; the page gives its URL, as it does the engine's).
  async attachCanvas({ canvasId, canvas, painter }) {
    if (canvases.has(canvasId)) throw new Error(`canvas ${canvasId} is attached already`);
    cellStrip ??= await import(painter);
    canvases.set(canvasId, { canvas, gap: 0, values: [] });
    return null;
  },

  // Resizes a canvas (width, height and gap in device pixels) and/or sets its values, then paints it.
  paintCanvas({ canvasId, width, height, gap, values }) {
    const entry = canvasById(canvasId);
    if (width !== undefined && (entry.canvas.width !== width || entry.canvas.height !== height)) {
      Object.assign(entry.canvas, { width, height });
    }
    if (gap !== undefined) entry.gap = gap;
    if (values !== undefined) entry.values = Array.from(values);
    paintEntry(entry);
    return null;
  },

  detachCanvas({ canvasId }) {
    canvases.delete(canvasId);
    return null;
  },

  dispose({ trainerId }) {
    const trainer = trainers.get(trainerId);
    if (trainer) {
      trainers.delete(trainerId);
      trainer.delete();
    }
    return null;
  },
};

// The ArrayBuffers of every typed array in a result (each once), to transfer rather than copy.
function transferablesOf(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) {
    found.add(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const member of Object.values(value)) transferablesOf(member, found);
  }
  return [...found];
}

// A module abort (out of memory, a trap) leaves the module unusable: the client restarts the worker.
function isFatal(error) {
  return abortReason !== null || error instanceof WebAssembly.RuntimeError;
}

function describeFatal(error) {
  const detail = abortReason ?? error?.message ?? String(error);
  const outOfMemory = /OOM|out of memory|Cannot enlarge memory|memory access out of bounds/i.test(detail);
  return outOfMemory
    ? `The engine ran out of memory (${detail}); it restarts on the next action. Lower depth, width or batch size.`
    : `The engine stopped unexpectedly (${detail}); it restarts on the next action.`;
}

// What the page is told of a failed request or tick.
function errorText(error) {
  return isFatal(error) ? describeFatal(error) : error?.message ?? String(error);
}

self.onmessage = async (event) => {
  const { id, op, ...payload } = event.data;
  try {
    if (abortReason !== null) throw new Error(`module aborted: ${abortReason}`);
    const operation = OPERATIONS[op];
    if (!operation) throw new Error(`unknown engine operation "${op}"`);
    if (op !== 'init' && !engineModule) throw new Error('the engine worker is not initialized');
    const result = await operation(payload);
    self.postMessage({ id, ok: true, result }, transferablesOf(result));
  } catch (error) {
    self.postMessage({ id, ok: false, error: errorText(error), fatal: isFatal(error) || op === 'init' });
  }
};
