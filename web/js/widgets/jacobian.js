// The input–output Jacobian's singular values (Pennington, Schoenholz & Ganguli 2017), computed by
// the core (Eigen's SVD over 16 training inputs of the 8×8 digits, width 64: a 64×64 Jacobian each)
// at initialization and after training some steps, shown as a histogram over decades with their
// mean and spread, beside the free-probability prediction of the squared singular values' mean and
// normalized variance at initialization (the core's jacobian_spectrum_theory). Orthogonal weights add
// no spread of their own, Gaussian weights one unit of normalized variance per layer.
import { registerStrings, t } from '../i18n.js';
import { createChart, linearScale } from '../charts/chartjs.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import {
  createFrame, createSlider, createSelect, createButton, followLanguage, showStatus, coalesceToFrame,
  createLatestRunner, element,
} from '../ui/controls.js';
import '../theory/strings.js';
import { ACTIVATIONS, INITS } from '../theory/knobs.js';
import { choiceKey } from '../ui/strings.js';
import { spectrumHistogram } from '../engine/spectrum.js';

registerStrings({
  ko: {
    'jac.activation': '활성화 함수',
    'jac.initKind': '가중치 초기화',
    'jac.gain': '초기화 배율 (gain)',
    'jac.depth': '깊이 (은닉층 수)',
    'jac.preset.isometry': '직교 + tanh (임계)',
    'jac.preset.gaussian': '가우시안(Xavier) + tanh',
    'jac.preset.sigmoid': '시그모이드 + Xavier',
    'jac.train': '{steps} 스텝 학습 후 다시 재기',
    'jac.chart': '야코비안 특잇값의 분포 (가로: 10의 거듭제곱, 로그 눈금)',
    'jac.atInit': '초기화 직후',
    'jac.after': '{steps} 스텝 학습 후',
    'jac.axisX': '특잇값 (구간 아래 끝)',
    'jac.axisY': '개수',
    'jac.under': '< 10^{exp}',
    'jac.bin': '10^{exp}',
    'jac.summary': '{when}: 특잇값 {count}개, 평균 {mean}, 가장 큰 값 {max}, 가장 작은 값 {min}, log₁₀ 표준편차 {spread} (자릿수).',
    'jac.verdictTight': '{when}: 특잇값이 좁게 모여 있습니다. 신호가 어느 방향으로 들어가도 비슷한 배율로 전달됩니다. 동역학적 등거리(dynamical isometry)는 그 배율이 1 근처이기까지 해야 하는데, 여기서 특잇값 제곱의 평균은 {meanSq}입니다.',
    'jac.verdictSpread': '{when}: 특잇값이 가장 작은 것부터 가장 큰 것까지 {decades} 자릿수에 걸쳐 흩어져 있습니다. 어떤 방향의 신호(와 기울기)는 살아남고 어떤 방향은 사라집니다.',
    'jac.empty': '이 설정에서는 야코비안을 계산하지 않습니다(너비 ≤ 128, 입력 ≤ 16개일 때만).',
    'jac.table': '야코비안 특잇값 구간별 개수 (계산: C++ 코어, Eigen SVD)',
    'jac.col.bin': '구간',
    'jac.theory': '자유 확률론의 예측(초기화 직후, 이 신경망과 이 입력들): 특잇값 제곱 s²의 평균 {mean}, 정규화 분산 Var[s²]/E[s²]² {spread}. 측정: 평균 {measuredMean}, 정규화 분산 {measuredSpread}.',
    'jac.noTheory': '이 설정에는 자유 확률론의 예측이 없습니다(직교 또는 무작위 초기화, 정사각 층, 배치 정규화와 잔차 연결 없이일 때만).',
  },
  en: {
    'jac.activation': 'Activation',
    'jac.initKind': 'Weight initialization',
    'jac.gain': 'Initialization gain',
    'jac.depth': 'Depth (hidden layers)',
    'jac.preset.isometry': 'orthogonal + tanh (critical)',
    'jac.preset.gaussian': 'Gaussian (Xavier) + tanh',
    'jac.preset.sigmoid': 'sigmoid + Xavier',
    'jac.train': 'Train {steps} steps and measure again',
    'jac.chart': 'Distribution of the Jacobian’s singular values (across: powers of ten, log scale)',
    'jac.atInit': 'at initialization',
    'jac.after': 'after {steps} training steps',
    'jac.axisX': 'singular value (lower end of the bin)',
    'jac.axisY': 'count',
    'jac.under': '< 10^{exp}',
    'jac.bin': '10^{exp}',
    'jac.summary': '{when}: {count} singular values, mean {mean}, largest {max}, smallest {min}, standard deviation of log₁₀ {spread} decades.',
    'jac.verdictTight': '{when}: the singular values are tightly concentrated: a signal entering in any direction is scaled by a similar factor. Dynamical isometry also needs that factor to be near one; here the mean squared singular value is {meanSq}.',
    'jac.verdictSpread': '{when}: the singular values spread over {decades} decades from the smallest to the largest. Signals (and gradients) along some directions survive while others vanish.',
    'jac.empty': 'The Jacobian is not computed for this setting (only for width ≤ 128 and at most 16 inputs).',
    'jac.table': 'Count of Jacobian singular values per bin (computed by the C++ core, Eigen SVD)',
    'jac.col.bin': 'bin',
    'jac.theory': 'Free probability predicts, at initialization for this network and these inputs: squared singular values s² with mean {mean} and normalized variance Var[s²]/E[s²]² {spread}. Measured: mean {measuredMean}, normalized variance {measuredSpread}.',
    'jac.noTheory': 'No free-probability prediction for this setting (only for orthogonal or random initialization, square layers, no batch norm or residual connections).',
  },
});

