// The playground's state (web/js/state.js) and its URL hash, without a browser: every field round-trips,
// every bound is enforced at its edge, and bad text becomes a notice, never a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROPS, defaultState, parseHash, serializeHash, parseField, mergeState, engineConfig, FIXED_ENGINE_FIELDS,
} from '../../web/js/state.js';

const numeric = PROPS.filter((prop) => prop.type === 'int' || prop.type === 'number');

test('the default state round-trips through the hash with no notice', () => {
  const { state, notices } = parseHash(serializeHash(defaultState()));
  assert.deepEqual(notices, []);
  assert.deepEqual(state, defaultState());
});

test('a state with every field moved off its default round-trips exactly', () => {
  const moved = defaultState();
  for (const prop of PROPS) {
    if (prop.type === 'bool') moved[prop.name] = !prop.default;
    else if (prop.type === 'enum') moved[prop.name] = prop.choices.find((choice) => choice !== prop.default);
    else if (prop.type === 'points') moved[prop.name] = [{ x: -1.25, y: 2.5, label: 0 }, { x: 3, y: -0.5, label: 1 }];
    else moved[prop.name] = prop.maxOpen ? prop.max - (prop.max - prop.min) / 1024 : prop.max;
  }
  // Drawn points (on the hash's 0.01 grid) travel only with dataset = custom, which bce allows.
  moved.dataset = 'custom';
  const { state, notices } = parseHash(serializeHash(moved, { lang: 'en', widget: 'playground' }));
  assert.deepEqual(notices, []);
  assert.deepEqual(state, moved);
});

test('every numeric field takes its closed bounds and refuses its open ones and one step beyond', () => {
  for (const prop of numeric) {
    const accepts = (value) => 'value' in parseField(prop, String(value));
    assert.equal(accepts(prop.min), !prop.minOpen, `${prop.name} at its minimum ${prop.min}`);
    assert.equal(accepts(prop.max), !prop.maxOpen, `${prop.name} at its maximum ${prop.max}`);
    // One step past each end: 1 for integers, a relative 1e-6 for numbers.
    const step = (bound) => (prop.type === 'int' ? 1 : Math.max(1, Math.abs(bound)) * 1e-6);
    assert.equal(accepts(prop.max + step(prop.max)), false, `${prop.name} above its maximum`);
    assert.equal(accepts(prop.min - step(prop.min)), false, `${prop.name} below its minimum`);
  }
});

test('integers refuse fractions and exponents; numbers refuse NaN, Infinity and hex', () => {
  const depth = PROPS.find((prop) => prop.name === 'depth');
  const rate = PROPS.find((prop) => prop.name === 'learning_rate');
  for (const text of ['2.5', '1e1', '0x10', ' 3', '']) assert.ok('reason' in parseField(depth, text), `depth "${text}"`);
  for (const text of ['NaN', 'Infinity', '0x1', '1e', '--1', '1,5']) assert.ok('reason' in parseField(rate, text), `rate "${text}"`);
  assert.deepEqual(parseField(rate, '3e-2'), { value: 0.03 });
});

test('a bad hash names each bad field, keeps the good ones and the defaults elsewhere', () => {
  const { state, notices } = parseHash('#depth=9999&width=16&activation=swish&nonsense=1&batch_norm=maybe&lang=en');
  assert.equal(state.width, 16);
  assert.equal(state.depth, defaultState().depth);
  assert.equal(state.activation, defaultState().activation);
  assert.equal(state.batch_norm, false);
  assert.deepEqual(notices.map((notice) => `${notice.key}:${notice.reason}`).sort(),
    ['activation:choice', 'batch_norm:bool', 'depth:range', 'nonsense:unknown']);
});

test('a broken percent-encoding and an over-long hash are notices, not exceptions', () => {
  assert.equal(parseHash('#depth=%E0%A4%A').notices[0].reason, 'encoding');
  const long = parseHash(`#${'x'.repeat(5000)}`);
  assert.ok(long.notices.some((notice) => notice.reason === 'hash_long'));
});

test('digits with the two-class loss is harmonized to softmax, with a notice', () => {
  const { state, notices } = parseHash('#dataset=digits&loss=bce');
  assert.equal(state.loss, 'softmax');
  assert.ok(notices.some((notice) => notice.reason === 'bce_digits'));
});

test('mergeState applies valid values from code and names the rest', () => {
  const { state, notices } = mergeState(defaultState(), { depth: 7, width: 0, optimizer: 'adam', bogus: 1, gain: '2.5' });
  assert.equal(state.depth, 7);
  assert.equal(state.optimizer, 'adam');
  assert.equal(state.gain, 2.5);
  assert.equal(state.width, defaultState().width);
  assert.deepEqual(notices.map((notice) => notice.key).sort(), ['bogus', 'width']);
});

test('the engine config holds the engine fields and the fixed telemetry fields, no UI field', () => {
  const config = engineConfig(defaultState());
  // Drawn points go to the engine only with dataset = custom, as (x, y, class) numbers.
  for (const prop of PROPS) assert.equal(prop.name in config, prop.engine && prop.type !== 'points', prop.name);
  for (const [name, value] of Object.entries(FIXED_ENGINE_FIELDS)) assert.equal(config[name], value);
  const drawn = engineConfig({ ...defaultState(), dataset: 'custom', points: [{ x: 1, y: -2, label: 1 }] });
  assert.deepEqual(Array.from(drawn.points), [1, -2, 1]);
});
