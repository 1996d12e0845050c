// Several trainers stepped side by side (the A/B runs, the summary's recipes): each tick steps every
// run that has neither diverged nor reached maxSteps(), records the snapshots, then draws. Holds the
// play / visible state and a session number, so replies from runs that were replaced or destroyed
// meanwhile are dropped. A run is the widget's own object with at least { trainer, latest, diverged }
// (latest: null or { step }); record(run, snapshot) keeps them up to date.
// Charts redraw at most this often while runs train: a tick is computed faster than three Chart.js
// charts are redrawn, and the reader sees no difference above 10 redraws a second.
export const CHART_FRAME_MS = 100;

// drawEveryMs > 0 draws at most that often while the runs train (charts that cost more to redraw than
// a tick takes to compute); the last tick before the loop stops is always drawn. (Runs shown at a set
// pace, not as fast as they train, are better paced in the worker: engine.stream.)
export function createSideBySide({ stepsPerTick, maxSteps, record, draw, showError, afterLoop, playing = false, drawEveryMs = 0 }) {
  let runs = [];
  let visible = true;
  let looping = false;
  let destroyed = false;
  let session = 0;

  const stepOf = (run) => run.latest?.step ?? 0;
  const isFinished = () => runs.length > 0 && runs.every((run) => run.diverged || stepOf(run) >= maxSteps());

  async function disposeRuns() {
    const old = runs;
    runs = [];
    await Promise.all(old.map((run) => run.trainer?.dispose?.()));
  }

  // The next tick's requests go out before this tick's frame is drawn, so the worker computes while
  // the page draws (one tick in flight at most; a pause lets it land and be drawn, so the steps
  // shown are the trainers' steps).
  function stepActive() {
    const active = runs.filter((run) => !run.diverged && stepOf(run) < maxSteps());
    return { active, replies: Promise.all(active.map((run) => run.trainer.step(Math.min(stepsPerTick, maxSteps() - stepOf(run))))) };
  }

  async function loop() {
    if (looping) return;
    looping = true;
    const mine = session;
    const current = () => mine === session && !destroyed;
    const keepGoing = () => playing && visible && current() && !isFinished();
    let drawnAt = -Infinity;
    try {
      let inFlight = keepGoing() ? stepActive() : null;
      while (inFlight) {
        const snapshots = await inFlight.replies;
        if (!current()) return;
        inFlight.active.forEach((run, index) => record(run, snapshots[index]));
        inFlight = keepGoing() ? stepActive() : null;
        if (inFlight && performance.now() - drawnAt < drawEveryMs) continue;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (!current()) return;
        draw();
        drawnAt = performance.now();
      }
    } catch (error) {
      if (mine === session) showError(error);
    } finally {
      looping = false;
      if (!destroyed && mine === session) afterLoop();
    }
  }

  return {
    get runs() {
      return runs;
    },
    get playing() {
      return playing;
    },
    isFinished,
    // Disposes the current runs and installs those `build(isCurrent)` makes, then steps them while
    // playing (`options.playing` replaces the play state first). When a newer restart or destroy came
    // meanwhile, the built runs are disposed and a build error is dropped; otherwise it is rethrown.
    async restart(build, options = {}) {
      session += 1;
      const mine = session;
      if (options.playing !== undefined) playing = options.playing;
      await disposeRuns();
      const isCurrent = () => mine === session && !destroyed;
      let built;
      try {
        built = await build(isCurrent);
      } catch (error) {
        if (mine === session) throw error;
        return;
      }
      if (!isCurrent()) {
        built.forEach((run) => run.trainer.dispose());
        return;
      }
      runs = built;
      draw();
      if (playing && visible) loop();
    },
    setPlaying(value) {
      playing = value;
      if (playing && visible) loop();
    },
    pause() {
      visible = false;
    },
    resume() {
      visible = true;
      if (playing) loop();
    },
    destroy() {
      destroyed = true;
      session += 1;
      disposeRuns();
    },
  };
}
