// The network drawn as layers of units joined by links (issue 12, tool 4), shared by the `network`
// widget and the playground's network card. Each unit shows its output over the 2-D input plane as a
// small heatmap (TensorFlow Playground's picture); a link's width is its |W| and its colour its
// latest |∂L/∂W| on a log scale, so gradients fading toward the input show on the network itself.
// Every number comes from the core (Trainer.network_view and the telemetry's grad_w_norm); a
// network too large to draw unit by unit is drawn as one column per layer coloured by its
// gradient norm.
//
//   const diagram = createNetworkDiagram(parent);
//   diagram.showUnits(view, { actLo, actHi, gradNorms }) | diagram.showLayers(gradNorms, reasonKey) | diagram.clear()
import { registerStrings, t } from '../i18n.js';
import { formatNumber, powerOfTen } from '../ui/format.js';
import { createCanvasPlot } from '../charts/canvas-plot.js';
import { drawGrid } from '../charts/raster.js';
import { cssColour, cssGradient, probabilityRgb } from '../charts/ramps.js';

registerStrings({
  ko: {
    'net.col.input': '입력',
    'net.col.output': '출력',
    'net.legend.links': '연결선 색: 최근 스텝의 |∂L/∂W| (로그 눈금) · 굵기: |W|',
    'net.legend.columns': '열의 색: 그 층의 기울기 크기 ‖∂L/∂W‖ (로그 눈금)',
    'net.legend.units': '유닛 그림: 입력 평면 위에서의 출력 (주황 낮음 · 흰색 중간 · 파랑 높음, {lo} … {hi})',
    'net.fallback.large': '깊이나 너비가 8을 넘는 망은 유닛을 하나하나 그리지 않고, 층마다 한 열로 그립니다.',
    'net.fallback.plane': '입력이 2차원이 아닌 데이터라 유닛 그림 없이 층마다 한 열로 그립니다.',
    'net.readout': '‖∂L/∂W‖ 첫 은닉층 {first} · 마지막 은닉층 {last} (스텝 {step})',
    'net.hover.input': '입력 x{index}',
    'net.hover.unit': '은닉층 {layer}의 유닛 {unit}',
    'net.hover.output': '출력 유닛 {unit} (로짓)',
    'net.hover.layer': '층 {layer}: ‖∂L/∂W‖ = {value}',
    'net.layer.output': '출력층',
    'net.aria': '신경망 그림. 층별 기울기 크기 ‖∂L/∂W‖: {values}',
    'net.table.caption': '층별 기울기 크기 ‖∂L/∂W‖',
    'net.table.layer': '층',
    'net.table.grad': '‖∂L/∂W‖',
  },
  en: {
    'net.col.input': 'input',
    'net.col.output': 'output',
    'net.legend.links': 'link colour: the latest step’s |∂L/∂W| (log scale) · width: |W|',
    'net.legend.columns': 'column colour: the layer’s gradient size ‖∂L/∂W‖ (log scale)',
    'net.legend.units': 'unit pictures: the unit’s output over the input plane (orange low · white middle · blue high, {lo} … {hi})',
    'net.fallback.large': 'A network deeper or wider than 8 is drawn as one column per layer instead of unit by unit.',
    'net.fallback.plane': 'The data are not 2-D, so each layer is drawn as one column, without unit pictures.',
    'net.readout': '‖∂L/∂W‖ first hidden layer {first} · last hidden layer {last} (step {step})',
    'net.hover.input': 'input x{index}',
    'net.hover.unit': 'hidden layer {layer}, unit {unit}',
    'net.hover.output': 'output unit {unit} (logit)',
    'net.hover.layer': 'layer {layer}: ‖∂L/∂W‖ = {value}',
    'net.layer.output': 'output layer',
    'net.aria': 'Network diagram. Gradient size per layer ‖∂L/∂W‖: {values}',
    'net.table.caption': 'Gradient size per layer ‖∂L/∂W‖',
    'net.table.layer': 'layer',
    'net.table.grad': '‖∂L/∂W‖',
  },
});

// What the view draws unit by unit (the core refuses larger networks: src/core/network_view.h).
export const NETWORK_VIEW_MAX_DEPTH = 8;
export const NETWORK_VIEW_MAX_WIDTH = 8;
export const NETWORK_VIEW_RESOLUTION = 24;

export function drawsUnits({ depth, width, inputDim }) {
  return inputDim === 2 && depth <= NETWORK_VIEW_MAX_DEPTH && width <= NETWORK_VIEW_MAX_WIDTH;
}

