// Draw your own data (issue 12, tool 3): the reader draws points of two classes on the plane, then
// a small network is trained on exactly those points in the core (dataset = custom) and its
// decision boundary is drawn over them as it learns, with the playground's boundary drawing
// (../charts/boundary-plane.js). In embed.html the points live in the hash
// (#widget=draw-data&points=…&activation=tanh&depth=4&train=1); in the article a button hands them
// to the playground.
// Factory: createDrawData(container, { engine, hash? }).
import { registerStrings, t, getLang } from '../i18n.js';
import { formatPercent } from '../ui/format.js';
import { createCanvasPlot } from '../charts/canvas-plot.js';
import { GRID_RESOLUTION, VIEW_EXTENT, drawBoundaryPlane, planeMapping } from '../charts/boundary-plane.js';
import {
  createFrame, createSelect, createButton, activationOptions, followLanguage, showStatus, showMessages, element,
} from '../ui/controls.js';
import { parseHash, readParams } from '../classroom/hash-params.js';
import { createPointEditor } from '../classroom/point-editor.js';
import { createDrawToolbar, countText, trainable } from '../classroom/draw-toolbar.js';
import {
  encodePoints, decodePoints, pointsAsTriples, pointsFromTriples, gridPoint, MAX_POINTS,
} from '../points-codec.js';

registerStrings({
  ko: {
    'dd.depth': '은닉층 수',
    'dd.empty': '클릭해서 점을 찍거나 기본 데이터셋에서 시작하세요',
    'dd.train': '이 점들로 학습하기',
    'dd.training': '학습 중… {step}/{steps}단계',
    'dd.trained': '{steps}단계 학습 끝: 학습 정확도 {train}, 테스트 정확도 {test} (채운 점 {trainCount}개로 학습, 빈 점 {testCount}개로 시험).',
    'dd.stale': '점이 바뀌었습니다. 다시 학습하면 새 경계를 그립니다.',
    'dd.playground': '놀이터에서 이 점들로 학습하기',
    'dd.bad_points': '주소의 점 목록(points)을 해석할 수 없어 빈 평면에서 시작합니다 (점 하나에 4글자, 최대 {max}개).',
    'dd.too_many': '주소의 점 목록(points)에 점이 {count}개 있어 너무 많습니다 (최대 {max}개). 빈 평면에서 시작합니다.',
  },
  en: {
    'dd.depth': 'Hidden layers',
    'dd.empty': 'Click to add points, or start from a data set',
    'dd.train': 'Train on these points',
    'dd.training': 'Training… step {step} of {steps}',
    'dd.trained': 'Trained {steps} steps: training accuracy {train}, test accuracy {test} (trained on the {trainCount} filled points, tested on the {testCount} hollow ones).',
    'dd.stale': 'The points changed. Train again to draw the new boundary.',
    'dd.playground': 'Train on these points in the playground',
    'dd.bad_points': 'The address’s list of points could not be decoded, so the plane starts empty (four characters per point, at most {max}).',
    'dd.too_many': 'The address’s list of points holds {count} points, more than the {max} allowed, so the plane starts empty.',
  },
});

const ACTIVATIONS = ['tanh', 'relu', 'sigmoid'];
const DEPTHS = [1, 2, 4, 8, 16];
const WIDTH = 8;
const STEPS = 600;
const STEPS_PER_FRAME = 50;
const STARTING_SAMPLES = 100;
const STARTING_SET = 'circle';  // what the plane shows, trained, until the reader draws (no points in the address)

// The small network trained on the drawn points (dataset = custom; src/core/config.h).
function networkConfig(activation, depth, extra) {
  return {
    depth, width: WIDTH, activation, init: activation === 'relu' ? 'he_normal' : 'xavier_uniform',
    optimizer: 'adam', learning_rate: 0.02, batch_size: 32, seed: 1, test_fraction: 0.2,
    telemetry_every: 10000, hist_bins: 4, ...extra,
  };
}

