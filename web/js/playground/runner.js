// Paces training against the display. At most one request is ever in flight; while playing, the
// next one is sent as soon as the last answers (the worker trains in parallel with the main
// thread, which only draws), except at the slow speed, which asks once per animation frame.
// Steps per request come from the cost model of step-cost.js: a request should take about the
// speed's target time, and the once-per-request telemetry at most a third of it. Snapshots are
// handed to onFrame on the next animation frame, so charts redraw at most once per displayed frame
// however fast the worker answers. The decision-boundary grid and the network view are each
// refreshed no more often than every SHARE times their own cost (and their minimum interval), so
// they never dominate training.

import { createStepCost } from './step-cost.js';

const TARGET_MS = { slow: 0, normal: 30, fast: 90 };  // slow: one step per request
const MAX_STEPS_PER_REQUEST = 5000;
const MIN_GRID_INTERVAL_MS = 120;
const MIN_NETWORK_INTERVAL_MS = 300;  // the network card: about three times a second at most
const SHARE = 4;

// When a drawing fetched beside the steps is due: never within minInterval of the last one, nor
// within SHARE times what the last one cost.
function createThrottle(minInterval) {
  let last = -Infinity;
  let interval = minInterval;
  return {
    due: () => performance.now() - last > interval,
    async fetch(task) {
      const started = performance.now();
      const result = await task();
      last = performance.now();
      interval = Math.max(minInterval, SHARE * (last - started));
      return result;
    },
    makeDue() { last = -Infinity; },
    reset() {
      last = -Infinity;
      interval = minInterval;
    },
  };
}

// How many steps each request asks for: one at the slow speed, otherwise what the cost model says
// fits in the speed's target time.
function createPacer() {
  const cost = createStepCost({ maxSteps: MAX_STEPS_PER_REQUEST });
  let speed = 'normal';
  let steps = 1;           // steps of the latest request
  const target = () => TARGET_MS[speed] ?? TARGET_MS.normal;
  return {
    // Whether requests follow each other as soon as one answers (every speed but the slow one).
    get backToBack() { return target() > 0; },
    get stepsPerRequest() { return target() === 0 ? 1 : steps; },
    setSpeed(value) { speed = value; },
    next() {
      if (target() === 0) return 1;
      steps = cost.next(target());
      return steps;
    },
    record(count, ms) { cost.record(count, ms); },
    // A new network may cost far more per step than the last: measure afresh.
    reset() {
      steps = 1;
      cost.reset();
    },
  };
}

// The drawings fetched beside the steps: the decision-boundary grid (when wanted) and the network
// view (when networkArgs() asks for one), each only when its own throttle says it is due.
function createDrawings({ wantsGrid, gridArgs, networkArgs }) {
  const gridThrottle = createThrottle(MIN_GRID_INTERVAL_MS);
  const networkThrottle = createThrottle(MIN_NETWORK_INTERVAL_MS);
  return {
    // { grid, network }, null for a drawing not due; null altogether once isCurrent() turns false.
    async fetch(run, isCurrent) {
      let grid = null;
      if (wantsGrid() && gridThrottle.due()) {
        grid = await gridThrottle.fetch(() => run.predictGrid(...gridArgs()));
        if (!isCurrent()) return null;
      }
      let network = null;
      const viewArgs = networkThrottle.due() ? networkArgs() : null;
      if (viewArgs) {
        network = await networkThrottle.fetch(() => run.networkView(...viewArgs));
        if (!isCurrent()) return null;
      }
      return { grid, network };
    },
    makeDue() {
      gridThrottle.makeDue();
      networkThrottle.makeDue();
    },
    reset() {
      gridThrottle.reset();
      networkThrottle.reset();
    },
  };
}

// A grid or view fetched for a snapshot that no frame has drawn yet stays for the next one.
function nextPending(pending, snapshot, grid, network) {
  return { snapshot, grid: grid ?? pending?.grid ?? null, network: network ?? pending?.network ?? null };
}

// networkArgs(): the arguments of run.networkView, or null when the network card wants none.
export function createRunner({ onFrame, onError, wantsGrid, gridArgs, networkArgs = () => null }) {
  let run = null;
  let generation = 0;      // bumped whenever the run changes under us; stale answers are dropped
  let playing = false;
  let visible = true;
  let inFlight = false;
  const pacer = createPacer();
  const drawings = createDrawings({ wantsGrid, gridArgs, networkArgs });
  let pending = null;      // { snapshot, grid, network } waiting for the next frame
  let frameHandle = 0;
  let destroyed = false;
  let held = false;        // invalidated: no request until setRun or release (the run is being rebuilt)

  async function request(count) {
    const myGeneration = generation;
    const isCurrent = () => myGeneration === generation;
    inFlight = true;
    const started = performance.now();
    try {
      const snapshot = await run.step(count);
      if (!isCurrent()) return;
      pacer.record(count, performance.now() - started);
      const drawn = await drawings.fetch(run, isCurrent);
      if (!drawn) return;
      pending = nextPending(pending, snapshot, drawn.grid, drawn.network);
      if (snapshot.stats.status === 'diverged') playing = false;
    } catch (error) {
      if (!isCurrent()) return;
      playing = false;
      onError(error);
    } finally {
      if (isCurrent()) {
        inFlight = false;
        if (pacer.backToBack && canRequest()) request(pacer.next());
      }
      schedule();
    }
  }

  function canRequest() {
    return playing && visible && run && !inFlight && !held && !destroyed;
  }

  function tick() {
    frameHandle = 0;
    if (destroyed) return;
    if (pending) {
      const frame = pending;
      pending = null;
      onFrame(frame);
    }
    if (canRequest()) request(pacer.next());
    schedule();
  }

  // Keeps frames coming only while there is something to do.
  function schedule() {
    if (frameHandle || destroyed) return;
    if (pending || canRequest()) frameHandle = requestAnimationFrame(tick);
  }

  return {
    get playing() { return playing; },
    get busy() { return inFlight; },
    get stepsPerRequest() { return pacer.stepsPerRequest; },
    // A new run (or the same run after configure/reset): answers for the old one are dropped.
    setRun(newRun) {
      run = newRun;
      pacer.reset();
      drawings.reset();
      generation += 1;
      inFlight = false;
      held = false;
      pending = null;
    },
    // The run is about to be reconfigured or reset: answers still on their way are dropped, and no
    // step is asked until setRun (the fresh run, seen at its step 0) or release (nothing changed).
    invalidate() {
      generation += 1;
      inFlight = false;
      held = true;
      pending = null;
      drawings.makeDue();
    },
    release() {
      held = false;
      schedule();
    },
    setSpeed(value) { pacer.setSpeed(value); },
    play() {
      playing = true;
      schedule();
    },
    pause() { playing = false; },
    setVisible(value) {
      visible = value;
      schedule();
    },
    // One step now, whether playing or not (ignored while a request is in flight).
    stepOnce() {
      if (!run || inFlight || held) return false;
      drawings.makeDue();
      request(1);
      return true;
    },
    // Draw a snapshot obtained outside the loop (after reset or configure) on the next frame.
    show(snapshot, grid = null, network = null) {
      pending = nextPending(pending, snapshot, grid, network);
      if (!frameHandle) frameHandle = requestAnimationFrame(tick);
    },
    destroy() {
      destroyed = true;
      if (frameHandle) cancelAnimationFrame(frameHandle);
    },
  };
}
