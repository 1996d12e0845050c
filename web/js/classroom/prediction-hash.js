// A drawn prediction in the URL hash: one integer per hidden layer, in tenths of a decade, joined by
// '_' (e.g. guess=-60_-52_…_0): short, URL-safe, exact for what the chart lets the reader draw.
const SEPARATOR = '_';

export function encodeGuess(decades) {
  return decades.map((value) => String(Math.round(value * 10))).join(SEPARATOR);
}

// The decades, or null when the text is not `depth` integers whose tenths lie in [min, max].
export function decodeGuess(text, depth, min, max) {
  const parts = String(text).split(SEPARATOR);
  if (parts.length !== depth || !parts.every((part) => /^-?\d{1,4}$/.test(part))) return null;
  const decades = parts.map((part) => Number(part) / 10);
  return decades.every((value) => value >= min && value <= max) ? decades : null;
}
