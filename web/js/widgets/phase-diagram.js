// The mean-field theory beside the measurement (Poole et al. 2016; Schoenholz et al. 2017). Left:
// the order–chaos phase diagram from the core's chi_grid (sigma_w² across, sigma_b² up, the critical
// line chi = 1, the reader's configuration as a point; click or use the arrow keys to move it).
// Right: the gradient norm per layer measured on a real network at initialization (one step of the
// core's trainer: its telemetry is the gradient at the initial weights) with the core's mean_field
// prediction drawn dashed over it.
import { registerStrings, t, setText, plainText } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import {
  createFrame, createSlider, createSelect, createCheckbox, createButton, followLanguage, showStatus,
  coalesceToFrame, createLatestRunner, element,
} from '../ui/controls.js';
import '../theory/strings.js';
import { ACTIVATIONS, INITS } from '../theory/knobs.js';
import { propOf } from '../state.js';
import { choiceKey } from '../ui/strings.js';
import { drawPhaseDiagram, valueAt } from '../theory/phase-canvas.js';
import { gradientProfileAtInit } from '../engine/mean-field.js';
import {
  buildPhaseFigure, labelDiagramAxes, labelProfileChart, showProfile, renderPhaseReadout, renderProfileTable,
} from './phase-figure.js';

registerStrings({
  ko: {
    'phase.activation': '활성화 함수',
    'phase.init': '가중치 초기화',
    'phase.gain': '초기화 배율 (gain)',
    'phase.gainValue': '{gain} (σ_w² = {sw2})',
    'phase.bias': '편향 분산 σ_b² (편향 초깃값 b = √σ_b²)',
    'phase.depth': '깊이 (은닉층 수)',
    'phase.bn': '배치 정규화',
    'phase.residual': '잔차 연결 (두 층마다)',
    'phase.mark.xavier': 'Xavier (σ_w² = 1)',
    'phase.mark.he': 'He (σ_w² = 2)',
    'phase.mark.critical': '임계 (χ = 1)',
    'phase.noCritical': '이 σ_b²에서는 그림 범위 안에 χ = 1인 곳이 없습니다.',
    'phase.outOfReach': '이 초기화로 σ_w² = {sw2}에 닿으려면 gain이 허용된 최댓값 {max}보다 커야 합니다. 점은 최댓값에서 멈춥니다.',
    'phase.diagramLabel': '질서–혼돈 상 그림: 가로 σ_w², 세로 σ_b². 클릭하거나 방향키로 설정을 옮기세요.',
    'phase.axisW': 'σ_w² (가중치 분산 × fan-in)',
    'phase.axisB': 'σ_b²',
    'phase.legend.vanish': 'χ < 1: 기울기 소실 (질서)',
    'phase.legend.explode': 'χ > 1: 기울기 폭발 (혼돈)',
    'phase.legend.critical': 'χ = 1 임계선',
    'phase.chart': '층별 기울기 ‖∂L/∂W‖: 측정(실선)과 평균장 예측(점선)',
    'phase.measured': '측정 (초기화 직후)',
    'phase.predicted': '평균장 예측',
    'phase.chi': 'χ ≈ {chi}: 깊은 층에서 한 층을 거슬러 갈 때마다 오차 신호 ∂L/∂z(사전 활성값에 대한 기울기)의 제곱 크기가 {chi}배가 됩니다.',
    'phase.chiVanish': '1보다 작으니 입력 쪽으로 갈수록 오차 신호가 사라집니다.',
    'phase.chiExplode': '1보다 크니 입력 쪽으로 갈수록 오차 신호가 불어납니다. (가중치 기울기 ∂L/∂W = ∂L/∂z · 층의 입력이므로, ReLU처럼 입력의 크기도 함께 커지는 활성화 함수에서는 층별 가중치 기울기가 평평하게 보일 수 있습니다.)',
    'phase.chiCritical': '거의 1이라 오차 신호가 층을 지나도 크기를 유지합니다(임계, edge of chaos).',
    'phase.profile': '이론은 첫 층의 기울기를 마지막 은닉층의 {ratio}배로 예측하고, 측정값은 {measured}배입니다.',
    'phase.biasNote': '엔진의 편향은 모두 같은 값 b로 시작하지만 이론은 분산 σ_b²의 무작위 편향을 가정합니다. 그래서 b = 0일 때만 정확히 같은 설정입니다.',
    'phase.table': '층별 기울기: 측정값과 평균장 예측 (계산: C++ 코어)',
    'phase.col.layer': '층',
    'phase.col.measured': '측정 ‖∂L/∂W‖',
    'phase.col.predicted': '예측',
  },
  en: {
    'phase.activation': 'Activation',
    'phase.init': 'Weight initialization',
    'phase.gain': 'Initialization gain',
    'phase.gainValue': '{gain} (σ_w² = {sw2})',
    'phase.bias': 'Bias variance σ_b² (initial bias b = √σ_b²)',
    'phase.depth': 'Depth (hidden layers)',
    'phase.bn': 'Batch normalization',
    'phase.residual': 'Residual connections (every two layers)',
    'phase.mark.xavier': 'Xavier (σ_w² = 1)',
    'phase.mark.he': 'He (σ_w² = 2)',
    'phase.mark.critical': 'critical (χ = 1)',
    'phase.noCritical': 'At this σ_b² there is no χ = 1 inside the diagram.',
    'phase.outOfReach': 'With this initialization, σ_w² = {sw2} needs a gain above the largest allowed, {max}; the point stops there.',
    'phase.diagramLabel': 'Order–chaos phase diagram: σ_w² across, σ_b² up. Click or use the arrow keys to move the configuration.',
    'phase.axisW': 'σ_w² (weight variance × fan-in)',
    'phase.axisB': 'σ_b²',
    'phase.legend.vanish': 'χ < 1: vanishing gradients (ordered)',
    'phase.legend.explode': 'χ > 1: exploding gradients (chaotic)',
    'phase.legend.critical': 'χ = 1, the critical line',
    'phase.chart': 'Gradient ‖∂L/∂W‖ per layer: measured (solid) and mean-field prediction (dashed)',
    'phase.measured': 'measured (at initialization)',
    'phase.predicted': 'mean-field prediction',
    'phase.chi': 'χ ≈ {chi}: deep in the network, going back one layer multiplies the squared size of the error signal ∂L/∂z (the gradient with respect to a layer’s pre-activations) by {chi}.',
    'phase.chiVanish': 'Below 1, so the error signal vanishes towards the input.',
    'phase.chiExplode': 'Above 1, so the error signal grows towards the input. (The weight gradient ∂L/∂W is the error signal times the layer’s input; for activations like ReLU, whose outputs grow in step, the weight gradient per layer can look flat.)',
    'phase.chiCritical': 'Close to 1, so the error signal keeps its size from layer to layer (critical: the edge of chaos).',
    'phase.profile': 'The theory predicts the first layer’s gradient at {ratio} times the last hidden layer’s; the measurement gives {measured} times.',
    'phase.biasNote': 'The engine starts every bias at the same value b, while the theory assumes random biases of variance σ_b²; the two are the same setting only at b = 0.',
    'phase.table': 'Gradient per layer: measured and mean-field prediction (computed by the C++ core)',
    'phase.col.layer': 'layer',
    'phase.col.measured': 'measured ‖∂L/∂W‖',
    'phase.col.predicted': 'predicted',
  },
});

