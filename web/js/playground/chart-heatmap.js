// Layer x step heatmap of log10‖∂L/∂W_l‖: the gradient flow through time. Columns live in a ring
// buffer (history.js ColumnRing) and in an offscreen canvas one pixel per (column, layer), so a new
// snapshot costs one column of pixels, not a redraw of the whole history.
import { t } from '../i18n.js';
import { createCard, downloadCanvas } from '../ui/card.js';
import { createCanvasPlot } from '../charts/canvas-plot.js';
import { ColumnRing } from './history.js';
import { viridisRgb, cssGradient } from '../charts/ramps.js';
import { rasterize } from '../charts/raster.js';
import { element } from '../ui/controls.js';
import { log10OrFlag } from '../charts/log-axis.js';
import { thinRows, formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { layerName } from './chart-grad-norm.js';

const COLUMNS = 240;
const RANGE_LIMIT = [-40, 40];

// The colour scale under the heatmap: low end, the ramp, high end, and what the special colours mean.
function appendLegend(body) {
  const legend = element('div', 'vg-pg-legend');
  const legendLow = element('span');
  const legendBar = element('span', 'vg-pg-legend-bar');
  legendBar.style.background = cssGradient();
  const legendHigh = element('span');
  const legendSpecial = element('span', 'vg-pg-legend-special');
  legend.append(legendLow, legendBar, legendHigh, legendSpecial);
  body.append(legend);
  return { legendLow, legendBar, legendHigh, legendSpecial };
}

// The colour range [lo, hi] in whole decades widened to take a column's finite values, or null when
// the column fits in `range` already (or has no finite value).
function widenedRange(range, column, rows) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let row = 0; row < rows; row += 1) {
    const value = column[row];
    if (Number.isFinite(value)) {
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
  }
  if (lo > hi) return null;
  lo = Math.max(RANGE_LIMIT[0], Math.floor(lo));
  hi = Math.min(RANGE_LIMIT[1], Math.max(Math.ceil(hi), lo + 1));
  if (range && lo >= range[0] && hi <= range[1]) return null;
  return range ? [Math.min(range[0], lo), Math.max(range[1], hi)] : [lo, hi];
}

// The layer ends on the left, the first and last step shown underneath.
function drawAxisLabels(context, area, ring) {
  context.fillStyle = '#334155';
  context.textAlign = 'right';
  context.textBaseline = 'top';
  context.fillText(ring.rows > 1 ? t('pg.layer.outputShort') : '', area.x - 4, area.y);
  context.textBaseline = 'bottom';
  context.fillText(t('pg.heatmap.inputSide'), area.x - 4, area.y + area.height);
  context.textBaseline = 'top';
  context.textAlign = 'left';
  if (ring.length > 0) {
    context.fillText(t('pg.axis.stepN', { step: ring.step(0) }), area.x, area.y + area.height + 6);
    context.textAlign = 'right';
    const lastX = area.x + Math.min(area.width, (ring.length / COLUMNS) * area.width);
    const firstLabelWidth = context.measureText(t('pg.axis.stepN', { step: ring.step(0) })).width;
    if (ring.length > 1 && lastX - area.x > firstLabelWidth + 40) {
      context.fillText(String(ring.step(ring.length - 1)), lastX, area.y + area.height + 6);
    }
  }
}

// The tooltip at a point of the plot (fractions of its width and height).
function describe(ring, fx, fy) {
  const index = Math.floor(fx * COLUMNS);
  if (index >= ring.length) return '';
  const row = ring.rows - 1 - Math.min(ring.rows - 1, Math.floor(fy * ring.rows));
  const decades = ring.value(index, row);
  const norm = Number.isFinite(decades) ? 10 ** decades : (decades === -Infinity ? 0 : decades);
  return `${t('pg.axis.stepN', { step: ring.step(index) })}, ${layerName(row, ring.rows)}: ‖∂L/∂W‖ = ${
    formatNumber(Number.isNaN(decades) ? NaN : norm)}`;
}

