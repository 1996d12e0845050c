// A/B runs: two configurations that differ in one or more knobs, same seed and data, trained side by
// side (one trainer each, in engines of the widget's own: engine.spawnPool). Linked charts (hovering
// a step on one chart shows it on the other): training loss, first-layer gradient norm, and the gradient norm per layer at the
// latest step. The differing knobs are listed and highlighted in the knob table. A guided experiment
// (presets.json) loads through update({ preset }) or the document event 'vg:ab' (detail: { preset }),
// and then its checks are shown against the measurement.
import { registerStrings, t } from '../i18n.js';
import { forLogAxis } from '../charts/log-axis.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { createFrame, createButton, followLanguage, showStatus, element } from '../ui/controls.js';
import { createSideBySide, CHART_FRAME_MS } from './side-by-side.js';
import { RUNS, STEPS_PER_TICK, DEFAULT_STEPS, DEFAULT_CONFIGS, engineConfig } from './ab-runs.js';
import { createAbCharts, labelAbCharts, showAbRuns } from './ab-charts.js';
import '../theory/strings.js';
import { createAbEditor } from '../theory/ab-editor.js';
import { differingFields, fieldLabel, valueLabel } from '../theory/knobs.js';
import { loadPresets, localized, runConfig } from '../theory/preset-data.js';
import { metricsOf, evaluateCheck } from '../engine/metrics.js';

registerStrings({
  ko: {
    'ab.editorCaption': '두 설정 A와 B (다른 칸은 강조 표시)',
    'ab.knob': '설정',
    'ab.differs': 'A와 B가 다름',
    'ab.diffList': 'A와 B의 차이: {list}. 나머지(시드, 데이터 포함)는 같습니다.',
    'ab.same': 'A와 B가 같은 설정입니다. 표에서 한 칸 이상을 바꿔 보세요.',
    'ab.loss': '학습 손실 (로그 눈금)',
    'ab.grad': '첫 층 기울기 ‖∂L/∂W[1]‖ (로그 눈금)',
    'ab.profile': '층별 기울기 크기, 최근 스텝 (로그 눈금)',
    'ab.steps': '학습 스텝 수',
    'ab.preset': '불러온 실험: {title}',
    'ab.checkHolds': '✓ 예상대로:',
    'ab.checkFails': '✗ 이번에는 아님:',
    'ab.checkLine.>': '{at} {run}의 {metric}: {left}, {right}보다 큽니다.',
    'ab.checkLine.<': '{at} {run}의 {metric}: {left}, {right}보다 작습니다.',
    'ab.checkOther': '{other}의 값({value})의 {times}배',
    'ab.checkDiverged': '{run}: 발산합니다(Infinity 또는 NaN).',
    'ab.checkNotDiverged': '{run}: 발산하지 않습니다.',
    'ab.zeroGrad': '{name}: 최근 스텝에서 {count}개 층의 기울기가 정확히 0입니다(유닛이 모두 죽었거나 float 범위 아래로 작아짐). 로그 눈금에는 0을 그릴 수 없어 선이 끊깁니다.',
    'ab.at.init': '초기화 직후',
    'ab.at.final': '학습을 마쳤을 때',
    'ab.metric.first_layer_grad_norm': '첫 층 기울기',
    'ab.metric.first_to_last_grad_ratio': '첫 층 / 마지막 은닉층 기울기 비',
    'ab.metric.top_hidden_act_mean': '맨 위 은닉층 평균 출력',
    'ab.metric.test_loss': '테스트 손실',
    'ab.metric.diverged': '발산 여부',
    'ab.table': 'A와 B의 스텝별 학습 손실과 첫 층 기울기 (계산: C++ 코어)',
    'ab.col.step': '스텝',
    'ab.col.lossA': 'A 손실',
    'ab.col.lossB': 'B 손실',
    'ab.col.gradA': 'A 첫 층 기울기',
    'ab.col.gradB': 'B 첫 층 기울기',
  },
  en: {
    'ab.editorCaption': 'The two configurations A and B (differing rows highlighted)',
    'ab.knob': 'setting',
    'ab.differs': 'A and B differ',
    'ab.diffList': 'A and B differ in: {list}. Everything else (seed and data included) is the same.',
    'ab.same': 'A and B are the same configuration. Change at least one row of the table.',
    'ab.loss': 'training loss (log scale)',
    'ab.grad': 'first-layer gradient ‖∂L/∂W[1]‖ (log scale)',
    'ab.profile': 'gradient size per layer, latest step (log scale)',
    'ab.steps': 'training steps',
    'ab.preset': 'Loaded experiment: {title}',
    'ab.checkHolds': '✓ As expected:',
    'ab.checkFails': '✗ Not this time:',
    'ab.checkLine.>': '{at}, {run}’s {metric} is {left}, more than {right}.',
    'ab.checkLine.<': '{at}, {run}’s {metric} is {left}, less than {right}.',
    'ab.checkOther': '{times} times {other}’s ({value})',
    'ab.checkDiverged': '{run} diverges (Infinity or NaN).',
    'ab.checkNotDiverged': '{run} does not diverge.',
    'ab.zeroGrad': '{name}: at the latest step the gradient is exactly 0 in {count} layers (every unit dead, or below float’s range). A log scale cannot show 0, so the line breaks there.',
    'ab.at.init': 'At initialization',
    'ab.at.final': 'At the end of training',
    'ab.metric.first_layer_grad_norm': 'first-layer gradient',
    'ab.metric.first_to_last_grad_ratio': 'first / last hidden layer gradient ratio',
    'ab.metric.top_hidden_act_mean': 'top hidden layer mean output',
    'ab.metric.test_loss': 'test loss',
    'ab.metric.diverged': 'divergence',
    'ab.table': 'Training loss and first-layer gradient of A and B per step (computed by the C++ core)',
    'ab.col.step': 'step',
    'ab.col.lossA': 'A loss',
    'ab.col.lossB': 'B loss',
    'ab.col.gradA': 'A first-layer gradient',
    'ab.col.gradB': 'B first-layer gradient',
  },
});