export function createDrawData(container, options = {}) {
  const { engine } = options;
  const embedded = typeof options.hash === 'string';
  const { values, problems } = parseHash(options.hash);
  const params = readParams(values, [
    { name: 'activation', kind: 'enum', choices: ACTIVATIONS, fallback: 'tanh' },
    { name: 'depth', kind: 'enum', choices: DEPTHS.map(String), fallback: '4' },
    { name: 'train', kind: 'int', min: 0, max: 1, fallback: 0 },
  ], problems);
  const settings = { activation: params.activation, depth: Number(params.depth) };

  const parts = createFrame(container, 'widget-draw-data');
  const activationSelect = createSelect({
    labelKey: 'widget.activation', options: activationOptions(ACTIVATIONS), value: settings.activation,
    onChange(value) { settings.activation = value; networkChanged(); },
  });
  const depthSelect = createSelect({
    labelKey: 'dd.depth', options: DEPTHS.map((depth) => ({ value: String(depth) })), value: String(settings.depth),
    onChange(value) { settings.depth = Number(value); networkChanged(); },
  });
  [...depthSelect.select.options].forEach((option) => { option.textContent = option.value; });
  const trainButton = createButton({ labelKey: 'dd.train', onClick: train, className: 'dd-train' });
  const playgroundButton = createButton({ labelKey: 'dd.playground', onClick: openInPlayground, className: 'dd-playground' });
  const actions = element('div', 'button-row');
  actions.append(trainButton, playgroundButton);

  const plotHost = element('div', 'dd-plane');
  const plot = createCanvasPlot(plotHost, { height: null, margins: { left: 2, right: 2, top: 2, bottom: 2 }, onResize: () => draw() });
  plot.wrap.classList.add('dd-square');
  const count = element('p', 'dd-count');
  const editor = createPointEditor(plot.canvas, {
    mapping: () => planeMapping(plot.area, VIEW_EXTENT),
    onChange(points, { final }) {
      if (points !== drawnPoints) invalidate();
      drawnPoints = points;
      if (final) syncCount();
      draw();
    },
    onLimit: () => showMessages(parts.status, [{ key: 'dd.limit', params: { max: MAX_POINTS } }], 'warning'),
    onLabel: () => toolbar.syncLabel(),
  });
  const toolbar = createDrawToolbar({
    editor,
    onClear() { setPoints([]); },
    onStartFrom: startFrom,
  });
  parts.controls.append(activationSelect.element, depthSelect.element);
  parts.figure.append(toolbar.element, plotHost, count, toolbar.hint, actions);

  let drawnPoints = null;   // the editor's points when last seen (each edit makes a new array)
  let run = null;          // the engine's trainer for this widget
  let shown = null;        // { grid, data } of the last training, while the points are unchanged
  let generation = 0;      // bumps on every edit: a training in flight stops drawing
  let destroyed = false;

  function draw() {
    plot.begin();
    const radius = plot.area.width < 260 ? 3.5 : 5;
    const sets = shown?.data
      ? [{ inputs: shown.data.trainInputs, labels: shown.data.trainLabels, radius },
        { inputs: shown.data.testInputs, labels: shown.data.testLabels, radius, hollow: true }]
      : [{ inputs: editor.points.flatMap((point) => [point.x, point.y]), labels: editor.points.map((point) => point.label), radius }];
    drawBoundaryPlane(plot.context, plot.area, VIEW_EXTENT, shown?.grid ?? null, sets, { showGridLines: true });
    if (editor.points.length === 0) {
      const { context, area } = plot;
      context.fillStyle = '#475569';
      context.textAlign = 'center';
      context.font = '14px system-ui, sans-serif';
      context.fillText(t('dd.empty'), area.x + area.width / 2, area.y + area.height / 4);
    }
    editor.drawCursor(plot.context);
    const { x, y } = editor.cursor;
    plot.canvas.setAttribute('aria-label', t('dd.canvas', { count: editor.points.length, x, y }));
  }

  function syncCount() {
    const points = editor.points;
    count.textContent = countText(points);
    trainButton.disabled = !trainable(points);
    playgroundButton.disabled = !trainable(points);
    container.dataset.points = encodePoints(points);
    if (!embedded) return;
    const lang = values.has('lang') ? `&lang=${encodeURIComponent(getLang())}` : '';  // a language the address chose stays in it
    const hash = `widget=draw-data&activation=${settings.activation}&depth=${settings.depth}&points=${encodePoints(points)}${lang}`;
    try {
      window.history.replaceState(window.history.state, '', `#${hash}`);
    } catch {
      // file:// may refuse; the drawing still works, unshared.
    }
  }

  // The drawn points or the network changed: a training in flight stops, its boundary goes.
  function invalidate() {
    generation += 1;
    if (!shown) return;
    shown = null;
    showMessages(parts.status, [{ key: 'dd.stale' }], 'info');
    parts.readout.replaceChildren();
    delete container.dataset.trainedPoints;
  }

  function markStale() {
    invalidate();
    syncCount();
    draw();
  }

  // Another network for the same points: trained at once (the comparison is the point).
  function networkChanged() {
    if (trainable(editor.points)) {
      syncCount();
      train();
    } else {
      markStale();
    }
  }

  function setPoints(points) {
    editor.setPoints(points);
    drawnPoints = editor.points;
    markStale();
  }

  // One trainer for the widget, created once even when a click comes while it is on its way.
  let creating = null;
  async function ensureRun(config) {
    if (!run && !creating) {
      creating = engine.createTrainer(config);
      try {
        run = await creating;
        return;
      } finally {
        creating = null;
      }
    }
    if (!run) await creating.catch(() => {});
    if (!run) throw new Error('the engine could not start a run');
    const error = await run.configure(config);
    if (error) throw new Error(error);
  }

  async function startFrom(name, { thenTrain = false } = {}) {
    const mine = ++generation;
    try {
      await ensureRun(networkConfig(settings.activation, settings.depth, { dataset: name, num_samples: STARTING_SAMPLES, test_fraction: 0 }));
      const data = await run.data();
      if (mine !== generation || destroyed) return;
      const points = Array.from(data.trainLabels, (label, k) => gridPoint(data.trainInputs[2 * k], data.trainInputs[2 * k + 1], label));
      setPoints(points);
      if (thenTrain) train();
    } catch (error) {
      if (!destroyed) showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
    }
  }

  async function train() {
    const mine = ++generation;
    const points = editor.points;
    shown = null;
    delete container.dataset.trainedPoints;
    try {
      await ensureRun(networkConfig(settings.activation, settings.depth, { dataset: 'custom', points: pointsAsTriples(points) }));
      const data = await run.data();
      let snapshot = null;
      for (let step = 0; step < STEPS; step += STEPS_PER_FRAME) {
        snapshot = await run.step(STEPS_PER_FRAME);
        const grid = await run.predictGrid(GRID_RESOLUTION, VIEW_EXTENT.x0, VIEW_EXTENT.x1, VIEW_EXTENT.y0, VIEW_EXTENT.y1);
        if (mine !== generation || destroyed) return;
        shown = { grid, data };
        showMessages(parts.status, [{ key: 'dd.training', params: { step: snapshot.stats.step, steps: STEPS } }], 'info');
        draw();
      }
      const trained = await run.config();
      if (mine !== generation || destroyed) return;
      container.dataset.trainedPoints = encodePoints(pointsFromTriples(trained.points));
      showStatus(parts.status, '', 'info');
      const p = element('p');
      showMessages(p, [{ key: 'dd.trained', params: {
        steps: snapshot.stats.step, train: formatPercent(snapshot.stats.train_accuracy), test: formatPercent(snapshot.stats.test_accuracy),
        trainCount: data.trainLabels.length, testCount: data.testLabels.length,
      } }]);
      parts.readout.replaceChildren(p);
    } catch (error) {
      if (mine === generation && !destroyed) showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
    }
  }

  // The article's playground takes the points as a preset (it scrolls into view and trains them);
  // embedded, the article opens with them in its address.
  function openInPlayground() {
    const points = editor.points;
    if (!embedded && document.querySelector('[data-widget="playground"]')) {
      document.dispatchEvent(new CustomEvent('vg:preset', { detail: { dataset: 'custom', points } }));
      return;
    }
    const url = new URL(`index.html?lang=${getLang()}`, window.location.href);
    url.hash = `dataset=custom&points=${encodePoints(points)}`;
    window.open(url.href, '_blank', 'noopener');
  }

  function relabel() {
    toolbar.relabel();
    syncCount();
    draw();
  }

  const stopFollowing = followLanguage(container, relabel);
  let startPoints = [];
  const opensWithPoints = values.has('points');
  if (opensWithPoints) {
    const decoded = decodePoints(values.get('points'));
    if (decoded.points) startPoints = decoded.points;
    else if (decoded.reason === 'points_many') problems.push({ key: 'dd.too_many', params: { count: decoded.count, max: MAX_POINTS } });
    else problems.push({ key: 'dd.bad_points', params: { max: MAX_POINTS } });
  }
  editor.setPoints(startPoints);
  drawnPoints = editor.points;
  relabel();
  // What the address asked for and did not get stays on show above the widget's own messages.
  const addressProblems = element('p', 'widget-status dd-address', { role: 'status' });
  parts.status.before(addressProblems);
  showMessages(addressProblems, problems, 'warning');
  if (!opensWithPoints) startFrom(STARTING_SET, { thenTrain: true });
  else if (params.train === 1 && trainable(startPoints)) train();

  return {
    update() {},
    pause() {},
    resume() {},
    destroy() {
      destroyed = true;
      editor.destroy();
      plot.destroy();
      stopFollowing();
      if (run) run.dispose();
      container.replaceChildren();
    },
  };
}
