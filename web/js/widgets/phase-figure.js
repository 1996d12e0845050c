// The phase-diagram widget's figure (phase-diagram.js): the diagram canvas with its axes and legend,
// the chart of the gradient per layer (measured and mean-field prediction), and the readout and
// table that explain the measurement. The strings are the widget's (phase.*).
import { t, setText } from '../i18n.js';
import { createChart, linearScale, logScale } from '../charts/chartjs.js';
import { forLogAxis } from '../charts/log-axis.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import { element } from '../ui/controls.js';

const CRITICAL_BAND = 0.05;   // |chi - 1| below this reads as critical

// The diagram's cell (stage with canvas and y label, x ticks and label, legend) beside the chart.
export function buildPhaseFigure(figure) {
  const layout = element('div', 'chart-pair phase-layout');
  const diagramCell = element('div', 'phase-diagram-cell');
  const canvas = element('canvas', 'phase-canvas', { tabindex: '0', role: 'img' });
  const stage = element('div', 'phase-stage');
  const yLabel = element('span', 'phase-axis-y');
  const xLabel = element('span', 'phase-axis-x');
  const xTicks = element('div', 'phase-ticks', { 'aria-hidden': 'true' });
  stage.append(yLabel, canvas);
  const legend = element('ul', 'phase-legend');
  for (const [key, colour] of [['phase.legend.vanish', PALETTE.blue], ['phase.legend.explode', PALETTE.orange], ['phase.legend.critical', PALETTE.ink]]) {
    const item = element('li');
    const swatch = element('span', 'swatch', { 'aria-hidden': 'true' });
    swatch.style.background = colour;
    item.append(swatch, element('span', '', { 'data-i18n': key }));
    legend.append(item);
  }
  diagramCell.append(stage, xTicks, xLabel, legend);
  const chartCell = element('div');
  const chartBox = element('div', 'chart-box');
  chartCell.append(element('p', 'chart-title', { 'data-i18n': 'phase.chart' }), chartBox);
  layout.append(diagramCell, chartCell);
  figure.append(layout);
  return { canvas, xLabel, yLabel, xTicks, chart: createProfileChart(chartBox) };
}

// Measured (solid) and predicted (dashed) gradient per layer, on a log scale.
function createProfileChart(chartBox) {
  return createChart(chartBox, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: [], borderColor: PALETTE.blue, backgroundColor: PALETTE.blue, pointRadius: 2 },
        { label: '', data: [], borderColor: PALETTE.vermillion, backgroundColor: PALETTE.vermillion, borderDash: [6, 4] },
      ],
    },
    options: {
      parsing: false,
      scales: { x: linearScale('', { min: 1 }), y: logScale('') },  // layers numbered from 1
      plugins: { tooltip: { callbacks: { label: (context) => `${context.dataset.label}: ${formatNumber(context.raw?.y, 6)}` } } },
    },
  });
}

// The diagram's axis texts and ticks for the current view (none yet: only the x label).
export function labelDiagramAxes({ canvas, xLabel, yLabel, xTicks }, view) {
  setText(xLabel, t('phase.axisW'));
  if (view) {
    xTicks.replaceChildren(...[view.w0, (view.w0 + view.w1) / 2, view.w1].map((value) => Object.assign(element('span'), { textContent: formatNumber(value, 3) })));
    setText(yLabel, `${t('phase.axisB')}: ${formatNumber(view.b0, 2)} – ${formatNumber(view.b1, 2)}`);
  }
}

export function labelProfileChart(chart) {
  chart.data.datasets[0].label = t('phase.measured');
  chart.data.datasets[1].label = t('phase.predicted');
  chart.options.scales.x.title = { display: true, text: t('theory.axis.layer') };
}

export function showProfile(chart, profile) {
  chart.data.datasets[0].data = profile.measured.map((value, layer) => ({ x: layer + 1, y: forLogAxis(value) }));
  chart.data.datasets[1].data = profile.supported ? profile.profile.map((value, layer) => ({ x: layer + 1, y: forLogAxis(value) })) : [];
  chart.update();
}

// chi and the first-to-last ratio, predicted against measured (and the note on random biases when
// sigma_b² > 0). Returns the warnings for the status line: the maxout note when the theory does
// not cover the activation.
export function renderPhaseReadout(readout, profile, sigmaB2) {
  readout.replaceChildren();
  if (!profile.supported) return [t('theory.maxout')];
  const chi = profile.chiStar;
  const verdict = Math.abs(chi - 1) < CRITICAL_BAND ? 'phase.chiCritical' : chi < 1 ? 'phase.chiVanish' : 'phase.chiExplode';
  const chiLine = element('p', 'phase-chi');
  chiLine.textContent = `${t('phase.chi', { chi: formatNumber(chi, 2) })} ${t(verdict)}`;
  const ratioLine = element('p');
  ratioLine.textContent = t('phase.profile', {
    ratio: formatNumber(profile.firstToLast.predicted, 2),
    measured: formatNumber(profile.firstToLast.measured, 2),
  });
  readout.append(chiLine, ratioLine);
  if (sigmaB2 > 0) {
    const note = element('p', 'phase-note');
    setText(note, t('phase.biasNote'));
    readout.append(note);
  }
  return [];
}

export function renderProfileTable(figure, profile) {
  renderDataTable(figure, t('phase.table'), [t('phase.col.layer'), t('phase.col.measured'), t('phase.col.predicted')],
    profile.measured.map((value, layer) => [layer + 1, value, profile.supported ? profile.profile[layer] : '']));
}