// The differing knobs as one sentence, values shown with the core's defaults for unset fields.
function diffSentence(configs, defaults) {
  const differing = differingFields(configs.a, configs.b);
  if (differing.length === 0) return t('ab.same');
  const items = differing.map((field) => `${fieldLabel(field)} (A: ${valueLabel(field, configs.a[field] ?? defaults?.[field])}, B: ${valueLabel(field, configs.b[field] ?? defaults?.[field])})`);
  return t('ab.diffList', { list: items.join('; ') });
}

// Adds one snapshot of a run to its series and metrics ('init' marks the first step's).
function recordSnapshot(entry, snapshot, moment, maxSteps) {
  const { stats, telemetry } = snapshot;
  entry.latest = { step: stats.step };
  entry.losses.push({ x: stats.step, y: forLogAxis(stats.loss) });
  entry.grads.push({ x: stats.step, y: forLogAxis(telemetry.grad_w_norm[0]) });
  entry.profile = Array.from(telemetry.grad_w_norm, (value, layer) => ({ x: layer + 1, y: forLogAxis(value) }));
  entry.zeroLayers = telemetry.grad_w_norm.filter((value) => value === 0).length;
  const metrics = metricsOf(snapshot, entry.depth);
  if (moment === 'init') entry.metrics.init = metrics;
  if (stats.status === 'diverged') entry.diverged = { step: stats.diverged_step, layer: stats.diverged_layer };
  if (stats.status === 'diverged' || stats.step >= maxSteps) entry.metrics.final = metrics;
}

// The pair's runs in RUNS order, one trainer each in its engine of the pool, with empty series; a
// failure names the run and frees the trainers already built.
async function createRuns(engines, configs, defaults) {
  const trainers = [];
  for (const [index, id] of RUNS.entries()) {
    try {
      const runEngine = engines[index % engines.length];
      trainers.push(await runEngine.createTrainer(engineConfig(configs[id])));
    } catch (error) {
      trainers.forEach((trainer) => trainer.dispose());
      throw new Error(`${t(`theory.run.${id}`)}: ${error.message}`);
    }
  }
  return RUNS.map((id, index) => ({
    id, trainer: trainers[index], depth: configs[id].depth ?? defaults.depth,
    losses: [], grads: [], profile: [], latest: null, diverged: null, metrics: {},
  }));
}

