// Mapping telemetry onto what a chart can draw. A log axis takes neither 0 nor Infinity nor NaN:
// such values are clamped to the axis ends and flagged so the chart marks them (in red) instead of
// breaking or silently dropping them (the playground's charts), or become gaps (forLogAxis: the section
// widgets' charts, which say in words what happened there).

const LOG_FLOOR = 1e-38;  // float's smallest normal numbers are about 1e-38
const LOG_CEIL = 1e38;

// Where a log axis puts values it cannot show: one decade beyond the finite positive values of the
// series (so a single Infinity does not squash the rest), within float's range.
export function logAxisBounds(count, valueAt) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < count; i += 1) {
    const value = valueAt(i);
    if (value > LOG_FLOOR && value < LOG_CEIL) {
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
  }
  if (lo > hi) return { lo: 1e-10, hi: 10 };
  return { lo: Math.max(LOG_FLOOR, lo / 10), hi: Math.min(LOG_CEIL, hi * 10) };
}

// { y, flag }: y is always a finite positive number; flag is '' | 'zero' | 'inf' | 'nan'.
export function clampForLogAxis(value, bounds) {
  if (Number.isNaN(value)) return { y: bounds.hi, flag: 'nan' };
  if (!(value < LOG_CEIL)) return { y: bounds.hi, flag: 'inf' };
  if (!(value > LOG_FLOOR)) return { y: bounds.lo, flag: 'zero' };
  return { y: value, flag: '' };
}

// log10 of a norm for the heatmap colour: NaN stays NaN (its own colour), 0 -> -Infinity.
export function log10OrFlag(value) {
  if (Number.isNaN(value)) return NaN;
  if (value <= 0) return -Infinity;
  return Math.log10(value);
}

// A log axis cannot show 0, negatives or ±∞: those points become gaps (null) and the caller says
// in words what happened there.
export function forLogAxis(value) {
  return Number.isFinite(value) && value > 0 ? value : null;
}
