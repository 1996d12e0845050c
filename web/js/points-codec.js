// A drawn data set (dataset = custom) in the URL hash: four base64url characters per point. Each
// point is 24 bits: x and y on a 0.01 grid over the view square [-6, 6] (indices 0..1200, 11 bits
// each), the class (1 bit) and a zero bit. 200 points take 800 characters. The core checks the
// same limits (src/core/config.h: kMaxCustomPoints, kMinCustomPoints, kCustomPointBound); points
// are kept on the grid while they are drawn, so what the hash carries is what was trained on.

export const POINT_BOUND = 6;
export const MAX_POINTS = 200;
export const MIN_POINTS = 4;
const STEPS_PER_UNIT = 100;
const MAX_INDEX = 2 * POINT_BOUND * STEPS_PER_UNIT;  // 1200
const CHARS_PER_POINT = 4;
export const MAX_POINTS_CHARS = MAX_POINTS * CHARS_PER_POINT;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF = new Map([...ALPHABET].map((char, index) => [char, index]));

// The nearest grid value inside the view square.
export function onGrid(coordinate) {
  const clamped = Math.min(POINT_BOUND, Math.max(-POINT_BOUND, coordinate));
  return Math.round(clamped * STEPS_PER_UNIT) / STEPS_PER_UNIT || 0;  // never -0
}

export function gridPoint(x, y, label) {
  return { x: onGrid(x), y: onGrid(y), label: label === 1 ? 1 : 0 };
}

// A point as the code gives it (a preset, a control): finite, inside the square, class 0 or 1.
export function isPoint(point) {
  return Boolean(point) && [point.x, point.y].every((v) => Number.isFinite(v) && Math.abs(v) <= POINT_BOUND)
    && (point.label === 0 || point.label === 1);
}

export function arePoints(points) {
  return Array.isArray(points) && points.length <= MAX_POINTS && points.every(isPoint);
}

const indexOf = (coordinate) => Math.round((onGrid(coordinate) + POINT_BOUND) * STEPS_PER_UNIT);

export function encodePoints(points) {
  let text = '';
  for (const point of points) {
    const bits = (indexOf(point.x) << 13) | (indexOf(point.y) << 2) | ((point.label === 1 ? 1 : 0) << 1);
    for (let shift = 18; shift >= 0; shift -= 6) text += ALPHABET[(bits >> shift) & 63];
  }
  return text;
}

// -> { points } or { reason: 'points' (does not decode) | 'points_many' (more than MAX_POINTS), count }.
export function decodePoints(text) {
  const count = Math.ceil(text.length / CHARS_PER_POINT);
  if (count > MAX_POINTS) return { reason: 'points_many', count };
  if (text.length % CHARS_PER_POINT !== 0) return { reason: 'points', count };
  const points = [];
  for (let start = 0; start < text.length; start += CHARS_PER_POINT) {
    let bits = 0;
    for (const char of text.slice(start, start + CHARS_PER_POINT)) {
      const value = VALUE_OF.get(char);
      if (value === undefined) return { reason: 'points', count };
      bits = (bits << 6) | value;
    }
    const xIndex = bits >> 13;
    const yIndex = (bits >> 2) & 2047;
    if (xIndex > MAX_INDEX || yIndex > MAX_INDEX || (bits & 1) !== 0) return { reason: 'points', count };
    points.push({
      x: (xIndex - MAX_INDEX / 2) / STEPS_PER_UNIT, y: (yIndex - MAX_INDEX / 2) / STEPS_PER_UNIT, label: (bits >> 1) & 1,
    });
  }
  return { points };
}

// The engine's form: flat (x, y, class) numbers.
export function pointsAsTriples(points) {
  return points.flatMap((point) => [point.x, point.y, point.label]);
}

// The core's read-back (Float64Array of triples) as points.
export function pointsFromTriples(triples) {
  const points = [];
  for (let i = 0; i + 2 < triples.length; i += 3) points.push({ x: triples[i], y: triples[i + 1], label: triples[i + 2] });
  return points;
}
