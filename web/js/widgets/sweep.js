// Sweeps: the same task trained briefly at each depth (2–200) or each initialization gain (0.5–3),
// in engines of the sweep's own (engine.spawnPool: one worker per spare core, so points train in
// parallel and never queue behind the playground's requests). Plots the final test loss and the
// first layer's gradient norm at initialization against the swept value, marks each run converged,
// stalled or diverged, shows progress, and can be cancelled.
import { registerStrings, t } from '../i18n.js';
import { createChart, logScale, linearScale } from '../charts/chartjs.js';
import { formatNumber } from '../ui/format.js';
import { forLogAxis } from '../charts/log-axis.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import { createFrame, createSelect, createButton, followLanguage, showStatus, element } from '../ui/controls.js';
import '../theory/strings.js';
import { ACTIVATIONS, INITS } from '../theory/knobs.js';
import { choiceKey } from '../ui/strings.js';
import { TASK, SWEEPS, STEP_CHOICES, CHUNK, pointConfig } from './sweep-task.js';
import { CHART_FRAME_MS } from './side-by-side.js';

registerStrings({
  ko: {
    'sweep.kind': '바꿔 볼 값',
    'sweep.kind.depth': '깊이 2–200',
    'sweep.kind.gain': '초기화 배율 0.5–3',
    'sweep.activation': '활성화 함수',
    'sweep.init': '가중치 초기화',
    'sweep.steps': '점마다 학습 스텝',
    'sweep.start': '스윕 시작',
    'sweep.cancel': '멈추기',
    'sweep.progress': '{done} / {total} 실행 완료',
    'sweep.cancelled': '멈췄습니다: {done} / {total} 실행 완료.',
    'sweep.finished': '{total}개 실행 완료.',
    'sweep.chart': '마지막 테스트 손실과 초기화 직후 첫 층 기울기 (로그 눈금)',
    'sweep.loss': '마지막 테스트 손실',
    'sweep.grad': '첫 층 기울기 (초기화 직후)',
    'sweep.axis.depth': '깊이 (은닉층 수, 로그 눈금)',
    'sweep.axis.gain': '초기화 배율 (gain)',
    'sweep.verdict.converged': '학습됨',
    'sweep.verdict.stalled': '멈춤',
    'sweep.verdict.diverged': '발산',
    'sweep.legend': '● 학습됨: 테스트 손실이 처음의 {fraction} 아래로 내려감 · ▲ 멈춤 · ✕ 발산',
    'sweep.table': '스윕 결과 (계산: C++ 코어)',
    'sweep.col.value': '값',
    'sweep.col.verdict': '판정',
    'sweep.task': '과제: {dataset}, 폭 {width}, SGD(학습률 {lr}), 배치 {batch}, 시드 {seed}. 깊이를 바꿀 때는 배율 1, 배율을 바꿀 때는 깊이 30.',
    'sweep.verdicts': '{verdict}: {values}',
  },
  en: {
    'sweep.kind': 'Value to sweep',
    'sweep.kind.depth': 'depth 2–200',
    'sweep.kind.gain': 'initialization gain 0.5–3',
    'sweep.activation': 'Activation',
    'sweep.init': 'Weight initialization',
    'sweep.steps': 'Training steps per point',
    'sweep.start': 'Start the sweep',
    'sweep.cancel': 'Stop',
    'sweep.progress': '{done} / {total} runs done',
    'sweep.cancelled': 'Stopped: {done} / {total} runs done.',
    'sweep.finished': 'All {total} runs done.',
    'sweep.chart': 'Final test loss and first-layer gradient at initialization (log scale)',
    'sweep.loss': 'final test loss',
    'sweep.grad': 'first-layer gradient (at initialization)',
    'sweep.axis.depth': 'depth (hidden layers, log scale)',
    'sweep.axis.gain': 'initialization gain',
    'sweep.verdict.converged': 'converged',
    'sweep.verdict.stalled': 'stalled',
    'sweep.verdict.diverged': 'diverged',
    'sweep.legend': '● converged: test loss fell below {fraction} of its start · ▲ stalled · ✕ diverged',
    'sweep.table': 'Sweep results (computed by the C++ core)',
    'sweep.col.value': 'value',
    'sweep.col.verdict': 'verdict',
    'sweep.task': 'Task: {dataset}; width {width}, SGD (learning rate {lr}), batch {batch}, seed {seed}. The depth sweep uses gain 1, the gain sweep depth 30.',
    'sweep.verdicts': '{verdict}: {values}',
  },
});

