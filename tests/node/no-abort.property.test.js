// Property (issue 14): no call sequence made of arguments the module accepts can abort it. Random
// sequences over one long-lived module: up to four trainers alive at once, configure after configure,
// ballast taken with the module's own malloc to press the 256 MiB heap as live runs would (so that
// small runs, quick to build, meet the budget's edge thousands of times), every free function at and just past its range
// limits. A refusal is a message or a RangeError; an abort (the module's onAbort, a
// WebAssembly.RuntimeError) fails the test. Limits whose cost is arithmetic rather than memory
// (chi_grid and critical_line at res 1024: a million and a thousand fixed-point solves, a few KB to
// 16 MB of result) are taken at res 4 and just past the limit instead, so the test runs in seconds.
// VG_PROPERTY_SEED and VG_PROPERTY_SEQUENCES override the seed and the count.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadEngine } from './engine-module.js';

const SEED = Number(process.env.VG_PROPERTY_SEED ?? 20261201);
const SEQUENCES = Number(process.env.VG_PROPERTY_SEQUENCES ?? 5000);
const MAX_TRAINERS = 4;

// xoshiro128** (not the hostile-hash fuzz's generator): 32-bit state words, uniform floats in [0, 1).
function xoshiro128(seed) {
  let s = [seed >>> 0, 0x9e3779b9, 0x243f6a88, 0xb7e15162].map((word, i) => (word ^ Math.imul(seed + i, 0x85ebca6b)) >>> 0);
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const next = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11);
    return result;
  };
  for (let i = 0; i < 16; i++) next();
  return () => next() / 2 ** 32;
}

function generators(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  // Log-uniform integers: limits and small values alike are common.
  const logInt = (lo, hi) => Math.min(hi, Math.floor(Math.exp(Math.log(lo) + random() * Math.log((hi + 1) / lo))));
  const edge = (lo, hi) => pick([lo, hi, lo - 1, hi + 1, int(lo, hi)]);

  const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'maxout', 'elu', 'selu', 'gelu', 'linear'];
  const INITS = ['naive', 'small', 'xavier_uniform', 'xavier_normal', 'he_normal', 'lecun_normal', 'orthogonal'];
  const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
  const DATASETS = ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'digits'];

  // Three families: tiny runs (most sequences: quick to build, pressed against the budget by the
  // ballast); memory-heavy runs whose layers are narrow (batch norm on Maxout's pieces multiplies the
  // stored values, not the arithmetic); and anything in the fields' ranges, up to configs over the
  // validator's own budget, kept to those whose first step is cheap.
  function config() {
    const family = random();
    const dataset = random() < 0.01 ? 'digits' : pick(DATASETS.slice(0, 5));
    const base = {
      dataset,
      loss: dataset === 'digits' || random() < 0.3 ? pick(['softmax', 'mse']) : 'bce',
      activation: pick(ACTIVATIONS),
      init: pick(INITS),
      optimizer: pick(OPTIMIZERS),
      batch_norm: random() < 0.3,
      residual_every: pick([0, 0, 1, 2]),
      maxout_pieces: int(2, 8),
      num_samples: logInt(20, 60),
      test_fraction: pick([0, 0.2, 0.9]),
      telemetry_every: pick([1, 3, 10000]),
      hist_bins: pick([4, 10, 200]),
      seed: int(0, 1e6),
      learning_rate: pick([1e-3, 0.1, 9.99]),
    };
    if (family < 0.9) {
      return { ...base, depth: logInt(1, 4), width: logInt(1, 8), batch_size: logInt(1, 16), num_samples: 20, hist_bins: 4 };
    }
    if (family < 0.96) {
      const maxout = random() < 0.5;
      return {
        ...base, depth: logInt(20, 1000), width: int(1, 4), batch_size: logInt(64, 1024), num_samples: 20,
        activation: maxout ? 'maxout' : base.activation, maxout_pieces: maxout ? 8 : base.maxout_pieces,
        batch_norm: random() < 0.7,
      };
    }
    for (;;) {
      const candidate = { ...base, depth: logInt(1, 1000), width: logInt(1, 256), batch_size: logInt(1, 1024), num_samples: 20 };
      const rows = candidate.width * (candidate.activation === 'maxout' ? candidate.maxout_pieces : 1);
      if (candidate.depth * rows * candidate.width * (candidate.batch_size + 20) < 1e7 ||
          candidate.depth * rows * candidate.batch_size > 6e7) return candidate;  // cheap, or over the validator's budget
    }
  }
  // For the calls that also run the mean-field theory over every layer: tiny or over the budget.
  const theoryConfig = () => {
    const candidate = config();
    return candidate.depth <= 8 || random() < 0.05 ? candidate : { ...candidate, depth: int(1, 8) };
  };
  return { pick, int, logInt, edge, config, theoryConfig, random };
}

