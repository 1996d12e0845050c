// Draws the order–chaos phase diagram on a canvas: a heatmap of the core's chi grid (../charts/ramps.js
// chiRgb: chi < 1 blue, gradients vanish; chi > 1 orange, they explode), the core's critical line
// chi = 1, and the reader's configuration as a point. Only colours and pixel positions are worked
// out here; every chi and sigma value comes from the core.
import { PALETTE } from '../charts/palette.js';
import { chiRgb } from '../charts/ramps.js';
import { drawGrid } from '../charts/raster.js';
import { canvasFont } from '../charts/canvas-text.js';

const scratch = document.createElement('canvas');

// view: { grid, critical, res, w0, w1, b0, b1, point: { sigmaW2, sigmaB2 } | null, markers } where
// critical[row] is the core's critical sigma_w2 at the row's sigma_b2 (not finite: none).
export function drawPhaseDiagram(canvas, view) {
  const size = canvas.clientWidth || 320;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(size * ratio)) {
    canvas.width = Math.round(size * ratio);
    canvas.height = Math.round(size * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size, size);
  const { grid, res } = view;
  if (!grid || grid.length !== res * res) {  // no prediction (Maxout): an empty, grey diagram
    ctx.fillStyle = '#eeeeec';
    ctx.fillRect(0, 0, size, size);
    return;
  }

  drawGrid(ctx, scratch, { values: grid, res, rgbOf: chiRgb, x: 0, y: 0, width: size, height: size });

  const xOf = (sigmaW2) => ((sigmaW2 - view.w0) / (view.w1 - view.w0)) * size;
  const yOfRow = (row) => size - ((row + 0.5) / res) * size;
  const points = (view.critical ?? []).flatMap((sigmaW2, row) => (
    Number.isFinite(sigmaW2) && sigmaW2 >= view.w0 && sigmaW2 <= view.w1 ? [{ x: xOf(sigmaW2), y: yOfRow(row) }] : []));
  if (points.length > 1) {
    ctx.strokeStyle = PALETTE.ink;
    ctx.lineWidth = 2.5;
    ctx.setLineDash([]);
    ctx.beginPath();
    points.forEach((point, index) => (index ? ctx.lineTo(point.x, point.y) : ctx.moveTo(point.x, point.y)));
    ctx.stroke();
  }

  // Reference values of sigma_w2 (e.g. Xavier's 1 and He's 2) as short ticks with labels at the top.
  ctx.font = canvasFont();
  ctx.textAlign = 'center';
  for (const marker of view.markers ?? []) {
    const x = xOf(marker.sigmaW2);
    if (x < 0 || x > size) continue;
    ctx.strokeStyle = PALETTE.ink;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, size);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = PALETTE.ink;
    ctx.fillText(marker.label, Math.min(size - 20, Math.max(20, x)), 14);
  }

  if (view.point) {
    const x = xOf(view.point.sigmaW2);
    const y = size - ((view.point.sigmaB2 - view.b0) / (view.b1 - view.b0)) * size;
    const inside = x >= 0 && x <= size && y >= 0 && y <= size;
    const cx = Math.min(size - 6, Math.max(6, x));
    const cy = Math.min(size - 6, Math.max(6, y));
    ctx.beginPath();
    ctx.arc(cx, cy, 7, 0, 2 * Math.PI);
    ctx.fillStyle = inside ? '#fff' : 'rgba(255,255,255,0.6)';
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = PALETTE.ink;
    ctx.setLineDash(inside ? [] : [3, 2]);
    ctx.stroke();
  }
}

// The (sigma_w2, sigma_b2) under a pointer position in the canvas.
export function valueAt(canvas, clientX, clientY, view) {
  const box = canvas.getBoundingClientRect();
  const fx = Math.min(1, Math.max(0, (clientX - box.left) / box.width));
  const fy = Math.min(1, Math.max(0, 1 - (clientY - box.top) / box.height));
  return { sigmaW2: view.w0 + fx * (view.w1 - view.w0), sigmaB2: view.b0 + fy * (view.b1 - view.b0) };
}