// A check as a sentence: "At initialization, A's first-layer gradient is 3.1e-3, more than 100
// times B's (7.6e-5)."
function checkSentence(check, result) {
  const run = t(`theory.run.${check.run}`);
  if (check.metric === 'diverged') return t(result.left > 0.5 ? 'ab.checkDiverged' : 'ab.checkNotDiverged', { run });
  const right = check.other === undefined ? formatNumber(result.right, 3)
    : t('ab.checkOther', { times: formatNumber(check.times, 3), other: t(`theory.run.${check.other}`), value: formatNumber(result.right / check.times, 3) });
  return t(`ab.checkLine.${check.relation}`, {
    at: t(`ab.at.${check.at}`), run, metric: t(`ab.metric.${check.metric}`), left: formatNumber(result.left, 3), right,
  });
}

// The preset's checks against the measured metrics, one list item each.
function renderChecks(checksList, preset, measured) {
  checksList.replaceChildren();
  if (!preset) return;
  for (const check of preset.checks) {
    const result = evaluateCheck(check, measured);
    if (!result) continue;
    const item = element('li', result.holds ? 'ab-check-holds' : 'ab-check-fails');
    item.textContent = `${t(result.holds ? 'ab.checkHolds' : 'ab.checkFails')} ${checkSentence(check, result)}`;
    checksList.append(item);
  }
}

// Divergence and all-zero-gradient warnings for the runs, in run order.
function runWarnings(runs) {
  const messages = runs.filter((run) => run.diverged).map((run) => t('theory.diverged', {
    name: t(`theory.run.${run.id}`), step: run.diverged.step, layer: run.diverged.layer + 1,
  }));
  for (const run of runs) {
    if (run.zeroLayers && !run.diverged) messages.push(t('ab.zeroGrad', { name: t(`theory.run.${run.id}`), count: run.zeroLayers }));
  }
  return messages;
}

// The data table under the charts: per step, both runs' loss and first-layer gradient.
function renderAbTable(figure, a, b) {
  const rows = [];
  const length = Math.max(a?.losses.length ?? 0, b?.losses.length ?? 0);
  for (let i = 0; i < length; i += 1) {
    const step = a?.losses[i]?.x ?? b?.losses[i]?.x;
    rows.push([step, a?.losses[i]?.y ?? '', b?.losses[i]?.y ?? '', a?.grads[i]?.y ?? '', b?.grads[i]?.y ?? '']);
  }
  renderDataTable(figure, t('ab.table'), [
    t('ab.col.step'), t('ab.col.lossA'), t('ab.col.lossB'), t('ab.col.gradA'), t('ab.col.gradB'),
  ], rows);
}

// A and B train in engines of the widget's own (one worker each where a spare core allows it), so
// their steps never queue behind the playground's requests in the page's shared worker. The pool
// starts with the first run; a failed start is retried by the next.
function createRunEnginePool(engine) {
  let pool = null;
  return {
    get() {
      if (!pool) {
        pool = engine.spawnPool(RUNS.length);
        pool.catch(() => { pool = null; });  // the next start tries again
      }
      return pool;
    },
    close() {
      pool?.then((engines) => engines.forEach((runEngine) => runEngine.close()), () => {});
    },
  };
}

// The widget's DOM: the knob table and play/restart controls, the preset and difference lines, the
// charts, and the list of the preset's checks under them.
function buildAbLayout(parts, editorElement, { onPlay, onRestart }) {
  const playButton = createButton({ labelKey: 'theory.train', onClick: onPlay });
  playButton.removeAttribute('data-i18n');
  const restartButton = createButton({ labelKey: 'theory.restart', onClick: onRestart });
  const progress = element('span', 'summary-progress');
  const actions = element('div', 'summary-actions');
  actions.append(playButton, restartButton, progress);
  const editorBox = element('div', 'ab-editor');
  editorBox.append(editorElement);
  parts.controls.append(editorBox, actions);

  const presetLine = element('p', 'ab-preset');
  const diffLine = element('p', 'ab-diff');
  const checksList = element('ul', 'ab-checks');
  parts.figure.append(presetLine, diffLine);
  const charts = createAbCharts(parts.figure);
  parts.readout.append(checksList);
  return { playButton, progress, presetLine, diffLine, checksList, charts };
}

// Train / Pause / Resume, by whether the pair is playing and has gone past its first step.
function showPlayState(playButton, sideBySide, step) {
  const playing = sideBySide.playing && !sideBySide.isFinished();
  playButton.textContent = t(playing ? 'theory.pause' : (step > 1 ? 'theory.resume' : 'theory.train'));
  playButton.setAttribute('aria-pressed', String(playing));
  playButton.disabled = sideBySide.isFinished();
}