const CONVERGED_FRACTION = 0.7; // converged: final test loss below this share of the step-1 test loss
const VERDICT_STYLE = {
  converged: { pointStyle: 'circle', colour: PALETTE.green },
  stalled: { pointStyle: 'triangle', colour: PALETTE.orange },
  diverged: { pointStyle: 'crossRot', colour: PALETTE.vermillion },
};

// The sweep's choices (kept in `state`), its start/cancel button and progress.
function createSweepControls(controls, state, onStart) {
const kindSelect = createSelect({
  labelKey: 'sweep.kind', options: Object.keys(SWEEPS).map((kind) => ({ value: kind, labelKey: `sweep.kind.${kind}` })),
  value: state.kind, onChange(value) { state.kind = value; },
});
const activationSelect = createSelect({
  labelKey: 'sweep.activation',
  options: ACTIVATIONS.map((name) => ({ value: name, labelKey: choiceKey('activation', name) })),
  value: state.activation, onChange(value) { state.activation = value; },
});
const initSelect = createSelect({
  labelKey: 'sweep.init',
  options: INITS.filter((name) => name !== 'scaled_identity').map((name) => ({ value: name, labelKey: choiceKey('init', name) })),
  value: state.init, onChange(value) { state.init = value; },
});
const stepsSelect = createSelect({
  labelKey: 'sweep.steps', options: STEP_CHOICES.map((steps) => ({ value: String(steps) })),
  value: String(state.steps), onChange(value) { state.steps = Number(value); },
});
for (const option of stepsSelect.select.options) option.textContent = option.value;
const startButton = createButton({ labelKey: 'sweep.start', onClick: onStart });
startButton.removeAttribute('data-i18n');
const progressBar = element('progress', 'sweep-progress', { max: '1', value: '0' });
const progressText = element('span', 'summary-progress', { 'aria-live': 'polite' });
const actions = element('div', 'summary-actions');
actions.append(startButton, progressBar, progressText);
controls.append(kindSelect.element, activationSelect.element, initSelect.element, stepsSelect.element, actions);
  return { kindSelect, activationSelect, initSelect, stepsSelect, startButton, progressBar, progressText };
}

// One line per verdict listing the values that got it (diverged runs may have no loss to plot).
function verdictLines(results) {
  return Object.keys(VERDICT_STYLE).map((verdict) => {
    const values = results.filter((result) => result.verdict === verdict).map((result) => formatNumber(result.value, 3));
    return Object.assign(element('p'), { textContent: values.length ? t('sweep.verdicts', { verdict: t(`sweep.verdict.${verdict}`), values: values.join(', ') }) : '' });
  }).filter((line) => line.textContent);
}

// The chart's datasets (shaped and coloured by verdict) and axis title for the results so far.
function fillSweepChart(chart, results, kind) {
  chart.data.datasets[0].label = t('sweep.loss');
  chart.data.datasets[1].label = t('sweep.grad');
  chart.data.datasets[0].data = results.map((result) => ({ x: result.value, y: forLogAxis(result.finalLoss), verdict: result.verdict }));
  chart.data.datasets[0].pointStyle = results.map((result) => VERDICT_STYLE[result.verdict].pointStyle);
  chart.data.datasets[0].pointBackgroundColor = results.map((result) => VERDICT_STYLE[result.verdict].colour);
  chart.data.datasets[0].pointBorderColor = results.map((result) => VERDICT_STYLE[result.verdict].colour);
  chart.data.datasets[1].data = results.map((result) => ({ x: result.value, y: forLogAxis(result.gradAtInit) }));
  chart.options.scales.x.title = { display: true, text: t(`sweep.axis.${kind}`) };
  chart.update();
}

function progressLine(done, total, { running, cancelled }) {
  if (!running && done === total) return t('sweep.finished', { total });
  if (!running && cancelled) return t('sweep.cancelled', { done, total });
  return t('sweep.progress', { done, total });
}