const MIN_PITCH_X = 46;     // px per column at least: narrower screens scroll sideways
const TOP = 16;             // column labels
const FALLBACK_HEIGHT = 84;
const MAX_DECADES = 16;
const MIN_DECADES = 3;

// Whole decades [lo, hi] covering the positive finite values (at most MAX_DECADES, at least MIN_DECADES).
export function decadeRange(values) {
  let smallest = Infinity;
  let largest = 0;
  for (const value of values) {
    if (value > 0 && Number.isFinite(value)) {
      smallest = Math.min(smallest, value);
      largest = Math.max(largest, value);
    }
  }
  if (!(largest > 0)) return { lo: -MIN_DECADES, hi: 0 };
  const hi = Math.ceil(Math.log10(largest));
  const lo = Math.min(hi - MIN_DECADES, Math.max(Math.floor(Math.log10(smallest)), hi - MAX_DECADES));
  return { lo, hi };
}

// log10 of a size for the colour ramp: 0 maps to -Infinity (drawn as "exactly zero"), overflow stays Infinity/NaN.
function logOf(value) {
  return value === 0 ? -Infinity : Math.log10(value);
}

// Unit positions: columns input, hidden 1..depth, output; each column's units centred vertically.
function layoutUnits(view, availableWidth) {
  const columns = view.depth + 2;
  const counts = [view.input_dim, ...Array(view.depth).fill(view.width), view.output_dim];
  const rows = Math.max(...counts);
  const pitchX = Math.max(MIN_PITCH_X, availableWidth / columns);
  const size = Math.round(Math.min(40, Math.max(18, pitchX * 0.5)));
  const pitchY = size + 10;
  const units = counts.map((count, column) => Array.from({ length: count }, (_, row) => ({
    x: column * pitchX + (pitchX - size) / 2,
    y: TOP + ((rows - count) * pitchY) / 2 + row * pitchY + 4,
  })));
  return { columns, pitchX, size, units, width: Math.ceil(columns * pitchX), height: TOP + rows * pitchY + 4 };
}

function layerLabel(layer, count) {
  return layer === count - 1 ? t('net.layer.output') : String(layer + 1);
}

// Links from each column to the next: width |W|, colour log |∂L/∂W| on range.
function drawLinks(context, view, layout, range) {
  let largestWeight = 0;
  for (const value of view.weight_abs) if (Number.isFinite(value)) largestWeight = Math.max(largestWeight, value);
  const links = [];
  for (let layer = 0; layer <= view.depth; layer += 1) {
    const from = layout.units[layer];
    const to = layout.units[layer + 1];
    const begin = view.link_begin[layer];
    for (let j = 0; j < to.length; j += 1) {
      for (let i = 0; i < from.length; i += 1) links.push({ index: begin + j * from.length + i, from: from[i], to: to[j] });
    }
  }
  // The largest gradients last, on top.
  links.sort((a, b) => (view.grad_abs[a.index] || 0) - (view.grad_abs[b.index] || 0));
  const half = layout.size / 2;
  for (const { index, from, to } of links) {
    const weight = view.weight_abs[index];
    context.strokeStyle = cssColour(logOf(view.grad_abs[index]), range.lo, range.hi);
    context.lineWidth = Number.isFinite(weight) && largestWeight > 0 ? 0.6 + 4 * (weight / largestWeight) : 1;
    context.beginPath();
    context.moveTo(from.x + layout.size, from.y + half);
    context.lineTo(to.x, to.y + half);
    context.stroke();
  }
}

