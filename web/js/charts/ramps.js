// Colour scales for the canvas heatmaps: a perceptually ordered ramp (viridis stops) sampled into a
// 256-entry lookup table once, plus fixed colours for values a ramp cannot show.

const VIRIDIS_STOPS = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];

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

// Writes the colour of `value` on [lo, hi] into pixel `offset` of an RGBA buffer.
export function paint(buffer, offset, value, lo, hi, table = VIRIDIS) {
  let rgb;
  if (Number.isNaN(value) || value === Infinity) {
    rgb = OVERFLOW_RGB;
  } else if (value === -Infinity) {
    rgb = ZERO_RGB;
  } else {
    const index = Math.max(0, Math.min(255, Math.round(((value - lo) / (hi - lo)) * 255))) * 3;
    buffer[offset] = table[index];
    buffer[offset + 1] = table[index + 1];
    buffer[offset + 2] = table[index + 2];
    buffer[offset + 3] = 255;
    return;
  }
  buffer[offset] = rgb[0];
  buffer[offset + 1] = rgb[1];
  buffer[offset + 2] = rgb[2];
  buffer[offset + 3] = 255;
}

// A CSS gradient of the ramp for legends.
export function cssGradient(table = VIRIDIS) {
  const parts = [];
  for (let i = 0; i <= 8; i += 1) {
    const index = Math.round((i / 8) * 255) * 3;
    parts.push(`rgb(${table[index]},${table[index + 1]},${table[index + 2]}) ${(i / 8) * 100}%`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

const swatch = new Uint8ClampedArray(4);

// The CSS colour of `value` on [lo, hi] (lines and marks drawn with the same ramp as the heatmaps).
export function cssColour(value, lo, hi, table = VIRIDIS) {
  paint(swatch, 0, value, lo, hi, table);
  return `rgb(${swatch[0]},${swatch[1]},${swatch[2]})`;
}
