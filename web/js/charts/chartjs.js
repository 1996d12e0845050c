// The one Chart.js layer of the page: the page-wide defaults (applied once, when the vendored classic
// script window.Chart is first used), chart creation, the axes (log scale with decade ticks, linear,
// count), the per-chart options the playground adds on top of the defaults (no parsing: data arrive
// as {x, y} and are rewritten in place; nearest-point hover), tooltips and the vertical-marker
// plugin. Nothing here computes model values, it only lays them out.
import { PALETTE, CHART_INK } from './palette.js';
import { formatNumber, linearTickLabel, powerOfTen } from '../ui/format.js';
import { bodyFontFamily, canvasFont, smallTextPx } from './canvas-text.js';

let defaultsApplied = false;

// The Chart constructor, with the page-wide defaults applied once. Throws a readable error if the
// vendored script did not load (the caller shows it in the widget).
export function getChart() {
  const Chart = window.Chart;
  if (typeof Chart !== 'function') throw new Error('Chart.js (vendor/chart.umd.js) did not load');
  if (!defaultsApplied) {
    Chart.defaults.animation = false;
    Chart.defaults.responsive = true;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.color = CHART_INK.text;
    Chart.defaults.borderColor = CHART_INK.grid;
    Chart.defaults.font.family = bodyFontFamily();
    Chart.defaults.font.size = smallTextPx();
    Chart.defaults.plugins.tooltip.mode = 'index';
    Chart.defaults.plugins.tooltip.intersect = false;
    Chart.defaults.plugins.legend.labels.boxWidth = 14;
    Chart.defaults.elements.point.radius = 0;
    Chart.defaults.elements.point.hoverRadius = 4;
    Chart.defaults.elements.line.borderWidth = 2;
    Chart.defaults.scales.linear.ticks.callback = linearTickLabel;
    defaultsApplied = true;
  }
  return Chart;
}

// Creates a chart on a fresh canvas inside `box` (a positioned element with a height set in CSS).
// The canvas is aria-hidden: its content is given to screen readers by renderDataTable.
export function createChart(box, config) {
  const Chart = getChart();
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  box.append(canvas);
  return new Chart(canvas, config);
}

// What the playground's charts add to the page-wide defaults: data arrive as {x, y} and are
// rewritten in place (no parsing), hover picks the nearest point, and the legend is set small.
export function baseOptions() {
  return {
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false, axis: 'x' },
    plugins: {
      legend: { labels: { boxWidth: 12 } },
      tooltip: { animation: false, displayColors: true },
    },
  };
}

export function axisTitle(text) {
  return { display: true, text };
}

export function gridOptions() {
  return { color: CHART_INK.grid };
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

const MAX_LOG_TICKS = 8;
// The room a decade's label 10ⁿ takes along the axis, with a gap: under the gradient chart's legend,
// wrapped on a phone, 8 labels once shared a 56 px axis.
const LOG_TICK_ROOM_PX = { vertical: 20, horizontal: 44 };

// How many decade ticks fit along the scale (at most MAX_LOG_TICKS, at least 2).
function logTicksThatFit(scale) {
  const horizontal = scale.isHorizontal();
  const length = horizontal ? scale.maxWidth : scale.maxHeight;
  if (!Number.isFinite(length) || length <= 0) return MAX_LOG_TICKS;
  const room = horizontal ? LOG_TICK_ROOM_PX.horizontal : LOG_TICK_ROOM_PX.vertical;
  return Math.max(2, Math.min(MAX_LOG_TICKS, Math.floor(length / room) + 1));
}

// A logarithmic scale with ticks at evenly spaced decades only (every decade, or every k-th when the
// range spans many, or the axis is short), labelled 10ⁿ.
export function logScale(title, extra = {}) {
  return {
    type: 'logarithmic',
    title: { display: Boolean(title), text: title },
    // Whole decades at both ends, so that even a narrow range (a loss between 0.3 and 0.9) shows
    // two labelled ticks.
    afterDataLimits(scale) {
      if (scale.min > 0 && scale.max > 0) {
        scale.min = 10 ** Math.floor(Math.log10(scale.min));
        scale.max = 10 ** Math.ceil(Math.log10(scale.max));
      }
    },
    afterBuildTicks(scale) {
      if (!(scale.min > 0) || !(scale.max > 0)) return;
      const low = Math.floor(Math.log10(scale.min));
      const high = Math.ceil(Math.log10(scale.max));
      const stride = Math.max(1, Math.ceil((high - low) / (logTicksThatFit(scale) - 1)));
      const first = Math.ceil(low / stride) * stride;
      const ticks = [];
      for (let exponent = first; exponent <= high; exponent += stride) {
        const value = 10 ** exponent;
        if (value >= scale.min * (1 - 1e-9) && value <= scale.max * (1 + 1e-9)) ticks.push({ value });
      }
      if (ticks.length >= 2) scale.ticks = ticks;
    },
    ticks: {
      autoSkip: false,
      callback(value) {
        const exponent = Math.log10(value);
        if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return '';
        return powerOfTen(exponent);
      },
    },
    ...extra,
  };
}

export function linearScale(title, extra = {}) {
  return { type: 'linear', title: { display: Boolean(title), text: title }, ...extra };
}

// Tooltip label callback that shows the exact value of the hovered point.
export function exactTooltipLabel(context) {
  const value = context.raw && typeof context.raw === 'object' ? context.raw.y : context.raw;
  return `${context.dataset.label}: ${formatNumber(value, 6)}`;
}

// Chart.js plugin: vertical lines at given x values, each with a short label at the top, set per
// chart as options.plugins.verticalMarkers = { markers: [{ x, label, colour, dashed }] }.
export const verticalMarkersPlugin = {
  id: 'verticalMarkers',
  afterDatasetsDraw(chart, args, pluginOptions) {
    const markers = pluginOptions?.markers ?? [];
    const { ctx, chartArea, scales } = chart;
    if (!scales.x) return;
    ctx.save();
    markers.forEach((marker, index) => {
      ctx.font = canvasFont();
      const x = scales.x.getPixelForValue(marker.x);
      if (!Number.isFinite(x) || x < chartArea.left - 1 || x > chartArea.right + 1) return;
      ctx.strokeStyle = marker.colour ?? PALETTE.ink;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(marker.dashed ? [5, 4] : []);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      if (marker.label) {
        // Beside the line where the label fits, else inside the plot area: never over the axis, and
        // set smaller when even the whole plot width is too narrow (phones).
        let width = ctx.measureText(marker.label).width;
        const room = chartArea.right - chartArea.left - 4;
        if (width > room) {
          ctx.font = canvasFont({ px: Math.max(8, Math.floor((smallTextPx() * room) / width)) });
          width = Math.min(room, ctx.measureText(marker.label).width);
        }
        let left = x + 4;
        if (left + width > chartArea.right) left = x - 4 - width >= chartArea.left ? x - 4 - width : Math.max(chartArea.left + 2, chartArea.right - width);
        const baseline = chartArea.top + 14 + 15 * index;
        ctx.textAlign = 'left';
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(left - 2, baseline - 11, width + 4, 14);
        ctx.fillStyle = marker.colour ?? PALETTE.ink;
        ctx.fillText(marker.label, left, baseline, room);
      }
    });
    ctx.restore();
  },
};
