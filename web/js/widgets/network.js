// See the network (issue 12, tool 4): a small network trained live, drawn as layers of units with
// links (classroom/network-diagram.js): each unit's output over the input plane, each link's |W| as
// its width and its latest |∂L/∂W| as its colour on a log scale, so the reader watches the gradient
// fade toward the input on the network itself. Deeper or wider than 8: one column per layer.
// Factory: createNetwork(container, { engine, depth?, width?, activation?, init?, dataset?, autoplay? }).
import { registerStrings, t } from '../i18n.js';
import {
  createFrame, createSelect, createSlider, createButton, activationOptions, followLanguage, showStatus, element,
  coalesceToFrame,
} from '../ui/controls.js';
import { formatNumber } from '../ui/format.js';
import { createSideBySide } from './side-by-side.js';
import { createNetworkDiagram, drawsUnits, NETWORK_VIEW_RESOLUTION } from '../classroom/network-diagram.js';
import { planeExtent } from '../charts/boundary-plane.js';
import '../ui/strings.js';  // the data sets' names (enum.dataset.*)
import { WIDGET_PARAMS } from './params.js';

registerStrings({
  ko: {
    'network.depth': '은닉층 수',
    'network.width': '층마다 유닛 수',
    'network.init': '가중치 초기화',
    'network.init.xavier_normal': 'Xavier (정규분포)',
    'network.init.he_normal': 'He (정규분포)',
    'network.init.naive': '표준정규 N(0, 1)',
    'network.dataset': '데이터',
    'network.play': '▶ 학습',
    'network.pause': '❚❚ 멈춤',
    'network.again': '▶ 처음부터 다시',
    'network.step': '한 스텝',
    'network.reset': '처음으로',
    'network.status': '스텝 {step} · 손실 {loss}',
    'network.diverged': '스텝 {step}에서 발산했습니다 (값이 무한대가 됨). 처음으로 돌아가거나 설정을 바꾸세요.',
  },
  en: {
    'network.depth': 'Hidden layers',
    'network.width': 'Units per layer',
    'network.init': 'Weight initialization',
    'network.init.xavier_normal': 'Xavier (normal)',
    'network.init.he_normal': 'He (normal)',
    'network.init.naive': 'standard normal N(0, 1)',
    'network.dataset': 'Data',
    'network.play': '▶ Train',
    'network.pause': '❚❚ Pause',
    'network.again': '▶ Start again',
    'network.step': 'One step',
    'network.reset': 'Reset',
    'network.status': 'step {step} · loss {loss}',
    'network.diverged': 'The run diverged at step {step} (a value overflowed). Reset or change the settings.',
  },
});

const PARAMS = WIDGET_PARAMS.network;  // the choices and ranges, shared with embed.html's hash
const DEFAULTS = { depth: 6, width: 5, activation: 'sigmoid', init: 'xavier_normal', dataset: 'circle', autoplay: true };
const TASK = { num_samples: 300, noise: 0.1, seed: 3, loss: 'bce', optimizer: 'sgd', learning_rate: 0.1, batch_size: 32 };
const STEPS_PER_TICK = 2;
const MAX_STEPS = 3000;
const VIEW_INTERVAL_MS = 200;  // the unit pictures at most 5 times a second while training

// The network's choices and sizes (kept in `state`).
function createNetworkControls(controls, state, { onRestart, onRestartSoon }) {
  const selects = {
    activation: createSelect({ labelKey: 'widget.activation', options: activationOptions(PARAMS.activation.values), value: state.activation,
      onChange(value) { state.activation = value; onRestart(); } }),
    init: createSelect({ labelKey: 'network.init', options: PARAMS.init.values.map((name) => ({ value: name, labelKey: `network.init.${name}` })),
      value: state.init, onChange(value) { state.init = value; onRestart(); } }),
    dataset: createSelect({ labelKey: 'network.dataset', options: PARAMS.dataset.values.map((name) => ({ value: name, labelKey: `enum.dataset.${name}` })),
      value: state.dataset, onChange(value) { state.dataset = value; onRestart(); } }),
  };
  const sliders = {
    depth: createSlider({ labelKey: 'network.depth', min: PARAMS.depth.min, max: PARAMS.depth.max, step: 1, value: state.depth, onInput(value) { state.depth = value; onRestartSoon(); } }),
    width: createSlider({ labelKey: 'network.width', min: PARAMS.width.min, max: PARAMS.width.max, step: 1, value: state.width, onInput(value) { state.width = value; onRestartSoon(); } }),
  };
  controls.append(...Object.values(selects).map((s) => s.element), ...Object.values(sliders).map((s) => s.element));
  return { selects, sliders };
}

