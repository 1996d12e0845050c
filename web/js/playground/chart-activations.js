// Per-layer activation distribution: each column is one layer's histogram of a_l (act_hist) with
// the value axis vertical, shaded by the share of values in each bin; below it the fraction of dead
// (ReLU) and saturated (sigmoid/tanh) units per layer.
import { t } from '../i18n.js';
import { createCard, downloadCanvas, stackCanvases } from '../ui/card.js';
import { createCanvasPlot } from '../charts/canvas-plot.js';
import { baseOptions, gridOptions, appendChartCanvas, countAxis, getChart } from '../charts/chartjs.js';
import { COLORS } from '../charts/palette.js';
import { fillPoints } from '../charts/series.js';
import { viridisRgb } from '../charts/ramps.js';
import { rasterize } from '../charts/raster.js';
import { formatPercent, thinRows, formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { layerName } from './chart-grad-norm.js';

// The dead and saturated shares per layer, under the histograms (`plot`), which it keeps aligned.
function createFractionChart(canvas, plot, deadPoints, saturatedPoints) {
  // The histograms above share this chart's x scale: layer l's column spans [l - 0.5, l + 0.5] in
  // both, so a column of shades sits right above its dead/saturated point.
  const alignAbove = {
    id: 'alignAbove',
    afterLayout: (laidOut) => {
      const { left, right } = laidOut.chartArea;
      plot.setHorizontalMargins(Math.round(left), Math.round(laidOut.width - right));
    },
  };
  const Chart = getChart();
  return new Chart(canvas, {
    type: 'line',
    plugins: [alignAbove],
    data: {
      datasets: [
        { label: '', data: deadPoints, borderColor: COLORS.dead, backgroundColor: COLORS.dead },
        { label: '', data: saturatedPoints, borderColor: COLORS.saturated, backgroundColor: COLORS.saturated },
      ],
    },
    options: {
      ...baseOptions(),
      scales: {
        x: { ...countAxis(), ticks: { callback: (value) => (Number.isInteger(value) ? String(value) : '') } },
        y: { type: 'linear', min: 0, max: 1, grid: gridOptions(), ticks: { callback: (value) => formatPercent(value) } },
      },
    },
  });
}

// Shades the offscreen canvas: one pixel per (layer, bin), bins normalised per layer.
function paintHistograms(offscreen, { hist, bins, layers }) {
  offscreen.width = layers;
  offscreen.height = bins;
  const peaks = Array.from({ length: layers }, (_, layer) => {
    let peak = 0;
    for (let bin = 0; bin < bins; bin += 1) {
      const count = hist[layer * bins + bin];
      if (Number.isFinite(count)) peak = Math.max(peak, count);
    }
    return peak;
  });
  const context = offscreen.getContext('2d');
  const image = rasterize(context.createImageData(layers, bins), layers, bins, (layer, bin) => {
    const count = hist[layer * bins + bin];
    // sqrt keeps thin tails visible next to a spike; empty layers stay at the ramp's dark end.
    return viridisRgb(peaks[layer] > 0 && Number.isFinite(count) ? Math.sqrt(count / peaks[layer]) : 0, 0, 1);
  });
  context.putImageData(image, 0, 0);
}

export function createActivationChart(parent) {
  const card = createCard(parent, {
    titleKey: 'pg.act.title',
    descriptionKey: 'pg.act.description',
    part: 'activations',
    onExportPng: () => downloadCanvas(stackCanvases([plot.canvas, fractionCanvas]), 'activations.png'),
  });
  let latest = null;  // { hist, bins, layers, lo, hi, dead, saturated, mean, std, step }
  const offscreen = document.createElement('canvas');
  const plot = createCanvasPlot(card.body, { height: 170, onResize: () => draw(), onHover: describe });

  const fractionCanvas = appendChartCanvas(card.body, 'vg-pg-chart vg-pg-chart-short');
  const deadPoints = [];
  const saturatedPoints = [];
  const chart = createFractionChart(fractionCanvas, plot, deadPoints, saturatedPoints);
  chart.options.plugins.tooltip.callbacks = {
    title: (items) => layerName(items[0].parsed.x - 1, latest ? latest.layers : 0),
    label: (item) => `${item.dataset.label}: ${formatPercent(item.parsed.y)}`,
  };

  function draw() {
    plot.begin();
    const { context, area } = plot;
    context.fillStyle = '#f1f5f9';
    context.fillRect(area.x, area.y, area.width, area.height);
    if (!latest) return;
    context.imageSmoothingEnabled = false;
    context.drawImage(offscreen, 0, 0, latest.layers, latest.bins, area.x, area.y, area.width, area.height);
    context.fillStyle = '#334155';
    context.textAlign = 'right';
    context.textBaseline = 'top';
    context.fillText(formatNumber(latest.hi), area.x - 4, area.y);
    context.textBaseline = 'bottom';
    context.fillText(formatNumber(latest.lo), area.x - 4, area.y + area.height);
    context.textBaseline = 'top';
    context.textAlign = 'left';
    context.fillText(t('pg.layer.hidden', { n: 1 }), area.x, area.y + area.height + 6);
    context.textAlign = 'right';
    context.fillText(t('pg.layer.outputShort'), area.x + area.width, area.y + area.height + 6);
  }

  function describe(fx, fy) {
    if (!latest) return '';
    const { bins, layers, lo, hi, hist } = latest;
    const layer = Math.min(layers - 1, Math.floor(fx * layers));
    const bin = bins - 1 - Math.min(bins - 1, Math.floor(fy * bins));
    let total = 0;
    for (let b = 0; b < bins; b += 1) total += hist[layer * bins + b];
    const width = (hi - lo) / bins;
    const share = total > 0 ? hist[layer * bins + bin] / total : 0;
    return `${layerName(layer, layers)}: a ∈ [${formatNumber(lo + bin * width)}, ${
      formatNumber(lo + (bin + 1) * width)}) ${formatPercent(share)} · ${t('pg.act.mean')} ${
      formatNumber(latest.mean[layer])} · ${t('pg.act.std')} ${formatNumber(latest.std[layer])}`;
  }

  function drawFractions() {
    const count = latest ? latest.layers : 0;
    chart.options.scales.x.min = 0.5;
    chart.options.scales.x.max = Math.max(1, count) + 0.5;
    chart.options.scales.x.title.text = t('pg.axis.layerEnds', { n: Math.max(1, count) });
    fillPoints(deadPoints, count, (i) => i + 1, (i) => clampFraction(latest.dead[i]));
    fillPoints(saturatedPoints, count, (i) => i + 1, (i) => clampFraction(latest.saturated[i]));
    chart.update('none');
  }

  function renderTable() {
    if (!latest) return;
    const all = [];
    for (let layer = 0; layer < latest.layers; layer += 1) {
      all.push([layerName(layer, latest.layers), latest.mean[layer], latest.std[layer], latest.dead[layer],
        latest.saturated[layer]]);
    }
    const { rows, thinned } = thinRows(all, 120);
    renderDataTable(card.tableHost,
      t(thinned ? 'pg.act.tableCaptionThinned' : 'pg.act.tableCaption', { step: latest.step }),
      [t('pg.axis.layer'), t('pg.act.mean'), t('pg.act.std'), t('pg.act.dead'), t('pg.act.saturated')], rows);
  }

  function relabel() {
    card.relabel();
    chart.data.datasets[0].label = t('pg.act.dead');
    chart.data.datasets[1].label = t('pg.act.saturated');
    drawFractions();
    draw();
  }
  relabel();

  return {
    card,
    relabel,
    renderTable,
    update(snapshot) {
      const { telemetry, numLayers, histBins, histRanges } = snapshot;
      latest = {
        hist: telemetry.act_hist, bins: histBins, layers: numLayers, lo: histRanges.act_lo, hi: histRanges.act_hi,
        dead: telemetry.dead_frac, saturated: telemetry.saturated_frac, mean: telemetry.act_mean,
        std: telemetry.act_std, step: snapshot.stats.step,
      };
      paintHistograms(offscreen, latest);
      draw();
      drawFractions();
    },
    clear() {
      latest = null;
      draw();
      drawFractions();
      card.tableHost.replaceChildren();
    },
    destroy() {
      chart.destroy();
      plot.destroy();
      card.figure.remove();
    },
  };
}

function clampFraction(value) {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
