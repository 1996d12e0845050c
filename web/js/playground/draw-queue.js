// The playground's charts take turns within a frame's time budget and a share of the main thread,
// so that a slow CPU (a phone, Lighthouse's 4x throttling) keeps its frame rate and its scrolling
// while every card still follows the run. The gradient chart (the point of the page) is queued
// first and draws first; the loss, heatmap, activations, boundary and network cards, the status line
// and the data tables follow while the frame's drawing has taken less than budgetMs, and wait for
// the next frames otherwise. After drawing for d ms the queue rests d * (1/share - 1) ms, so drawing
// takes at most that share of the time. On a desktop a snapshot's cards all fit in a frame or two;
// at 4x throttling each card updates a few times a second.
//
//   const queue = createDrawQueue({ budgetMs, share });
//   queue.set(name, redraw)                  // an item's redraw for the newest snapshot (replaces an older one)
//   queue.set(name, redraw, { first: true }) // drawn before every other item
//   queue.run(startedMs)                     // unless resting, draw in turn until the frame's budget,
//                                            // counted from startedMs, is spent (at least one item)
//   queue.run(startedMs, Infinity)           // draw everything queued now (paused, diverged, relabel)
//   queue.clear()                            // a fresh run: nothing queued for the old one is drawn
//
// Items queue in turn order: one drawn leaves the queue and rejoins at its end with its next
// snapshot, one skipped keeps its place (Map order), so none waits more than a few turns. The
// budget is per displayed frame (frameId: the animation frame's time, the same for every callback
// of one frame), however many times run is called in it; what is left over is drawn by the queue's
// own animation frame callbacks, even when no snapshot follows.
export function createDrawQueue({
  budgetMs,
  share,
  now = () => performance.now(),
  frameId = () => document.timeline.currentTime,
  requestFrame = (callback) => requestAnimationFrame(callback),
  cancelFrame = (handle) => cancelAnimationFrame(handle),
}) {
  const firstItems = new Map();
  const items = new Map();
  let frameHandle = 0;
  let frame = null;
  let spentMs = 0;       // drawing time of this frame's earlier runs
  let drawnInFrame = 0;
  let restUntil = -Infinity;  // after drawing, the main thread is left to itself this long

  function* inTurn() {
    for (const queue of [firstItems, items]) {
      for (const [name, redraw] of queue) yield [queue, name, redraw];
    }
  }

  function run(startedMs = now(), frameBudgetMs = budgetMs) {
    if (frameHandle) {
      cancelFrame(frameHandle);
      frameHandle = 0;
    }
    const currentFrame = frameId();
    if (currentFrame !== frame) {
      frame = currentFrame;
      spentMs = 0;
      drawnInFrame = 0;
    }
    const resting = frameBudgetMs !== Infinity && now() < restUntil;
    let drawn = 0;
    for (const [queue, name, redraw] of resting ? [] : inTurn()) {
      if (drawnInFrame > 0 && spentMs + now() - startedMs >= frameBudgetMs) break;
      queue.delete(name);
      redraw();
      drawnInFrame += 1;
      drawn += 1;
    }
    const ranMs = now() - startedMs;
    spentMs += ranMs;
    if (drawn) restUntil = now() + ranMs * (1 / share - 1);
    // What did not fit is drawn on the next frame even if no snapshot comes (paused, diverged).
    if (firstItems.size + items.size) {
      frameHandle = requestFrame(() => {
        frameHandle = 0;
        run();
      });
    }
  }

  return {
    set(name, redraw, { first = false } = {}) { (first ? firstItems : items).set(name, redraw); },
    run,
    get size() { return firstItems.size + items.size; },
    clear() {
      firstItems.clear();
      items.clear();
      if (frameHandle) cancelFrame(frameHandle);
      frameHandle = 0;
    },
  };
}
