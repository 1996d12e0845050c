// The page's engine worker (web/js/engine/engine-worker.js) run in node: its message handler is called
// directly, with the module loaded from web/generated/. Accepted configs that do not fit next to what is
// alive are refused without killing the worker (no fatal reply), and the live run can still be reset
// and played afterwards.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';

import { repoRoot } from './engine-module.js';

// Memory-heavy but cheap to compute (see memory-budget.test.js).
const HEAVY = {
  dataset: 'xor', num_samples: 40, depth: 1000, width: 3, activation: 'maxout', maxout_pieces: 8, batch_norm: true,
  batch_size: 1024, init: 'xavier_normal', optimizer: 'adam',
};

let nextId = 1;
const replies = new Map();
const streamed = [];  // the messages of streams (engine-worker.js: stream), in the order posted, with postedAt

// One request through the worker's onmessage; resolves to its reply { ok, result, error, fatal }.
async function request(op, payload = {}) {
  const id = nextId++;
  await globalThis.self.onmessage({ data: { id, op, ...payload } });
  const reply = replies.get(id);
  replies.delete(id);
  return reply;
}

before(async () => {
  globalThis.__dirname ??= `${repoRoot}web/generated`;  // read by Emscripten 3.1.6's node path
  globalThis.self = globalThis;
  globalThis.postMessage = (message) => (message.stream === undefined
    ? replies.set(message.id, message) : streamed.push({ ...message, postedAt: performance.now() }));
  await import(pathToFileURL(`${repoRoot}web/js/engine/engine-worker.js`).href);
  const base = `${repoRoot}web/generated/vg_engine`;
  const init = await request('init', {
    simd: true,
    modules: { simd: { js: pathToFileURL(`${base}.js`).href, wasmBinary: readFileSync(`${base}.wasm`) } },
  });
  assert.equal(init.ok, true, init.error);
});

