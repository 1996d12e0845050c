// The WASM module's JS face (src/wasm/README.md): SIMD in the right build, configure errors as
// messages, typed-array views of the right length, divergence reported instead of a crash.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { TELEMETRY_HISTOGRAMS, TELEMETRY_PER_LAYER, configuredTrainer, loadEngine } from './engine-module.js';

describe('SIMD', () => {
  test('the SIMD build runs Eigen on SSE2 (WASM SIMD underneath)', async () => {
    const engine = await loadEngine('simd');
    assert.match(engine.simd_in_use(), /\bSSE2\b/);
  });
  test('the no-SIMD build runs Eigen without SSE', async () => {
    const engine = await loadEngine('nosimd');
    assert.doesNotMatch(engine.simd_in_use(), /SSE/);
  });
});

describe('module API', () => {
  let engine;
  before(async () => {
    engine = await loadEngine('simd');
  });

  test('invalid configs come back as messages naming the field, and the previous run stays', () => {
    const trainer = configuredTrainer(engine, { depth: 3, width: 8 });
    trainer.step(2);
    const bad = [
      [{ depth: 0 }, 'depth'],
      [{ width: 10000 }, 'width'],
      [{ learning_rate: NaN }, 'learning_rate'],
      [{ learning_rate: -1 }, 'learning_rate'],
      [{ activation: 'swish' }, 'activation'],
      [{ init: 'he_uniform' }, 'init'],
      [{ maxout_pieces: 1, activation: 'maxout' }, 'maxout_pieces'],
      [{ depth: 2.5 }, 'depth'],
      [{ depth: { nested: true } }, 'depth'],
      [{ no_such_field: 1 }, 'no_such_field'],
    ];
    for (const [config, field] of bad) {
      const message = trainer.configure(config);
      assert.ok(message.includes(field), `configure(${JSON.stringify(config)}) -> "${message}" names ${field}`);
      assert.equal(engine.validate_config(config), message);
    }
    assert.equal(trainer.configure(null), engine.validate_config(null));
    assert.notEqual(trainer.configure(null), '');
    assert.equal(trainer.num_layers(), 4);
    assert.equal(trainer.stats().step, 2);
    trainer.delete();
  });

  test('config_defaults round-trips through validate_config and names every field', () => {
    const defaults = engine.config_defaults();
    assert.equal(engine.validate_config(defaults), '');
    assert.deepEqual(Object.keys(defaults), engine.config_fields());
    assert.equal(typeof defaults.depth, 'number');
    assert.equal(typeof defaults.batch_norm, 'boolean');
    assert.ok(engine.enum_names('activation').includes(defaults.activation));
    assert.deepEqual(engine.enum_names('optimizer'), ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    assert.deepEqual(engine.enum_names('no_such_kind'), []);
  });

  test('config values cross as numbers, booleans and enum names; another type is refused in a short message', () => {
    const refusals = [
      [{ depth: '20' }, "depth = '20' is text: expected an integer"],
      [{ learning_rate: '0.1' }, "learning_rate = '0.1' is text: expected a number"],
      [{ batch_norm: 1 }, 'batch_norm = 1 is a number: expected true or false'],
      [{ depth: 2.5 }, 'depth = 2.5 is not an integer'],
      [{ depth: 1e10 }, 'depth = 10000000000 is out of range: allowed 1..1000'],
      [{ seed: -1 }, 'seed = -1 is not an unsigned 64-bit integer'],
      [{ depth: '\u001b[2J' }, "depth = '\\x1b[2J' is text: expected an integer"],
      [{ dataset: 'custom', points: [1, 2, 0, 3, 4, 1] }, 'dataset = custom has 2 points: allowed 4..200'],
    ];
    for (const [config, message] of refusals) assert.equal(engine.validate_config(config), message, JSON.stringify(config));
    assert.match(engine.validate_config({ activation: 3 }), /^activation = 3 is a number: expected a name: allowed sigmoid, tanh, /);
    // Values arrive exactly: no text round trip between JS and the core.
    const trainer = configuredTrainer(engine, { depth: 2, width: 4, seed: 2 ** 40 + 1, learning_rate: 0.1 + 0.2, batch_norm: true });
    const config = trainer.config();
    assert.equal(config.seed, 2 ** 40 + 1);
    assert.equal(config.learning_rate, 0.30000000000000004);
    assert.equal(config.batch_norm, true);
    assert.equal(config.activation, 'sigmoid');
    trainer.delete();
  });

  test('telemetry and data are typed-array views of the documented lengths', () => {
    const trainer = configuredTrainer(engine, { depth: 5, width: 16, hist_bins: 30, dataset: 'moons', seed: 3 });
    trainer.step(3);
    const numLayers = trainer.num_layers();
    assert.equal(numLayers, 6);
    assert.equal(trainer.hist_bins(), 30);
    for (const name of TELEMETRY_PER_LAYER) {
      const view = trainer.telemetry(name);
      assert.ok(view instanceof Float32Array, name);
      assert.equal(view.length, numLayers, name);
      assert.ok(view.every(Number.isFinite), name);
    }
    for (const name of TELEMETRY_HISTOGRAMS) {
      const view = trainer.telemetry(name);
      assert.ok(view instanceof Float32Array, name);
      assert.equal(view.length, numLayers * 30, name);
    }
    assert.equal(trainer.telemetry('no_such_array').length, 0);
    assert.ok(trainer.telemetry('grad_w_norm').slice().some((norm) => norm > 0));

    const inputDim = trainer.input_dim();
    assert.equal(inputDim, 2);
    assert.equal(trainer.num_classes(), 2);
    const trainLabels = trainer.train_labels();
    const testLabels = trainer.test_labels();
    assert.ok(trainLabels instanceof Int32Array && testLabels instanceof Int32Array);
    assert.equal(trainLabels.length + testLabels.length, 400);
    assert.equal(trainer.train_inputs().length, trainLabels.length * inputDim);
    assert.equal(trainer.test_inputs().length, testLabels.length * inputDim);
    assert.ok(trainer.train_inputs() instanceof Float32Array);

    const grid = trainer.predict_grid(24, -6, 6, -6, 6);
    assert.ok(grid instanceof Float32Array);
    assert.equal(grid.length, 24 * 24);
    assert.ok(grid.every((p) => p >= 0 && p <= 1));

    const ranges = trainer.hist_ranges();
    assert.ok(ranges.act_lo < ranges.act_hi && ranges.grad_lo < ranges.grad_hi);
    trainer.delete();
  });

  test('free functions return fresh Float64Array copies', () => {
    const curve = engine.activation_curve('tanh', 0.01, -4, 4, 9);
    assert.ok(curve instanceof Float64Array);
    assert.equal(curve.length, 27);
    assert.equal(curve[3 * 4 + 2], 1);  // tanh'(0) = 1
    // A copy, not a view of the module's memory: it owns its buffer, a second call gives another
    // array, writing into one changes neither the other nor later results, and growing the module's
    // memory (a large run) leaves it readable.
    assert.notEqual(curve.buffer, engine.HEAPF64?.buffer);
    assert.equal(curve.byteOffset, 0);
    assert.equal(curve.buffer.byteLength, 27 * 8);
    const again = engine.activation_curve('tanh', 0.01, -4, 4, 9);
    assert.notEqual(again.buffer, curve.buffer);
    const expected = Array.from(curve);
    again.fill(123);
    assert.deepEqual(Array.from(curve), expected);
    assert.deepEqual(Array.from(engine.activation_curve('tanh', 0.01, -4, 4, 9)), expected);
    const large = configuredTrainer(engine, { depth: 64, width: 256, batch_size: 256 });
    large.delete();
    assert.deepEqual(Array.from(curve), expected);
    assert.equal(engine.activation_curve('swish', 0.01, -4, 4, 9).length, 0);
    const field = engine.mean_field('tanh', 0.01, 1.5, 0.05, 10, 1);
    assert.equal(field.supported, true);
    assert.equal(field.q.length, 10);
    assert.ok(field.chi instanceof Float64Array);
    assert.equal(engine.mean_field('no_such_activation', 0.01, 1, 0, 10, 1).supported, false);
    assert.ok(Number.isFinite(engine.sigma_w2_of({ init: 'he_normal' }, 32, 32)));
    assert.ok(Number.isNaN(engine.sigma_w2_of({ init: 'nope' }, 32, 32)));
  });

  test('the theory functions convert configs, arrays of spectra and bad arguments', () => {
    assert.ok(Math.abs(engine.critical_sigma_w2('relu', 0.01, 0) - 2) < 1e-6);
    assert.ok(Number.isNaN(engine.critical_sigma_w2('maxout', 0.01, 0)));
    assert.ok(Number.isNaN(engine.critical_sigma_w2('nope', 0.01, 0)));
    assert.equal(engine.critical_line('tanh', 0.01, 0, 1, 5).length, 5);
    assert.ok(Math.abs(engine.gain_for_sigma_w2({ init: 'he_normal' }, 2, 32, 32) - 1) < 1e-12);
    assert.ok(Number.isNaN(engine.gain_for_sigma_w2({ init: 'nope' }, 2, 32, 32)));
    const config = { dataset: 'moons', depth: 6, width: 16, activation: 'tanh', init: 'xavier_uniform' };
    const theory = engine.mean_field_for_config(config, 0);
    assert.equal(theory.supported, true);
    assert.equal(theory.grad_profile.length, 6);
    assert.ok(theory.q_input > 0 && theory.sigma_w2_first < theory.sigma_w2);
    assert.equal(engine.mean_field_for_config({ depth: 'deep' }, 0).supported, false);
    const profile = engine.gradient_profile_at_init(config, 0);
    assert.equal(profile.error, '');
    assert.equal(profile.measured.length, 6);
    assert.equal(profile.predicted[5], profile.measured[5]);
    assert.notEqual(engine.gradient_profile_at_init({ ...config, width: 0 }, 0).error, '');
    // A live run gives the same from its step-0 telemetry (no second network), and only at step 0.
    const live = configuredTrainer(engine, config);
    const read = live.gradient_profile_at_init(0);
    assert.equal(read.error, '');
    assert.deepEqual(Array.from(read.measured), Array.from(profile.measured));
    assert.deepEqual(Array.from(read.predicted), Array.from(profile.predicted));
    live.step(1);
    assert.match(live.gradient_profile_at_init(0).error, /step 0/);
    live.reset();
    assert.deepEqual(Array.from(live.gradient_profile_at_init(0).measured), Array.from(profile.measured));
    live.delete();
    // The per-example profile the theory is drawn over; the batch mean's is smaller (examples cancel).
    assert.equal(profile.measured_batch_mean.length, 6);
    for (let l = 0; l < 6; l += 1) assert.ok(profile.measured_batch_mean[l] < profile.measured[l]);
    const band = engine.profile_band(config, 0, 4);
    assert.equal(band.error, '');
    assert.equal(band.low.length, 6);
    assert.ok(Math.abs(band.low[5] - 1) < 1e-12 && Math.abs(band.high[5] - 1) < 1e-12);
    for (let l = 0; l < 6; l += 1) assert.ok(band.low[l] > 0 && band.low[l] <= band.high[l]);
    assert.notEqual(engine.profile_band({ ...config, width: 0 }, 0, 4).error, '');
    const spectrum = engine.jacobian_spectrum_theory({ dataset: 'digits', loss: 'softmax', width: 64, depth: 3,
      activation: 'linear', init: 'orthogonal' }, 4);
    assert.equal(spectrum.supported, true);
    assert.ok(Math.abs(spectrum.mean_sq - 1) < 1e-9 && Math.abs(spectrum.sq_normalized_variance) < 1e-9);
    assert.equal(engine.jacobian_spectrum_theory({ ...config }, 4).supported, false);  // width 16 != 2 inputs
    const histogram = engine.spectrum_histogram([new Float64Array([1, 0.1, 0]), [30]]);
    assert.equal(histogram.spectra.length, 2);
    assert.equal(histogram.spectra[0].zeros, 1);
    assert.equal(histogram.spectra[0].below, 1);
    assert.equal(histogram.bin_edges_log10[0], -1);
    assert.equal(engine.spectrum_histogram('not an array').spectra.length, 0);
  });

  test('W = 1.5 I at depth 500 in float reports divergence and keeps its telemetry readable', () => {
    const trainer = configuredTrainer(engine, {
      depth: 500, width: 2, activation: 'linear', init: 'scaled_identity', identity_scale: 1.5, seed: 1,
    });
    const taken = trainer.step(10);
    const stats = trainer.stats();
    assert.equal(stats.status, 'diverged');
    assert.ok(taken < 10, `steps taken after divergence: ${taken}`);
    assert.ok(stats.diverged_step >= 0);
    assert.ok(stats.diverged_layer >= 0 && stats.diverged_layer < trainer.num_layers());
    assert.match(stats.message, /diverged/);
    assert.equal(trainer.telemetry('grad_w_norm').length, 501);
    assert.equal(trainer.step(5), 0);
    trainer.delete();
  });
});
