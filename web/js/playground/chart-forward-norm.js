// After a divergence: the forward norm ‖a_l‖ of each hidden layer (per example, batch-averaged, as the
// core measured it in double at the diverging step) up to the layer where the signal left float's
// range, which is marked. It shows the growth that led to the overflow instead of a flat band of
// non-finite values. Hidden while the run is finite.
import { t } from '../i18n.js';
import { createCard, downloadCanvas } from '../ui/card.js';
import { baseOptions, axisTitle, gridOptions, appendChartCanvas, countAxis, getChart, logScale } from '../charts/chartjs.js';
import { COLORS } from '../charts/palette.js';
import { fillPoints } from '../charts/series.js';
import { formatNumber, thinRows } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { layerName } from './chart-grad-norm.js';

const FLOAT_MAX = 3.4028234663852886e38;

export function createForwardNormChart(parent) {
  const card = createCard(parent, {
    titleKey: 'pg.forward.title',
    descriptionKey: 'pg.forward.description',
    part: 'gradient',
    onExportPng: () => downloadCanvas(canvas, 'forward-norm-per-layer.png'),
  });
  card.figure.hidden = true;
  card.figure.classList.add('vg-pg-forward');
  const canvas = appendChartCanvas(card.body);
  let norms = [];          // finite norms, layer 0 first
  let overflowLayer = -1;  // 0-based index of the first non-finite layer, -1 if none
  let numLayers = 0;
  const linePoints = [];
  const overflowPoints = [];

  const Chart = getChart();
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: linePoints, borderColor: COLORS.gradient, backgroundColor: COLORS.gradient },
        { label: '', data: overflowPoints, showLine: false, pointRadius: 6, pointHoverRadius: 7, pointStyle: 'triangle',
          borderColor: COLORS.flagged, backgroundColor: COLORS.flagged, clip: 8 },
      ],
    },
    options: {
      ...baseOptions(),
      scales: { x: countAxis(), y: logScale('', { grid: gridOptions() }) },
    },
  });
  chart.options.plugins.tooltip.callbacks = {
    title: (items) => layerName(items[0].parsed.x - 1, numLayers),
    label: (item) => (item.datasetIndex === 1 ? t('pg.forward.overflow')
      : `${item.dataset.label}: ${formatNumber(norms[item.parsed.x - 1], 4)}`),
  };

  function relabel() {
    card.relabel();
    chart.data.datasets[0].label = t('pg.forward.norm');
    chart.data.datasets[1].label = t('pg.forward.overflow');
    chart.options.scales.x.title.text = t('pg.axis.layerFromInput');
    chart.options.scales.y.title = axisTitle(t('pg.forward.axis'));
    chart.update('none');
  }

  function draw() {
    fillPoints(linePoints, norms.length, (i) => i + 1, (i) => norms[i]);
    // The overflow layer sits at float's maximum: its value is beyond what the axis (and float) holds.
    fillPoints(overflowPoints, overflowLayer >= 0 ? 1 : 0, () => overflowLayer + 1, () => FLOAT_MAX);
    chart.options.scales.x.max = Math.max(1, norms.length + (overflowLayer >= 0 ? 1 : 0));
    chart.options.scales.x.min = 1;
    chart.update('none');
  }

  function renderTable() {
    if (card.figure.hidden) return;
    const all = norms.map((value, i) => [layerName(i, numLayers), formatNumber(value, 4)]);
    if (overflowLayer >= 0) all.push([layerName(overflowLayer, numLayers), t('pg.forward.overflow')]);
    const { rows } = thinRows(all, 120);
    renderDataTable(card.tableHost, t('pg.forward.title'), [t('pg.axis.layer'), t('pg.forward.norm')], rows);
  }

  relabel();
  return {
    card,
    relabel,
    renderTable,
    // stats of a diverged snapshot (forward_norm, diverged_layer), or null to hide the chart.
    show(stats, layers = 0) {
      const values = stats ? Array.from(stats.forward_norm ?? []) : [];
      card.figure.hidden = values.length === 0;
      if (values.length === 0) {
        norms = [];
        overflowLayer = -1;
        return;
      }
      const last = values.length - 1;
      const overflowed = !Number.isFinite(values[last]);
      norms = overflowed ? values.slice(0, last) : values;
      overflowLayer = overflowed ? last : -1;
      numLayers = layers;
      draw();
    },
    destroy() {
      chart.destroy();
      card.figure.remove();
    },
  };
}