test('refusals for memory leave the worker alive and the live run playable', async () => {
  const first = await request('create', { config: HEAVY });
  assert.equal(first.ok, true);
  const { trainerId } = first.result;
  assert.ok(trainerId > 0, JSON.stringify(first.result));

  const second = await request('create', { config: { ...HEAVY, depth: 900 } });
  assert.equal(second.ok, true);
  assert.match(second.result.error, /engine's memory are free now: lower depth, width or batch_size/);

  const profile = await request('call', { name: 'gradient_profile_at_init', args: [HEAVY, 0] });
  assert.equal(profile.ok, true);
  assert.match(profile.result.error, /needs about \d+ MiB/);

  const probe = await request('call', { name: 'linear_net_probe', args: [2, 1000, 256] });
  assert.equal(probe.ok, false);
  assert.equal(probe.fatal, false);
  assert.match(probe.error, /lower depth or width/);

  const endless = await request('step', { trainerId, n: 1e10 });
  assert.equal(endless.ok, false);
  assert.equal(endless.fatal, false);

  const reset = await request('reset', { trainerId });
  assert.equal(reset.ok, true);
  assert.equal(reset.result.stats.step, 0);
  const played = await request('step', { trainerId, n: 3 });
  assert.equal(played.ok, true, played.error);
  assert.ok(played.result.stats.step >= 1);  // taken (this deep a net may diverge within the three)
  assert.equal(played.result.numLayers, HEAVY.depth + 1);
  assert.equal((await request('dispose', { trainerId })).ok, true);
});

test('networkView answers with typed arrays, or the core\'s refusal for a network too large to draw', async () => {
  const created = await request('create', { config: { dataset: 'circle', depth: 2, width: 3, activation: 'sigmoid' } });
  const { trainerId } = created.result;
  const reply = await request('networkView', { trainerId, res: 12, x0: -1, x1: 1, y0: -1, y1: 1 });
  assert.equal(reply.ok, true, reply.error);
  assert.equal(reply.result.error, '');
  assert.equal(reply.result.unit_outputs.length, 2 * 3 * 12 * 12);
  assert.ok(reply.result.grad_abs instanceof Float64Array);
  assert.equal((await request('configure', { trainerId, config: { dataset: 'circle', depth: 12, width: 3 } })).result, '');
  const refused = await request('networkView', { trainerId, res: 12, x0: -1, x1: 1, y0: -1, y1: 1 });
  assert.equal(refused.ok, true);
  assert.match(refused.result.error, /depth 12/);
  await request('dispose', { trainerId });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function streamEnded(streamId) {
  while (!streamed.some((message) => message.stream === streamId && (message.done || message.error))) await sleep(5);
}

test('a stream steps its trainers by stepsPerTick up to untilStep, one message per tick with only the fields asked', async () => {
  const base = { dataset: 'moons', num_samples: 64, depth: 3, width: 4, batch_size: 16, telemetry_every: 5 };
  const trainerIds = [];
  for (const activation of ['sigmoid', 'relu']) {
    trainerIds.push((await request('create', { config: { ...base, activation } })).result.trainerId);
  }
  const started = await request('stream', { streamId: 1, trainerIds, stepsPerTick: 5, tickMs: 1, untilStep: 12, fields: ['grad_w_norm'] });
  assert.equal(started.ok, true, started.error);
  await streamEnded(1);
  const ticks = streamed.filter((message) => message.stream === 1);
  assert.deepEqual(ticks.map((tick) => tick.snapshots.map((snapshot) => snapshot.stats.step)), [[5, 5], [10, 10], [12, 12]]);
  assert.deepEqual(ticks.map((tick) => tick.done), [false, false, true]);
  for (const { telemetry } of ticks.flatMap((tick) => tick.snapshots)) {
    assert.deepEqual(Object.keys(telemetry), ['grad_w_norm']);
    assert.equal(telemetry.grad_w_norm.length, base.depth + 1);
    assert.ok(telemetry.grad_w_norm.every((value) => Number.isFinite(value) && value > 0));
  }
  // The stream's gradients are the trainer's own at that step.
  const snapshot = await request('snapshot', { trainerId: trainerIds[1] });
  assert.deepEqual(Array.from(snapshot.result.telemetry.grad_w_norm), Array.from(ticks.at(-1).snapshots[1].telemetry.grad_w_norm));

  const refusedField = await request('stream', { streamId: 2, trainerIds, stepsPerTick: 1, tickMs: 1, untilStep: 20, fields: ['no_such_array'] });
  assert.match(refusedField.error, /unknown telemetry: no_such_array/);
  const refusedTrainer = await request('stream', { streamId: 3, trainerIds: [987654], stepsPerTick: 1, tickMs: 1, untilStep: 20, fields: [] });
  assert.match(refusedTrainer.error, /no trainer with id 987654/);
  assert.equal(streamed.filter((message) => message.stream === 2 || message.stream === 3).length, 0);
  for (const trainerId of trainerIds) await request('dispose', { trainerId });
});

test('the first tick of a stream steps firstTickSteps, and each later tick up to the next multiple of stepsPerTick', async () => {
  const base = { dataset: 'moons', num_samples: 64, depth: 3, width: 4, batch_size: 16, telemetry_every: 5 };
  const { trainerId } = (await request('create', { config: base })).result;
  await request('stream', { streamId: 11, trainerIds: [trainerId], stepsPerTick: 5, firstTickSteps: 2, tickMs: 1, untilStep: 12, fields: ['grad_w_norm'] });
  await streamEnded(11);
  const ticks = streamed.filter((message) => message.stream === 11);
  assert.deepEqual(ticks.map((tick) => tick.snapshots[0].stats.step), [2, 5, 10, 12]);
  // telemetry_every 5, yet the first tick's gradients are step 2's: a step(n) call measures its last step.
  const fresh = (await request('create', { config: base })).result.trainerId;
  const atTwo = (await request('step', { trainerId: fresh, n: 2 })).result;
  assert.deepEqual(Array.from(ticks[0].snapshots[0].telemetry.grad_w_norm), Array.from(atTwo.telemetry.grad_w_norm));
  // A stream resumed off a multiple (a run stopped at 12) steps to the next one, then by stepsPerTick.
  await request('stream', { streamId: 12, trainerIds: [trainerId], stepsPerTick: 5, tickMs: 1, untilStep: 21, fields: [] });
  await streamEnded(12);
  assert.deepEqual(streamed.filter((message) => message.stream === 12).map((tick) => tick.snapshots[0].stats.step), [15, 20, 21]);
  for (const id of [trainerId, fresh]) await request('dispose', { trainerId: id });
});

test('stopStream ends a stream before its next tick, and the trainers stop where its last tick said', async () => {
  const { trainerId } = (await request('create', { config: { dataset: 'xor', num_samples: 40, depth: 2, width: 3 } })).result;
  await request('stream', { streamId: 4, trainerIds: [trainerId], stepsPerTick: 3, tickMs: 40, untilStep: 3000, fields: [] });
  while (streamed.filter((message) => message.stream === 4).length < 2) await sleep(5);
  assert.equal((await request('stopStream', { streamId: 4 })).ok, true);
  const ticks = streamed.filter((message) => message.stream === 4);
  await sleep(150);  // more than three ticks' time
  assert.equal(streamed.filter((message) => message.stream === 4).length, ticks.length);
  assert.equal(ticks.at(-1).done, false);
  assert.equal((await request('snapshot', { trainerId })).result.stats.step, ticks.at(-1).snapshots[0].stats.step);
  assert.equal(ticks.at(-1).snapshots[0].stats.step, 3 * ticks.length);
  await request('dispose', { trainerId });
});

test('reportEveryMs holds ticks back: the first and last are posted, one at most per interval, and stopStream posts the latest first', async () => {
  const base = { dataset: 'xor', num_samples: 40, depth: 2, width: 3, telemetry_every: 1 };
  const { trainerId } = (await request('create', { config: base })).result;
  // 30 ticks of 10 ms (steps 1..30) reported at most every 100 ms: the first tick, then about one in
  // ten, and the last; every posted tick carries its own step's gradients.
  await request('stream', { streamId: 21, trainerIds: [trainerId], stepsPerTick: 1, tickMs: 10, untilStep: 30, fields: ['grad_w_norm'], reportEveryMs: 100 });
  await streamEnded(21);
  const ticks = streamed.filter((message) => message.stream === 21);
  const steps = ticks.map((tick) => tick.snapshots[0].stats.step);
  assert.equal(steps[0], 1);
  assert.equal(steps.at(-1), 30);
  assert.deepEqual(ticks.map((tick) => tick.done), [...Array(ticks.length - 1).fill(false), true]);
  assert.ok(ticks.length < 20, `posted ${ticks.length} of 30 ticks: ${steps.join(' ')}`);
  assert.ok(steps.every((step, index) => index === 0 || step > steps[index - 1]));
  for (let index = 1; index < ticks.length - 1; index += 1) {
    assert.ok(ticks[index].postedAt - ticks[index - 1].postedAt >= 99, `ticks at steps ${steps[index - 1]} and ${steps[index]} posted closer than 100 ms`);
  }
  assert.deepEqual(Array.from(ticks.at(-1).snapshots[0].telemetry.grad_w_norm),
    Array.from((await request('snapshot', { trainerId })).result.telemetry.grad_w_norm));

  // Stopped between two reports: the tick held back arrives before the answer, so the page's last
  // tick is where the trainer stands.
  await request('stream', { streamId: 22, trainerIds: [trainerId], stepsPerTick: 1, tickMs: 10, untilStep: 3000, fields: [], reportEveryMs: 10000 });
  while (streamed.filter((message) => message.stream === 22).length < 1) await sleep(5);
  await sleep(60);  // several ticks, none posted
  assert.equal(streamed.filter((message) => message.stream === 22).length, 1);
  await request('stopStream', { streamId: 22 });
  const stopped = streamed.filter((message) => message.stream === 22);
  assert.equal(stopped.length, 2);
  assert.ok(stopped[1].snapshots[0].stats.step > stopped[0].snapshots[0].stats.step);
  assert.equal((await request('snapshot', { trainerId })).result.stats.step, stopped[1].snapshots[0].stats.step);
  await request('dispose', { trainerId });
});

// An OffscreenCanvas stand-in: its 2D context records what is painted.
class RecordingCanvas {
  width = 300;
  height = 150;
  calls = [];
  getContext() {
    const calls = this.calls;
    return {
      set fillStyle(value) { calls.push(['fillStyle', value]); },
      clearRect: (...args) => calls.push(['clearRect', ...args]),
      fillRect: (...args) => calls.push(['fillRect', ...args]),
    };
  }
}

test('a canvas handed to the worker is painted with the cell strip at each tick, and resized on request', async () => {
  const painter = pathToFileURL(`${repoRoot}web/js/charts/cell-strip.js`).href;
  const { paintCellStrip } = await import(painter);
  const canvas = new RecordingCanvas();
  assert.equal((await request('attachCanvas', { canvasId: 7, canvas, painter })).ok, true);
  assert.equal((await request('paintCanvas', { canvasId: 7, width: 200, height: 10, gap: 2 })).ok, true);
  assert.deepEqual([canvas.width, canvas.height], [200, 10]);

  const depth = 6;
  const { trainerId } = (await request('create', { config: { dataset: 'moons', num_samples: 64, depth, width: 4, activation: 'tanh' } })).result;
  const paint = [{ canvasId: 7, field: 'grad_w_norm', count: depth }];
  canvas.calls.length = 0;
  await request('stream', { streamId: 5, trainerIds: [trainerId], stepsPerTick: 4, tickMs: 1, untilStep: 8, fields: ['grad_w_norm'], paint });
  await streamEnded(5);
  const ticks = streamed.filter((message) => message.stream === 5);
  assert.equal(ticks.length, 2);
  // Each tick painted the first `depth` gradients exactly as the strip's painter draws them.
  const expected = new RecordingCanvas();
  for (const tick of ticks) {
    paintCellStrip(expected.getContext(), 200, 10, Array.from(tick.snapshots[0].telemetry.grad_w_norm.subarray(0, depth)), 2);
  }
  assert.deepEqual(canvas.calls, expected.calls);
  assert.equal(canvas.calls.filter(([name]) => name === 'fillRect').length, 2 * depth);

  // A new size repaints the last values; clearing leaves no cell.
  canvas.calls.length = 0;
  await request('paintCanvas', { canvasId: 7, width: 100, height: 10, gap: 1 });
  assert.equal(canvas.calls.filter(([name]) => name === 'fillRect').length, depth);
  canvas.calls.length = 0;
  await request('paintCanvas', { canvasId: 7, values: [] });
  assert.deepEqual(canvas.calls, [['clearRect', 0, 0, 100, 10]]);

  const unknown = await request('stream', { streamId: 6, trainerIds: [trainerId], stepsPerTick: 1, tickMs: 1, untilStep: 20, fields: [], paint: [{ canvasId: 99, field: 'grad_w_norm', count: 3 }] });
  assert.match(unknown.error, /no canvas with id 99/);
  assert.equal((await request('detachCanvas', { canvasId: 7 })).ok, true);
  assert.match((await request('paintCanvas', { canvasId: 7, values: [] })).error, /no canvas with id 7/);
  await request('dispose', { trainerId });
});