export function createHeatmapChart(parent) {
  const card = createCard(parent, {
    titleKey: 'pg.heatmap.title',
    descriptionKey: 'pg.heatmap.description',
    part: 'heatmap',
    onExportPng: () => downloadCanvas(plot.canvas, 'gradient-heatmap.png'),
  });
  const ring = new ColumnRing(COLUMNS, 1);
  const logColumn = new Float32Array(1001);
  let offscreen = document.createElement('canvas');
  let pixels = null;       // ImageData of one column
  let range = null;        // [lo, hi] in decades, widened (never narrowed) during a run
  const plot = createCanvasPlot(card.body, { height: 200, onResize: () => draw(), onHover: (fx, fy) => describe(ring, fx, fy) });

  const { legendLow, legendBar, legendHigh, legendSpecial } = appendLegend(card.body);

  function reshape(rows) {
    ring.reshape(rows);
    offscreen.width = COLUMNS;
    offscreen.height = rows;
    pixels = offscreen.getContext('2d').createImageData(1, rows);
    range = null;
  }

  function paintColumn(slot) {
    const { rows } = ring;
    const base = slot * rows;
    // Output layer at the top, the input side at the bottom.
    rasterize(pixels, 1, rows, (column, row) => viridisRgb(ring.values[base + row], range[0], range[1]));
    offscreen.getContext('2d').putImageData(pixels, slot, 0);
  }

  function repaintAll() {
    for (let i = 0; i < ring.length; i += 1) paintColumn(ring.slot(i));
  }

  function draw() {
    plot.begin();
    const { context, area } = plot;
    context.fillStyle = '#f1f5f9';
    context.fillRect(area.x, area.y, area.width, area.height);
    if (ring.length > 0) {
      context.imageSmoothingEnabled = false;
      const columnWidth = area.width / COLUMNS;
      // Oldest column at the left edge; the ring may wrap inside the offscreen canvas.
      const oldest = ring.slot(0);
      const firstRun = Math.min(ring.length, COLUMNS - oldest);
      context.drawImage(offscreen, oldest, 0, firstRun, ring.rows, area.x, area.y, firstRun * columnWidth, area.height);
      const secondRun = ring.length - firstRun;
      if (secondRun > 0) {
        context.drawImage(offscreen, 0, 0, secondRun, ring.rows, area.x + firstRun * columnWidth, area.y,
          secondRun * columnWidth, area.height);
      }
    }
    drawAxisLabels(context, area, ring);
    legendLow.textContent = range ? formatNumber(10 ** range[0]) : '';
    legendHigh.textContent = range ? formatNumber(10 ** range[1]) : '';
  }

  function renderTable() {
    if (ring.length === 0) return;
    // The newest few columns, one row per layer.
    const columns = [];
    for (let i = Math.max(0, ring.length - 5); i < ring.length; i += 1) columns.push(i);
    const all = [];
    for (let row = 0; row < ring.rows; row += 1) all.push([layerName(row, ring.rows), ...columns.map((i) => ring.value(i, row))]);
    const { rows, thinned } = thinRows(all, 120);
    renderDataTable(card.tableHost, t(thinned ? 'pg.heatmap.tableCaptionThinned' : 'pg.heatmap.tableCaption'),
      [t('pg.axis.layer'), ...columns.map((i) => t('pg.axis.stepN', { step: ring.step(i) }))], rows);
  }

  function relabel() {
    card.relabel();
    legendSpecial.textContent = t('pg.heatmap.legendSpecial');
    legendBar.setAttribute('aria-label', t('pg.heatmap.legendBar'));
    draw();
  }
  relabel();

  return {
    card,
    get canvas() { return plot.canvas; },
    relabel,
    renderTable,
    draw,
    clear(rows) {
      reshape(rows);
      card.tableHost.replaceChildren();
      draw();
    },
    // Adds one column: the snapshot's grad_w_norm after `step` steps.
    push(step, gradNorm) {
      const rows = gradNorm.length;
      if (rows !== ring.rows || !pixels) reshape(rows);
      for (let row = 0; row < rows; row += 1) logColumn[row] = log10OrFlag(gradNorm[row]);
      const column = logColumn.subarray(0, rows);
      const wider = widenedRange(range, column, rows);
      const widened = wider !== null || !range;
      if (wider) range = wider;
      if (!range) range = [-10, 1];
      ring.push(step, column);
      if (widened) repaintAll();
      else paintColumn(ring.slot(ring.length - 1));
    },
    destroy() {
      plot.destroy();
      card.figure.remove();
      offscreen = null;
    },
  };
}
