// The network view's binding (issue 12, tool 4) in the WASM module: Trainer.network_view returns typed
// arrays of the documented shapes; its links agree with the telemetry of the same step (the root sum
// of squares of a layer's |dL/dW| is that layer's grad_w_norm, of its |W| the weight_norm), its output
// grid with predict_grid's probability; networks too large to draw are refused with a message.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadEngine } from './engine-module.js';

const CONFIG = { dataset: 'spiral', depth: 3, width: 4, activation: 'tanh', init: 'xavier_normal', batch_size: 32, seed: 5 };
const RES = 24;
const EXTENT = [-1.4, 1.6, -1.5, 1.5];

function rootSumOfSquares(values) {
  return Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
}

describe('Trainer.network_view', () => {
  let engine;
  before(async () => {
    engine = await loadEngine('simd');
  });

  test('shapes, and links that agree with the same step\'s telemetry', () => {
    const trainer = new engine.Trainer();
    try {
      assert.equal(trainer.configure(CONFIG), '');
      trainer.step(7);
      const view = trainer.network_view(RES, ...EXTENT);
      assert.equal(view.error, '');
      assert.deepEqual([view.depth, view.width, view.input_dim, view.output_dim, view.resolution], [3, 4, 2, 1, RES]);
      assert.ok(view.unit_outputs instanceof Float64Array);
      assert.equal(view.unit_outputs.length, 3 * 4 * RES * RES);
      assert.equal(view.output_logits.length, RES * RES);
      assert.ok(view.link_begin instanceof Int32Array);
      assert.deepEqual(Array.from(view.link_begin), [0, 8, 24, 40, 44]);
      assert.equal(view.weight_abs.length, 44);
      assert.equal(view.grad_abs.length, 44);
      const gradNorms = trainer.telemetry('grad_w_norm').slice();
      const weightNorms = trainer.telemetry('weight_norm').slice();
      for (let layer = 0; layer <= 3; layer += 1) {
        const links = [view.link_begin[layer], view.link_begin[layer + 1]];
        const grad = rootSumOfSquares(view.grad_abs.slice(...links));
        const weight = rootSumOfSquares(view.weight_abs.slice(...links));
        assert.ok(grad > 0, `layer ${layer}: a zero gradient proves nothing`);
        assert.ok(Math.abs(grad - gradNorms[layer]) <= 1e-5 * gradNorms[layer], `layer ${layer}: ${grad} vs ${gradNorms[layer]}`);
        assert.ok(Math.abs(weight - weightNorms[layer]) <= 1e-5 * weightNorms[layer], `layer ${layer}: ${weight} vs ${weightNorms[layer]}`);
      }
      // tanh units stay in (-1, 1) and differ over the plane.
      const first = view.unit_outputs.slice(0, RES * RES);
      assert.ok(first.every((value) => value > -1 && value < 1));
      assert.ok(Math.max(...first) - Math.min(...first) > 1e-3);
      const grid = trainer.predict_grid(RES, ...EXTENT).slice();
      for (let point = 0; point < RES * RES; point += 29) {
        const probability = 1 / (1 + Math.exp(-view.output_logits[point]));
        assert.ok(Math.abs(probability - grid[point]) < 1e-6, `point ${point}: ${probability} vs ${grid[point]}`);
      }
    } finally {
      trainer.delete();
    }
  });

  test('a later step changes the view; too large a network or a bad grid is refused', () => {
    const trainer = new engine.Trainer();
    try {
      assert.equal(trainer.configure(CONFIG), '');
      const before = trainer.network_view(RES, ...EXTENT);
      trainer.step(3);
      const after = trainer.network_view(RES, ...EXTENT);
      assert.notDeepEqual(Array.from(after.grad_abs), Array.from(before.grad_abs));
      assert.notDeepEqual(Array.from(after.unit_outputs), Array.from(before.unit_outputs));
      for (const [change, res, pattern] of [
        [{ depth: 9 }, RES, /depth 9/], [{ width: 9 }, RES, /width 9/], [{}, 65, /res = 65/], [{}, 1, /res = 1/],
      ]) {
        assert.equal(trainer.configure({ ...CONFIG, ...change }), '');
        const refused = trainer.network_view(res, ...EXTENT);
        assert.match(refused.error, pattern);
        assert.equal(refused.unit_outputs.length, 0);
        assert.equal(refused.grad_abs.length, 0);
      }
      assert.match(trainer.network_view(RES, Number.NaN, 1, -1, 1).error, /extent/);
    } finally {
      trainer.delete();
    }
  });
});
