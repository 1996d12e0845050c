// The decision boundary for the 2-D data sets: the network's class-1 probability on a grid
// (predictGrid, computed by the core) as a canvas heatmap like TensorFlow Playground's, with the
// training points (filled) and test points (hollow) on top. For the 8x8 digits there is no plane to
// draw, so the card shows sample test digits with their labels and the accuracies against chance.
import { t } from '../i18n.js';
import { createCard, downloadCanvas } from './card.js';
import { createCanvasPlot, drawGrid } from './canvas-plot.js';
import { formatPercent } from './format.js';
import { formatNumber, renderDataTable } from '../charts/common.js';

export const GRID_RESOLUTION = 48;
const CLASS_RGB = [[245, 147, 34], [8, 119, 189]];  // class 0 orange, class 1 blue
const SAMPLE_DIGITS = 12;

// Also the colour of the network view's units (chart-network.js): one palette for "class 0 … class 1".
export function probabilityRgb(probability) {
  // White at 0.5, the class colour at 0 or 1, pale so the points stay readable.
  const p = Number.isFinite(probability) ? Math.min(1, Math.max(0, probability)) : 0.5;
  const strength = Math.abs(p - 0.5) * 2 * 0.75;
  const target = p >= 0.5 ? CLASS_RGB[1] : CLASS_RGB[0];
  return target.map((channel) => Math.round(255 + (channel - 255) * strength));
}

// The square, padded extent of a 2-D data set's points (train and test), so shapes are not distorted
// and points are not on the edge: the decision boundary's grid and the network view's.
export function planeExtent(data) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const inputs of [data.trainInputs, data.testInputs]) {
    for (let i = 0; i + 1 < inputs.length; i += 2) {
      x0 = Math.min(x0, inputs[i]);
      x1 = Math.max(x1, inputs[i]);
      y0 = Math.min(y0, inputs[i + 1]);
      y1 = Math.max(y1, inputs[i + 1]);
    }
  }
  if (!(x1 > x0) || !(y1 > y0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const half = Math.max(x1 - x0, y1 - y0) * 0.55;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

export function createBoundaryChart(parent) {
  const card = createCard(parent, {
    titleKey: 'pg.boundary.title',
    descriptionKey: 'pg.boundary.description',
    part: 'boundary',
    onExportPng: () => downloadCanvas(plot.canvas, 'decision-boundary.png'),
  });
  const plot = createCanvasPlot(card.body, {
    height: null, margins: { left: 4, right: 4, top: 4, bottom: 4 }, onResize: () => draw(), onHover: describe,
  });
  plot.wrap.classList.add('vg-pg-square');
  const caption = document.createElement('p');
  caption.className = 'vg-pg-boundary-caption';
  card.body.append(caption);

  const gridCanvas = document.createElement('canvas');
  gridCanvas.width = GRID_RESOLUTION;
  gridCanvas.height = GRID_RESOLUTION;
  let data = null;     // from run.data()
  let extent = null;   // { x0, x1, y0, y1 }
  let grid = null;     // Float32Array, row-major from y0
  let stats = null;

  function isPlane() {
    return data && data.inputDim === 2;
  }

  function drawPlane() {
    const { context, area } = plot;
    if (grid && grid.length === GRID_RESOLUTION * GRID_RESOLUTION) {
      drawGrid(context, gridCanvas, { values: grid, res: GRID_RESOLUTION, rgbOf: probabilityRgb, ...area });
    } else {
      context.fillStyle = '#f8fafc';
      context.fillRect(area.x, area.y, area.width, area.height);
    }
    const toX = (x) => area.x + ((x - extent.x0) / (extent.x1 - extent.x0)) * area.width;
    const toY = (y) => area.y + (1 - (y - extent.y0) / (extent.y1 - extent.y0)) * area.height;
    const radius = area.width < 260 ? 2.2 : 3;
    const drawPoints = (inputs, labels, hollow) => {
      for (let i = 0; i < labels.length; i += 1) {
        const rgb = CLASS_RGB[labels[i] === 1 ? 1 : 0];
        context.beginPath();
        context.arc(toX(inputs[2 * i]), toY(inputs[2 * i + 1]), radius, 0, Math.PI * 2);
        if (hollow) {
          context.strokeStyle = `rgb(${rgb.join(',')})`;
          context.lineWidth = 1.5;
          context.stroke();
        } else {
          context.fillStyle = `rgb(${rgb.join(',')})`;
          context.fill();
          context.strokeStyle = 'rgba(255,255,255,0.9)';
          context.lineWidth = 0.8;
          context.stroke();
        }
      }
    };
    drawPoints(data.trainInputs, data.trainLabels, false);
    drawPoints(data.testInputs, data.testLabels, true);
    context.strokeStyle = '#cbd5e1';
    context.lineWidth = 1;
    context.strokeRect(area.x + 0.5, area.y + 0.5, area.width - 1, area.height - 1);
  }

  // Digits: a few test images (8x8, grey levels scaled per image) with their true labels.
  function drawDigits() {
    const { context, area } = plot;
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

  function draw() {
    plot.begin();
    if (!data) return;
    if (isPlane()) drawPlane();
    else drawDigits();
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

  function describe(fx, fy) {
    if (!data || !isPlane() || !grid) return '';
    const column = Math.min(GRID_RESOLUTION - 1, Math.floor(fx * GRID_RESOLUTION));
    const row = GRID_RESOLUTION - 1 - Math.min(GRID_RESOLUTION - 1, Math.floor(fy * GRID_RESOLUTION));
    const x = extent.x0 + fx * (extent.x1 - extent.x0);
    const y = extent.y1 - fy * (extent.y1 - extent.y0);
    return t('pg.boundary.hover', { x: formatNumber(x), y: formatNumber(y),
      p: formatNumber(grid[row * GRID_RESOLUTION + column]) });
  }

  function renderTable() {
    if (!data) return;
    if (!isPlane() || !grid) {
      renderDataTable(card.tableHost, t('pg.boundary.accuracyCaption'), [t('pg.loss.train'), t('pg.loss.test')],
        stats ? [[stats.train_accuracy, stats.test_accuracy]] : []);
      return;
    }
    // A coarse 8 x 8 sample of the probability grid.
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
