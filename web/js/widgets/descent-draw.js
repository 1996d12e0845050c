// Canvas drawing for the descent widget: the banded loss heatmap, optimizer paths, labelled surface
// features and the start point. Pure layout: every value drawn comes from the core.

// Colour ramp from low loss (dark blue) to high loss (pale), sampled in BANDS steps so that equal
// colours read as contour bands.
const RAMP = [
  [16, 42, 84],
  [33, 102, 150],
  [83, 160, 170],
  [170, 210, 180],
  [246, 246, 232],
];
const BANDS = 18;

function rampColour(share) {
  const position = share * (RAMP.length - 1);
  const index = Math.min(Math.floor(position), RAMP.length - 2);
  const within = position - index;
  return RAMP[index].map((channel, c) => Math.round(channel + (RAMP[index + 1][c] - channel) * within));
}

const heatmapCache = new WeakMap();  // grid array -> offscreen canvas

// The grid is res x res, row-major from the bottom row (y0); the canvas draws top row first.
// Heights are compressed with log1p so that the valleys, where the paths run, get most colours.
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
  const offscreen = document.createElement('canvas');
  offscreen.width = res;
  offscreen.height = res;
  const context = offscreen.getContext('2d');
  const image = context.createImageData(res, res);
  for (let row = 0; row < res; row += 1) {
    for (let column = 0; column < res; column += 1) {
      const value = grid[row * res + column];
      const share = Number.isFinite(value) ? Math.log1p(value - low) / span : 1;
      const band = Math.min(Math.floor(share * BANDS), BANDS - 1) / (BANDS - 1);
      const [r, g, b] = rampColour(band);
      const offset = ((res - 1 - row) * res + column) * 4;
      image.data[offset] = r;
      image.data[offset + 1] = g;
      image.data[offset + 2] = b;
      image.data[offset + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
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
  context.font = `600 ${Math.round(13 * scale)}px ${getComputedStyle(document.body).fontFamily}`;
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
