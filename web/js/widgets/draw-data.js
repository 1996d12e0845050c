// Draw your own data (issue 12, tool 3): the reader draws points of two classes on the plane, then
// a small network is trained on exactly those points in the core (dataset = custom) and its
// decision boundary is drawn over them as it learns, with the playground's boundary drawing
// (../charts/boundary-plane.js). In embed.html the points live in the hash
// (#widget=draw-data&points=…&activation=tanh&depth=4&train=1); in the article a button hands them
// to the playground.
// Factory: createDrawData(container, { engine, hash? }).
import { registerStrings, t, getLang } from '../i18n.js';
import { createCanvasPlot } from '../charts/canvas-plot.js';
import { canvasFont } from '../charts/canvas-text.js';
import { VIEW_EXTENT, drawBoundaryPlane, planeMapping } from '../charts/boundary-plane.js';
import {
  createFrame, createSelect, createButton, activationOptions, followLanguage, showMessages, element,
} from '../ui/controls.js';
import { parseHash, readParams } from '../classroom/hash-params.js';
import { createPointEditor } from '../classroom/point-editor.js';
import { createDrawToolbar, countText, trainable } from '../classroom/draw-toolbar.js';
import { encodePoints, decodePoints, MAX_POINTS } from '../points-codec.js';
import { createDrawRunner } from './draw-data-runner.js';

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
const STARTING_SET = 'circle';  // what the plane shows, trained, until the reader draws (no points in the address)

// The widget's knobs from an embed's address (activation, depth, train=1), problems collected.
function readDrawParams(hash) {
  const { values, problems } = parseHash(hash);
  const params = readParams(values, [
    { name: 'activation', kind: 'enum', choices: ACTIVATIONS, fallback: 'tanh' },
    { name: 'depth', kind: 'enum', choices: DEPTHS.map(String), fallback: '4' },
    { name: 'train', kind: 'int', min: 0, max: 1, fallback: 0 },
  ], problems);
  return { values, problems, params };
}

// The points the address carries (none: an empty start); a bad or oversized list is a problem.
function readStartPoints(values, problems) {
  const opensWithPoints = values.has('points');
  let startPoints = [];
  if (opensWithPoints) {
    const decoded = decodePoints(values.get('points'));
    if (decoded.points) startPoints = decoded.points;
    else if (decoded.reason === 'points_many') problems.push({ key: 'dd.too_many', params: { count: decoded.count, max: MAX_POINTS } });
    else problems.push({ key: 'dd.bad_points', params: { max: MAX_POINTS } });
  }
  return { opensWithPoints, startPoints };
}

// Activation and depth (in the controls), and the train / open-in-playground buttons (returned in
// their row, which goes under the plane).
function buildDrawControls(controls, settings, { onNetworkChange, onTrain, onOpenPlayground }) {
  const activationSelect = createSelect({
    labelKey: 'widget.activation', options: activationOptions(ACTIVATIONS), value: settings.activation,
    onChange(value) { settings.activation = value; onNetworkChange(); },
  });
  const depthSelect = createSelect({
    labelKey: 'dd.depth', options: DEPTHS.map((depth) => ({ value: String(depth) })), value: String(settings.depth),
    onChange(value) { settings.depth = Number(value); onNetworkChange(); },
  });
  [...depthSelect.select.options].forEach((option) => { option.textContent = option.value; });
  const trainButton = createButton({ labelKey: 'dd.train', onClick: onTrain, className: 'dd-train' });
  const playgroundButton = createButton({ labelKey: 'dd.playground', onClick: onOpenPlayground, className: 'dd-playground' });
  const actions = element('div', 'button-row');
  actions.append(trainButton, playgroundButton);
  controls.append(activationSelect.element, depthSelect.element);
  return { trainButton, playgroundButton, actions };
}

// The plane: the last training's boundary with its train (filled) and test (hollow) points, or the
// drawn points alone (with a hint when there are none), and the editor's cursor.
function drawPlane(plot, editor, shown) {
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
    context.font = canvasFont();
    context.fillText(t('dd.empty'), area.x + area.width / 2, area.y + area.height / 4);
  }
  editor.drawCursor(plot.context);
  const { x, y } = editor.cursor;
  plot.canvas.setAttribute('aria-label', t('dd.canvas', { count: editor.points.length, x, y }));
}

// Embedded, the address follows the drawing, so that it can be shared.
function shareInAddress(values, settings, points) {
  const lang = values.has('lang') ? `&lang=${encodeURIComponent(getLang())}` : '';  // a language the address chose stays in it
  const hash = `widget=draw-data&activation=${settings.activation}&depth=${settings.depth}&points=${encodePoints(points)}${lang}`;
  try {
    window.history.replaceState(window.history.state, '', `#${hash}`);
  } catch {
    // file:// may refuse; the drawing still works, unshared.
  }
}