const WIDTH = 128;  // the theory describes wide networks; at width 32 finite-width noise dominates
const LEAKY_ALPHA = 0.01;  // the Config default, which the widgets keep
const GAIN_LIMIT = propOf('gain').max;  // the largest gain the core accepts
const GRID_RES = 40;
const B_MAX = 1;
// sigma_w2 range of the diagram: the sigmoid's critical line lies near sigma_w2 ~ 100 (its slope
// is at most 1/4), every other activation's below 4.
const W_MAX = { sigmoid: 160 };
const DEFAULT_W_MAX = 4;
const MEASURE_TASK = { dataset: 'moons', num_samples: 400, seed: 1, width: WIDTH, batch_size: 128, learning_rate: 0.01, loss: 'bce' };

// The engine config of the measured network: the widget's knobs on the fixed task, the bias
// variance as the bias every unit starts at (b = √σ_b²).
function measureConfig(state) {
  return {
    ...MEASURE_TASK, activation: state.activation, init: state.init, gain: state.gain, depth: state.depth,
    bias_init: Math.sqrt(state.sigmaB2), batch_norm: state.batch_norm, residual_every: state.residual ? 2 : 0,
  };
}

// chi over the diagram and its critical line, computed once per activation.
function createGridCache(engine) {
  const grids = new Map();  // activation -> { grid, critical, res, w0, w1, b0, b1 }
  return async function gridFor(activation) {
    if (!grids.has(activation)) {
      const w1 = W_MAX[activation] ?? DEFAULT_W_MAX;
      const [grid, critical] = await Promise.all([
        engine.call('chi_grid', [activation, LEAKY_ALPHA, 0, w1, 0, B_MAX, GRID_RES]),
        engine.call('critical_line', [activation, LEAKY_ALPHA, 0, B_MAX, GRID_RES]),
      ]);
      grids.set(activation, { grid, critical: Array.from(critical), res: GRID_RES, w0: 0, w1, b0: 0, b1: B_MAX });
    }
    return grids.get(activation);
  };
}

