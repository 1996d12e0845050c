// The headline playground: a network trained live in the engine's Web Worker, with its gradient
// norms, gradient map, loss, activations and decision boundary drawn as it learns. This file only
// wires the run session (../playground/session.js: what is asked, what runs, one queue) to the view
// (../playground/view.js: renders session snapshots, sends intents) and to the page's events.
//
//   createPlayground(container, { engine?, ownEngine?, state?, syncHash = true })
//     -> { update(partialState), applyPreset(partialState), pause(), resume(), ready(), destroy() }
// ready() settles once the intents so far are reconciled: at mount, once the first run is drawn (or
// refused, or the engine failed); the page mounts the widgets near the screen only then.
//
// engine: the page's engine or a promise of it (getEngine() if not given). ownEngine: a promise of an
// engine of its own to train in, or of null. Beside other widgets the article gives it one (a second
// worker and WASM heap: registry.js ownEngine; boot.js starts that worker idle at load, and the spawn
// adopts it), so the largest run the validator accepts fits whatever the other widgets hold, and
// their requests never queue behind its steps; alone (its own page, an embed) it trains in the
// page's engine, so such a page starts one worker, not two. The overlay's band is computed in the
// page's engine either way.
//
// Styles: css/playground.css (linked by the page). The state (../state.js) is mirrored in the URL hash
// when syncHash is on. pause()/resume() are the visibility switches used by the article (the reader's
// own play/pause is separate; the run plays when visible unless autoplay=0 or the reader paused it).
// Presets arrive as document CustomEvent 'vg:preset' (detail = partial state) or through applyPreset;
// a preset always leaves the run playing from step 0.
//
// Test hook (read-only, small): window.__vgTest.playground.latest() returns
// { state, trained, idle, playing, step, status, loss, train_accuracy, test_accuracy, grad_w_norm } of
// the latest drawn snapshot (null before the first one), where trained is the config the engine
// runs, read back from the core; window.__vgTest.playground.whenIdle() settles when the queue is empty.
import { getEngine } from '../engine/engine-client.js';
import { onLangChange } from '../i18n.js';
import { defaultState, parseHash, mergeState } from '../state.js';
import { createRunSession, isAnchorHash } from '../playground/session.js';
import { createPlaygroundView } from '../playground/view.js';

// The state to start from: the address (unless it is a #section link), then the page's options.
function initialState(options, syncHash) {
  let state = defaultState();
  let reserved = {};
  const notices = [];
  if (syncHash && !isAnchorHash(window.location.hash)) {
    const parsed = parseHash(window.location.hash);
    ({ state, reserved } = parsed);
    notices.push(...parsed.notices);
  }
  if (options.state) {
    const merged = mergeState(state, options.state);
    state = merged.state;
    notices.push(...merged.notices);
  }
  return { state, reserved, notices };
}

// The page's engine and the one the run trains in (promises); a spawn that failed falls back to the
// page's engine rather than leaving the playground without one.
function playgroundEngines(options) {
  const page = options.engine ? Promise.resolve(options.engine) : getEngine();
  const own = options.ownEngine ?? null;
  const run = own ? own.then((spawned) => spawned ?? page) : page;
  return { page, run, own };
}

export function createPlayground(container, options = {}) {
  const syncHash = options.syncHash !== false;
  const engines = playgroundEngines(options);
  const start = initialState(options, syncHash);
  let session = null;
  const view = createPlaygroundView(container, {
    getState: () => (session ? session.state : start.state),
    intents: {
      change: (partial) => session.change(partial),
      togglePlay: () => session.togglePlay(),
      stepOnce: () => session.stepOnce(),
      reset: () => session.reset(),
    },
  });
  view.relabel();
  view.onNotices(start.notices);
  session = createRunSession({
    engine: engines.run,
    bandEngine: engines.page,
    state: start.state,
    reserved: start.reserved,
    syncHash,
    view,
    gridExtent: () => view.gridExtent(),
    wantsGrid: () => view.wantsGrid(),
    networkArgs: (data) => view.networkArgs(data),
  });

  // The event's own URL: the session may have rewritten the address (replaceState) between the
  // reader's edit and this event, and the edit must not be lost to that.
  const onHashChange = (event) => session.fromHash(new URL(event.newURL).hash);
  window.addEventListener('hashchange', onHashChange);

  function applyPreset(partial) {
    view.announcePreset();
    return session.preset({ ...partial });
  }
  const onPreset = (event) => {
    if (event.detail && typeof event.detail === 'object') applyPreset(event.detail);
  };
  document.addEventListener('vg:preset', onPreset);
  const stopLangListener = onLangChange(() => view.relabel());

  const testHook = {
    latest() {
      const latest = session.latest;
      if (!latest) return null;
      const { stats } = latest;
      return { state: { ...session.state }, trained: session.trained ? { ...session.trained } : null,
        idle: session.idle, playing: session.playing, step: stats.step, status: stats.status, loss: stats.loss,
        train_accuracy: stats.train_accuracy, test_accuracy: stats.test_accuracy,
        grad_w_norm: Array.from(latest.telemetry.grad_w_norm) };
    },
    whenIdle: () => session.whenIdle(),
  };
  window.__vgTest = window.__vgTest || {};
  window.__vgTest.playground = testHook;

  return {
    update(partial) { return session.change(partial); },
    applyPreset,
    pause() { session.setVisible(false); },
    resume() { session.setVisible(true); },
    ready: () => session.whenIdle(),
    destroy() {
      window.removeEventListener('hashchange', onHashChange);
      document.removeEventListener('vg:preset', onPreset);
      stopLangListener();
      session.destroy();
      engines.own?.then((spawned) => spawned?.close(), () => {});
      view.destroy();
      if (window.__vgTest && window.__vgTest.playground === testHook) delete window.__vgTest.playground;
    },
  };
}
