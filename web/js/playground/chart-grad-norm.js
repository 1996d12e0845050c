// Gradient norm per layer (layer index on x, log y): the picture of vanishing. Draws the latest
// ‖∂L/∂W_l‖, the profile at the run's first measured step for comparison, and (issue 6) an optional
// mean-field prediction: dashed, over the quantity it predicts (each example's own gradient, RMS over
// the batch, at initialization; dotted), inside the finite-width band (shaded: the range of that
// measurement over other seeds). Values a log axis cannot take are clamped and marked in red.
import { t, registerStrings } from '../i18n.js';
import { createCard, downloadCanvas } from '../ui/card.js';
import { baseOptions, axisTitle, gridOptions, appendChartCanvas, countAxis, getChart, logScale } from '../charts/chartjs.js';
import { COLORS } from '../charts/palette.js';
import { fillPoints, flaggedDataset, fillLogSeries } from '../charts/series.js';
import { clampForLogAxis } from '../charts/log-axis.js';
import { thinRows, formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';

const FIXED_RANGE = { min: 1e-20, max: 1e5 };

registerStrings({
  ko: {
    'pg.grad.perExample': '예제별 RMS (초기화 때)',
    'pg.grad.predictionPerExample': '평균장 이론의 예측',
    'pg.grad.band': '시드 {seeds}개의 범위 (폭 {width})',
    'pg.theory.perExample': '점선은 평균장 이론이 예측하는 양, 곧 각 예제의 손실이 주는 기울기 ‖∂L_e/∂W‖를 배치에 대해 제곱평균한 것이고(점 찍힌 선: 초기화 시점의 측정값), 예측은 마지막 은닉층에서 측정에 맞춰 놓았습니다. 실선은 배치 평균 손실의 기울기라서 예제끼리 상쇄되는 만큼 더 작습니다.',
    'pg.theory.band': '음영: 같은 폭과 배치에서 다른 시드 {seeds}개로 잰 값의 범위. 이 안의 차이는 유한한 폭에서 오는 우연입니다.',
    'pg.theory.noBand': '(이 크기의 신경망에서는 시드 간 범위를 계산하지 않습니다.)',
    'pg.theory.chiFactor': 'χ ≈ {chi}: 깊은 층에서 한 층을 거슬러 갈 때마다 기울기 크기가 약 {factor}배가 됩니다.',
  },
  en: {
    'pg.grad.perExample': 'per-example RMS at init',
    'pg.grad.predictionPerExample': 'mean-field prediction',
    'pg.grad.band': '{seeds}-seed range (width {width})',
    'pg.theory.perExample': 'Dashed: what mean-field theory predicts, each example’s own gradient ‖∂L_e/∂W‖ as a root mean square over the batch (dotted: that quantity measured at initialization), placed on the measurement at the last hidden layer. The solid lines are the gradient of the batch-mean loss, smaller where examples cancel.',
    'pg.theory.band': 'Shaded: the range of the same measurement over {seeds} other seeds at this width and batch; a deviation inside it is finite-width chance.',
    'pg.theory.noBand': '(The range over seeds is not computed for a network this large.)',
    'pg.theory.chiFactor': 'χ ≈ {chi}: deep in the network, each layer the gradient passes back through multiplies its size by about {factor}.',
  },
});

// The chart's seven datasets, in this order (the indices below and in draw() follow it): the latest
// profile, the first measured one, the prediction, the flagged points, the per-example measurement,
// the band's lower and upper edges. valuesOf() gives each dataset's exact source array for tooltips.
function buildGradNormChart(canvas, points, valuesOf) {
  const Chart = getChart();
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: points.measured, borderColor: COLORS.gradient, backgroundColor: COLORS.gradient },
        { label: '', data: points.reference, borderColor: COLORS.reference, backgroundColor: COLORS.reference,
          borderWidth: 1.5 },
        { label: '', data: points.prediction, borderColor: COLORS.prediction, backgroundColor: COLORS.prediction,
          borderDash: [6, 4], borderWidth: 1.5, hidden: true },
        flaggedDataset(),
        { label: '', data: points.perExample, borderColor: COLORS.prediction, backgroundColor: COLORS.prediction,
          borderDash: [1, 3], borderWidth: 2, pointRadius: 0, hidden: true },
        { label: '', data: points.bandLow, borderWidth: 0, pointRadius: 0, hidden: true },
        { label: '', data: points.bandHigh, borderWidth: 0, pointRadius: 0, hidden: true, fill: '-1',
          backgroundColor: 'rgba(180, 83, 9, 0.15)', borderColor: 'rgba(180, 83, 9, 0.15)' },
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
  // The theory's legend entries only while there is a prediction (the band's once, on its upper
  // edge), and the flagged points' entry only while there are some.
  chart.options.plugins.legend.labels.filter = (item) => {
    const index = item.datasetIndex;
    if (index === 2 || index === 4) return !chart.data.datasets[index].hidden;
    if (index === 5) return false;
    if (index === 6) return !chart.data.datasets[6].hidden;
    return index !== 3 || chart.data.datasets[3].data.length > 0;
  };
  chart.options.plugins.tooltip.callbacks = {
    title: (items) => layerName(items[0].parsed.x - 1, points.measured.length),
    // Exact values from the source arrays (x is the 1-based layer), not the clamped plotted ones.
    label: (item) => {
      const layer = item.parsed.x - 1;
      const source = valuesOf()[item.datasetIndex];
      const value = source ? source[layer] : item.parsed.y;
      return `${item.dataset.label}: ${formatNumber(value, 4)}`;
    },
  };
  return chart;
}

