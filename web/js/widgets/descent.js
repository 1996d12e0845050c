// Section 1: gradient descent on the core's 2-D loss surface. The heatmap is surface_grid, the paths
// are descent_path for SGD, momentum, AdaGrad and Adam (the core's own optimizer code), the hover
// readout is surface_loss. The start point is dragged with a pointer or moved with the arrow keys.
import { registerStrings, t } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import {
  createFrame, createSlider, createCheckbox, createButton, followLanguage, showStatus, createLatestRunner,
  coalesceToFrame, element,
} from '../ui/controls.js';
import { SURFACE_DOMAIN, SURFACE_FEATURES, DEFAULT_START } from './descent-surface.js';
import { drawHeatmap, drawPath, drawFeatureMark, drawFeatureLabel, drawStart } from './descent-draw.js';

registerStrings({
  ko: {
    'descent.lr': '학습률 α',
    'descent.steps': '걸음 수',
    'descent.resetStart': '시작점 되돌리기',
    'descent.stage': '손실 곡면. 시작점: x = {x}, y = {y}. 방향키로 시작점을 옮기고, Shift와 함께 누르면 크게 옮깁니다.',
    'descent.hover': '가리킨 점: x = {x}, y = {y}, 손실 = {loss}',
    'descent.hoverHint': '곡면 위에 포인터를 올리면 그 점의 손실 값이 보입니다.',
    'descent.start': '시작점 (x, y) = ({x}, {y}), 손실 = {loss}',
    'descent.result': '{name}: {steps}걸음 뒤 ({x}, {y}), 손실 {loss}',
    'descent.resultLeft': '{name}: {steps}걸음 만에 곡면 밖으로 튕겨 나갔습니다 (발산)',
    'descent.feature.global': '전역 최솟값',
    'descent.feature.local': '지역 최솟값',
    'descent.feature.saddle': '안장점',
    'descent.table': '최적화 방법별 경로의 끝점 (계산: C++ 코어)',
    'descent.col.optimizer': '방법',
    'descent.col.steps': '걸음 수',
    'descent.col.x': '끝 x',
    'descent.col.y': '끝 y',
    'descent.col.loss': '끝 손실',
    'descent.none': '표시할 방법을 하나 이상 고르세요.',
  },
  en: {
    'descent.lr': 'Learning rate α',
    'descent.steps': 'Steps',
    'descent.resetStart': 'Reset start point',
    'descent.stage': 'Loss surface. Start point: x = {x}, y = {y}. Arrow keys move the start point; with Shift they move it further.',
    'descent.hover': 'Pointer at x = {x}, y = {y}: loss = {loss}',
    'descent.hoverHint': 'Hover over the surface to read the loss at any point.',
    'descent.start': 'Start (x, y) = ({x}, {y}), loss = {loss}',
    'descent.result': '{name}: after {steps} steps at ({x}, {y}), loss {loss}',
    'descent.resultLeft': '{name}: flew off the surface after {steps} steps (diverged)',
    'descent.feature.global': 'global minimum',
    'descent.feature.local': 'local minimum',
    'descent.feature.saddle': 'saddle point',
    'descent.table': 'End point of each optimizer’s path (computed by the C++ core)',
    'descent.col.optimizer': 'optimizer',
    'descent.col.steps': 'steps',
    'descent.col.x': 'final x',
    'descent.col.y': 'final y',
    'descent.col.loss': 'final loss',
    'descent.none': 'Choose at least one optimizer to show.',
  },
});

const GRID_RESOLUTION = 160;
const OPTIMIZERS = [
  { name: 'sgd', colour: PALETTE.orange },
  { name: 'momentum', colour: PALETTE.purple },
  { name: 'adagrad', colour: PALETTE.green },
  { name: 'adam', colour: PALETTE.ink },
];
const KEY_STEP_SHARE = 0.02;  // of the domain width per arrow press (x4 with Shift)

const [X0, X1] = SURFACE_DOMAIN.x;
const [Y0, Y1] = SURFACE_DOMAIN.y;

// ---- coordinates: canvas pixels <-> surface (x, y); y grows upwards on screen ----------------------
function toSurface(canvas, clientX, clientY) {
  const box = canvas.getBoundingClientRect();
  const u = Math.min(Math.max((clientX - box.left) / box.width, 0), 1);
  const v = Math.min(Math.max((clientY - box.top) / box.height, 0), 1);
  return { x: X0 + u * (X1 - X0), y: Y1 - v * (Y1 - Y0) };
}
function toPixel(canvas, x, y) {
  return { px: ((x - X0) / (X1 - X0)) * canvas.width, py: ((Y1 - y) / (Y1 - Y0)) * canvas.height };
}