// The article's playground takes the points as a preset (it scrolls into view and trains them);
// embedded, the article opens with them in its address.
function openPlaygroundWith(points, embedded) {
  if (!embedded && document.querySelector('[data-widget="playground"]')) {
    document.dispatchEvent(new CustomEvent('vg:preset', { detail: { dataset: 'custom', points } }));
    return;
  }
  const url = new URL(`index.html?lang=${getLang()}`, window.location.href);
  url.hash = `dataset=custom&points=${encodePoints(points)}`;
  window.open(url.href, '_blank', 'noopener');
}

// The drawing toolbar, the square plane with its point editor, the point count, the toolbar's hint
// and the row of actions, in that order under the controls.
function buildPlane(parts, actions, { onResize, onPointsChange, onClear, onStartFrom }) {
  const plotHost = element('div', 'dd-plane');
  const plot = createCanvasPlot(plotHost, { height: null, margins: { left: 2, right: 2, top: 2, bottom: 2 }, onResize });
  plot.wrap.classList.add('dd-square');
  const count = element('p', 'dd-count');
  const editor = createPointEditor(plot.canvas, {
    mapping: () => planeMapping(plot.area, VIEW_EXTENT),
    onChange(points, { final }) { onPointsChange(points, final); },
    onLimit: () => showMessages(parts.status, [{ key: 'dd.limit', params: { max: MAX_POINTS } }], 'warning'),
    onLabel: () => toolbar.syncLabel(),
  });
  const toolbar = createDrawToolbar({ editor, onClear, onStartFrom });
  parts.figure.append(toolbar.element, plotHost, count, toolbar.hint, actions);
  return { plot, editor, toolbar, count };
}

// What the address asked for and did not get stays on show above the widget's own messages.
function showAddressProblems(status, problems) {
  const addressProblems = element('p', 'widget-status dd-address', { role: 'status' });
  status.before(addressProblems);
  showMessages(addressProblems, problems, 'warning');
}

export function createDrawData(container, options = {}) {
  const { engine } = options;
  const embedded = typeof options.hash === 'string';
  const { values, problems, params } = readDrawParams(options.hash);
  const settings = { activation: params.activation, depth: Number(params.depth) };

  const parts = createFrame(container, 'widget-draw-data');
  const { trainButton, playgroundButton, actions } = buildDrawControls(parts.controls, settings, {
    onNetworkChange: () => networkChanged(), onTrain: () => runner.train(), onOpenPlayground: () => openPlaygroundWith(editor.points, embedded),
  });
  const runner = createDrawRunner(engine, settings, { parts, container, draw, setPoints, currentPoints: () => editor.points });
  const { plot, editor, toolbar, count } = buildPlane(parts, actions, {
    onResize: () => draw(),
    onPointsChange(points, final) {
      if (points !== drawnPoints) runner.invalidate();
      drawnPoints = points;
      if (final) syncCount();
      draw();
    },
    onClear() { setPoints([]); },
    onStartFrom: runner.startFrom,
  });
  let drawnPoints = null;   // the editor's points when last seen (each edit makes a new array)

  function draw() {
    drawPlane(plot, editor, runner.shown);
  }

  function syncCount() {
    const points = editor.points;
    count.textContent = countText(points);
    trainButton.disabled = !trainable(points);
    playgroundButton.disabled = !trainable(points);
    container.dataset.points = encodePoints(points);
    if (embedded) shareInAddress(values, settings, points);
  }

  function markStale() {
    runner.invalidate();
    syncCount();
    draw();
  }

  // Another network for the same points: trained at once (the comparison is the point).
  function networkChanged() {
    if (trainable(editor.points)) {
      syncCount();
      runner.train();
    } else {
      markStale();
    }
  }

  function setPoints(points) {
    editor.setPoints(points);
    drawnPoints = editor.points;
    markStale();
  }

  function relabel() {
    toolbar.relabel();
    syncCount();
    draw();
  }

  const stopFollowing = followLanguage(container, relabel);
  const { opensWithPoints, startPoints } = readStartPoints(values, problems);
  editor.setPoints(startPoints);
  drawnPoints = editor.points;
  relabel();
  showAddressProblems(parts.status, problems);
  if (!opensWithPoints) runner.startFrom(STARTING_SET, { thenTrain: true });
  else if (params.train === 1 && trainable(startPoints)) runner.train();

  return {
    update() {},
    pause() {},
    resume() {},
    destroy() {
      editor.destroy();
      plot.destroy();
      stopFollowing();
      runner.destroy();
      container.replaceChildren();
    },
  };
}
