// Settings every playground chart shares on top of ../charts/common.js's page-wide defaults: no
// parsing (data arrive as {x, y} and are rewritten in place), nearest-point hover, one palette.
import { clampForLogAxis, logAxisBounds } from './format.js';

export const COLORS = {
  gradient: '#2563eb',
  reference: '#94a3b8',
  prediction: '#b45309',
  loss: '#dc2626',
  train: '#2563eb',
  test: '#16a34a',
  dead: '#7c3aed',
  saturated: '#ea580c',
  flagged: '#dc2626',
  grid: 'rgba(100, 116, 139, 0.18)',
  text: '#334155',
};

export function baseOptions() {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false, axis: 'x' },
    plugins: {
      legend: { labels: { boxWidth: 12, color: COLORS.text, font: { size: 11 } } },
      tooltip: { animation: false, displayColors: true },
    },
    elements: { line: { borderWidth: 2 }, point: { radius: 0, hoverRadius: 4 } },
  };
}

export function axisTitle(text) {
  return { display: true, text, color: COLORS.text, font: { size: 11 } };
}

export function gridOptions() {
  return { color: COLORS.grid };
}

// A chart's drawing area in a card: the canvas inside a sized box (class `className`) at the end of `parent`.
export function appendChartCanvas(parent, className = 'vg-pg-chart') {
  const wrap = document.createElement('div');
  wrap.className = className;
  const canvas = document.createElement('canvas');
  wrap.append(canvas);
  parent.append(wrap);
  return canvas;
}

// The x axis of a count (step, layer): whole-number ticks, titled later by relabel().
export function countAxis() {
  return { type: 'linear', title: axisTitle(''), grid: gridOptions(), ticks: { precision: 0 } };
}

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