// The learning rate and step sliders, one checkbox per optimizer (its legend entry) and the reset of
// the start point. Each writes its part of `state` and asks for new paths.
function buildDescentControls(controls, state, refreshPaths) {
  const lrSlider = createSlider({
    labelKey: 'descent.lr', min: -3, max: 0, step: 0.05, value: state.learningRateExponent,
    format: (exponent) => formatNumber(10 ** exponent, 2),
    onInput: (value) => { state.learningRateExponent = value; refreshPaths(); },
  });
  const stepsSlider = createSlider({
    labelKey: 'descent.steps', min: 10, max: 400, step: 10, value: state.steps, format: String,
    onInput: (value) => { state.steps = value; refreshPaths(); },
  });
  const legend = element('ul', 'descent-legend');
  for (const optimizer of OPTIMIZERS) {
    const item = element('li');
    item.append(createCheckbox({
      labelKey: `enum.optimizer.${optimizer.name}`,
      checked: true,
      swatch: optimizer.colour,
      onChange(checked) {
        if (checked) state.shown.add(optimizer.name);
        else state.shown.delete(optimizer.name);
        refreshPaths();
      },
    }).element);
    legend.append(item);
  }
  const resetButton = createButton({
    labelKey: 'descent.resetStart',
    onClick() {
      state.start = { ...DEFAULT_START };
      refreshPaths();
    },
  });
  controls.append(lrSlider.element, stepsSlider.element, legend, resetButton);
  return { lrSlider, stepsSlider };
}

// The focusable stage holding the surface's canvas, and the hover line under it.
function buildStage(figure) {
  const stage = element('div', 'descent-stage', { tabindex: '0', role: 'application' });
  const canvas = element('canvas', '', { 'aria-hidden': 'true' });
  stage.append(canvas);
  const hover = element('p', 'descent-hover', { 'aria-hidden': 'true' });
  figure.append(stage, hover);
  return { stage, canvas, hover };
}

// A square canvas as wide as the stage, in device pixels (at most 2 per CSS pixel).
function resizeCanvas(canvas, stage) {
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const size = Math.max(1, Math.round(stage.clientWidth * ratio));
  if (canvas.width !== size) {
    canvas.width = size;
    canvas.height = size;
  }
}

// The heatmap, the surface's marked features, each optimizer's path and the start point.
function drawDescent(canvas, grid, paths, start) {
  const context = canvas.getContext('2d');
  drawHeatmap(context, grid, GRID_RESOLUTION, canvas.width, canvas.height);
  const scale = canvas.width / 400;
  const features = SURFACE_FEATURES.map((feature) => ({ ...toPixel(canvas, feature.x, feature.y), label: t(`descent.feature.${feature.kind}`) }));
  for (const { px, py } of features) drawFeatureMark(context, px, py, scale);
  for (const optimizer of OPTIMIZERS) {
    const path = paths.get(optimizer.name);
    if (!path) continue;
    const points = [];
    for (let i = 0; i + 2 < path.length; i += 3) points.push(toPixel(canvas, path[i], path[i + 1]));
    drawPath(context, points, optimizer.colour, scale);
  }
  const startPixel = toPixel(canvas, start.x, start.y);
  drawStart(context, startPixel.px, startPixel.py, scale);
  for (const { px, py, label } of features) drawFeatureLabel(context, px, py, label, scale);
}

// The start point and where each shown optimizer ended (or how far it got before leaving the
// domain), as readout lines and as the data table.
function describePaths(parts, stage, { start, startLoss, paths, maxSteps }) {
  const { x, y } = start;
  stage.setAttribute('aria-label', t('descent.stage', { x: formatNumber(x, 3), y: formatNumber(y, 3) }));
  const lines = [t('descent.start', { x: formatNumber(x, 3), y: formatNumber(y, 3), loss: formatNumber(startLoss, 4) })];
  const rows = [];
  for (const optimizer of OPTIMIZERS) {
    const path = paths.get(optimizer.name);
    if (!path) continue;
    const name = t(`enum.optimizer.${optimizer.name}`);
    const steps = path.length / 3 - 1;
    const end = path.length - 3;
    if (steps < maxSteps) {
      lines.push(t('descent.resultLeft', { name, steps }));
    } else {
      lines.push(t('descent.result', {
        name, steps, x: formatNumber(path[end], 3), y: formatNumber(path[end + 1], 3), loss: formatNumber(path[end + 2], 4),
      }));
    }
    rows.push([name, steps, path[end], path[end + 1], path[end + 2]]);
  }
  parts.readout.replaceChildren(...lines.map((line) => {
    const paragraph = element('p');
    paragraph.textContent = line;
    return paragraph;
  }));
  showStatus(parts.status, rows.length ? '' : t('descent.none'), 'info');
  renderDataTable(parts.figure, t('descent.table'), [
    t('descent.col.optimizer'), t('descent.col.steps'), t('descent.col.x'), t('descent.col.y'), t('descent.col.loss'),
  ], rows);
}

