// Section 7: the same task trained side by side under five recipes, same seed, one trainer each in
// the engine's worker. Two charts: training loss and the first layer's gradient norm over steps.
// Runs while visible, pauses when scrolled away, stops at MAX_STEPS.
import { registerStrings, t } from '../i18n.js';
import { createChart, linearScale, logScale } from '../charts/chartjs.js';
import { forLogAxis } from '../charts/log-axis.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { SERIES_COLOURS } from '../charts/palette.js';
import { createFrame, createButton, createSelect, followLanguage, showStatus, element } from '../ui/controls.js';
import { createSideBySide, CHART_FRAME_MS } from './side-by-side.js';

registerStrings({
  ko: {
    'summary.play': '학습 시작',
    'summary.pause': '일시 정지',
    'summary.resume': '이어서 학습',
    'summary.reset': '처음부터',
    'summary.depth': '깊이 (은닉층 수)',
    'summary.depthOption': '{depth}층',
    'summary.progress': '스텝 {step} / {max}',
    'summary.done': '{max} 스텝 완료',
    'summary.loss': '학습 손실 (로그 눈금)',
    'summary.grad': '첫 층 기울기 ‖∂L/∂W[1]‖ (로그 눈금)',
    'summary.axis.step': '스텝',
    'summary.diverged': '{name}: 스텝 {step}에서 발산',
    'summary.recipe.sigmoid_naive': '시그모이드 + 단순 초기화',
    'summary.recipe.sigmoid_xavier': '시그모이드 + Xavier',
    'summary.recipe.relu_he': 'ReLU + He',
    'summary.recipe.relu_he_bn': 'ReLU + He + 배치 정규화',
    'summary.recipe.relu_he_residual': 'ReLU + He (gain ½) + 잔차 연결',
    'summary.table': '처방별 최근 스텝의 손실, 테스트 정확도, 첫 층 기울기 (계산: C++ 코어)',
    'summary.col.recipe': '처방',
    'summary.col.step': '스텝',
    'summary.col.loss': '학습 손실',
    'summary.col.accuracy': '테스트 정확도',
    'summary.col.grad': '첫 층 기울기',
    'summary.task': '과제: {dataset} 데이터 분류, 폭 {width}, SGD(학습률 {lr}), 배치 {batch}, 시드 {seed}.',
  },
  en: {
    'summary.play': 'Start training',
    'summary.pause': 'Pause',
    'summary.resume': 'Continue training',
    'summary.reset': 'Start over',
    'summary.depth': 'Depth (hidden layers)',
    'summary.depthOption': '{depth} layers',
    'summary.progress': 'step {step} / {max}',
    'summary.done': '{max} steps done',
    'summary.loss': 'training loss (log scale)',
    'summary.grad': 'first-layer gradient ‖∂L/∂W[1]‖ (log scale)',
    'summary.axis.step': 'step',
    'summary.diverged': '{name}: diverged at step {step}',
    'summary.recipe.sigmoid_naive': 'sigmoid + naive init',
    'summary.recipe.sigmoid_xavier': 'sigmoid + Xavier',
    'summary.recipe.relu_he': 'ReLU + He',
    'summary.recipe.relu_he_bn': 'ReLU + He + batch norm',
    'summary.recipe.relu_he_residual': 'ReLU + He (gain ½) + residual',
    'summary.table': 'Latest loss, test accuracy and first-layer gradient per recipe (computed by the C++ core)',
    'summary.col.recipe': 'recipe',
    'summary.col.step': 'step',
    'summary.col.loss': 'training loss',
    'summary.col.accuracy': 'test accuracy',
    'summary.col.grad': 'first-layer gradient',
    'summary.task': 'Task: classify the {dataset} data; width {width}, SGD (learning rate {lr}), batch {batch}, seed {seed}.',
  },
});

