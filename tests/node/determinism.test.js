// The same config and seed give bit-identical runs in WASM (two trainers, and reset()).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TELEMETRY_HISTOGRAMS, TELEMETRY_PER_LAYER, configuredTrainer, loadEngine } from './engine-module.js';

const CONFIG = { depth: 8, width: 24, batch_size: 32, activation: 'tanh', optimizer: 'adam',
                 learning_rate: 0.01, dataset: 'spiral', seed: 42, batch_norm: true };
const STEPS = 25;

// Every number a run reports, as raw bytes (so -0 vs 0 and NaN payloads count as differences).
function fingerprint(trainer) {
  const arrays = [...TELEMETRY_PER_LAYER, ...TELEMETRY_HISTOGRAMS].map((name) => trainer.telemetry(name).slice());
  arrays.push(trainer.predict_grid(16, -6, 6, -6, 6).slice());
  const stats = trainer.stats();
  arrays.push(new Float64Array([stats.loss, stats.train_accuracy, stats.test_accuracy, stats.test_loss]));
  return Buffer.concat(arrays.map((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)));
}

for (const variant of ['simd', 'nosimd']) {
  test(`${variant}: two runs with the same seed are bit-identical, and so is a reset run`, async () => {
    const engine = await loadEngine(variant);
    const first = configuredTrainer(engine, CONFIG);
    const second = configuredTrainer(engine, CONFIG);
    first.step(STEPS);
    second.step(STEPS);
    const reference = fingerprint(first);
    assert.ok(reference.equals(fingerprint(second)));
    first.reset();
    first.step(STEPS);
    assert.ok(reference.equals(fingerprint(first)));

    const otherSeed = configuredTrainer(engine, { ...CONFIG, seed: 43 });
    otherSeed.step(STEPS);
    assert.ok(!reference.equals(fingerprint(otherSeed)), 'a different seed gives a different run');
    for (const trainer of [first, second, otherSeed]) trainer.delete();
  });
}