// Pointer and keyboard on the stage: a press or drag moves the start point, any pointer move asks
// for the loss under it, leaving shows the hint again; the arrow keys step the start (x4 with Shift).
function followStageInput(stage, canvas, hover, { currentStart, moveStart, showHover }) {
  let dragging = false;
  stage.addEventListener('pointerdown', (event) => {
    dragging = true;
    stage.setPointerCapture(event.pointerId);
    moveStart(toSurface(canvas, event.clientX, event.clientY));
  });
  stage.addEventListener('pointermove', (event) => {
    const point = toSurface(canvas, event.clientX, event.clientY);
    showHover(point);
    if (dragging) moveStart(point);
  });
  const stopDragging = () => { dragging = false; };
  stage.addEventListener('pointerup', stopDragging);
  stage.addEventListener('pointercancel', stopDragging);
  stage.addEventListener('pointerleave', () => { hover.textContent = t('descent.hoverHint'); });
  stage.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const stepSize = KEY_STEP_SHARE * (X1 - X0) * (event.shiftKey ? 4 : 1);
    const clamp = (value, low, high) => Math.min(Math.max(value, low), high);
    const start = currentStart();
    moveStart({
      x: clamp(start.x + move[0] * stepSize, X0, X1),
      y: clamp(start.y + move[1] * stepSize, Y0, Y1),
    });
  });
}

export function createDescent(container, options = {}) {
  const { engine } = options;
  const state = {
    learningRateExponent: Number(options.lrExponent ?? -1.3),
    steps: Number(options.steps ?? 120),
    start: { ...DEFAULT_START },
    shown: new Set(OPTIMIZERS.map((optimizer) => optimizer.name)),
  };
  const parts = createFrame(container, 'widget-descent');
  const runPaths = createLatestRunner();
  const runHover = createLatestRunner();
  let grid = null;
  let paths = new Map();  // optimizer name -> Float64Array (x, y, loss triples)
  let startLoss = null;

  const learningRate = () => 10 ** state.learningRateExponent;
  const refreshPaths = coalesceToFrame(() => computePaths());
  const { lrSlider, stepsSlider } = buildDescentControls(parts.controls, state, refreshPaths);

  const { stage, canvas, hover } = buildStage(parts.figure);

  // ---- engine -------------------------------------------------------------------------------------------
  function fail(error) {
    showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
  }

  async function loadGrid() {
    try {
      grid = await engine.call('surface_grid', [GRID_RESOLUTION, X0, X1, Y0, Y1]);
      if (!grid || grid.length !== GRID_RESOLUTION * GRID_RESOLUTION) throw new Error('surface_grid returned no values');
      computePaths();
    } catch (error) {
      fail(error);
    }
  }

  function computePaths() {
    const { x, y } = state.start;
    const shown = OPTIMIZERS.filter((optimizer) => state.shown.has(optimizer.name));
    runPaths(
      async () => {
        const [loss, ...results] = await Promise.all([
          engine.call('surface_loss', [x, y]),
          ...shown.map((optimizer) => engine.call('descent_path', [optimizer.name, learningRate(), x, y, state.steps])),
        ]);
        return { loss, results };
      },
      ({ loss, results }) => {
        startLoss = loss;
        paths = new Map(shown.map((optimizer, index) => [optimizer.name, results[index]]));
        draw();
        describe();
      },
      fail,
    );
  }

  function draw() {
    if (!grid) return;
    resizeCanvas(canvas, stage);
    drawDescent(canvas, grid, paths, state.start);
  }

  function describe() {
    describePaths(parts, stage, { start: state.start, startLoss, paths, maxSteps: state.steps });
  }

  // ---- interaction -----------------------------------------------------------------------------------------
  const showHover = coalesceToFrame((point) => {
    runHover(
      () => engine.call('surface_loss', [point.x, point.y]),
      (loss) => {
        hover.textContent = t('descent.hover', { x: formatNumber(point.x, 3), y: formatNumber(point.y, 3), loss: formatNumber(loss, 5) });
      },
      fail,
    );
  });
  followStageInput(stage, canvas, hover, {
    currentStart: () => state.start,
    moveStart(point) {
      state.start = point;
      refreshPaths();
    },
    showHover,
  });

  const resizeObserver = new ResizeObserver(() => draw());
  resizeObserver.observe(stage);
  const stopFollowing = followLanguage(container, () => {
    lrSlider.refresh();
    hover.textContent = t('descent.hoverHint');
    draw();
    if (grid) describe();
  });
  hover.textContent = t('descent.hoverHint');
  loadGrid();

  return {
    update(newOptions = {}) {
      if (Number.isFinite(newOptions.lrExponent)) {
        state.learningRateExponent = newOptions.lrExponent;
        lrSlider.set(state.learningRateExponent);
      }
      if (Number.isFinite(newOptions.steps)) {
        state.steps = newOptions.steps;
        stepsSlider.set(state.steps);
      }
      refreshPaths();
    },
    pause() {},
    resume() {},
    destroy() {
      resizeObserver.disconnect();
      stopFollowing();
      container.replaceChildren();
    },
  };
}
