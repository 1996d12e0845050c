// Canvas drawing for the descent widget: the banded loss heatmap, optimizer paths, labelled surface
// features and the start point. Pure layout: every value drawn comes from the core.
import { surfaceRgb } from '../charts/ramps.js';
import { paintGrid } from '../charts/raster.js';
import { canvasFont, smallTextPx } from '../charts/canvas-text.js';

const heatmapCache = new WeakMap();  // grid array -> offscreen canvas

// The grid is res x res, row-major from the bottom row (y0); the canvas draws top row first.
function heatmapImage(grid, res) {
  if (heatmapCache.has(grid)) return heatmapCache.get(grid);
  let low = Infinity;
  let high = -Infinity;
  for (const value of grid) {
    if (Number.isFinite(value)) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  const span = Math.log1p(Math.max(high - low, 1e-12));
  // Heights are compressed with log1p so that the valleys, where the paths run, get most colours.
  const offscreen = paintGrid(document.createElement('canvas'), { values: grid, res,
    rgbOf: (value) => surfaceRgb(Number.isFinite(value) ? Math.log1p(value - low) / span : 1) });
  heatmapCache.set(grid, offscreen);
  return offscreen;
}

export function drawHeatmap(context, grid, res, width, height) {
  context.imageSmoothingEnabled = true;
  context.drawImage(heatmapImage(grid, res), 0, 0, width, height);
}

// A path as a coloured line over a white halo (visible on dark and light bands), with a dot at its end.
export function drawPath(context, points, colour, scale) {
  if (points.length === 0) return;
  context.save();
  context.lineJoin = 'round';
  context.lineCap = 'round';
  for (const [strokeStyle, lineWidth] of [['rgba(255,255,255,0.9)', 5 * scale], [colour, 2.5 * scale]]) {
    context.strokeStyle = strokeStyle;
    context.lineWidth = lineWidth;
    context.beginPath();
    points.forEach(({ px, py }, index) => (index === 0 ? context.moveTo(px, py) : context.lineTo(px, py)));
    context.stroke();
  }
  const end = points[points.length - 1];
  context.fillStyle = colour;
  context.strokeStyle = '#fff';
  context.lineWidth = 1.5 * scale;
  context.beginPath();
  context.arc(end.px, end.py, 5 * scale, 0, 2 * Math.PI);
  context.fill();
  context.stroke();
  context.restore();
}

const FEATURE_ARM = 6;

// A cross marking a minimum or saddle (drawn under the paths).
export function drawFeatureMark(context, px, py, scale) {
  context.save();
  const arm = FEATURE_ARM * scale;
  context.strokeStyle = '#111';
  context.lineWidth = 2 * scale;
  context.beginPath();
  context.moveTo(px - arm, py - arm);
  context.lineTo(px + arm, py + arm);
  context.moveTo(px + arm, py - arm);
  context.lineTo(px - arm, py + arm);
  context.stroke();
  context.restore();
}

// The feature's name on a light label beside its cross (drawn over the paths, so always readable).
export function drawFeatureLabel(context, px, py, label, scale) {
  context.save();
  const arm = FEATURE_ARM * scale;
  context.font = canvasFont({ px: smallTextPx() * scale, bold: true });
  const width = context.measureText(label).width;
  const padding = 3 * scale;
  const height = 16 * scale;
  let left = px + arm + 2 * scale;
  if (left + width + 2 * padding > context.canvas.width) left = px - arm - 2 * scale - width - 2 * padding;
  const top = Math.min(Math.max(py - height / 2, 0), context.canvas.height - height);
  context.fillStyle = 'rgba(255,255,255,0.88)';
  context.fillRect(left, top, width + 2 * padding, height);
  context.fillStyle = '#111';
  context.textBaseline = 'middle';
  context.fillText(label, left + padding, top + height / 2);
  context.restore();
}

export function drawStart(context, px, py, scale) {
  context.save();
  context.fillStyle = '#fff';
  context.strokeStyle = '#111';
  context.lineWidth = 2.5 * scale;
  context.beginPath();
  context.arc(px, py, 8 * scale, 0, 2 * Math.PI);
  context.fill();
  context.stroke();
  context.restore();
}