// The diagram, the measured and predicted profile, and the gain that reaches the diagram's right edge.
async function measure(engine, state, gridFor) {
  const current = measureConfig(state);
  const [grid, profile] = await Promise.all([
    gridFor(current.activation),
    gradientProfileAtInit(engine, current, state.sigmaB2),
  ]);
  // The slider reaches the diagram's right edge (at least gain 3) as far as the config allows.
  const gainAtEdge = await engine.call('gain_for_sigma_w2', [current, grid.w1, WIDTH, WIDTH]);
  return { grid, profile, gainMax: Math.min(GAIN_LIMIT, Math.max(3, Number.isFinite(gainAtEdge) ? gainAtEdge : 0)) };
}

// The knobs: activation, init, gain with the jumps to Xavier, He and the critical line, bias
// variance, depth, batch norm and residual connections. Each writes its field of `state`.
function buildPhaseControls(controls, state, { refresh, refreshSoon, jumpTo, sigmaW2Text }) {
  const activationSelect = createSelect({
    labelKey: 'phase.activation',
    options: ACTIVATIONS.map((name) => ({ value: name, labelKey: choiceKey('activation', name) })),
    value: state.activation,
    onChange(value) { state.activation = value; refresh(); },
  });
  const initSelect = createSelect({
    labelKey: 'phase.init',
    options: INITS.filter((name) => name !== 'scaled_identity').map((name) => ({ value: name, labelKey: choiceKey('init', name) })),
    value: state.init,
    onChange(value) { state.init = value; refresh(); },
  });
  const gainSlider = createSlider({
    labelKey: 'phase.gain', min: 0.05, max: 3, step: 0.01, value: state.gain,
    format: (gain) => t('phase.gainValue', { gain: gain.toFixed(2), sw2: sigmaW2Text() }),
    onInput(value) { state.gain = value; refreshSoon(); },
  });
  const biasSlider = createSlider({
    labelKey: 'phase.bias', min: 0, max: B_MAX, step: 0.01, value: state.sigmaB2, format: (value) => value.toFixed(2),
    onInput(value) { state.sigmaB2 = value; refreshSoon(); },
  });
  const depthSlider = createSlider({
    labelKey: 'phase.depth', min: 2, max: 100, step: 1, value: state.depth, format: String,
    onInput(value) { state.depth = value; refreshSoon(); },
  });
  const bnBox = createCheckbox({ labelKey: 'phase.bn', checked: false, onChange(checked) { state.batch_norm = checked; refresh(); } });
  const residualBox = createCheckbox({ labelKey: 'phase.residual', checked: false, onChange(checked) { state.residual = checked; refresh(); } });
  const marks = element('div', 'button-row phase-marks');
  for (const mark of ['xavier', 'he', 'critical']) {
    marks.append(createButton({ labelKey: `phase.mark.${mark}`, onClick: () => jumpTo(mark) }));
  }
  controls.append(activationSelect.element, initSelect.element, gainSlider.element, marks, biasSlider.element,
    depthSlider.element, bnBox.element, residualBox.element);
  return { activationSelect, initSelect, gainSlider, biasSlider };
}

