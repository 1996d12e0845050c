// Shared Chart.js set-up for every chart on the page: one place for defaults (animation off, responsive),
// the colour palette, number formatting for labels and tooltips, the log-axis scale and the
// screen-reader data table that stands in for each chart. Chart.js is the vendored classic script
// (window.Chart); nothing here computes model values, it only lays them out.

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
  grey: '#6b6b6b',
  ink: '#1a1a1a',
};
export const SERIES_COLOURS = [PALETTE.blue, PALETTE.vermillion, PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.sky];

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
    Chart.defaults.color = '#333';
    Chart.defaults.borderColor = 'rgba(0, 0, 0, 0.1)';
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.plugins.tooltip.mode = 'index';
    Chart.defaults.plugins.tooltip.intersect = false;
    Chart.defaults.plugins.legend.labels.boxWidth = 14;
    Chart.defaults.elements.point.radius = 0;
    Chart.defaults.elements.point.hoverRadius = 4;
    Chart.defaults.elements.line.borderWidth = 2;
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

const SUPERSCRIPT_DIGITS = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

function superscript(text) {
  return [...text].map((character) => SUPERSCRIPT_DIGITS[character] ?? character).join('');
}

// 10ⁿ for a whole exponent n (axis ticks, colour-scale legends).
export function powerOfTen(exponent) {
  return `10${superscript(String(Math.round(exponent)))}`;
}

// A number as a reader wants to see it: plain for ordinary magnitudes, a × 10ⁿ for tiny or huge
// ones, and the special float values spelled out (Infinity after overflow, exact 0 after underflow).
export function formatNumber(value, significantDigits = 3) {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    return Number(value.toPrecision(significantDigits)).toString().replace('-', '−');
  }
  const [mantissa, exponent] = value.toExponential(significantDigits - 1).split('e');
  const cleanMantissa = mantissa.replace(/\.?0+$/, '').replace('-', '−');
  return `${cleanMantissa} × 10${superscript(String(Number(exponent)))}`;
}

// Plain ASCII form for data tables and tests (1.5e+38, Infinity, 0).
export function formatExact(value) {
  if (value === null || value === undefined) return '';
  if (!Number.isFinite(value) || value === 0) return String(value);
  return Number(value.toPrecision(6)).toString();
}

const MAX_LOG_TICKS = 8;

// A logarithmic scale with ticks at evenly spaced decades only (every decade, or every k-th when the
// range spans many), labelled 10ⁿ.
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
      const stride = Math.max(1, Math.ceil((high - low) / (MAX_LOG_TICKS - 1)));
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

// A log axis cannot show 0, negatives or ±∞: those points become gaps (null) and the caller says
// in words what happened there.
export function forLogAxis(value) {
  return Number.isFinite(value) && value > 0 ? value : null;
}

// A visually hidden table with the chart's numbers, for screen readers (and tests). Replaces the
// previous one in `container`. `columns` are header strings; `rows` arrays of cells (numbers are
// written with formatExact, strings as they are).
export function renderDataTable(container, caption, columns, rows) {
  // The wrapper is what is visually hidden: a table box cannot be shrunk below its content width.
  let table = container.querySelector(':scope > .data-table-wrapper > table.data-table');
  if (!table) {
    const wrapper = document.createElement('div');
    wrapper.className = 'data-table-wrapper sr-only';
    table = document.createElement('table');
    table.className = 'data-table';
    wrapper.append(table);
    container.append(wrapper);
  }
  const captionElement = document.createElement('caption');
  captionElement.textContent = caption;
  const head = document.createElement('thead');
  const headRow = head.insertRow();
  for (const column of columns) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = column;
    headRow.append(cell);
  }
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tableRow = body.insertRow();
    row.forEach((value, index) => {
      const cell = index === 0 ? document.createElement('th') : document.createElement('td');
      if (index === 0) cell.scope = 'row';
      cell.textContent = typeof value === 'number' ? formatExact(value) : String(value);
      tableRow.append(cell);
    });
  }
  table.replaceChildren(captionElement, head, body);
  return table;
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
    const fontFamily = getComputedStyle(document.body).fontFamily;
    markers.forEach((marker, index) => {
      ctx.font = `12px ${fontFamily}`;
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
          ctx.font = `${Math.max(8, Math.floor((12 * room) / width))}px ${fontFamily}`;
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

export function prefersReducedMotion() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
