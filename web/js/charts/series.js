// Chart.js datasets the playground rewrites in place on every snapshot (no garbage per frame): plain
// {x, y} series, series on a log axis, and the flagged points such an axis cannot take.
import { clampForLogAxis, logAxisBounds } from './log-axis.js';
import { COLORS } from './palette.js';

// Points a log axis could not take (0, Infinity, NaN), drawn as red triangles at the axis end they
// were clamped to. A separate dataset, so the lines need no per-point (scriptable) options, which
// Chart.js would resolve for every point on every update.
export function flaggedDataset() {
  return { label: '', data: [], showLine: false, pointRadius: 5, pointHoverRadius: 6, pointStyle: 'triangle',
    borderColor: COLORS.flagged, backgroundColor: COLORS.flagged };
}

// Rewrites `points` to the flagged entries of a series already mapped with clampForLogAxis.
export function fillFlagged(points, count, xOf, mappedOf) {
  let length = 0;
  for (let i = 0; i < count; i += 1) {
    const mapped = mappedOf(i);
    if (!mapped.flag) continue;
    if (points[length]) {
      points[length].x = xOf(i);
      points[length].y = mapped.y;
    } else {
      points[length] = { x: xOf(i), y: mapped.y };
    }
    length += 1;
  }
  points.length = length;
  return points;
}

// A series on a log axis: maps its values into `mapped` ({ y, flag } from clampForLogAxis within the
// series' own logAxisBounds; the array is reused), rewrites the line's `points` and the
// `flaggedPoints` (values the axis cannot take) from it, and returns the bounds.
export function fillLogSeries({ points, flaggedPoints, mapped, count, xOf, valueOf }) {
  const bounds = logAxisBounds(count, valueOf);
  for (let i = 0; i < count; i += 1) mapped[i] = clampForLogAxis(valueOf(i), bounds);
  mapped.length = count;
  fillPoints(points, count, xOf, (i) => mapped[i].y);
  fillFlagged(flaggedPoints, count, xOf, (i) => mapped[i]);
  return bounds;
}

// Rewrites an array of {x, y} points in place (reusing the objects) so updates make no garbage.
export function fillPoints(points, length, xOf, yOf) {
  for (let i = 0; i < length; i += 1) {
    if (points[i]) {
      points[i].x = xOf(i);
      points[i].y = yOf(i);
    } else {
      points[i] = { x: xOf(i), y: yOf(i) };
    }
  }
  points.length = length;
  return points;
}
