// The bench's split of the main thread's task time into CPU time and waiting
// (tests/bench/trace_thread_time.mjs, used by the Lighthouse stage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topLevelTaskTimes } from '../bench/trace_thread_time.mjs';

const isTask = (event) => event.name === 'RunTask';
const task = (ts, dur, tdur, name = 'RunTask') => ({ name, ts, dur, ...(tdur === undefined ? {} : { tdur }) });

test('sums the wall and CPU time of top-level tasks only', () => {
  const events = [
    task(0, 10_000, 4_000),
    task(2_000, 3_000, 3_000),            // nested in the first: already inside its time
    task(2_500, 1_000, 1_000, 'Layout'),  // not a task
    task(20_000, 5_000, 5_000),
    task(30_000, 0, 0),                   // empty
  ];
  assert.deepEqual(topLevelTaskTimes(events, isTask), { tasks: 2, wall_ms: 15, cpu_ms: 9 });
});

test('a task that starts as the previous one ends is top-level', () => {
  const events = [task(0, 1_000, 500), task(1_000, 2_000, 2_000)];
  assert.deepEqual(topLevelTaskTimes(events, isTask), { tasks: 2, wall_ms: 3, cpu_ms: 2.5 });
});

test('CPU time is unknown, not understated, when a top-level task has none', () => {
  const events = [task(0, 1_000, 500), task(5_000, 1_000)];
  assert.deepEqual(topLevelTaskTimes(events, isTask), { tasks: 2, wall_ms: 2, cpu_ms: null });
});