// Each unit's output over the input plane, its frame, and the column labels.
function drawUnits(context, scratch, layout, { view, actLo, actHi }) {
  const res = view.resolution;
  const points = res * res;
  const box = (unit) => ({ res, x: unit.x, y: unit.y, width: layout.size, height: layout.size });
  // Inputs: the coordinate itself, low to high across the plane.
  const ramp = Float64Array.from({ length: points }, (_, p) => (p % res) / (res - 1));
  const rampY = Float64Array.from({ length: points }, (_, p) => Math.floor(p / res) / (res - 1));
  layout.units[0].forEach((unit, index) => drawGrid(context, scratch, { values: index === 0 ? ramp : rampY, rgbOf: probabilityRgb, ...box(unit) }));
  const span = actHi - actLo;
  const hiddenRgb = (value) => probabilityRgb((value - actLo) / span);
  for (let layer = 0; layer < view.depth; layer += 1) {
    layout.units[layer + 1].forEach((unit, j) => drawGrid(context, scratch, {
      values: view.unit_outputs, offset: (layer * view.width + j) * points, rgbOf: hiddenRgb, ...box(unit) }));
  }
  let largestLogit = 0;
  for (const value of view.output_logits) if (Number.isFinite(value)) largestLogit = Math.max(largestLogit, Math.abs(value));
  const outputRgb = (value) => probabilityRgb(0.5 + 0.5 * (value / (largestLogit || 1)));
  layout.units[view.depth + 1].forEach((unit, j) => drawGrid(context, scratch, {
    values: view.output_logits, offset: j * points, rgbOf: outputRgb, ...box(unit) }));
  context.strokeStyle = '#64748b';
  context.lineWidth = 1;
  for (const column of layout.units) for (const unit of column) context.strokeRect(unit.x + 0.5, unit.y + 0.5, layout.size - 1, layout.size - 1);
  context.fillStyle = '#334155';
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (let column = 0; column < layout.columns; column += 1) {
    const label = column === 0 ? t('net.col.input') : column === layout.columns - 1 ? t('net.col.output') : String(column);
    context.fillText(label, (column + 0.5) * layout.pitchX, 2);
  }
}

// The fallback: one column per layer coloured by its gradient norm on range.
function drawColumns(plot, gradNorms, range) {
  const { context, width } = plot;
  const count = gradNorms.length;
  const pitch = width / count;
  const gap = pitch > 6 ? 2 : 0;
  gradNorms.forEach((value, layer) => {
    context.fillStyle = cssColour(logOf(value), range.lo, range.hi);
    context.fillRect(Math.floor(layer * pitch), TOP, Math.max(1, Math.ceil(pitch - gap)), FALLBACK_HEIGHT - TOP);
  });
  context.fillStyle = '#334155';
  context.textBaseline = 'top';
  context.textAlign = 'left';
  context.fillText(`1 (${t('net.col.input')})`, 0, 2);
  context.textAlign = 'right';
  context.fillText(t('net.col.output'), width, 2);
}

// What is under the pointer at (fx, fy), fractions of the plot area.
function hoverText(plot, shown, layout, fx, fy) {
  if (!shown) return '';
  const x = fx * plot.area.width;
  const y = fy * plot.area.height;
  if (shown.kind === 'layers') {
    const count = shown.gradNorms.length;
    const layer = Math.min(count - 1, Math.floor((x / plot.width) * count));
    return t('net.hover.layer', { layer: layerLabel(layer, count), value: formatNumber(shown.gradNorms[layer]) });
  }
  for (let column = 0; column < layout.columns; column += 1) {
    const index = layout.units[column].findIndex((unit) => x >= unit.x && x < unit.x + layout.size && y >= unit.y && y < unit.y + layout.size);
    if (index < 0) continue;
    if (column === 0) return t('net.hover.input', { index: index + 1 });
    if (column === layout.columns - 1) return t('net.hover.output', { unit: index + 1 });
    return t('net.hover.unit', { layer: column, unit: index + 1 });
  }
  return '';
}

// The legend under the diagram: the colour ramp with its decade ends, and the unit pictures' line.
function buildLegend() {
  const legend = document.createElement('div');
  legend.className = 'net-legend';
  const ramp = document.createElement('span');
  ramp.className = 'net-ramp';
  ramp.style.background = cssGradient();
  const rampLo = document.createElement('span');
  const rampHi = document.createElement('span');
  const rampText = document.createElement('span');
  const rampLine = document.createElement('p');
  rampLine.append(rampText, ' ', rampLo, ramp, rampHi);
  const unitsLine = document.createElement('p');
  legend.append(rampLine, unitsLine);
  return { legend, rampLo, rampHi, rampText, unitsLine };
}

// The texts around the diagram (note, legend, readout, the canvas' aria-label) for what is shown.
function labelLegend({ note, legend, rampText, rampLo, rampHi, unitsLine, readout, canvas }, shown, range) {
  if (!shown) {
    note.textContent = '';
    rampText.textContent = '';
    unitsLine.textContent = '';
    readout.textContent = '';
    legend.hidden = true;
    return;
  }
  legend.hidden = false;
  const units = shown.kind === 'units';
  note.textContent = units ? '' : t(shown.reasonKey);
  note.hidden = units;
  rampText.textContent = t(units ? 'net.legend.links' : 'net.legend.columns');
  rampLo.textContent = `${powerOfTen(range.lo)} `;
  rampHi.textContent = ` ${powerOfTen(range.hi)}`;
  unitsLine.hidden = !units;
  unitsLine.textContent = units ? t('net.legend.units', { lo: formatNumber(shown.actLo), hi: formatNumber(shown.actHi) }) : '';
  const norms = shown.gradNorms;
  const hidden = norms.length - 1;
  readout.textContent = hidden >= 1
    ? t('net.readout', { first: formatNumber(norms[0]), last: formatNumber(norms[hidden - 1]), step: shown.step })
    : '';
  canvas.setAttribute('aria-label', t('net.aria', {
    values: Array.from(norms, (value, layer) => `${layerLabel(layer, norms.length)}: ${formatNumber(value)}`).join(', '),
  }));
}

