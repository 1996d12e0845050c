// Gradient norm per layer (layer index on x, log y): the picture of vanishing. Draws the latest
// ‖∂L/∂W_l‖, the profile at the run's first measured step for comparison, and (issue 6) an optional
// predicted profile as a dashed line. Values a log axis cannot take are clamped and marked in red.
import { t } from '../i18n.js';
import { createCard, downloadCanvas } from './card.js';
import {
  baseOptions, axisTitle, gridOptions, COLORS, fillPoints, flaggedDataset, fillLogSeries, appendChartCanvas, countAxis,
} from './chartjs.js';
import { clampForLogAxis, thinRows } from './format.js';
import { formatNumber, renderDataTable, getChart, logScale } from '../charts/common.js';

const FIXED_RANGE = { min: 1e-20, max: 1e5 };

export function createGradNormChart(parent) {
  const card = createCard(parent, {
    titleKey: 'pg.grad.title',
    descriptionKey: 'pg.grad.description',
    part: 'gradient',
    onExportPng: () => downloadCanvas(canvas, 'gradient-norm-per-layer.png'),
  });
  const canvas = appendChartCanvas(card.body);
  const readout = document.createElement('p');
  readout.className = 'vg-pg-readout';
  const fixedLabel = document.createElement('label');
  fixedLabel.className = 'vg-pg-inline-check';
  const fixedBox = document.createElement('input');
  fixedBox.type = 'checkbox';
  const fixedText = document.createElement('span');
  fixedLabel.append(fixedBox, fixedText);
  const theoryNote = document.createElement('p');
  theoryNote.className = 'vg-pg-theory-note';
  card.body.append(readout, fixedLabel, theoryNote);
  let theory = null;       // { chiStar } of the shown prediction
  let outsideTheory = false;  // the config is one the mean-field theory does not describe
  fixedBox.addEventListener('change', () => draw());

  let latest = null;       // Float32Array of the latest grad_w_norm
  let latestStep = 0;
  let reference = null;    // the first measured profile of this run
  let referenceStep = 0;
  let prediction = null;   // array, relative profile scaled to the latest measurement's last layer
  const mapped = [];       // latest, mapped onto the log axis: { y, flag }
  const measuredPoints = [];
  const referencePoints = [];
  const predictionPoints = [];

  const Chart = getChart();
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: measuredPoints, borderColor: COLORS.gradient, backgroundColor: COLORS.gradient },
        { label: '', data: referencePoints, borderColor: COLORS.reference, backgroundColor: COLORS.reference,
          borderWidth: 1.5 },
        { label: '', data: predictionPoints, borderColor: COLORS.prediction, backgroundColor: COLORS.prediction,
          borderDash: [6, 4], borderWidth: 1.5, hidden: true },
        flaggedDataset(),
      ],
    },
    options: {
      ...baseOptions(),
      scales: {
        x: countAxis(),
        y: logScale('', { grid: gridOptions() }),
      },
    },
  });
  // The prediction's legend entry only while there is a prediction to show.
  // (and the flagged points' entry only while there are some).
  chart.options.plugins.legend.labels.filter = (item) => (item.datasetIndex === 2 ? !chart.data.datasets[2].hidden
    : item.datasetIndex !== 3 || chart.data.datasets[3].data.length > 0);
  chart.options.plugins.tooltip.callbacks = {
    title: (items) => layerName(items[0].parsed.x - 1, measuredPoints.length),
    // Exact values from the source arrays (x is the 1-based layer), not the clamped plotted ones.
    label: (item) => {
      const layer = item.parsed.x - 1;
      const source = [latest, reference, prediction, latest][item.datasetIndex];
      const value = source ? source[layer] : item.parsed.y;
      return `${item.dataset.label}: ${formatNumber(value, 4)}`;
    },
  };

  function describeTheory() {
    if (outsideTheory) {
      theoryNote.textContent = t('pg.theory.hidden');
      return;
    }
    theoryNote.textContent = theory && latest
      ? t('pg.theory.chi', { chi: formatNumber(theory.chiStar, 3), factor: formatNumber(Math.sqrt(theory.chiStar), 3) })
      : '';
  }

  // "first / last layer = 3.2 × 10⁻¹²": how much weaker (or stronger) the input side's gradient is.
  function describeRatio() {
    const count = latest ? latest.length : 0;
    const ratio = count > 1 ? latest[0] / latest[count - 1] : NaN;
    readout.textContent = count > 1 ? t('pg.grad.ratio', { ratio: formatNumber(ratio, 2) }) : '';
  }

  function relabel() {
    card.relabel();
    describeTheory();
    chart.data.datasets[0].label = t('pg.grad.latest', { step: latestStep });
    chart.data.datasets[1].label = t('pg.grad.reference', { step: referenceStep });
    chart.data.datasets[2].label = t('pg.grad.prediction');
    chart.data.datasets[3].label = t('pg.flagged');
    chart.options.scales.y.title = axisTitle(t('pg.axis.gradNorm'));
    fixedText.textContent = t('pg.grad.fixedRange');
    draw();
  }

  function draw() {
    const count = latest ? latest.length : 0;
    const bounds = fillLogSeries({
      points: measuredPoints, flaggedPoints: chart.data.datasets[3].data, mapped, count,
      xOf: (i) => i + 1, valueOf: (i) => latest[i],
    });
    const referenceCount = reference ? reference.length : 0;
    fillPoints(referencePoints, referenceCount, (i) => i + 1, (i) => clampForLogAxis(reference[i], bounds).y);
    const predictionCount = prediction ? prediction.length : 0;
    fillPoints(predictionPoints, predictionCount, (i) => i + 1, (i) => clampForLogAxis(prediction[i], bounds).y);
    // The prediction is scaled to the measured last layer: without a measurement it means nothing.
    chart.data.datasets[2].hidden = !prediction || count === 0;
    chart.data.datasets[0].label = t('pg.grad.latest', { step: latestStep });
    chart.data.datasets[1].label = t('pg.grad.reference', { step: referenceStep });
    // The layer axis runs from the first layer to the output layer, and says which end is which.
    chart.options.scales.x.min = 1;
    chart.options.scales.x.max = Math.max(2, count);
    chart.options.scales.x.title.text = count > 0 ? t('pg.axis.layerEnds', { n: count }) : t('pg.axis.layer');
    const y = chart.options.scales.y;
    if (fixedBox.checked) {
      // One range for every config, so two runs can be compared picture to picture.
      for (const points of [measuredPoints, referencePoints, predictionPoints, chart.data.datasets[3].data]) {
        for (const point of points) point.y = Math.min(FIXED_RANGE.max, Math.max(FIXED_RANGE.min, point.y));
      }
      y.min = FIXED_RANGE.min;
      y.max = FIXED_RANGE.max;
    } else {
      delete y.min;
      delete y.max;
    }
    describeRatio();
    describeTheory();
    chart.update('none');
  }

  function renderTable() {
    if (!latest) return;
    const all = [];
    for (let i = 0; i < latest.length; i += 1) {
      all.push([layerName(i, latest.length), latest[i], reference ? reference[i] : '']);
    }
    const { rows, thinned } = thinRows(all, 120);
    renderDataTable(card.tableHost,
      t(thinned ? 'pg.grad.tableCaptionThinned' : 'pg.grad.tableCaption', { step: latestStep }),
      [t('pg.axis.layer'), t('pg.grad.latest', { step: latestStep }), t('pg.grad.reference', { step: referenceStep })],
      rows);
  }

  return {
    card,
    canvas,
    relabel,
    // grad_w_norm of a snapshot taken after `step` steps.
    update(gradNorm, step) {
      latest = gradNorm;
      latestStep = step;
      if (!reference && step > 0) {
        reference = gradNorm.slice();
        referenceStep = step;
      }
      draw();
    },
    renderTable,
    clear() {
      latest = null;
      reference = null;
      latestStep = 0;
      referenceStep = 0;
      draw();
      card.tableHost.replaceChildren();
    },
    // A predicted profile (one value per hidden layer) drawn dashed, with its χ; null hides both.
    // outside: the config is one the theory does not describe (batch norm, residual, maxout): the
    // line stays hidden and a note says why, rather than a prediction far from the measurement.
    setPrediction(result, { outside = false } = {}) {
      outsideTheory = outside;
      prediction = result && !outside ? Array.from(result.profile) : null;
      theory = result && !outside ? { chiStar: result.chiStar } : null;
      describeTheory();
      draw();
    },
    destroy() {
      chart.destroy();
      card.figure.remove();
    },
  };
}

// "layer 3", or "output" for the last row.
export function layerName(index, numLayers) {
  return index === numLayers - 1 ? t('pg.layer.output') : t('pg.layer.hidden', { n: index + 1 });
}