// The shared task; each recipe changes only what its name says.
const TASK = {
  dataset: 'moons', num_samples: 400, noise: 0.15, seed: 7,
  width: 32, loss: 'bce', optimizer: 'sgd', learning_rate: 0.05, batch_size: 32,
  gain: 1, bias_init: 0, clip_norm: 0, batch_norm: false, residual_every: 0,
};
const RECIPES = [
  { id: 'sigmoid_naive', config: { activation: 'sigmoid', init: 'naive' } },
  { id: 'sigmoid_xavier', config: { activation: 'sigmoid', init: 'xavier_uniform' } },
  { id: 'relu_he', config: { activation: 'relu', init: 'he_normal' } },
  { id: 'relu_he_bn', config: { activation: 'relu', init: 'he_normal', batch_norm: true } },
  // Each shortcut adds its branch's variance, so the branches start at half size (as in section 6).
  { id: 'relu_he_residual', config: { activation: 'relu', init: 'he_normal', gain: 0.5, residual_every: 2 } },
];
const DEPTHS = [10, 20, 30];
const STEPS_PER_TICK = 25;
const MAX_STEPS = 1500;

// The task line and the two charts side by side, each under its title.
function appendChartPair(figure) {
  const task = element('p', 'widget-readout');
  const pair = element('div', 'chart-pair');
  const lossBox = element('div', 'chart-box');
  const gradBox = element('div', 'chart-box');
  const lossTitle = element('p', 'chart-title', { 'data-i18n': 'summary.loss' });
  const gradTitle = element('p', 'chart-title', { 'data-i18n': 'summary.grad' });
  const lossCell = element('div');
  const gradCell = element('div');
  lossCell.append(lossTitle, lossBox);
  gradCell.append(gradTitle, gradBox);
  pair.append(lossCell, gradCell);
  figure.append(task, pair);
  return { task, lossBox, gradBox };
}

// One line per recipe, on a log axis; runsOf() gives the runs the tooltips read.
function chartConfig(key, runsOf) {
  return {
    type: 'line',
    data: {
      datasets: RECIPES.map((recipe, index) => ({
        label: recipe.id, data: [], borderColor: SERIES_COLOURS[index], backgroundColor: SERIES_COLOURS[index],
        borderDash: index === 0 ? [6, 3] : [],
      })),
    },
    options: {
      parsing: false,
      scales: { x: linearScale('', { min: 0 }), y: logScale('') },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => `${t('summary.axis.step')} ${items[0].parsed.x}`,
            label: (context) => `${context.dataset.label}: ${formatNumber(runsOf()[context.datasetIndex]?.[key][context.dataIndex]?.y, 6)}`,
          },
        },
      },
    },
  };
}

// Keeps a run's latest figures and its loss and gradient series.
function record(run, snapshot) {
  const { stats, telemetry } = snapshot;
  run.latest = { step: stats.step, loss: stats.loss, testAccuracy: stats.test_accuracy, grad: telemetry.grad_w_norm[0] };
  run.losses.push({ x: stats.step, y: stats.loss });
  run.grads.push({ x: stats.step, y: telemetry.grad_w_norm[0] });
  if (stats.status === 'diverged') run.diverged = { step: stats.diverged_step };
}

function writeTable(figure, runs) {
  renderDataTable(figure, t('summary.table'), [
    t('summary.col.recipe'), t('summary.col.step'), t('summary.col.loss'), t('summary.col.accuracy'), t('summary.col.grad'),
  ], runs.map((run) => [
    t(`summary.recipe.${run.recipe.id}`), run.latest?.step ?? 0, run.latest?.loss ?? '', run.latest?.testAccuracy ?? '', run.latest?.grad ?? '',
  ]));
}

