// The playground's run session: the one place that knows what the reader asked for (the desired
// state, from the controls, the URL hash, preset buttons and back/forward) and what the engine
// actually runs (the config read back from the core with Trainer.config()). Every intent goes
// through one queue that reconciles the two, so a preset that arrives before the engine is up, or
// twenty presets in a row, end with the engine training exactly what the controls and the hash show.
//
//   const session = createRunSession({ engine?, bandEngine?, state, reserved, syncHash, view });
//   engine: the engine (or a promise of it) the run trains in, the page's one by default; bandEngine:
//   where the overlay's band is computed (default: engine).
//   session.change(partial) / preset(partial) / fromHash(hash) / togglePlay() / stepOnce() / reset()
//   session.setVisible(bool); session.snapshot() -> { state, trained, lifecycle, latest }
//
// The view receives: view.onState(state), view.onFreshRun({ snapshot, data, grid, network }),
// view.onFrame({ snapshot, grid, network }) (network: the core's network view, when due), view.onLifecycle(lifecycle), view.onNotices(notices),
// view.onPrediction(result | null). It never touches the engine.
import { getEngine } from '../engine/engine-client.js';
import {
  defaultState, parseHash, writeHash, engineConfig, mergeState, PROPS,
} from '../state.js';
import { createRunner } from './runner.js';
import { GRID_RESOLUTION } from './chart-boundary.js';
import { predictGradientProfile, theoryDescribes } from './prediction.js';
import { refusalOf } from './refusal.js';

const ENGINE_FIELDS = PROPS.filter((prop) => prop.engine).map((prop) => prop.name);

