// The A/B widget's three charts (ab.js): training loss and first-layer gradient per step, linked so
// that hovering a step on one shows it on the other, and the gradient per layer at the latest step.
import { t } from '../i18n.js';
import { createChart, linearScale, logScale } from '../charts/chartjs.js';
import { formatNumber } from '../ui/format.js';
import { PALETTE } from '../charts/palette.js';
import { element } from '../ui/controls.js';
import { localized } from '../theory/preset-data.js';
import { RUNS } from './ab-runs.js';

const RUN_COLOURS = { a: PALETTE.blue, b: PALETTE.vermillion };

// The same for all three charts (x: step or layer, y: log).
function abChartConfig() {
  return {
    type: 'line',
    data: {
      datasets: RUNS.map((run) => ({
        label: t(`theory.run.${run}`), data: [], borderColor: RUN_COLOURS[run], backgroundColor: RUN_COLOURS[run],
        borderDash: run === 'b' ? [6, 3] : [], pointRadius: 2,
      })),
    },
    options: {
      parsing: false,
      scales: { x: linearScale('', { min: 0 }), y: logScale('') },
      plugins: { tooltip: { callbacks: { label: (context) => `${context.dataset.label}: ${formatNumber(context.raw?.y, 6)}` } } },
    },
  };
}

// Hovering a step on one of the step charts shows the same step on the others.
function linkHover(source, stepCharts) {
  return (event, elements) => {
    for (const chart of stepCharts) {
      if (chart === source) continue;
      const active = elements.length
        ? chart.data.datasets.map((dataset, datasetIndex) => ({ datasetIndex, index: elements[0].index }))
            .filter((entry) => entry.index < chart.data.datasets[entry.datasetIndex].data.length)
        : [];
      chart.setActiveElements(active);
      chart.tooltip.setActiveElements(active, { x: 0, y: 0 });
      chart.update('none');
    }
  };
}

// The three titled charts in their grid: loss and first-layer gradient per step (linked), and the
// gradient per layer at the latest step.
export function createAbCharts(figure) {
  const grid = element('div', 'chart-pair');
  const boxes = ['ab.loss', 'ab.grad', 'ab.profile'].map((key) => {
    const cell = element('div');
    const box = element('div', 'chart-box');
    cell.append(element('p', 'chart-title', { 'data-i18n': key }), box);
    grid.append(cell);
    return box;
  });
  figure.append(grid);
  const lossChart = createChart(boxes[0], abChartConfig());
  const gradChart = createChart(boxes[1], abChartConfig());
  const stepCharts = [lossChart, gradChart];
  lossChart.options.onHover = linkHover(lossChart, stepCharts);
  gradChart.options.onHover = linkHover(gradChart, stepCharts);
  const profileChart = createChart(boxes[2], abChartConfig());
  profileChart.options.scales.x.min = 1;  // layers are numbered from 1, as everywhere on the page
  return { lossChart, gradChart, profileChart, all: [lossChart, gradChart, profileChart] };
}

// Names each dataset after its run (and the preset's label for it) and titles the x axes.
export function labelAbCharts(charts, preset) {
  for (const chart of charts.all) {
    RUNS.forEach((run, index) => {
      const label = preset ? `${t(`theory.run.${run}`)}: ${localized(preset.runs[index].label)}` : t(`theory.run.${run}`);
      chart.data.datasets[index].label = label;
    });
    chart.options.scales.x.title = { display: true, text: chart === charts.profileChart ? t('theory.axis.layer') : t('theory.axis.step') };
  }
}

// Shows the runs' series (a missing run empties its datasets) and redraws.
export function showAbRuns(charts, runOf) {
  RUNS.forEach((id, index) => {
    const entry = runOf(id);
    charts.lossChart.data.datasets[index].data = entry?.losses ?? [];
    charts.gradChart.data.datasets[index].data = entry?.grads ?? [];
    charts.profileChart.data.datasets[index].data = entry?.profile ?? [];
  });
  for (const chart of charts.all) chart.update();
}
