// The colour ramps of the page's heatmaps, each a function value -> [r, g, b] for ./raster.js (the
// returned array may be reused by the next call: copy it to keep it):
//   viridisRgb      perceptually ordered, for magnitudes (gradient norms, activation histograms),
//                   with fixed colours for values a ramp cannot show
//   probabilityRgb  the pale class 0 … class 1 ramp of the decision boundary and the network view
//   chiRgb          the phase diagram's diverging ramp: chi < 1 blue, chi > 1 orange, pale near 1
//   surfaceRgb      the descent surface's banded ramp, low (dark blue) to high (pale)
import { PALETTE } from './palette.js';

const VIRIDIS_STOPS = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];

// A 256-entry lookup table sampled once from a ramp's stops.
function buildTable(stops) {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i += 1) {
    const position = (i / 255) * (stops.length - 1);
    const low = Math.floor(position);
    const high = Math.min(low + 1, stops.length - 1);
    const mix = position - low;
    for (let c = 0; c < 3; c += 1) table[i * 3 + c] = stops[low][c] * (1 - mix) + stops[high][c] * mix;
  }
  return table;
}

const VIRIDIS = buildTable(VIRIDIS_STOPS);

// Colours for values outside the ramp: overflow/NaN in red, exact zero (log of 0) in near-black.
const OVERFLOW_RGB = [220, 38, 38];
const ZERO_RGB = [20, 20, 20];
const viridisOut = new Uint8ClampedArray(3);

// The colour of `value` on [lo, hi].
export function viridisRgb(value, lo, hi) {
  if (Number.isNaN(value) || value === Infinity) return OVERFLOW_RGB;
  if (value === -Infinity) return ZERO_RGB;
  const index = Math.max(0, Math.min(255, Math.round(((value - lo) / (hi - lo)) * 255))) * 3;
  viridisOut[0] = VIRIDIS[index];
  viridisOut[1] = VIRIDIS[index + 1];
  viridisOut[2] = VIRIDIS[index + 2];
  return viridisOut;
}

// A CSS gradient of the viridis ramp for legends.
export function cssGradient() {
  const parts = [];
  for (let i = 0; i <= 8; i += 1) {
    const index = Math.round((i / 8) * 255) * 3;
    parts.push(`rgb(${VIRIDIS[index]},${VIRIDIS[index + 1]},${VIRIDIS[index + 2]}) ${(i / 8) * 100}%`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

// The CSS colour of `value` on [lo, hi] (lines and marks drawn with the same ramp as the heatmaps).
export function cssColour(value, lo, hi) {
  return `rgb(${viridisRgb(value, lo, hi).join(',')})`;
}

export const CLASS_RGB = [[245, 147, 34], [8, 119, 189]];  // class 0 orange, class 1 blue

// White at 0.5, the class colour at 0 or 1, pale so the points drawn over it stay readable.
export function probabilityRgb(probability) {
  const p = Number.isFinite(probability) ? Math.min(1, Math.max(0, probability)) : 0.5;
  const strength = Math.abs(p - 0.5) * 2 * 0.75;
  const target = p >= 0.5 ? CLASS_RGB[1] : CLASS_RGB[0];
  return target.map((channel) => Math.round(255 + (channel - 255) * strength));
}

function rgbOfHex(hex) {
  return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
}

const VANISH = rgbOfHex(PALETTE.blue);
const EXPLODE = rgbOfHex(PALETTE.orange);
const NEUTRAL = [247, 247, 247];
const DECADES_TO_FULL = 0.4;  // |log10 chi| at which a colour is at full strength (chi = 0.4 or 2.5)

// chi < 1 (gradients vanish) blue, chi > 1 (they explode) orange, paler towards chi = 1.
export function chiRgb(chi) {
  if (!Number.isFinite(chi) || chi <= 0) return chi === Infinity ? EXPLODE : VANISH;
  const strength = Math.min(1, Math.abs(Math.log10(chi)) / DECADES_TO_FULL);
  const target = chi < 1 ? VANISH : EXPLODE;
  return NEUTRAL.map((channel, index) => Math.round(channel + (target[index] - channel) * strength));
}

const SURFACE_STOPS = [[16, 42, 84], [33, 102, 150], [83, 160, 170], [170, 210, 180], [246, 246, 232]];
const SURFACE_BANDS = 18;

// share in [0, 1] (1 for values that are not finite), sampled in SURFACE_BANDS steps so that equal
// colours read as contour bands.
export function surfaceRgb(share) {
  const band = Math.min(Math.floor(share * SURFACE_BANDS), SURFACE_BANDS - 1) / (SURFACE_BANDS - 1);
  const position = band * (SURFACE_STOPS.length - 1);
  const index = Math.min(Math.floor(position), SURFACE_STOPS.length - 2);
  const within = position - index;
  return SURFACE_STOPS[index].map((channel, c) => Math.round(channel + (SURFACE_STOPS[index + 1][c] - channel) * within));
}