// A hash that only names an element of the page (#fixes) is a section link, not a state.
export function isAnchorHash(hash) {
  const body = hash.replace(/^#/, '');
  if (body === '' || body.includes('=')) return body === '';
  try {
    return Boolean(document.getElementById(decodeURIComponent(body)));
  } catch {
    return false;
  }
}

export function createRunSession({ engine: givenEngine = null, bandEngine: givenBandEngine = null, state: initialState,
  reserved: initialReserved = {}, syncHash, view, gridExtent, wantsGrid, networkArgs = () => null }) {
  let desired = initialState;
  let reserved = initialReserved;
  let accepted = null;       // the state whose engine fields the engine last accepted (what runs)
  let sentKey = '';          // engineConfig(accepted) as JSON
  let trained = null;        // the live run's config, read back from the core
  let engine = null;
  let bandEngine = null;
  let run = null;
  let latest = null;
  let destroyed = false;
  let pendingTasks = 0;
  let queue = Promise.resolve();
  let lastWrittenHash = window.location.hash;
  let predictedKey = '';
  let predictionToken = 0;
  const lifecycle = { mounted: true, visible: true, userPlaying: Boolean(initialState.autoplay), paused: true,
    failed: null, diverged: false, idle: false };

  const runner = createRunner({
    onFrame: (frame) => {
      if (destroyed) return;
      latest = frame.snapshot;
      const diverged = latest.stats.status === 'diverged';
      if (diverged !== lifecycle.diverged) lifecycle.diverged = diverged;
      view.onFrame(frame);
      publishLifecycle();
    },
    onError: (error) => {
      lifecycle.failed = error.message;
      publishLifecycle();
    },
    wantsGrid,
    gridArgs: () => [GRID_RESOLUTION, ...gridExtent()],
    networkArgs: () => networkArgs(),
  });
  runner.setSpeed(desired.speed);

  function publishLifecycle() {
    lifecycle.paused = !runner.playing;
    lifecycle.idle = pendingTasks === 0;
    view.onLifecycle({ ...lifecycle, hasRun: Boolean(run), stepsPerRequest: runner.stepsPerRequest });
  }

  // The one queue: every task runs after the previous one finished, whatever its source.
  function enqueue(task) {
    pendingTasks += 1;
    publishLifecycle();
    const done = queue.then(() => (destroyed ? null : task())).catch((error) => {
      lifecycle.failed = error.message;
    }).finally(() => {
      pendingTasks -= 1;
      if (!destroyed) publishLifecycle();
    });
    queue = done;
    return done;
  }

  function setDesired(next) {
    desired = next;
    runner.setSpeed(desired.speed);
    view.onState(desired);
  }

  // Brings the engine to the desired state. restart: back to step 0 even if the config is unchanged;
  // showHash: write the hash (not on a first load from a #section link or a bare address).
  async function reconcile({ restart = false, showHash = true } = {}) {
    if (!engine) {
      engine = await (givenEngine ?? getEngine());
      bandEngine = await (givenBandEngine ?? engine);
    }
    if (destroyed) return;
    let wanted = engineConfig(desired);
    let fresh = false;
    let snapshot = null;
    for (let attempt = 0; attempt < 3 && JSON.stringify(wanted) !== sentKey; attempt += 1) {
      runner.invalidate();
      const { error, fatal } = await applyConfig(wanted);
      if (destroyed) return;
      if (!error) {
        fresh = true;
        lifecycle.failed = null;
        break;
      }
      // Refused: keep what the reader asked for except the fields the engine named (all engine
      // fields if it named none, or if that did not help), so the controls and the hash show what runs.
      // A config that stopped the worker is never retried; the run restarts from what ran before.
      if (fatal) sentKey = '';
      const refusal = refusalOf(error, { fatal });
      view.onNotices([{ reason: 'refused', refusal }]);
      const fallback = accepted ?? defaultState();
      const revert = refusal.fields.length > 0 && attempt === 0 ? refusal.fields : ENGINE_FIELDS;
      const next = { ...desired };
      for (const name of revert) next[name] = fallback[name];
      setDesired(next);
      wanted = engineConfig(desired);
    }
    if (!fresh && restart && run) {
      runner.invalidate();
      snapshot = await run.reset();
      fresh = true;
      lifecycle.failed = null;
    }
    if (destroyed) return;
    if (fresh) await showFreshRun(snapshot);
    else runner.release();  // refused: the run that was training goes on
    if (JSON.stringify(engineConfig(desired)) === sentKey) accepted = { ...desired };
    if (showHash) storeHash();
    syncRunning();
  }

  // Creates the run or configures it; resolves to { error: '' } or the engine's refusal
  // ({ error, fatal }: fatal when the config stopped the worker, e.g. out of memory).
  async function applyConfig(config) {
    try {
      if (!run) {
        run = await engine.createTrainer(config);
        if (destroyed) run.dispose();
      } else {
        const error = await run.configure(config);
        if (error) return { error, fatal: false };
      }
    } catch (error) {
      return { error: error.message, fatal: Boolean(error.fatal) };
    }
    sentKey = JSON.stringify(config);
    return { error: '' };
  }

  async function showFreshRun(resetSnapshot) {
    const snapshot = resetSnapshot ?? await run.snapshot();
    trained = await run.config();
    const data = await run.data();
    const grid = wantsGrid() ? await run.predictGrid(GRID_RESOLUTION, ...gridExtent()) : null;
    const viewArgs = networkArgs(data);
    const network = viewArgs ? await run.networkView(...viewArgs) : null;
    if (destroyed) return;
    refreshPrediction();  // before setRun: the run is still at step 0, which the overlay reads
    runner.setRun(run);
    latest = snapshot;
    lifecycle.diverged = snapshot.stats.status === 'diverged';
    view.onFreshRun({ snapshot, data, grid, network });
  }

  // The mean-field prediction for the running config, from the fresh run's step 0 (asked before the
  // runner steps it) and the band from bandEngine; the view gets it when it arrives.
  function refreshPrediction() {
    const config = engineConfig(desired);
    const key = JSON.stringify(config);
    if (key === predictedKey) return;  // a reset: same config, same prediction
    predictedKey = key;
    const token = ++predictionToken;
    view.onPrediction(null);
    if (desired.gradient_hide || !theoryDescribes(config)) return;
    predictGradientProfile(run, bandEngine, config).then((result) => {
      if (token === predictionToken && !destroyed && result.supported) view.onPrediction(result);
    }, () => { predictedKey = ''; });
  }

  function storeHash() {
    if (!syncHash) return;
    writeHash(desired, reserved);
    lastWrittenHash = window.location.hash;
  }

  function syncRunning() {
    if (lifecycle.userPlaying && lifecycle.visible && !lifecycle.diverged && !lifecycle.failed && run) runner.play();
    else runner.pause();
    runner.setVisible(lifecycle.visible);
    publishLifecycle();
  }

  function change(partial, { restart = false, play = null } = {}) {
    const merged = mergeState(desired, partial);
    if (merged.notices.length > 0) view.onNotices(merged.notices);
    setDesired(merged.state);
    if (play !== null) lifecycle.userPlaying = play;
    return enqueue(() => reconcile({ restart }));
  }

  function fromHash(hash) {
    if (!syncHash || hash === lastWrittenHash || isAnchorHash(hash)) return null;
    lastWrittenHash = hash;
    const parsed = parseHash(hash);
    reserved = parsed.reserved;
    if (parsed.notices.length > 0) view.onNotices(parsed.notices);
    setDesired(parsed.state);
    return enqueue(() => reconcile());
  }

  // The first task: the engine and the first run, from whatever is desired when it runs.
  setDesired(desired);
  const showHashAtStart = !isAnchorHash(window.location.hash);
  enqueue(() => reconcile({ showHash: showHashAtStart }));

  return {
    change,
    // A preset always leaves the run playing from step 0.
    preset(partial) { return change(partial, { restart: true, play: true }); },
    fromHash,
    reset() {
      lifecycle.failed = null;
      return enqueue(() => reconcile({ restart: true }));
    },
    togglePlay() {
      if (!run) return false;
      lifecycle.userPlaying = !runner.playing;
      syncRunning();
      return lifecycle.userPlaying;
    },
    // Through the queue: a Step clicked while a reset or a new config is on its way steps the run
    // that arrives (taken earlier, its frame would be drawn and then covered by the reset's step 0).
    stepOnce() {
      if (!run || lifecycle.diverged) return;
      lifecycle.userPlaying = false;
      runner.pause();
      publishLifecycle();
      enqueue(() => {
        if (!lifecycle.diverged) runner.stepOnce();
      });
    },
    setVisible(visible) {
      lifecycle.visible = visible;
      syncRunning();
    },
    // Settles once every queued intent has been reconciled.
    whenIdle() { return queue; },
    get state() { return desired; },
    get latest() { return latest; },
    get trained() { return trained; },
    get playing() { return runner.playing; },
    get stepsPerRequest() { return runner.stepsPerRequest; },
    get idle() { return pendingTasks === 0; },
    destroy() {
      destroyed = true;
      runner.destroy();
      if (run) run.dispose();
    },
  };
}
