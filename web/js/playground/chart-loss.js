// Loss (log axis, left) and train/test accuracy (right, 0..1) over steps, from a bounded,
// decimated history (history.js), so an hour-long run costs the same as a minute.
import { t } from '../i18n.js';
import { createCard, downloadCanvas } from '../ui/card.js';
import { baseOptions, axisTitle, gridOptions, appendChartCanvas, countAxis, getChart } from '../charts/chartjs.js';
import { COLORS } from '../charts/palette.js';
import { fillPoints, flaggedDataset, fillLogSeries } from '../charts/series.js';
import { formatPercent, thinRows, formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';

export function createLossChart(parent, history) {
  const card = createCard(parent, {
    titleKey: 'pg.loss.title',
    descriptionKey: 'pg.loss.description',
    part: 'loss',
    onExportPng: () => downloadCanvas(canvas, 'loss-and-accuracy.png'),
  });
  const canvas = appendChartCanvas(card.body);

  const lossPoints = [];
  const trainPoints = [];
  const testPoints = [];
  const mapped = [];  // loss mapped onto the log axis: { y, flag }
  const Chart = getChart();
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: lossPoints, borderColor: COLORS.loss, backgroundColor: COLORS.loss, yAxisID: 'y' },
        { label: '', data: trainPoints, borderColor: COLORS.train, backgroundColor: COLORS.train, yAxisID: 'accuracy' },
        { label: '', data: testPoints, borderColor: COLORS.test, backgroundColor: COLORS.test, yAxisID: 'accuracy',
          borderDash: [5, 3] },
        { ...flaggedDataset(), yAxisID: 'y' },
      ],
    },
    options: {
      ...baseOptions(),
      scales: {
        x: countAxis(),
        // Linear while the loss spans less than a decade (a log axis would have no labelled ticks),
        // logarithmic once it spans more (draw() switches).
        y: { type: 'linear', position: 'left', grid: gridOptions(), title: axisTitle(''),
          ticks: { maxTicksLimit: 7, callback: distinctTickLabel } },
        accuracy: { type: 'linear', position: 'right', min: 0, max: 1, title: axisTitle(''),
          grid: { drawOnChartArea: false }, ticks: { callback: (value) => formatPercent(value) } },
      },
    },
  });
  chart.options.plugins.tooltip.callbacks = {
    title: (items) => t('pg.axis.stepN', { step: items[0].parsed.x }),
    label: (item) => {
      if (item.datasetIndex === 3) return `${item.dataset.label}: ${formatNumber(lossAtStep(item.parsed.x))}`;
      const field = ['loss', 'train_accuracy', 'test_accuracy'][item.datasetIndex];
      const value = history.get(field, item.dataIndex);
      const text = item.datasetIndex === 0 ? formatNumber(value, 4) : formatPercent(value);
      return `${item.dataset.label}: ${text}`;
    },
  };
  chart.options.plugins.legend.labels.filter = (item) => item.datasetIndex !== 3 || chart.data.datasets[3].data.length > 0;

  function setLossTitle() {
    chart.options.scales.y.title.text = t(chart.options.scales.y.type === 'logarithmic' ? 'pg.loss.lossLog' : 'pg.loss.loss');
  }

  function lossAtStep(step) {
    for (let i = history.length - 1; i >= 0; i -= 1) if (history.get('step', i) === step) return history.get('loss', i);
    return NaN;
  }

  function relabel() {
    card.relabel();
    chart.data.datasets[0].label = t('pg.loss.loss');
    chart.data.datasets[1].label = t('pg.loss.train');
    chart.data.datasets[2].label = t('pg.loss.test');
    chart.data.datasets[3].label = t('pg.flagged');
    chart.options.scales.x.title.text = t('pg.axis.step');
    setLossTitle();
    chart.options.scales.accuracy.title.text = t('pg.axis.accuracy');
    chart.update('none');
  }

  function draw() {
    const count = history.length;
    const stepOf = (i) => history.get('step', i);
    const bounds = fillLogSeries({
      points: lossPoints, flaggedPoints: chart.data.datasets[3].data, mapped, count,
      xOf: stepOf, valueOf: (i) => history.get('loss', i),
    });
    const type = bounds.hi / bounds.lo > 1000 ? 'logarithmic' : 'linear';  // bounds carry a decade each side
    if (chart.options.scales.y.type !== type) {
      chart.options.scales.y.type = type;
      setLossTitle();
    }
    fillPoints(trainPoints, count, stepOf, (i) => history.get('train_accuracy', i));
    fillPoints(testPoints, count, stepOf, (i) => history.get('test_accuracy', i));
    chart.update('none');
  }

  function renderTable() {
    const all = [];
    for (let i = 0; i < history.length; i += 1) {
      all.push([history.get('step', i), history.get('loss', i), history.get('train_accuracy', i),
        history.get('test_accuracy', i)]);
    }
    const { rows, thinned } = thinRows(all, 60);
    renderDataTable(card.tableHost, t(thinned ? 'pg.loss.tableCaptionThinned' : 'pg.loss.tableCaption'),
      [t('pg.axis.step'), t('pg.loss.loss'), t('pg.loss.train'), t('pg.loss.test')], rows);
  }

  return {
    card,
    canvas,
    relabel,
    draw,
    renderTable,
    destroy() {
      chart.destroy();
      card.figure.remove();
    },
  };
}

// A tick label with as many significant digits as the tick spacing needs, so a loss that moves
// only in its fourth digit gets 0.6931, 0.6932 rather than 0.693 twice.
function distinctTickLabel(value, index, ticks) {
  const spacing = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 0;
  const largest = Math.max(...ticks.map((tick) => Math.abs(tick.value)));
  const digits = spacing > 0 && largest > 0 ? Math.min(12, Math.max(3, Math.ceil(Math.log10(largest / spacing)) + 1)) : 3;
  return formatNumber(value, digits);
}