export function createNetworkDiagram(parent) {
  const root = document.createElement('div');
  root.className = 'net-diagram';
  const scroller = document.createElement('div');
  scroller.className = 'net-scroller';
  scroller.tabIndex = 0;  // a keyboard reader can scroll a diagram wider than the screen
  root.append(scroller);
  const note = document.createElement('p');
  note.className = 'net-note';
  const { legend, rampLo, rampHi, rampText, unitsLine } = buildLegend();
  const readout = document.createElement('p');
  readout.className = 'net-readout';
  root.append(note, legend, readout);
  parent.append(root);

  const plot = createCanvasPlot(scroller, { height: FALLBACK_HEIGHT, margins: { left: 0, right: 0, top: 0, bottom: 0 },
    onResize: () => draw(), onHover: (fx, fy) => hoverText(plot, shown, layout, fx, fy) });
  plot.canvas.setAttribute('role', 'img');
  // The unit layout follows the scroller's width (the canvas itself has a fixed size then).
  let fittedWidth = 0;
  const refit = new ResizeObserver(() => {
    if (shown?.kind !== 'units' || scroller.clientWidth === fittedWidth) return;
    fit();
    draw();
  });
  refit.observe(scroller);
  const scratch = document.createElement('canvas');
  let shown = null;  // { kind: 'units', view, actLo, actHi, gradNorms, step } | { kind: 'layers', gradNorms, reasonKey, step }
  let layout = null;
  let range = { lo: -MIN_DECADES, hi: 0 };

  function draw() {
    plot.begin();
    if (!shown) return;
    if (shown.kind === 'units') {
      drawLinks(plot.context, shown.view, layout, range);
      drawUnits(plot.context, scratch, layout, shown);
    } else {
      drawColumns(plot, shown.gradNorms, range);
    }
  }

  // Sizes the canvas for what is shown (wider than the card on a phone: the scroller scrolls).
  function fit() {
    fittedWidth = scroller.clientWidth;
    if (shown?.kind === 'units') {
      layout = layoutUnits(shown.view, fittedWidth || 320);
      plot.wrap.style.width = `${layout.width}px`;
      plot.wrap.style.height = `${layout.height}px`;
    } else {
      layout = null;
      plot.wrap.style.width = '';
      plot.wrap.style.height = `${FALLBACK_HEIGHT}px`;
    }
    plot.resize(false);
  }

  function relabel() {
    labelLegend({ note, legend, rampText, rampLo, rampHi, unitsLine, readout, canvas: plot.canvas }, shown, range);
    draw();
  }

  function show(next, sizes) {
    shown = next;
    range = decadeRange(sizes);
    root.dataset.kind = next.kind;
    fit();
    relabel();
  }

  return {
    root,
    get canvas() { return plot.canvas; },
    get shown() { return shown; },
    get range() { return range; },
    // view: Trainer.network_view's answer; actLo/actHi: the activation's range (hist_ranges);
    // gradNorms: the telemetry's grad_w_norm (the readout); step: the snapshot's step.
    showUnits(view, { actLo, actHi, gradNorms, step }) {
      show({ kind: 'units', view, actLo, actHi, gradNorms: Array.from(gradNorms), step }, view.grad_abs);
    },
    showLayers(gradNorms, { reasonKey, step }) {
      show({ kind: 'layers', gradNorms: Array.from(gradNorms), reasonKey, step }, gradNorms);
    },
    clear() {
      shown = null;
      delete root.dataset.kind;
      fit();
      relabel();
    },
    relabel,
    // Rows for a data table: one per layer, its gradient norm.
    tableRows() {
      if (!shown) return [];
      return shown.gradNorms.map((value, layer) => [layerLabel(layer, shown.gradNorms.length), value]);
    },
    destroy() {
      refit.disconnect();
      plot.destroy();
      root.remove();
    },
  };
}
