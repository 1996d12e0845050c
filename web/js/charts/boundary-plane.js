// Drawing a 2-D decision boundary: the core's class-1 probability grid (predictGrid) as a pale
// heatmap like TensorFlow Playground's, and the data points on top (filled, or hollow for test
// points). Shared by the playground's boundary card and the draw-data widget.

import { drawGrid } from './raster.js';
import { CLASS_RGB, probabilityRgb } from './ramps.js';

export const GRID_RESOLUTION = 48;
// The square every built-in 2-D data set lies in and drawn points must stay in (src/core/datasets.h).
export const VIEW_EXTENT = Object.freeze({ x0: -6, x1: 6, y0: -6, y1: 6 });

const gridCanvas = typeof document === 'undefined' ? null : document.createElement('canvas');

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

export function classColour(label) {
  return `rgb(${CLASS_RGB[label === 1 ? 1 : 0].join(',')})`;
}

// Data coordinates <-> CSS pixels of `area` for `extent`.
export function planeMapping(area, extent) {
  return {
    toX: (x) => area.x + ((x - extent.x0) / (extent.x1 - extent.x0)) * area.width,
    toY: (y) => area.y + (1 - (y - extent.y0) / (extent.y1 - extent.y0)) * area.height,
    fromX: (px) => extent.x0 + ((px - area.x) / area.width) * (extent.x1 - extent.x0),
    fromY: (py) => extent.y1 - ((py - area.y) / area.height) * (extent.y1 - extent.y0),
  };
}

// Faint lines every 2 units and the two axes, for a plane with no boundary on it yet (drawing).
export function drawPlaneGrid(context, area, extent) {
  const { toX, toY } = planeMapping(area, extent);
  for (let v = Math.ceil(extent.x0 / 2) * 2; v <= extent.x1; v += 2) {
    context.strokeStyle = v === 0 ? '#94a3b8' : '#e2e8f0';
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(toX(v), area.y);
    context.lineTo(toX(v), area.y + area.height);
    context.moveTo(area.x, toY(v));
    context.lineTo(area.x + area.width, toY(v));
    context.stroke();
  }
}

// sets: [{ inputs (x, y pairs), labels, radius, hollow? }]. Without a grid the plane is left blank,
// or shows grid lines and axes with showGridLines (while drawing).
export function drawBoundaryPlane(context, area, extent, grid, sets, { showGridLines = false } = {}) {
  if (grid && grid.length === GRID_RESOLUTION * GRID_RESOLUTION && gridCanvas) {
    drawGrid(context, gridCanvas, { values: grid, res: GRID_RESOLUTION, rgbOf: probabilityRgb, ...area });
  } else {
    context.fillStyle = '#f8fafc';
    context.fillRect(area.x, area.y, area.width, area.height);
    if (showGridLines) drawPlaneGrid(context, area, extent);
  }
  const { toX, toY } = planeMapping(area, extent);
  for (const { inputs, labels, radius, hollow } of sets) {
    for (let i = 0; i < labels.length; i += 1) {
      context.beginPath();
      context.arc(toX(inputs[2 * i]), toY(inputs[2 * i + 1]), radius, 0, Math.PI * 2);
      if (hollow) {
        context.strokeStyle = classColour(labels[i]);
        context.lineWidth = 1.5;
        context.stroke();
      } else {
        context.fillStyle = classColour(labels[i]);
        context.fill();
        context.strokeStyle = 'rgba(255,255,255,0.9)';
        context.lineWidth = 0.8;
        context.stroke();
      }
    }
  }
  context.strokeStyle = '#cbd5e1';
  context.lineWidth = 1;
  context.strokeRect(area.x + 0.5, area.y + 0.5, area.width - 1, area.height - 1);
}