// Play / step / reset and the run's status line.
function appendRunButtons(figure, { onPlay, onStep, onReset }) {
  const playButton = createButton({ labelKey: 'network.play', className: 'network-play', onClick: onPlay });
  playButton.removeAttribute('data-i18n');  // its label follows the run state (relabel)
  const stepButton = createButton({ labelKey: 'network.step', className: 'network-step', onClick: onStep });
  const resetButton = createButton({ labelKey: 'network.reset', className: 'network-reset', onClick: onReset });
  const bar = element('div', 'button-row network-buttons');
  const status = element('p', 'network-status', { 'aria-live': 'off' });
  bar.append(playButton, stepButton, resetButton, status);
  figure.append(bar);
  return { playButton, stepButton, status };
}

// Takes the options that differ from `state` into it and its controls; true when any did.
function applyOptions(state, newOptions, { selects, sliders }) {
  let changed = false;
  for (const key of ['depth', 'width']) {
    if (Number.isInteger(newOptions[key]) && newOptions[key] !== state[key]) {
      state[key] = newOptions[key];
      sliders[key].set(state[key]);
      changed = true;
    }
  }
  for (const key of ['activation', 'init', 'dataset']) {
    if (newOptions[key] !== undefined && newOptions[key] !== state[key]) {
      state[key] = newOptions[key];
      selects[key].set(state[key]);
      changed = true;
    }
  }
  return changed;
}

// The play button's label and state follow the run; the status line shows its step and loss.
function labelRunButtons({ playButton, stepButton, status }, { entry, diverged, sideBySide, latest }) {
  const key = sideBySide.isFinished() && !diverged ? 'network.again' : sideBySide.playing && !diverged ? 'network.pause' : 'network.play';
  playButton.textContent = t(key);
  playButton.setAttribute('aria-pressed', String(sideBySide.playing && !diverged));
  playButton.disabled = diverged || !entry;
  stepButton.disabled = diverged || !entry;
  status.textContent = latest ? t('network.status', { step: latest.stats.step, loss: formatNumber(latest.stats.loss, 3) }) : t('widget.loading');
}

// A fresh run of `config`: its trainer, first snapshot and data.
async function startRun(engine, config) {
  const trainer = await engine.createTrainer(config);
  const [snapshot, runData] = await Promise.all([trainer.snapshot(), trainer.data()]);
  return { trainer, snapshot, runData };
}

// The core's network_view over the plane for `snapshot`, with what the diagram draws beside it.
async function unitsView(trainer, extent, snapshot) {
  const view = await trainer.networkView(NETWORK_VIEW_RESOLUTION, extent.x0, extent.x1, extent.y0, extent.y1);
  if (view.error) throw new Error(view.error);
  const { act_lo: actLo, act_hi: actHi } = snapshot.histRanges;
  return { view, actLo, actHi, gradNorms: snapshot.telemetry.grad_w_norm, step: snapshot.stats.step };
}

// At most one network_view every VIEW_INTERVAL_MS while training (force: now); start() gives the
// request's token, or null when it is too soon, and answers to a superseded token are dropped.
function createViewThrottle() {
  let token = 0;
  let lastTime = -Infinity;
  return {
    start(force) {
      const now = performance.now();
      if (!force && now - lastTime < VIEW_INTERVAL_MS) return null;
      lastTime = now;
      token += 1;
      return token;
    },
    isCurrent: (mine) => mine === token,
    reset() {
      token += 1;
      lastTime = -Infinity;
    },
  };
}

function recordStep(entry, snapshot) {
  entry.latest = { step: snapshot.stats.step };
  if (snapshot.stats.status === 'diverged') entry.diverged = { step: snapshot.stats.diverged_step };
}

// One step outside the loop (which it pauses), handed to onSnapshot unless the run changed meanwhile.
async function stepOnce(sideBySide, runOf, { onSnapshot, onError }) {
  const entry = runOf();
  if (!entry || entry.diverged) return;
  sideBySide.setPlaying(false);
  try {
    const snapshot = await entry.trainer.step(1);
    if (entry === runOf()) onSnapshot(entry, snapshot);
  } catch (error) {
    onError(error);
  }
}