// The "fixed range" checkbox: { label, box, text }.
function buildFixedRangeToggle() {
  const label = document.createElement('label');
  label.className = 'vg-pg-inline-check';
  const box = document.createElement('input');
  box.type = 'checkbox';
  const text = document.createElement('span');
  label.append(box, text);
  return { label, box, text };
}

// The note under the chart: why there is no prediction, or how to read the one shown.
function theoryNoteText(theory, outsideTheory, hasMeasurement) {
  if (outsideTheory) return t('pg.theory.hidden');
  if (!theory || !hasMeasurement) return '';
  return [
    t('pg.theory.perExample'),
    theory.band ? t('pg.theory.band', { seeds: theory.bandSeeds }) : t('pg.theory.noBand'),
    t('pg.theory.chiFactor', { chi: formatNumber(theory.chiStar, 3), factor: formatNumber(Math.sqrt(theory.chiStar), 3) }),
  ].join(' ');
}

// "first / last layer = 3.2 × 10⁻¹²": how much weaker (or stronger) the input side's gradient is.
function ratioText(latest) {
  const count = latest ? latest.length : 0;
  return count > 1 ? t('pg.grad.ratio', { ratio: formatNumber(latest[0] / latest[count - 1], 2) }) : '';
}

// Maps every profile onto the log axis (clamped like the latest one), hides what cannot be placed,
// and spans the layer axis.
function plotProfiles(chart, points, mapped, profiles) {
  const { latest, reference, prediction, perExample, bandLow, bandHigh } = profiles;
  const count = latest ? latest.length : 0;
  const bounds = fillLogSeries({
    points: points.measured, flaggedPoints: chart.data.datasets[3].data, mapped, count,
    xOf: (i) => i + 1, valueOf: (i) => latest[i],
  });
  const onAxis = (values) => (values ? (i) => clampForLogAxis(values[i], bounds).y : null);
  const fill = (target, values) => fillPoints(target, values ? values.length : 0, (i) => i + 1, onAxis(values));
  fill(points.reference, reference);
  fill(points.prediction, prediction);
  fill(points.perExample, perExample);
  fill(points.bandLow, bandLow);
  fill(points.bandHigh, bandHigh);
  // The prediction is placed on the measured last layer: without a measurement it means nothing.
  // Likewise the per-example profile and its band: with no finite measurement (a run that
  // overflowed at once) they would be clamped into a flat line at the axis' edge.
  chart.data.datasets[2].hidden = !prediction || count === 0;
  chart.data.datasets[4].hidden = !perExample || count === 0;
  chart.data.datasets[5].hidden = !bandLow || count === 0;
  chart.data.datasets[6].hidden = !bandHigh || count === 0;
  // The layer axis runs from the first layer to the output layer, and says which end is which.
  chart.options.scales.x.min = 1;
  chart.options.scales.x.max = Math.max(2, count);
  chart.options.scales.x.title.text = count > 0 ? t('pg.axis.layerEnds', { n: count }) : t('pg.axis.layer');
}

// One range for every config, so two runs can be compared picture to picture.
function clampToFixedRange(chart) {
  for (const dataset of chart.data.datasets) {
    for (const point of dataset.data) point.y = Math.min(FIXED_RANGE.max, Math.max(FIXED_RANGE.min, point.y));
  }
  chart.options.scales.y.min = FIXED_RANGE.min;
  chart.options.scales.y.max = FIXED_RANGE.max;
}

