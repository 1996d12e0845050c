// Draw your own data (issue 12, tool 3): the drawn points as the module takes them (numbers, in a
// plain or typed array) and reads them back, and as the page's state carries them in the URL hash.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadEngine, configuredTrainer } from './engine-module.js';
import {
  encodePoints, decodePoints, pointsAsTriples, pointsFromTriples, gridPoint, MAX_POINTS,
} from '../../web/js/points-codec.js';
import { defaultState, parseHash, serializeHash, engineConfig, mergeState } from '../../web/js/state.js';

// count points on a 0.01 grid spread over the view square, classes alternating.
function drawnPoints(count) {
  return Array.from({ length: count }, (_, i) => gridPoint(-5.99 + ((i * 7.31) % 11.98), 5.5 - ((i * 3.17) % 11), i % 2));
}

const byCoordinates = (a, b) => a.x - b.x || a.y - b.y || a.label - b.label;

describe('the module trains on the drawn points', () => {
  let engine;
  before(async () => {
    engine = await loadEngine('simd');
  });

  test('train and test inputs are exactly the points, and config() gives them back as numbers', () => {
    const points = drawnPoints(30);
    for (const triples of [pointsAsTriples(points), Float64Array.from(pointsAsTriples(points))]) {
      const trainer = configuredTrainer(engine, { dataset: 'custom', points: triples, depth: 3, width: 8, seed: 5 });
      try {
        const config = trainer.config();
        assert.equal(config.dataset, 'custom');
        assert.ok(config.points instanceof Float64Array);
        assert.deepEqual(Array.from(config.points), pointsAsTriples(points));
        // 30 points, test_fraction 0.2: 24 train, 6 test, together the drawn set (in float).
        assert.equal(trainer.train_labels().length, 24);
        assert.equal(trainer.test_labels().length, 6);
        const seen = [];
        for (const [inputs, labels] of [[trainer.train_inputs(), trainer.train_labels()], [trainer.test_inputs(), trainer.test_labels()]]) {
          for (let i = 0; i < labels.length; i += 1) seen.push({ x: inputs[2 * i], y: inputs[2 * i + 1], label: labels[i] });
        }
        const expected = points.map((p) => ({ x: Math.fround(p.x), y: Math.fround(p.y), label: p.label }));
        assert.deepEqual(seen.sort(byCoordinates), expected.sort(byCoordinates));
        assert.equal(trainer.step(20), 20);
        assert.ok(Number.isFinite(trainer.stats().loss));
      } finally {
        trainer.delete();
      }
    }
  });

  test('bad points come back as the core validation messages, and leave the run as it was', () => {
    const good = pointsAsTriples(drawnPoints(8));
    assert.equal(engine.validate_config({ dataset: 'custom', points: good }), '');
    assert.equal(engine.validate_config({ dataset: 'custom', points: good.slice(0, 9) }), 'dataset = custom has 3 points: allowed 4..200');
    assert.equal(engine.validate_config({ dataset: 'custom', points: new Float64Array(3 * 201) }), 'dataset = custom has 201 points: allowed 4..200');
    assert.equal(engine.validate_config({ dataset: 'custom', points: new Float64Array(3 * 1e6) }), 'dataset = custom has 1000000 points: allowed 4..200');
    assert.equal(engine.validate_config({ dataset: 'custom', points: [1, 2] }), 'points has 2 numbers: expected (x, y, class) triples');
    assert.match(engine.validate_config({ dataset: 'custom', points: [...good.slice(0, 9), NaN, 1, 0] }), /^points\[3\] = \(nan, 1\) is not finite/);
    assert.match(engine.validate_config({ dataset: 'custom', points: [...good.slice(0, 9), 'x', 1, 0] }), /^points\[3\] = \(nan, 1\) is not finite/);
    assert.match(engine.validate_config({ dataset: 'custom', points: [...good.slice(0, 9), 7, 1, 0] }), /lies outside the view: allowed coordinates in \[-6, 6\]/);
    assert.equal(engine.validate_config({ dataset: 'custom', points: [...good.slice(0, 9), 1, 1, 3] }), 'points[3] has class 3: allowed 0 or 1');
    assert.equal(engine.validate_config({ dataset: 'custom', points: '1,2,0' }), 'points has a value of type string: expected an array of (x, y, class) numbers');
    assert.equal(engine.validate_config({ dataset: 'custom' }), 'dataset = custom has 0 points: allowed 4..200');

    const trainer = configuredTrainer(engine, { dataset: 'custom', points: good, depth: 2, width: 4 });
    try {
      assert.match(trainer.configure({ dataset: 'custom', points: [...good.slice(0, 9), Infinity, 0, 1] }), /not finite/);
      assert.deepEqual(Array.from(trainer.config().points), good);
    } finally {
      trainer.delete();
    }
  });
});

describe('the drawn points in the URL hash', () => {
  test('encode and decode round-trip every grid point, four characters each', () => {
    const points = drawnPoints(MAX_POINTS);
    points.push(gridPoint(-6, -6, 0), gridPoint(6, 6, 1), gridPoint(-0.004, 0.01, 1));
    const text = encodePoints(points.slice(-MAX_POINTS));
    assert.equal(text.length, 4 * MAX_POINTS);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodePoints(text).points, points.slice(-MAX_POINTS));
    assert.deepEqual(pointsFromTriples(Float64Array.from(pointsAsTriples(points))), points);
  });

  test('a state with drawn points round-trips through the hash and is what the engine is sent', () => {
    const points = drawnPoints(37);
    const { state, notices } = mergeState(defaultState(), { dataset: 'custom', points, depth: 4 });
    assert.deepEqual(notices, []);
    const hash = serializeHash(state, { widget: 'playground' });
    assert.ok(hash.includes(`&points=${encodePoints(points)}&`));
    const parsed = parseHash(`#${hash}`);
    assert.deepEqual(parsed.notices, []);
    assert.deepEqual(parsed.state, state);
    assert.deepEqual(engineConfig(parsed.state).points, pointsAsTriples(points));
    // Another data set keeps the points in the state but neither sends nor links them.
    const spiral = { ...state, dataset: 'spiral' };
    assert.equal(engineConfig(spiral).points, undefined);
    assert.ok(!serializeHash(spiral).includes('points='));
  });

  test('points that do not decode, or too many, give a notice and the built-in data set', () => {
    const cases = [
      ['dataset=custom&points=AAA', 'points'],           // not a multiple of four characters
      ['dataset=custom&points=AA*A', 'points'],          // not base64url
      ['dataset=custom&points=____', 'points'],          // x index beyond 1200
      [`dataset=custom&points=${'AAAA'.repeat(201)}`, 'points_many'],
    ];
    for (const [hash, reason] of cases) {
      const { state, notices } = parseHash(hash);
      assert.equal(state.dataset, 'spiral', hash.slice(0, 40));
      assert.deepEqual(state.points, []);
      assert.deepEqual(notices.map((notice) => notice.reason), [reason, 'custom_no_points']);
    }
    assert.equal(parseHash(`points=${'AAAA'.repeat(201)}`).notices[0].value, '201');
    // Code that hands over points it should not (off the square, a third class) is refused by name.
    const refused = mergeState(defaultState(), { points: [{ x: 7, y: 0, label: 0 }] });
    assert.equal(refused.notices[0].key, 'points');
    assert.deepEqual(refused.state.points, []);
    assert.equal(mergeState(defaultState(), { points: [{ x: 0, y: 0, label: 2 }] }).notices.length, 1);
  });
});