// A click moves the configuration to the clicked point; the arrow keys step it by 1/40 of the
// diagram's sigma_w² range and 1/20 of its sigma_b² range. `current` gives { view, latest, sigmaB2 }.
function followDiagramInput(canvas, current, moveTo) {
  canvas.addEventListener('click', (event) => {
    const { view } = current();
    if (!view) return;
    const value = valueAt(canvas, event.clientX, event.clientY, view);
    moveTo(value.sigmaW2, value.sigmaB2);
  });
  canvas.addEventListener('keydown', (event) => {
    const { view, latest, sigmaB2 } = current();
    if (!view || !latest) return;
    const stepW = (view.w1 - view.w0) / 40;
    const stepB = (view.b1 - view.b0) / 20;
    const moves = { ArrowLeft: [-stepW, 0], ArrowRight: [stepW, 0], ArrowUp: [0, stepB], ArrowDown: [0, -stepB] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    moveTo(latest.profile.sigmaW2 + move[0], sigmaB2 + move[1]);
  });
}

// The knobs an embed or the article may set (activation, init, gain, depth); the rest start plain.
function initialState(options) {
  return {
    activation: ACTIVATIONS.includes(options.activation) ? options.activation : 'tanh',
    init: INITS.includes(options.init) ? options.init : 'xavier_uniform',
    gain: Number(options.gain ?? 1),
    sigmaB2: 0,
    depth: Number(options.depth ?? 20),
    batch_norm: false,
    residual: false,
  };
}

// What the diagram draws: chi over the plane, the configuration's point and the Xavier and He marks.
function diagramView(result, sigmaB2) {
  return {
    ...result.grid,
    point: { sigmaW2: result.profile.sigmaW2, sigmaB2 },
    markers: [{ sigmaW2: 1, label: 'Xavier' }, { sigmaW2: 2, label: 'He' }],
  };
}

export function createPhaseDiagram(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-phase');
  const state = initialState(options);
  const gridFor = createGridCache(engine);
  let view = null;
  let destroyed = false;
  let latest = null;        // { grid, profile: gradientProfileAtInit's result, gainMax }
  let notice = '';          // a note on the last jump, for the next drawing only
  const runLatest = createLatestRunner();

  const refreshSoon = coalesceToFrame(refresh);
  const { activationSelect, initSelect, gainSlider, biasSlider } = buildPhaseControls(parts.controls, state, {
    refresh, refreshSoon, jumpTo,
    // sigma_w2 as the core last computed it (the label catches up when a drag's computation lands).
    sigmaW2Text: () => (latest ? formatNumber(latest.profile.sigmaW2, 3) : '…'),
  });
  const figure = buildPhaseFigure(parts.figure);
  const { canvas, chart } = figure;

  async function jumpTo(mark) {
    const target = mark === 'xavier' ? 1 : mark === 'he' ? 2
      : await engine.call('critical_sigma_w2', [state.activation, LEAKY_ALPHA, state.sigmaB2]);
    if (destroyed) return;
    if (!Number.isFinite(target) || (view && target > view.w1)) {
      showStatus(parts.status, t('phase.noCritical'), 'info');
      return;
    }
    // Shown with the figure the refresh draws (which rewrites the status line).
    notice = (await setSigmaW2(target)) ? '' : t('phase.outOfReach', { sw2: formatNumber(target, 3), max: gainSlider.input.max });
    refresh();
  }

  // The gain the core finds for this sigma_w2 under the chosen init (hidden layers), kept on the
  // slider. Resolves to false when the slider cannot reach it (it then stops at its end).
  async function setSigmaW2(sigmaW2) {
    const gain = await engine.call('gain_for_sigma_w2', [measureConfig(state), Math.max(0, sigmaW2), WIDTH, WIDTH]);
    if (!Number.isFinite(gain)) return false;
    const [lowest, highest] = [Number(gainSlider.input.min), Number(gainSlider.input.max)];
    state.gain = Math.min(highest, Math.max(lowest, gain));
    gainSlider.set(state.gain);
    return gain <= highest;
  }

  function setSigmaB2(sigmaB2) {
    state.sigmaB2 = Math.min(B_MAX, Math.max(0, Math.round(sigmaB2 * 100) / 100));
    biasSlider.set(state.sigmaB2);
  }

  function moveTo(sigmaW2, sigmaB2) {
    setSigmaB2(sigmaB2);
    setSigmaW2(sigmaW2).then(refresh, fail);
  }

  followDiagramInput(canvas, () => ({ view, latest, sigmaB2: state.sigmaB2 }), moveTo);

  function apply(result) {
    if (destroyed) return;
    view = diagramView(result, state.sigmaB2);
    latest = result;
    gainSlider.input.max = String(Math.floor(result.gainMax * 100) / 100);
    gainSlider.refresh();
    draw();
  }

  function fail(error) {
    if (!destroyed) showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
  }

  function refresh() {
    runLatest(() => measure(engine, state, gridFor), apply, fail);
  }

  function draw() {
    labelDiagramAxes(figure, view);
    canvas.setAttribute('aria-label', plainText(t('phase.diagramLabel')));
    if (view) drawPhaseDiagram(canvas, view);
    labelProfileChart(chart);
    if (!latest) return;
    const { profile } = latest;
    showProfile(chart, profile);
    const messages = renderPhaseReadout(parts.readout, profile, state.sigmaB2);
    if (state.batch_norm || state.residual) messages.push(t('theory.beyond'));
    if (notice) messages.push(notice);
    notice = '';
    showStatus(parts.status, messages.join(' '), messages.length ? 'warning' : 'info');
    renderProfileTable(parts.figure, profile);
  }

  const onResize = coalesceToFrame(() => view && drawPhaseDiagram(canvas, view));
  window.addEventListener('resize', onResize);
  const stopFollowing = followLanguage(container, () => {
    gainSlider.refresh();
    draw();
  });
  refresh();

  return {
    update(newOptions = {}) {
      if (ACTIVATIONS.includes(newOptions.activation)) {
        state.activation = newOptions.activation;
        activationSelect.set(state.activation);
      }
      if (INITS.includes(newOptions.init)) {
        state.init = newOptions.init;
        initSelect.set(state.init);
      }
      refresh();
    },
    pause() {},
    resume() {},
    destroy() {
      destroyed = true;
      window.removeEventListener('resize', onResize);
      stopFollowing();
      chart.destroy();
      container.replaceChildren();
    },
  };
}
