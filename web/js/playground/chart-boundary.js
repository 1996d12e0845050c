// The decision boundary for the 2-D data sets: the network's class-1 probability on a grid
// (predictGrid, computed by the core) as a canvas heatmap like TensorFlow Playground's, with the
// training points (filled) and test points (hollow) on top. For the 8x8 digits there is no plane to
// draw, so the card shows sample test digits with their labels and the accuracies against chance.
import { t } from '../i18n.js';
import { element } from '../ui/controls.js';
import { createCard, downloadCanvas } from '../ui/card.js';
import { createCanvasPlot } from '../charts/canvas-plot.js';
import { formatPercent, formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { GRID_RESOLUTION, VIEW_EXTENT, drawBoundaryPlane, planeExtent, planeMapping } from '../charts/boundary-plane.js';

export { GRID_RESOLUTION };
const SAMPLE_DIGITS = 12;

// The probability grid with the run's points, or the points being drawn.
function drawPlane(plot, { data, extent, grid, drawing }) {
  const radius = plot.area.width < 260 ? 2.2 : 3;
  const edited = drawing?.points();
  drawBoundaryPlane(plot.context, plot.area, extent, grid, edited
    ? [{ inputs: edited.flatMap((point) => [point.x, point.y]), labels: edited.map((point) => point.label), radius: radius + 1 }]
    : [
      { inputs: data.trainInputs, labels: data.trainLabels, radius },
      { inputs: data.testInputs, labels: data.testLabels, radius, hollow: true },
    ], { showGridLines: Boolean(drawing) });
  drawing?.drawCursor(plot.context);
}

// Digits: a few test images (8x8, grey levels scaled per image) with their true labels.
function drawDigits({ context, area }, data) {
  const columns = 4;
  const rows = Math.ceil(SAMPLE_DIGITS / columns);
  const cell = Math.min(area.width / columns, area.height / rows);
  const pixel = (cell - 18) / 8;
  const count = Math.min(SAMPLE_DIGITS, data.testLabels.length);
  for (let k = 0; k < count; k += 1) {
    const image = data.testInputs.subarray(k * 64, k * 64 + 64);
    let lo = Infinity;
    let hi = -Infinity;
    for (const value of image) {
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
    const left = area.x + (k % columns) * cell + 4;
    const top = area.y + Math.floor(k / columns) * cell + 2;
    for (let p = 0; p < 64; p += 1) {
      const level = hi > lo ? (image[p] - lo) / (hi - lo) : 0;
      const grey = Math.round(255 * (1 - level));
      context.fillStyle = `rgb(${grey},${grey},${grey})`;
      context.fillRect(left + (p % 8) * pixel, top + Math.floor(p / 8) * pixel, Math.ceil(pixel), Math.ceil(pixel));
    }
    context.fillStyle = '#334155';
    context.textAlign = 'center';
    context.textBaseline = 'top';
    context.fillText(t('pg.digits.label', { label: data.testLabels[k] }), left + 4 * pixel, top + 8 * pixel + 2);
  }
}

// The tooltip at a point of the plane (fractions of its width and height).
function describe(grid, extent, fx, fy) {
  const column = Math.min(GRID_RESOLUTION - 1, Math.floor(fx * GRID_RESOLUTION));
  const row = GRID_RESOLUTION - 1 - Math.min(GRID_RESOLUTION - 1, Math.floor(fy * GRID_RESOLUTION));
  const x = extent.x0 + fx * (extent.x1 - extent.x0);
  const y = extent.y1 - fy * (extent.y1 - extent.y0);
  return t('pg.boundary.hover', { x: formatNumber(x), y: formatNumber(y),
    p: formatNumber(grid[row * GRID_RESOLUTION + column]) });
}

// A coarse 8 x 8 sample of the probability grid, for the data table.
function gridSample(grid, extent) {
  const rows = [];
  const stride = GRID_RESOLUTION / 8;
  for (let row = GRID_RESOLUTION - stride / 2; row > 0; row -= stride) {
    const r = Math.floor(row);
    const y = extent.y0 + ((r + 0.5) / GRID_RESOLUTION) * (extent.y1 - extent.y0);
    const cells = [y];
    for (let c = stride / 2; c < GRID_RESOLUTION; c += stride) cells.push(grid[r * GRID_RESOLUTION + Math.floor(c)]);
    rows.push(cells);
  }
  const headers = [t('pg.boundary.yx')];
  for (let c = stride / 2; c < GRID_RESOLUTION; c += stride) {
    headers.push(formatNumber(extent.x0 + ((Math.floor(c) + 0.5) / GRID_RESOLUTION) * (extent.x1 - extent.x0)));
  }
  return { headers, rows };
}

export function createBoundaryChart(parent) {
  const card = createCard(parent, {
    titleKey: 'pg.boundary.title',
    descriptionKey: 'pg.boundary.description',
    part: 'boundary',
    onExportPng: () => downloadCanvas(plot.canvas, 'decision-boundary.png'),
  });
  const plot = createCanvasPlot(card.body, {
    height: null, margins: { left: 4, right: 4, top: 4, bottom: 4 }, onResize: () => draw(),
    onHover: (fx, fy) => (data && isPlane() && grid ? describe(grid, extent, fx, fy) : ''),
  });
  plot.wrap.classList.add('vg-pg-square');
  const caption = element('p', 'vg-pg-boundary-caption');
  card.body.append(caption);

  let data = null;     // from run.data()
  let extent = null;   // { x0, x1, y0, y1 }
  let grid = null;     // Float32Array, row-major from y0
  let stats = null;
  // While the reader draws their own data (./boundary-draw.js): { points() -> the points being
  // edited, or null to show the run's data; drawCursor(context) }. The plane is then the fixed view square.
  let drawing = null;

  function computeExtent() {
    return drawing ? VIEW_EXTENT : planeExtent(data);
  }

  function isPlane() {
    return data && data.inputDim === 2;
  }

  function draw() {
    plot.begin();
    if (!data) return;
    if (drawing && !isPlane()) return;  // a digits run still showing while the drawn points are on their way
    if (isPlane()) drawPlane(plot, { data, extent, grid, drawing });
    else drawDigits(plot, data);
    updateCaption();
  }

  function updateCaption() {
    if (!data || !stats) {
      caption.textContent = '';
      return;
    }
    const accuracies = t('pg.boundary.accuracies', {
      train: formatPercent(stats.train_accuracy), test: formatPercent(stats.test_accuracy),
    });
    caption.textContent = isPlane() ? accuracies
      : `${accuracies} ${t('pg.digits.chance', { chance: formatPercent(1 / data.numClasses) })}`;
  }

  function renderTable() {
    if (!data) return;
    if (!isPlane() || !grid) {
      renderDataTable(card.tableHost, t('pg.boundary.accuracyCaption'), [t('pg.loss.train'), t('pg.loss.test')],
        stats ? [[stats.train_accuracy, stats.test_accuracy]] : []);
      return;
    }
    const { headers, rows } = gridSample(grid, extent);
    renderDataTable(card.tableHost, t('pg.boundary.tableCaption'), headers, rows);
  }

  function relabel() {
    card.relabel();
    draw();
  }

  return {
    card,
    get canvas() { return plot.canvas; },
    relabel,
    renderTable,
    get extent() { return extent; },
    get wantsGrid() { return isPlane(); },
    get data() { return data; },
    mapping: () => planeMapping(plot.area, extent ?? VIEW_EXTENT),
    redraw: () => draw(),
    setDrawing(next) {
      drawing = next;
      grid = null;  // drawn for the old square
      if (data && isPlane()) extent = computeExtent();
      if (drawing) extent = VIEW_EXTENT;
      draw();
    },
    setData(newData) {
      data = newData;
      extent = isPlane() ? planeExtent(data) : null;
      card.setTitleKey(isPlane() ? 'pg.boundary.title' : 'pg.digits.title');
      grid = null;
      draw();
    },
    setGrid(values) {
      grid = values;
      draw();
    },
    setStats(newStats) {
      stats = newStats;
      updateCaption();
    },
    clear() {
      grid = null;
      stats = null;
      card.tableHost.replaceChildren();
      draw();
    },
    destroy() {
      plot.destroy();
      card.figure.remove();
    },
  };
}
