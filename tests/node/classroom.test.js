// The classroom tools' bindings (issue 12) in the WASM module: graph_trace returns the per-node
// values and local derivatives, and the product of the factors it reports equals the gradient the
// core's backward pass computed; bad requests come back as messages naming the field.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadEngine } from './engine-module.js';
import { QUESTIONS } from '../../web/js/classroom/predict-questions.js';

// dL/dW[1] rebuilt in the test from the reported factors: dL/dlogits, each W^T, each phi'(z), the input.
function productOfFactors(trace) {
  const n = trace.examples;
  const depth = trace.layers.length - 1;
  const first = trace.layers[0];
  const dW = new Float64Array(first.out * first.in);
  for (let e = 0; e < n; e += 1) {
    let g = Array.from({ length: trace.output_dim }, (_, u) => trace.dlogits[u * n + e]);
    for (let l = depth - 1; l >= 0; l -= 1) {
      const above = trace.layers[l + 1];
      const layer = trace.layers[l];
      g = Array.from({ length: layer.out }, (_, i) => {
        let sum = 0;
        for (let k = 0; k < above.out; k += 1) sum += above.W[k * above.in + i] * g[k];
        return sum * layer.dphi[i * n + e];
      });
    }
    for (let i = 0; i < first.out; i += 1) {
      for (let j = 0; j < first.in; j += 1) dW[i * first.in + j] += g[i] * trace.inputs[j * n + e];
    }
  }
  return dW;
}

describe('graph_trace', () => {
  let engine;
  before(async () => {
    engine = await loadEngine('simd');
  });

  test('the product of the reported factors equals the core backward pass to 1e-6', () => {
    const cases = [
      [{ activation: 'sigmoid', depth: 6, width: 1, dataset: 'xor', seed: 3 }, 1],
      [{ activation: 'tanh', depth: 3, width: 4, dataset: 'spiral', seed: 9 }, 4],
      [{ activation: 'relu', depth: 4, width: 3, init: 'he_normal', dataset: 'moons', seed: 2, bias_init: 0.1 }, 2],
    ];
    for (const [config, examples] of cases) {
      const trace = engine.graph_trace(config, examples);
      assert.equal(trace.error, '', JSON.stringify(config));
      assert.equal(trace.layers.length, config.depth + 1);
      assert.equal(trace.examples, examples);
      assert.equal(trace.layers[0].in, 2);
      assert.equal(trace.layers[0].out, config.width);
      assert.equal(trace.layers[config.depth].out, trace.output_dim);
      const product = productOfFactors(trace);
      const largest = Math.max(...trace.network_dW_first.map(Math.abs));
      assert.ok(largest > 0, 'a zero gradient proves nothing');
      product.forEach((value, k) => {
        assert.ok(Math.abs(value - trace.network_dW_first[k]) <= 1e-6 * largest, `${JSON.stringify(config)} entry ${k}: ${value} vs ${trace.network_dW_first[k]}`);
        assert.ok(Math.abs(trace.layers[0].dW[k] - trace.network_dW_first[k]) <= 1e-12 * largest);
      });
    }
  });

  test('a sigmoid chain multiplies in factors sigma prime <= 1/4 and its forward values are sigmoids', () => {
    const trace = engine.graph_trace({ activation: 'sigmoid', depth: 5, width: 1 }, 1);
    for (const layer of trace.layers.slice(0, -1)) {
      assert.ok(layer.dphi[0] > 0 && layer.dphi[0] <= 0.25, `phi' = ${layer.dphi[0]}`);
      assert.ok(Math.abs(layer.a[0] - 1 / (1 + Math.exp(-layer.z[0]))) < 1e-12);
      assert.ok(Math.abs(layer.dphi[0] - layer.a[0] * (1 - layer.a[0])) < 1e-12);
    }
  });

  test('requests out of range name the field and the allowed range', () => {
    assert.equal(engine.graph_trace({ depth: 7, width: 2 }, 1).error, 'depth = 7 is out of range: allowed 1..6');
    assert.equal(engine.graph_trace({ depth: 2, width: 9 }, 1).error, 'width = 9 is out of range: allowed 1..4');
    assert.equal(engine.graph_trace({ depth: 2, width: 2 }, 5).error, 'examples = 5 is out of range: allowed 1..4');
    assert.match(engine.graph_trace({ depth: 2, width: 2, activation: 'swish' }, 1).error, /activation/);
    assert.match(engine.graph_trace({ depth: 2, width: 2, activation: 'maxout' }, 1).error, /maxout/);
    assert.match(engine.graph_trace(null, 1).error, /config must be an object/);
    assert.equal(engine.graph_trace({ depth: 7 }, 1).layers.length, 0);
  });
});

describe('score_prediction', () => {
  let engine;
  before(async () => {
    engine = await loadEngine('simd');
  });

  test('every ready-made question runs and is scored; a perfect guess scores 0', () => {
    assert.equal(QUESTIONS.length, 5);
    for (const question of QUESTIONS) {
      const { depth } = question.config;
      const flat = engine.score_prediction(question.config, new Array(depth).fill(0));
      assert.equal(flat.error, '', question.id);
      assert.equal(flat.measured.length, depth);
      assert.equal(flat.measured[depth - 1], 0, 'the last hidden layer is the reference');
      const perfect = engine.score_prediction(question.config, Array.from(flat.measured));
      assert.equal(perfect.mean_abs_error, 0, question.id);
    }
  });

  test('sigmoid depth 20 vanishes by many decades; W = 1.5 I keeps every layer level', () => {
    const byId = Object.fromEntries(QUESTIONS.map((question) => [question.id, question]));
    const sigmoid = engine.score_prediction(byId['sigmoid-20'].config, new Array(20).fill(0));
    assert.ok(sigmoid.measured[0] < -6, `first layer at 10^${sigmoid.measured[0]}`);
    assert.equal(sigmoid.worst_layer, 0);
    assert.ok(Math.abs(sigmoid.worst_error + sigmoid.measured[0]) < 1e-12, 'a flat guess misses by the measured decades');
    const identity = engine.score_prediction(byId['identity-1.5'].config, new Array(50).fill(0));
    for (const decades of identity.measured) assert.ok(Math.abs(decades) < 0.01, `${decades}`);
  });

  test('a prediction of the wrong length or out of range is refused with a message', () => {
    const { config } = QUESTIONS[0];
    assert.match(engine.score_prediction(config, [0, 0]).error, /expected 20/);
    assert.match(engine.score_prediction(config, new Array(20).fill(99)).error, /range/);
    assert.match(engine.score_prediction({ ...config, depth: 1 }, [0]).error, /depth = 1/);
  });
});