function renderGradTable(host, { latest, latestStep, reference, referenceStep }) {
  const all = [];
  for (let i = 0; i < latest.length; i += 1) {
    all.push([layerName(i, latest.length), latest[i], reference ? reference[i] : '']);
  }
  const { rows, thinned } = thinRows(all, 120);
  renderDataTable(host,
    t(thinned ? 'pg.grad.tableCaptionThinned' : 'pg.grad.tableCaption', { step: latestStep }),
    [t('pg.axis.layer'), t('pg.grad.latest', { step: latestStep }), t('pg.grad.reference', { step: referenceStep })],
    rows);
}

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
  const fixed = buildFixedRangeToggle();
  const theoryNote = document.createElement('p');
  theoryNote.className = 'vg-pg-theory-note';
  card.body.append(readout, fixed.label, theoryNote);
  let theory = null;       // { chiStar, bandSeeds, band, width } of the shown prediction
  let outsideTheory = false;  // the config is one the mean-field theory does not describe
  fixed.box.addEventListener('change', () => draw());

  const profiles = {
    latest: null,          // Float32Array of the latest grad_w_norm
    reference: null,       // the first measured profile of this run
    prediction: null,      // array: the predicted per-example profile, placed on perExample's last hidden layer
    perExample: null,      // array: the measured per-example profile at initialization
    bandLow: null,         // arrays: the finite-width band, or null
    bandHigh: null,
  };
  let latestStep = 0;
  let referenceStep = 0;
  const mapped = [];       // latest, mapped onto the log axis: { y, flag }
  const points = { measured: [], reference: [], prediction: [], perExample: [], bandLow: [], bandHigh: [] };
  const chart = buildGradNormChart(canvas, points,
    () => [profiles.latest, profiles.reference, profiles.prediction, profiles.latest, profiles.perExample,
      profiles.bandLow, profiles.bandHigh]);

  function describeTheory() {
    theoryNote.textContent = theoryNoteText(theory, outsideTheory, Boolean(profiles.latest));
  }

  function relabel() {
    card.relabel();
    describeTheory();
    chart.data.datasets[0].label = t('pg.grad.latest', { step: latestStep });
    chart.data.datasets[1].label = t('pg.grad.reference', { step: referenceStep });
    chart.data.datasets[2].label = t('pg.grad.predictionPerExample');
    chart.data.datasets[4].label = t('pg.grad.perExample');
    chart.data.datasets[6].label = theory ? t('pg.grad.band', { seeds: theory.bandSeeds, width: theory.width }) : '';
    chart.data.datasets[3].label = t('pg.flagged');
    chart.options.scales.y.title = axisTitle(t('pg.axis.gradNorm'));
    fixed.text.textContent = t('pg.grad.fixedRange');
    draw();
  }

  // A fresh run clears the chart, hides the old prediction and draws its step 0 in one task: the
  // Chart.js update (the card's main cost, ~20-70 ms each on the bench machine) runs once for all of
  // them. Clearing, the prediction and the labels ask for a draw at the end of the task; a frame's
  // update draws at once (the draw queue times it) and takes those along.
  let drawQueued = false;
  let destroyed = false;
  function draw() {
    if (drawQueued) return;
    drawQueued = true;
    queueMicrotask(() => {
      if (drawQueued && !destroyed) drawNow();
    });
  }

  function drawNow() {
    drawQueued = false;
    plotProfiles(chart, points, mapped, profiles);
    chart.data.datasets[0].label = t('pg.grad.latest', { step: latestStep });
    chart.data.datasets[1].label = t('pg.grad.reference', { step: referenceStep });
    if (fixed.box.checked) {
      clampToFixedRange(chart);
    } else {
      delete chart.options.scales.y.min;
      delete chart.options.scales.y.max;
    }
    readout.textContent = ratioText(profiles.latest);
    describeTheory();
    chart.update('none');
  }

  return {
    card,
    canvas,
    relabel,
    // grad_w_norm of a snapshot taken after `step` steps.
    update(gradNorm, step) {
      profiles.latest = gradNorm;
      latestStep = step;
      if (!profiles.reference && step > 0) {
        profiles.reference = gradNorm.slice();
        referenceStep = step;
      }
      drawNow();
    },
    renderTable() {
      if (profiles.latest) {
        renderGradTable(card.tableHost, { latest: profiles.latest, latestStep, reference: profiles.reference, referenceStep });
      }
    },
    clear() {
      profiles.latest = null;
      profiles.reference = null;
      latestStep = 0;
      referenceStep = 0;
      draw();
      card.tableHost.replaceChildren();
    },
    // predictGradientProfile's result (one value per hidden layer in each array): the prediction
    // dashed over the per-example measurement, inside the band; null hides them all. outside: the
    // config is one the theory does not describe (batch norm, residual, maxout): everything stays
    // hidden and a note says why, rather than a prediction far from the measurement.
    setPrediction(result, { outside = false } = {}) {
      outsideTheory = outside;
      const shown = result && !outside ? result : null;
      profiles.prediction = shown ? Array.from(shown.profile) : null;
      profiles.perExample = shown ? Array.from(shown.measured) : null;
      profiles.bandLow = shown && shown.bandLow ? Array.from(shown.bandLow) : null;
      profiles.bandHigh = shown && shown.bandHigh ? Array.from(shown.bandHigh) : null;
      theory = shown
        ? { chiStar: shown.chiStar, bandSeeds: shown.bandSeeds, band: Boolean(profiles.bandLow), width: shown.width }
        : null;
      relabel();
    },
    destroy() {
      destroyed = true;
      chart.destroy();
      card.figure.remove();
    },
  };
}

// "layer 3", or "output" for the last row.
export function layerName(index, numLayers) {
  return index === numLayers - 1 ? t('pg.layer.output') : t('pg.layer.hidden', { n: index + 1 });
}