// Trains one point of the sweep to state.steps (in chunks, waiting while the widget is hidden) and
// returns { value, finalLoss, gradAtInit, verdict }, or null when `stopped()` says to give up.
async function runPoint(pointEngine, value, state, { stopped, waitUntilVisible }) {
  const trainer = await pointEngine.createTrainer(pointConfig(state.kind, value, state));
  try {
    const first = await trainer.step(1);
    const startLoss = first.stats.test_loss;
    const gradAtInit = first.telemetry.grad_w_norm[0];
    let snapshot = first;
    while (snapshot.stats.step < state.steps && snapshot.stats.status !== 'diverged') {
      if (stopped()) return null;
      await waitUntilVisible();
      snapshot = await trainer.step(Math.min(CHUNK, state.steps - snapshot.stats.step));
    }
    const finalLoss = snapshot.stats.test_loss;
    let verdict = finalLoss < CONVERGED_FRACTION * startLoss ? 'converged' : 'stalled';
    if (snapshot.stats.status === 'diverged' || !Number.isFinite(finalLoss)) verdict = 'diverged';
    return { value, finalLoss, gradAtInit, verdict };
  } finally {
    trainer.dispose();
  }
}

// Final test loss (by verdict) and the first layer's gradient at initialization against the swept value.
function createSweepChart(box) {
  return createChart(box, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: [], borderColor: PALETTE.blue, backgroundColor: PALETTE.blue, pointRadius: 6, yAxisID: 'y' },
        { label: '', data: [], borderColor: PALETTE.purple, backgroundColor: PALETTE.purple, borderDash: [6, 3], pointRadius: 3, yAxisID: 'y' },
      ],
    },
    options: {
      parsing: false,
      scales: { x: logScale(''), y: logScale('') },
      plugins: { tooltip: { callbacks: { label: (context) => `${context.dataset.label}: ${formatNumber(context.raw?.y, 6)}${context.datasetIndex === 0 && context.raw?.verdict ? ` (${t(`sweep.verdict.${context.raw.verdict}`)})` : ''}` } } },
    },
  });
}

// Enough engines for the longer sweep (spawnPool caps them by the cores anyway).
const POOL_TASKS = Math.max(...Object.values(SWEEPS).map((sweep) => sweep.values.length));

