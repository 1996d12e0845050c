// The playground's draw queue (web/js/playground/draw-queue.js): secondary cards take turns within a
// frame's budget, on a fake clock and fake animation frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawQueue } from '../../web/js/playground/draw-queue.js';

// A clock each redraw advances by its cost, and animation frames run by hand.
function fakeFrames() {
  let clock = 0;
  let frameTime = 0;
  let callbacks = [];
  return {
    now: () => clock,
    frameId: () => frameTime,
    spend: (ms) => { clock += ms; },
    requestFrame(callback) {
      callbacks.push(callback);
      return callbacks.length;
    },
    cancelFrame(handle) { callbacks[handle - 1] = null; },
    // The next displayed frame: its time, then its callbacks.
    nextFrame() {
      frameTime += 16;
      clock = Math.max(clock, frameTime);
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback?.();
    },
    get waiting() { return callbacks.filter(Boolean).length; },
  };
}

// share 1: no rest between frames, the budget alone decides (the rest has a test of its own).
function queueWithCards(frames, costs, share = 1) {
  const queue = createDrawQueue({ budgetMs: 8, share, ...frames });
  const drawn = [];
  const enqueue = (snapshot) => {
    for (const [name, cost] of Object.entries(costs)) {
      queue.set(name, () => {
        frames.spend(cost);
        drawn.push(`${name}@${snapshot}`);
      });
    }
  };
  return { queue, drawn, enqueue };
}

test('cards that fit the budget all redraw in the frame', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 1, heatmap: 2, network: 3 });
  enqueue(1);
  queue.run(frames.now());
  assert.deepEqual(drawn, ['loss@1', 'heatmap@1', 'network@1']);
  assert.equal(frames.waiting, 0);
});

test('slow cards take turns: each frame stops at the budget, none starves', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 5, heatmap: 5, network: 5, boundary: 5 });
  const perFrame = [];
  for (let snapshot = 1; snapshot <= 4; snapshot += 1) {
    const before = drawn.length;
    frames.nextFrame();              // the queue's own turn first (registered in the last frame)
    enqueue(snapshot);               // then a snapshot arrives in the same frame
    queue.run(frames.now());
    perFrame.push(drawn.slice(before));
  }
  // 5 ms per card, 8 ms budget: two cards a frame (the second starts at 5 ms), in turn; a card
  // waiting for its turn draws the newest snapshot it has when the turn comes.
  assert.deepEqual(perFrame, [
    ['loss@1', 'heatmap@1'], ['network@1', 'boundary@1'], ['loss@2', 'heatmap@2'], ['network@3', 'boundary@3'],
  ]);
});

test('a card over budget on its own still draws, one per frame, and the rest follow without new snapshots', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 20, heatmap: 20, network: 20 });
  enqueue(7);
  queue.run(frames.now());
  assert.deepEqual(drawn, ['loss@7']);
  frames.nextFrame();
  assert.deepEqual(drawn, ['loss@7', 'heatmap@7']);
  frames.nextFrame();
  assert.deepEqual(drawn, ['loss@7', 'heatmap@7', 'network@7']);
  assert.equal(frames.waiting, 0);
});

test('the budget is per frame: a second run in the same frame only uses what is left', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 5, heatmap: 5, network: 5 });
  enqueue(1);
  frames.nextFrame();
  queue.run(frames.now());           // loss (5 ms), heatmap starts at 5 < 8: both drawn, 10 ms spent
  enqueue(2);
  queue.run(frames.now());           // same frame: budget spent, nothing more
  assert.deepEqual(drawn, ['loss@1', 'heatmap@1']);
  frames.nextFrame();                // the queue's own frame: network@2, then loss@2 (5 < 8)
  assert.deepEqual(drawn, ['loss@1', 'heatmap@1', 'network@2', 'loss@2']);
});

test('an infinite budget draws everything now; clear drops what a fresh run must not show', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 20, heatmap: 20 });
  enqueue(1);
  queue.run(frames.now(), Infinity);
  assert.deepEqual(drawn, ['loss@1', 'heatmap@1']);
  enqueue(2);
  queue.run(frames.now());
  assert.equal(frames.waiting, 1);
  queue.clear();
  assert.equal(frames.waiting, 0);
  frames.nextFrame();
  assert.equal(queue.size, 0);
  assert.deepEqual(drawn, ['loss@1', 'heatmap@1']);
});

test('an item queued first draws before the others, and alternates with them when each fills a frame', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 10, heatmap: 10 });
  const gradient = (snapshot) => queue.set('gradient', () => {
    frames.spend(10);
    drawn.push(`gradient@${snapshot}`);
  }, { first: true });
  const perFrame = [];
  for (let snapshot = 1; snapshot <= 3; snapshot += 1) {
    const before = drawn.length;
    frames.nextFrame();
    enqueue(snapshot);
    gradient(snapshot);
    queue.run(frames.now());
    perFrame.push(drawn.slice(before));
  }
  assert.deepEqual(perFrame, [['gradient@1'], ['loss@1'], ['gradient@2']]);
});

test('after drawing, the queue rests twice as long at a share of a third; a settled run does not wait', () => {
  const frames = fakeFrames();
  const { queue, drawn, enqueue } = queueWithCards(frames, { loss: 20, heatmap: 20, network: 20 }, 1 / 3);
  const drawnAt = [];
  enqueue(1);
  for (let frame = 0; frame < 12 && queue.size; frame += 1) {
    frames.nextFrame();
    if (frame === 0) queue.run(frames.now());
    if (drawn.length > drawnAt.length) drawnAt.push(frames.frameId());
  }
  // Each card costs 20 ms: the next may start 40 ms after it ended, at the first frame after that.
  assert.deepEqual(drawn, ['loss@1', 'heatmap@1', 'network@1']);
  assert.deepEqual(drawnAt.map((time, i) => (i ? time - drawnAt[i - 1] : 0)), [0, 64, 64]);
  enqueue(2);
  queue.run(frames.now(), Infinity);
  assert.deepEqual(drawn.slice(3), ['loss@2', 'heatmap@2', 'network@2']);
});
