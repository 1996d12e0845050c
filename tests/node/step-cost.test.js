// The playground's steps-per-request sizing (web/js/playground/step-cost.js): fed request times
// that follow fixed + k * perStep, it separates the two parts and sizes k from the per-step part,
// so a large once-per-request cost (telemetry on an 852-layer net) no longer pins k to 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createStepCost } from '../../web/js/playground/step-cost.js';

// Runs `requests` requests against a simulated worker; returns the model and the last k.
function simulate({ fixedMs, perStepMs, targetMs, requests = 40 }) {
  const cost = createStepCost({ maxSteps: 5000 });
  let k = 1;
  for (let i = 0; i < requests; i += 1) {
    k = cost.next(targetMs);
    cost.record(k, fixedMs + k * perStepMs);
  }
  return { cost, k };
}

test('separates the fixed part from the per-step part', () => {
  const { cost } = simulate({ fixedMs: 25, perStepMs: 5, targetMs: 30 });
  assert.ok(Math.abs(cost.fixedMs - 25) < 1e-6, `fixed ${cost.fixedMs}`);
  assert.ok(Math.abs(cost.perStepMs - 5) < 1e-6, `per step ${cost.perStepMs}`);
});

test('a fixed part larger than the target still gets several steps per request', () => {
  // The deep-net case: dividing by k would keep k = 1 (25 + 5 > 30).
  const cost = createStepCost({ maxSteps: 5000 });
  const ks = [];
  for (let i = 0; i < 40; i += 1) {
    const k = cost.next(30);
    ks.push(k);
    cost.record(k, 25 + 5 * k);
  }
  const settled = ks.slice(-8);
  // budget = 3 * fixed = 75 ms, so k = (75 - 25) / 5 = 10, plus the probes.
  assert.ok(settled.every((k) => k >= 10), `settled k ${settled}`);
  const stepsPerSecond = settled.reduce((s, k) => s + k, 0) * 1000 /
    settled.reduce((s, k) => s + 25 + 5 * k, 0);
  assert.ok(stepsPerSecond > 120, `steps/s ${stepsPerSecond}`);
});

test('a cheap net aims at the target time', () => {
  const { cost } = simulate({ fixedMs: 1, perStepMs: 0.5, targetMs: 30 });
  const k = cost.next(30);
  assert.ok(k === 58 || k === 58 + 29, `k ${k}`);  // (30 - 1) / 0.5, or its probe
});

test('grows at most fourfold per request and stays within the maximum', () => {
  const cost = createStepCost({ maxSteps: 100 });
  let largest = 1;
  for (let i = 0; i < 30; i += 1) {
    const k = cost.next(30);
    assert.ok(k <= largest * 4 && k <= 100, `k ${k} after ${largest}`);
    largest = Math.max(largest, k);
    cost.record(k, 0.001 * k);
  }
  assert.equal(largest, 100);
});

test('reset forgets the old net', () => {
  const { cost } = simulate({ fixedMs: 1, perStepMs: 0.1, targetMs: 30 });
  cost.reset();
  assert.equal(cost.next(30), 1);
});