export function createSweep(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-sweep');
  // Starting choices from the mount point or the embed hash (checked by params.js).
  const state = {
    kind: options.kind ?? 'depth', activation: options.activation ?? 'relu', init: options.init ?? 'he_normal',
    steps: options.steps ?? 200,
  };
  let results = [];
  let running = false;
  let cancelled = false;
  let destroyed = false;
  let visible = true;
  let resumeWaiters = [];
  // Promise of the sweep's engines, closed on destroy. Started as the widget comes up (a reader reads
  // the controls before pressing start), and warmed on the first point of the starting choices, so
  // the first run neither waits for workers to start nor runs on code not yet compiled;
  // data-engines="ready" says they are up.
  let pool = null;
  function enginePool() {
    if (!pool) {
      const spawning = engine.spawnPool(POOL_TASKS);
      const warmConfig = pointConfig(state.kind, SWEEPS[state.kind].values[0], state);
      pool = spawning.then(async (engines) => {
        await Promise.all(engines.map((pointEngine) => pointEngine.warmUp(warmConfig, { steps: CHUNK }).catch(() => {})));
        if (!destroyed) container.dataset.engines = 'ready';
        return engines;
      });
      pool.catch(() => { pool = null; });  // the next run tries again
    }
    return pool;
  }

  const { kindSelect, activationSelect, initSelect, stepsSelect, startButton, progressBar, progressText } =
    createSweepControls(parts.controls, state, () => (running ? cancel() : run()));

  const task = element('p', 'widget-readout');
  const legend = element('p', 'sweep-legend');
  const chartBox = element('div', 'chart-box chart-box-tall');
  parts.figure.append(task, element('p', 'chart-title', { 'data-i18n': 'sweep.chart' }), chartBox, legend);
  const chart = createSweepChart(chartBox);

  const pointHooks = { stopped: () => cancelled || destroyed, waitUntilVisible };

  function waitUntilVisible() {
    if (visible) return Promise.resolve();
    return new Promise((resolve) => resumeWaiters.push(resolve));
  }

  async function run() {
    const sweep = SWEEPS[state.kind];
    running = true;
    cancelled = false;
    results = [];
    chart.options.scales.x = state.kind === 'depth' ? logScale('', { min: 1, max: 300 }) : linearScale('', { min: 0.25, max: 3.25 });
    showStatus(parts.status, '');
    draw();
    try {
      const engines = await enginePool();
      // Each engine takes the next point until none is left; results are kept in the sweep's order.
      let next = 0;
      let failure = null;
      const work = async (pointEngine) => {
        try {
          while (next < sweep.values.length && !cancelled && !destroyed) {
            const result = await runPoint(pointEngine, sweep.values[next++], state, pointHooks);
            if (!result || destroyed) return;
            results.push(result);
            results.sort((x, y) => x.value - y.value);
            drawSoon();
          }
        } catch (error) {
          failure ??= error;
          cancelled = true;  // the other engines stop after their current chunk
        }
      };
      // Two points in flight per engine: while one waits for the page to pass on its reply and its
      // next request, the engine computes the other's.
      await Promise.all(engines.flatMap((pointEngine) => [work(pointEngine), work(pointEngine)]));
      if (failure) throw failure;
    } catch (error) {
      if (!destroyed) showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
    } finally {
      running = false;
      cancelAnimationFrame(drawFrame);
      drawFrame = 0;
      if (!destroyed) draw();
    }
  }

  function cancel() {
    cancelled = true;
  }

  // While a run goes on, finished points are drawn in a later frame, not at once, and at most every
  // CHART_FRAME_MS: the next point's requests go out first, so the engines compute while the chart
  // and the table are redrawn (the last point is drawn when the run ends).
  let drawFrame = 0;
  let drawnAt = -Infinity;
  function drawSoon() {
    if (drawFrame) return;
    const frame = () => {
      if (performance.now() - drawnAt < CHART_FRAME_MS) {
        drawFrame = requestAnimationFrame(frame);
        return;
      }
      drawFrame = 0;
      drawnAt = performance.now();
      if (!destroyed) draw();
    };
    drawFrame = requestAnimationFrame(frame);
  }

  function draw() {
    const sweep = SWEEPS[state.kind];
    const total = sweep.values.length;
    startButton.textContent = t(running ? 'sweep.cancel' : 'sweep.start');
    for (const select of [kindSelect, activationSelect, initSelect, stepsSelect]) select.select.disabled = running;
    progressBar.value = results.length / total;
    progressBar.setAttribute('aria-label', t('sweep.progress', { done: results.length, total }));
    progressText.textContent = progressLine(results.length, total, { running, cancelled });
    task.textContent = t('sweep.task', { dataset: t(`enum.dataset.${TASK.dataset}`), width: TASK.width, lr: TASK.learning_rate, batch: TASK.batch_size, seed: TASK.seed });
    legend.textContent = t('sweep.legend', { fraction: CONVERGED_FRACTION });
    // Diverged runs may have no finite loss to plot, so every verdict is also listed in words.
    parts.readout.replaceChildren(...verdictLines(results));
    fillSweepChart(chart, results, state.kind);
    renderDataTable(parts.figure, t('sweep.table'), [t('sweep.col.value'), t('sweep.loss'), t('sweep.grad'), t('sweep.col.verdict')],
      results.map((result) => [result.value, result.finalLoss, result.gradAtInit, t(`sweep.verdict.${result.verdict}`)]));
  }

  const stopFollowing = followLanguage(container, () => draw());
  draw();
  enginePool().catch(() => {});  // a failure is reported when a run needs the engines

  return {
    update() {},
    pause() {
      visible = false;
    },
    resume() {
      visible = true;
      const waiters = resumeWaiters;
      resumeWaiters = [];
      waiters.forEach((resolve) => resolve());
    },
    destroy() {
      destroyed = true;
      cancelled = true;
      cancelAnimationFrame(drawFrame);
      resumeWaiters.forEach((resolve) => resolve());  // a paused run wakes, sees `destroyed`, disposes its trainer
      resumeWaiters = [];
      stopFollowing();
      chart.destroy();
      container.replaceChildren();
      pool?.then((engines) => engines.forEach((pointEngine) => pointEngine.close()), () => {});
    },
  };
}