export function createAb(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-ab');
  let configs = structuredClone(DEFAULT_CONFIGS);
  let maxSteps = DEFAULT_STEPS;
  let preset = null;
  let defaults = null;
  // Runs in RUNS order: { id, trainer, depth, losses, grads, profile, latest, diverged, metrics: {init, final} }
  const sideBySide = createSideBySide({
    stepsPerTick: STEPS_PER_TICK,
    maxSteps: () => maxSteps,
    record: (entry, snapshot, moment) => recordSnapshot(entry, snapshot, moment, maxSteps),
    draw,
    showError,
    afterLoop: draw,
    drawEveryMs: CHART_FRAME_MS,
  });
  const runOf = (id) => sideBySide.runs[RUNS.indexOf(id)];
  const runEngines = createRunEnginePool(engine);

  const editor = createAbEditor((run, field, value) => {
    configs[run] = { ...configs[run], [field]: value };
    preset = null;
    start(false);
  });
  const { playButton, progress, presetLine, diffLine, checksList, charts } = buildAbLayout(parts, editor.element, {
    onPlay: () => setPlaying(!sideBySide.playing),
    onRestart: () => start(true),
  });

  function relabel() {
    editor.relabel();
    editor.show(configs, defaults);
    labelAbCharts(charts, preset);
    showPlayState(playButton, sideBySide, runOf('a')?.latest?.step ?? 0);
    presetLine.textContent = preset ? t('ab.preset', { title: localized(preset.title) }) : '';
    presetLine.hidden = !preset;
    diffLine.textContent = diffSentence(configs, defaults);
  }

  function showError(error) {
    showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
  }

  // Builds both trainers (same seed and data: the configs carry the same seed unless the reader
  // changed it) and measures the first step, the gradient at the initial weights.
  async function start(autoplay) {
    try {
      await sideBySide.restart(async (isCurrent) => {
        showStatus(parts.status, '');
        relabel();
        const engines = await runEngines.get();
        if (!defaults) defaults = await engines[0].call('config_defaults', []);
        const built = await createRuns(engines, configs, defaults);
        if (!isCurrent()) return built;
        const first = await Promise.all(built.map((run) => run.trainer.step(1)));
        built.forEach((run, index) => recordSnapshot(run, first[index], 'init', maxSteps));
        return built;
      }, { playing: autoplay });
    } catch (error) {
      showError(error);
      draw();  // empties the charts of the previous pair; the error stays shown
    }
  }

  function draw() {
    relabel();
    showAbRuns(charts, runOf);
    const { runs } = sideBySide;
    const step = Math.max(0, ...runs.map((run) => run.latest?.step ?? 0));
    progress.textContent = sideBySide.isFinished() ? t('theory.done', { max: maxSteps }) : t('theory.progress', { step, max: maxSteps });
    const showingError = parts.status.dataset.kind === 'error' && !parts.status.hidden;
    if (!showingError) showStatus(parts.status, runWarnings(runs).join(' '), 'warning');
    renderChecks(checksList, preset, Object.fromEntries(RUNS.map((id) => [id, runOf(id)?.metrics ?? {}])));
    renderAbTable(parts.figure, runOf('a'), runOf('b'));
  }

  function setPlaying(value) {
    sideBySide.setPlaying(value);
    relabel();
  }

  async function loadPreset(id) {
    try {
      const found = (await loadPresets()).find((candidate) => candidate.id === id);
      if (!found) throw new Error(`unknown preset "${id}"`);
      preset = found;
      configs = { a: runConfig(found, found.runs[0].id), b: runConfig(found, found.runs[1].id) };
      maxSteps = found.steps;
      await start(true);
    } catch (error) {
      showError(error);
    }
  }

  const onPresetEvent = (event) => {
    if (typeof event.detail?.preset === 'string') loadPreset(event.detail.preset);
  };
  document.addEventListener('vg:ab', onPresetEvent);
  const stopFollowing = followLanguage(container, () => draw());

  if (typeof options.preset === 'string') loadPreset(options.preset);
  else start(false);

  return {
    update(newOptions = {}) {
      if (typeof newOptions.preset === 'string') loadPreset(newOptions.preset);
    },
    pause: sideBySide.pause,
    resume: sideBySide.resume,
    destroy() {
      sideBySide.destroy();
      document.removeEventListener('vg:ab', onPresetEvent);
      stopFollowing();
      for (const chart of charts.all) chart.destroy();
      container.replaceChildren();
      runEngines.close();
    },
  };
}