test(`no call sequence the validator accepts aborts the module (${SEQUENCES} sequences, seed ${SEED})`, async () => {
  const aborts = [];
  const engine = await loadEngine('simd', { onAbort: (what) => aborts.push(String(what)) });
  const g = generators(xoshiro128(SEED));
  const trainers = [];
  const figures = { sequences: 0, calls: 0, configs: 0, accepted: 0, refusedForMemory: 0, rangeErrors: 0 };
  let log = [];  // the current sequence, reported if it aborts

  const configure = (trainer) => {
    const config = g.config();
    figures.configs++;
    log.push(`configure(${JSON.stringify(config)})`);
    const message = trainer.configure(config);
    if (message === '') figures.accepted++;
    if (/engine's memory/.test(message)) figures.refusedForMemory++;
    return message;
  };
  const aTrainer = () => (trainers.length ? g.pick(trainers) : null);

  // Ballast: blocks taken with the module's own malloc, standing for runs that are alive. Like a run,
  // it leaves at least the budget's 16 MiB reserve free: 17..40 MiB (heap_free_bytes), about what the
  // reserve and a small run need, so that runs meet the budget's edge. No block is larger than
  // heap_largest_block_bytes (what surely fits in one piece), so taking ballast cannot abort by itself;
  // 2 MiB blocks fill the larger free chunks inside the heap.
  const SMALL_BLOCK = 2 * 2 ** 20;
  const ballast = [];  // groups of blocks
  const addBallast = () => {
    const target = Math.floor((17 + g.random() * 23) * 2 ** 20);
    const blocks = [];
    const big = Math.min(engine.heap_largest_block_bytes() - 2 ** 20, engine.heap_free_bytes() - target);
    if (big > SMALL_BLOCK) blocks.push(engine._malloc(big));
    for (let spare = engine.heap_free_bytes() - target; spare > SMALL_BLOCK; spare -= SMALL_BLOCK) {
      if (engine.heap_largest_block_bytes() < 2 * SMALL_BLOCK) break;
      blocks.push(engine._malloc(SMALL_BLOCK));
    }
    log.push(`ballast(${blocks.length} blocks, ${engine.heap_free_bytes()} bytes free)`);
    ballast.push(blocks);
  };
  const dropBallast = () => {
    if (!ballast.length) return;
    log.push('drop ballast');
    for (const block of ballast.splice(g.int(0, ballast.length - 1), 1)[0]) engine._free(block);
  };

  // Each sequence is one call that takes a config, among up to two other calls. Refusals are RangeErrors
  // or messages.
  const withConfig = [
    () => { if (trainers.length < MAX_TRAINERS) { log.push('new Trainer()'); trainers.push(new engine.Trainer()); } configure(g.pick(trainers)); },
    () => { const t = aTrainer(); if (t) { configure(t); configure(t); } else { figures.configs++; engine.validate_config(g.config()); } },  // configure after configure
    () => { const c = g.theoryConfig(); figures.configs++; log.push(`gradient_profile_at_init(${JSON.stringify(c)})`); engine.gradient_profile_at_init(c, g.pick([0, 0.05])); },
    () => { const c = g.theoryConfig(); figures.configs++; log.push('mean_field_for_config'); engine.mean_field_for_config(c, 0); engine.sigma_w2_of(c, 32, 32); engine.gain_for_sigma_w2(c, 2, 32, 32); },
  ];
  const operations = [
    addBallast,
    dropBallast,
    () => { const t = aTrainer(); if (t) { const n = g.pick([0, 1, 2, 3, 2 ** 32 + 3, 1e10, -1, 0.5, NaN]); log.push(`step(${n})`); t.step(n); } },
    () => { const t = aTrainer(); if (t) { log.push('reset()'); t.reset(); t.stats(); t.telemetry('grad_hist'); } },
    () => { const t = aTrainer(); if (t) { const res = g.pick([0, 1, 64, 1025, 2 ** 31 - 1]); log.push(`predict_grid(${res})`); t.predict_grid(res, -2, 2, -2, 2); } },
    () => { const t = aTrainer(); if (t) { const k = g.edge(1, 16); log.push(`jacobian(${k})`); t.jacobian_singular_values(k); } },
    () => { if (trainers.length) { log.push('delete()'); trainers.splice(g.int(0, trainers.length - 1), 1)[0].delete(); } },
    () => { const depth = g.pick([1, 1000, 1001, 0]); const width = g.pick([1, 16, 256, 257]); log.push(`linear_net_probe(${depth}, ${width})`); engine.linear_net_probe(g.pick([0.5, 1, 2]), depth, width); },
    () => { const res = g.pick([1, 64, 1025, 2 ** 31 - 1]); log.push(`surface_grid(${res})`); engine.surface_grid(res, -3, 3, -3, 3); },
    () => { const steps = g.pick([0, 1, 1000, 100001, -1]); log.push(`descent_path(${steps})`); engine.descent_path(g.pick(['sgd', 'adam', 'rmsprop']), 0.1, 1, 1, steps); },
    () => { const n = g.pick([0, 1, 1000, 100001]); log.push(`activation_curve(${n})`); engine.activation_curve(g.pick(['tanh', 'relu', 'gelu']), 0.01, -5, 5, n); },
    () => { const depth = g.edge(1, 1000); log.push(`chain_factors(${depth})`); engine.chain_factors('sigmoid', 0.01, depth, 1, 0, 0.5); },
    () => { const depth = g.pick([0, 1, 10, 1001]); log.push(`mean_field(${depth})`); engine.mean_field(g.pick(['tanh', 'relu', 'selu']), 0.01, 2, 0.05, depth, 1); },
    () => { const res = g.pick([0, 1025]); log.push(`chi_grid(${res})`); engine.chi_grid('tanh', 0.01, 0.5, 4, 0, 0.5, res); },
    () => { const res = g.pick([0, 1025]); log.push(`critical_line(${res})`); engine.critical_line('tanh', 0.01, 0, 0.5, res); },
    () => { const count = g.pick([1, 4]); const length = g.pick([0, 10, 100]); log.push(`spectrum_histogram(${count} x ${length})`); engine.spectrum_histogram(Array.from({ length: count }, () => new Float64Array(length).fill(g.random() + 1e-3))); },
  ];

  const started = performance.now();
  // Every free function at its upper limit, on an empty heap and then with ballast leaving a little
  // over the reserve free (each must compute or refuse, never abort).
  const atLimits = () => {
    for (const call of [
      () => engine.surface_grid(1024, -3, 3, -3, 3),
      () => engine.descent_path('adam', 0.1, 1, 1, 100000),
      () => engine.activation_curve('gelu', 0.01, -5, 5, 100000),
      () => engine.chain_factors('sigmoid', 0.01, 1000, 1, 0, 0.5),
      () => engine.mean_field('tanh', 0.01, 2, 0.05, 1000, 1),
      () => engine.chi_grid('tanh', 0.01, 0.5, 4, 0, 0.5, 4),
      () => engine.critical_line('tanh', 0.01, 0, 0.5, 4),
      () => engine.linear_net_probe(2, 1000, 256),
      () => engine.linear_net_probe(2, 1000, 32),
      () => engine.spectrum_histogram([new Float64Array(100000).fill(2)]),
      () => engine.gradient_profile_at_init({ depth: 1000, width: 1, batch_size: 1024, dataset: 'xor', num_samples: 20 }, 0),
    ]) {
      figures.calls++;
      try {
        call();
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        figures.rangeErrors++;
      }
    }
  };
  log = ['free functions at their limits, empty heap'];
  atLimits();
  log = ['free functions at their limits, with ballast'];
  addBallast();
  atLimits();
  dropBallast();

  let heapHighWater = engine.HEAPU8.length;
  const costs = new Map();  // operation name -> milliseconds, to keep the test fast
  for (let sequence = 0; sequence < SEQUENCES && aborts.length === 0; sequence++) {
    log = [];
    const length = g.int(1, 3);
    const configCall = g.int(0, length - 1);
    try {
      for (let call = 0; call < length; call++) {
        figures.calls++;
        // Runs are built three times as often as the theory calls, which cost more per config.
        const operation = call === configCall ? withConfig[g.pick([0, 0, 0, 1, 1, 1, 2, 3])] : g.pick(operations);
        const begun = performance.now();
        try {
          operation();
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          figures.rangeErrors++;
        } finally {
          const name = (log.at(-1) ?? 'none').replace(/\(.*$/s, '');
          costs.set(name, (costs.get(name) ?? 0) + performance.now() - begun);
        }
      }
    } catch (error) {
      aborts.push(`${error?.constructor?.name}: ${error?.message}`);
    }
    heapHighWater = Math.max(heapHighWater, engine.HEAPU8.length);
    figures.sequences++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`property: ${figures.sequences} sequences, ${figures.calls} calls, ${figures.configs} configs ` +
    `(${figures.accepted} configured, ${figures.refusedForMemory} refused for memory), ${figures.rangeErrors} RangeErrors, ` +
    `aborts ${aborts.length}, WASM heap high-water mark ${(heapHighWater / 2 ** 20).toFixed(1)} MiB of 256, ${seconds.toFixed(1)} s; ` +
    `slowest: ${[...costs].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  assert.deepEqual(aborts, [], `aborted in: ${log.join('; ')}`);
  assert.ok(figures.sequences >= SEQUENCES && figures.configs >= SEQUENCES);
  assert.ok(figures.refusedForMemory > 0 && figures.accepted > 0, 'the sequences reached the memory budget');
  for (const trainer of trainers) trainer.delete();
  for (const blocks of ballast) for (const block of blocks) engine._free(block);
});
