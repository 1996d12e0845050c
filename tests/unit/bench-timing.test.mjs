// The benchmark's timing method (tests/bench/harness.mjs, the same as timing.h natively): timed runs
// are sized from the warm-up and grown until each lasts at least minRunSeconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureStepsPerSecond } from '../bench/harness.mjs';

// n steps of a fixed cost, spent on the clock (busy) so that the timing sees exactly that.
function stepsCosting(secondsPerStep) {
  const calls = [];
  const takeSteps = (steps) => {
    calls.push(steps);
    const end = performance.now() + steps * secondsPerStep * 1000;
    while (performance.now() < end) { /* the step's cost */ }
  };
  return { takeSteps, calls };
}

test('runs asked shorter than the minimum are sized for the minimum, not grown a step at a time', async () => {
  const { takeSteps, calls } = stepsCosting(0.001);
  const timing = await measureStepsPerSecond(takeSteps,
    { warmupSeconds: 0.01, runSeconds: 0.005, minRunSeconds: 0.05, runs: 2 });
  for (const seconds of timing.run_seconds) assert.ok(seconds >= 0.05, `a timed run of ${seconds} s`);
  // Warm-up calls (1, 2, 4, ...), a few sizing runs and the 2 timed runs: not one call per step added.
  assert.ok(calls.length < 20, `${calls.length} calls`);
  assert.ok(Math.abs(timing.steps_per_second - 1000) / 1000 < 0.3, `${timing.steps_per_second} steps/s for 1 ms steps`);
});

test('the reported rate is the median of the timed runs', async () => {
  const { takeSteps } = stepsCosting(0.0005);
  const timing = await measureStepsPerSecond(takeSteps,
    { warmupSeconds: 0.01, runSeconds: 0.02, minRunSeconds: 0.02, runs: 3 });
  const sorted = [...timing.run_rates].sort((a, b) => a - b);
  assert.equal(timing.steps_per_second, sorted[1]);
  assert.equal(timing.run_rates.length, 3);
});