const TASK = { dataset: 'digits', loss: 'softmax', width: 64, batch_size: 32, optimizer: 'sgd', learning_rate: 0.05, seed: 1, bias_init: 0 };
const NUM_INPUTS = 16;
const TRAIN_STEPS = 200;
const PRESETS = {
  isometry: { activation: 'tanh', init: 'orthogonal', gain: 1 },
  gaussian: { activation: 'tanh', init: 'xavier_normal', gain: 1 },
  sigmoid: { activation: 'sigmoid', init: 'xavier_normal', gain: 1 },
};
const TIGHT_SPREAD = 0.5;  // standard deviation of log10(s), in decades, below which we say "concentrated"

// The readout's sentences: a spectrum's figures, whether it is tight, and the theory beside it.
function describe(summary, when) {
  return t('jac.summary', {
    when, count: summary.count, mean: formatNumber(summary.mean, 3), max: formatNumber(summary.max, 3),
    min: formatNumber(summary.min, 3), spread: formatNumber(summary.log10_std, 2),
  });
}

function verdict(summary, when) {
  const decades = Number.isFinite(summary.log10_range) ? formatNumber(summary.log10_range, 2) : '∞';
  return t(summary.log10_std < TIGHT_SPREAD ? 'jac.verdictTight' : 'jac.verdictSpread',
    { when, decades, meanSq: formatNumber(summary.mean_sq, 3) });
}

function compareWithTheory(summary, theory) {
  if (!theory || !theory.supported) return t('jac.noTheory');
  return t('jac.theory', {
    mean: formatNumber(theory.mean_sq, 3), spread: formatNumber(theory.sq_normalized_variance, 3),
    measuredMean: formatNumber(summary.mean_sq, 3), measuredSpread: formatNumber(summary.sq_normalized_variance, 3),
  });
}

// A fresh network for `state` with its Jacobian's singular values, their histogram and the theory's
// prediction; the caller owns (and disposes) the trainer.
async function build(engine, state) {
  const config = { ...TASK, activation: state.activation, init: state.init, gain: state.gain, depth: state.depth, telemetry_every: 50, hist_bins: 4 };
  const next = await engine.createTrainer(config);
  try {
    const values = await next.jacobian(NUM_INPUTS);
    const [shown, predicted] = await Promise.all([
      spectrumHistogram(engine, [values]),
      engine.call('jacobian_spectrum_theory', [config, NUM_INPUTS]),
    ]);
    return { trainer: next, values, histogram: shown, theory: predicted };
  } catch (error) {
    next.dispose();
    throw error;
  }
}

// The network's knobs (kept in `state`), the presets and the train button.
function createJacobianControls(controls, state, { onRebuild, onRebuildSoon, onTrain }) {
  const activationSelect = createSelect({
    labelKey: 'jac.activation',
    options: ACTIVATIONS.filter((name) => name !== 'maxout').map((name) => ({ value: name, labelKey: choiceKey('activation', name) })),
    value: state.activation,
    onChange(value) { state.activation = value; onRebuild(); },
  });
  const initSelect = createSelect({
    labelKey: 'jac.initKind',
    options: INITS.filter((name) => name !== 'scaled_identity').map((name) => ({ value: name, labelKey: choiceKey('init', name) })),
    value: state.init,
    onChange(value) { state.init = value; onRebuild(); },
  });
  const gainSlider = createSlider({
    labelKey: 'jac.gain', min: 0.1, max: 3, step: 0.05, value: state.gain, format: (value) => value.toFixed(2),
    onInput(value) { state.gain = value; onRebuildSoon(); },
  });
  const depthSlider = createSlider({
    labelKey: 'jac.depth', min: 1, max: 60, step: 1, value: state.depth, format: String,
    onInput(value) { state.depth = value; onRebuildSoon(); },
  });
  const presetRow = element('div', 'button-row');
  for (const name of Object.keys(PRESETS)) {
    presetRow.append(createButton({ labelKey: `jac.preset.${name}`, onClick: () => applyPreset(name) }));
  }
  const trainButton = createButton({ labelKey: 'jac.train', onClick: onTrain });
  trainButton.removeAttribute('data-i18n');
  controls.append(presetRow, activationSelect.element, initSelect.element, gainSlider.element, depthSlider.element, trainButton);

  function applyPreset(name) {
    Object.assign(state, PRESETS[name]);
    activationSelect.set(state.activation);
    initSelect.set(state.init);
    gainSlider.set(state.gain);
    onRebuild();
  }
  return { trainButton };
}