export function createNetwork(container, options = {}) {
  const { engine } = options;
  const state = Object.fromEntries(Object.entries(DEFAULTS).map(([key, value]) => [key, options[key] !== undefined ? options[key] : value]));

  const parts = createFrame(container, 'widget-network');
  let data = null;      // the run's data (for the plane's extent)
  let extent = null;
  let latest = null;    // the latest snapshot
  const views = createViewThrottle();
  let failure = '';

  const { selects, sliders } = createNetworkControls(parts.controls, state, { onRestart: () => restart(), onRestartSoon: () => restartSoon() });

  const stepHandlers = { onSnapshot(entry, snapshot) { record(entry, snapshot); draw({ force: true }); }, onError: fail };
  const { playButton, stepButton, status } = appendRunButtons(parts.figure, {
    onPlay: togglePlay, onStep: () => stepOnce(sideBySide, run, stepHandlers), onReset: () => restart(),
  });
  const diagram = createNetworkDiagram(parts.figure);

  const run = () => sideBySide.runs[0];
  const unitsDrawn = () => drawsUnits({ depth: state.depth, width: state.width, inputDim: data?.inputDim ?? 2 });

  const record = (entry, snapshot) => { recordStep(entry, snapshot); latest = snapshot; };

  // The column view comes from the snapshot alone; the unit view also needs the core's network_view,
  // fetched at most every VIEW_INTERVAL_MS while training (always after a single step or a reset).
  function draw({ force = false } = {}) {
    relabel();
    if (!latest) return;
    const gradNorms = latest.telemetry.grad_w_norm;
    const step = latest.stats.step;
    if (!unitsDrawn() || !extent) {
      diagram.showLayers(gradNorms, { reasonKey: data && data.inputDim !== 2 ? 'net.fallback.plane' : 'net.fallback.large', step });
      container.dataset.step = String(step);
      return;
    }
    const token = views.start(force);
    if (token === null) return;
    const snapshot = latest;
    unitsView(run().trainer, extent, snapshot).then((units) => {
      if (!views.isCurrent(token)) return;
      diagram.showUnits(units.view, units);
      container.dataset.step = String(snapshot.stats.step);
    }).catch(fail);
  }

  function fail(error) {
    failure = error.message;
    showStatus(parts.status, t('widget.error', { message: failure }), 'error');
  }

  const sideBySide = createSideBySide({
    stepsPerTick: STEPS_PER_TICK,
    maxSteps: () => MAX_STEPS,
    record,
    draw: () => draw(),
    showError: fail,
    afterLoop: () => draw({ force: true }),
    playing: state.autoplay,
  });

  function restart() {
    latest = null;
    views.reset();
    failure = '';
    showStatus(parts.status, '');
    const config = { ...TASK, dataset: state.dataset, activation: state.activation, init: state.init, depth: state.depth, width: state.width };
    sideBySide.restart(async (isCurrent) => {
      const { trainer, snapshot, runData } = await startRun(engine, config);
      if (isCurrent()) {
        data = runData;
        extent = data.inputDim === 2 ? planeExtent(data) : null;
        latest = snapshot;
      }
      return [{ trainer, latest: { step: 0 }, diverged: null }];
    }).catch(fail);
  }
  // A slider dragged across its range asks for one run per frame at most.
  const restartSoon = coalesceToFrame(restart);

  function togglePlay() {
    if (sideBySide.isFinished() && !run()?.diverged) {
      restart();
      sideBySide.setPlaying(true);
    } else {
      sideBySide.setPlaying(!sideBySide.playing);
    }
    relabel();
  }

  function relabel() {
    const entry = run();
    const diverged = Boolean(entry?.diverged);
    labelRunButtons({ playButton, stepButton, status }, { entry, diverged, sideBySide, latest });
    if (diverged) showStatus(parts.status, t('network.diverged', { step: entry.diverged.step }), 'warning');
    else if (!failure) showStatus(parts.status, '');
  }

  const stopFollowing = followLanguage(container, () => {
    Object.values(sliders).forEach((slider) => slider.refresh());
    relabel();
    diagram.relabel();
  });
  restart();

  return {
    update(newOptions = {}) {
      if (applyOptions(state, newOptions, { selects, sliders })) restart();
    },
    pause: sideBySide.pause,
    resume: sideBySide.resume,
    destroy() {
      views.reset();
      sideBySide.destroy();
      diagram.destroy();
      stopFollowing();
      container.replaceChildren();
    },
  };
}