export function createSummary(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-summary');
  let depth = DEPTHS.includes(options.depth) ? options.depth : 30;
  // Runs in RECIPES order: { recipe, trainer, losses: [{x, y}], grads: [{x, y}], latest, diverged }
  const sideBySide = createSideBySide({
    stepsPerTick: STEPS_PER_TICK,
    maxSteps: () => MAX_STEPS,
    record,
    draw,
    showError,
    afterLoop: relabel,
    playing: options.autoplay !== false,
    drawEveryMs: CHART_FRAME_MS,
  });

  const playButton = createButton({ labelKey: 'summary.play', onClick: () => setPlaying(!sideBySide.playing) });
  playButton.removeAttribute('data-i18n');  // its label follows the run state, set in relabel()
  const resetButton = createButton({ labelKey: 'summary.reset', onClick: () => start() });
  const depthSelect = createSelect({
    labelKey: 'summary.depth',
    options: DEPTHS.map((value) => ({ value: String(value) })),  // labelled in relabel()
    value: String(depth),
    onChange(value) {
      depth = Number(value);
      start();
    },
  });
  const progress = element('span', 'summary-progress', { 'aria-live': 'off' });
  const actions = element('div', 'summary-actions');
  actions.append(playButton, resetButton, progress);
  parts.controls.append(depthSelect.element, actions);

  const { task, lossBox, gradBox } = appendChartPair(parts.figure);

  const lossChart = createChart(lossBox, chartConfig('losses', () => sideBySide.runs));
  const gradChart = createChart(gradBox, chartConfig('grads', () => sideBySide.runs));

  function relabel() {
    for (const chart of [lossChart, gradChart]) {
      RECIPES.forEach((recipe, index) => { chart.data.datasets[index].label = t(`summary.recipe.${recipe.id}`); });
      chart.options.scales.x.title = { display: true, text: t('summary.axis.step') };
    }
    for (const value of DEPTHS) {
      const option = depthSelect.select.querySelector(`option[value="${value}"]`);
      option.textContent = t('summary.depthOption', { depth: value });
    }
    const playing = sideBySide.playing && !sideBySide.isFinished();
    playButton.textContent = t(playing ? 'summary.pause' : (sideBySide.runs[0]?.latest ? 'summary.resume' : 'summary.play'));
    playButton.setAttribute('aria-pressed', String(playing));
    task.textContent = t('summary.task', {
      dataset: t(`enum.dataset.${TASK.dataset}`), width: TASK.width, lr: TASK.learning_rate, batch: TASK.batch_size, seed: TASK.seed,
    });
  }

  function showError(error) {
    showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
  }

  async function start() {
    try {
      await sideBySide.restart(async () => {
        showStatus(parts.status, '');
        const trainers = await Promise.all(RECIPES.map((recipe) => engine.createTrainer({
          ...TASK, ...recipe.config, depth, telemetry_every: STEPS_PER_TICK,
        })));
        return RECIPES.map((recipe, index) => ({ recipe, trainer: trainers[index], losses: [], grads: [], latest: null, diverged: null }));
      });
    } catch (error) {
      showError(error);
    }
  }

  function draw() {
    relabel();
    const { runs } = sideBySide;
    runs.forEach((run, index) => {
      lossChart.data.datasets[index].data = run.losses.map((point) => ({ x: point.x, y: forLogAxis(point.y) }));
      gradChart.data.datasets[index].data = run.grads.map((point) => ({ x: point.x, y: forLogAxis(point.y) }));
    });
    lossChart.update();
    gradChart.update();
    const step = Math.max(0, ...runs.map((run) => run.latest?.step ?? 0));
    progress.textContent = sideBySide.isFinished() ? t('summary.done', { max: MAX_STEPS }) : t('summary.progress', { step, max: MAX_STEPS });
    const diverged = runs.filter((run) => run.diverged);
    showStatus(parts.status, diverged.map((run) => t('summary.diverged', {
      name: t(`summary.recipe.${run.recipe.id}`), step: run.diverged.step,
    })).join(' '), 'warning');
    writeTable(parts.figure, runs);
  }

  function setPlaying(playing) {
    sideBySide.setPlaying(playing);
    relabel();
  }

  const stopFollowing = followLanguage(container, () => draw());
  relabel();
  start();

  return {
    update(newOptions = {}) {
      if (DEPTHS.includes(newOptions.depth)) {
        depth = newOptions.depth;
        depthSelect.set(String(depth));
        start();
      }
    },
    pause: sideBySide.pause,
    resume: sideBySide.resume,
    destroy() {
      sideBySide.destroy();
      stopFollowing();
      lossChart.destroy();
      gradChart.destroy();
      container.replaceChildren();
    },
  };
}