// The singular value histograms at initialization and after training, side by side per bin.
function createSpectrumChart(box) {
  return createChart(box, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { label: '', data: [], backgroundColor: PALETTE.blue },
        { label: '', data: [], backgroundColor: PALETTE.vermillion },
      ],
    },
    options: { scales: { x: { title: { display: true, text: '' } }, y: linearScale('', { min: 0 }) } },
  });
}

export function createJacobian(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-jacobian');
  const state = { ...PRESETS.isometry, depth: Number(options.depth ?? 20) };
  let trainer = null;
  let spectra = { init: null, after: null };
  let histogram = null;  // the core's spectrum_histogram of the spectra shown, as chart rows
  let theory = null;     // the core's jacobian_spectrum_theory for the shown network at initialization
  let trainedSteps = 0;
  let destroyed = false;
  const runLatest = createLatestRunner();

  const { trainButton } = createJacobianControls(parts.controls, state, {
    onRebuild: () => rebuild(), onRebuildSoon: () => rebuildSoon(), onTrain: () => trainMore(),
  });

  const chartBox = element('div', 'chart-box');
  parts.figure.append(element('p', 'chart-title', { 'data-i18n': 'jac.chart' }), chartBox);
  const chart = createSpectrumChart(chartBox);

  function rebuild() {
    runLatest(() => build(engine, state), (result) => {
      if (destroyed) {
        result.trainer.dispose();
        return;
      }
      trainer?.dispose();
      trainer = result.trainer;
      spectra = { init: result.values, after: null };
      histogram = result.histogram;
      theory = result.theory;
      trainedSteps = 0;
      showStatus(parts.status, '');
      draw();
    }, fail);
  }
  const rebuildSoon = coalesceToFrame(rebuild);

  function fail(error) {
    if (!destroyed) showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
  }

  async function trainMore() {
    if (!trainer) return;
    const current = trainer;
    trainButton.disabled = true;
    try {
      const snapshot = await current.step(TRAIN_STEPS);
      const values = await current.jacobian(NUM_INPUTS);
      const both = await spectrumHistogram(engine, [spectra.init, values]);
      if (current !== trainer || destroyed) return;
      trainedSteps = snapshot.stats.step;
      spectra.after = values;
      histogram = both;
      if (snapshot.stats.status === 'diverged') showStatus(parts.status, snapshot.stats.message, 'warning');
      draw();
    } catch (error) {
      fail(error);
    } finally {
      trainButton.disabled = false;
    }
  }

  function draw() {
    trainButton.textContent = t('jac.train', { steps: TRAIN_STEPS });
    const initLabel = t('jac.atInit');
    const afterLabel = t('jac.after', { steps: trainedSteps });
    chart.options.scales.x.title.text = t('jac.axisX');
    chart.options.scales.y.title = { display: true, text: t('jac.axisY') };
    parts.readout.replaceChildren();
    if (!spectra.init || !histogram) return;
    if (spectra.init.length === 0) {
      showStatus(parts.status, t('jac.empty'), 'warning');
      return;
    }
    chart.data.labels = histogram.bins.map((bin) => t(bin.below ? 'jac.under' : 'jac.bin', { exp: formatNumber(bin.log10Lo, 2) }));
    chart.data.datasets[0].label = initLabel;
    chart.data.datasets[0].data = histogram.counts[0];
    chart.data.datasets[1].label = afterLabel;
    chart.data.datasets[1].data = spectra.after ? histogram.counts[1] : [];
    chart.data.datasets[1].hidden = !spectra.after;
    chart.update();
    const shown = [[histogram.summaries[0], initLabel], ...(spectra.after ? [[histogram.summaries[1], afterLabel]] : [])];
    const lines = [...shown.map(([summary, when]) => describe(summary, when)), ...shown.map(([summary, when]) => verdict(summary, when)),
      compareWithTheory(histogram.summaries[0], theory)];
    for (const line of lines) parts.readout.append(Object.assign(element('p'), { textContent: line }));
    renderDataTable(parts.figure, t('jac.table'), [t('jac.col.bin'), initLabel, ...(spectra.after ? [afterLabel] : [])],
      histogram.bins.map((bin, index) => [chart.data.labels[index], histogram.counts[0][index], ...(spectra.after ? [histogram.counts[1][index]] : [])]));
  }

  const stopFollowing = followLanguage(container, () => draw());
  rebuild();

  return {
    update() {},
    pause() {},
    resume() {},
    destroy() {
      destroyed = true;
      stopFollowing();
      trainer?.dispose();
      trainer = null;
      chart.destroy();
      container.replaceChildren();
    },
  };
}
