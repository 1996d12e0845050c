// Section 3: an activation function and its derivative, both from the core (activation_curve), with
// a pre-activation slider that shows the derivative collapse as the unit saturates.
import { registerStrings, t } from '../i18n.js';
import { createChart, linearScale, exactTooltipLabel } from '../charts/chartjs.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import {
  createFrame, createSelect, createSlider, activationOptions, followLanguage, showStatus, createLatestRunner,
  coalesceToFrame, element,
} from '../ui/controls.js';

registerStrings({
  ko: {
    'activation.z': '사전 활성값 z',
    'activation.value': 'φ(z)',
    'activation.derivative': "φ′(z)",
    'activation.readout': 'z = {z}에서 φ(z) = {value}, φ′(z) = {derivative}. 곡선 위 φ′의 최댓값은 {peak} (z = {peakZ}).',
    'activation.saturated': '포화: 여기서 φ′(z)는 최댓값의 1%도 되지 않습니다. 이 유닛을 지나는 기울기는 거의 전부 사라집니다.',
    'activation.dead': 'φ′(z) = 0: 이 유닛을 지나는 기울기는 정확히 0입니다 (죽은 ReLU).',
    'activation.table': '{name}: z에 따른 φ(z)와 φ′(z) (계산: C++ 코어)',
    'activation.axis.z': 'z',
  },
  en: {
    'activation.z': 'Pre-activation z',
    'activation.value': 'φ(z)',
    'activation.derivative': 'φ′(z)',
    'activation.readout': 'At z = {z}: φ(z) = {value}, φ′(z) = {derivative}. The largest φ′ on the curve is {peak} (at z = {peakZ}).',
    'activation.saturated': 'Saturated: φ′(z) is below 1% of its peak here. Almost all of the gradient through this unit is lost.',
    'activation.dead': 'φ′(z) = 0: exactly nothing of the gradient passes this unit (a dead ReLU).',
    'activation.table': '{name}: φ(z) and φ′(z) against z (computed by the C++ core)',
    'activation.axis.z': 'z',
  },
});

const Z_RANGE = [-8, 8];
const CURVE_SAMPLES = 161;
const TABLE_EVERY = 10;
const SATURATION_SHARE = 0.01;

// Where the core's sampled curve (z, phi, phi' triples) has its largest derivative.
function peakOfDerivative(curve) {
  let peakIndex = 0;
  for (let i = 1; i < CURVE_SAMPLES; i += 1) if (curve[3 * i + 2] > curve[3 * peakIndex + 2]) peakIndex = i;
  return { z: curve[3 * peakIndex], derivative: curve[3 * peakIndex + 2] };
}

function writeTable(figure, curve, activation) {
  const rows = [];
  for (let i = 0; i < CURVE_SAMPLES; i += TABLE_EVERY) rows.push([curve[3 * i], curve[3 * i + 1], curve[3 * i + 2]]);
  renderDataTable(figure, t('activation.table', { name: t(`enum.activation.${activation}`) }), ['z', 'φ(z)', 'φ′(z)'], rows);
}

// The curve phi(z), its derivative and the reader's point z.
function createActivationChart(box) {
  return createChart(box, {
    type: 'line',
    data: {
      datasets: [
        { label: 'φ(z)', data: [], borderColor: PALETTE.blue, backgroundColor: PALETTE.blue },
        { label: 'φ′(z)', data: [], borderColor: PALETTE.vermillion, backgroundColor: PALETTE.vermillion },
        {
          label: 'z', data: [], type: 'scatter', pointRadius: 6, pointHoverRadius: 7,
          borderColor: PALETTE.ink, backgroundColor: PALETTE.yellow, borderWidth: 1.5,
        },
      ],
    },
    options: {
      parsing: false,
      scales: { x: linearScale('z', { min: Z_RANGE[0], max: Z_RANGE[1] }), y: linearScale('') },
      plugins: {
        legend: { labels: { filter: (item) => item.datasetIndex < 2 } },
        tooltip: { mode: 'nearest', axis: 'x', callbacks: { label: exactTooltipLabel, title: (items) => `z = ${formatNumber(items[0].parsed.x, 4)}` } },
      },
    },
  });
}

export function createActivation(container, options = {}) {
  const { engine } = options;
  const state = {
    activation: options.activation ?? 'sigmoid',
    leakyAlpha: Number(options.leakyAlpha ?? 0.01),
    z: Number(options.z ?? 2),
  };
  let curve = null;  // Float64Array of z, phi, phi' triples
  const parts = createFrame(container, 'widget-activation');
  const runCurve = createLatestRunner();
  const runPoint = createLatestRunner();

  const activationSelect = createSelect({
    labelKey: 'widget.activation',
    options: activationOptions(['sigmoid', 'tanh', 'relu', 'leaky_relu']),
    value: state.activation,
    onChange(value) {
      state.activation = value;
      refreshCurve();
    },
  });
  const zSlider = createSlider({
    labelKey: 'activation.z',
    min: Z_RANGE[0], max: Z_RANGE[1], step: 0.1, value: state.z,
    format: (value) => value.toFixed(1),
    onInput: coalesceToFrame((value) => {
      state.z = value;
      refreshPoint();
    }),
  });
  parts.controls.append(activationSelect.element, zSlider.element);

  const chartBox = element('div', 'chart-box');
  parts.figure.append(chartBox);
  const chart = createActivationChart(chartBox);

  function fail(error) {
    showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
  }

  function refreshCurve() {
    runCurve(
      () => engine.call('activation_curve', [state.activation, state.leakyAlpha, Z_RANGE[0], Z_RANGE[1], CURVE_SAMPLES]),
      (result) => {
        if (!result || result.length < 3 * CURVE_SAMPLES) throw new Error(`activation_curve(${state.activation}) returned no samples`);
        curve = result;
        const values = [];
        const derivatives = [];
        for (let i = 0; i < CURVE_SAMPLES; i += 1) {
          values.push({ x: curve[3 * i], y: curve[3 * i + 1] });
          derivatives.push({ x: curve[3 * i], y: curve[3 * i + 2] });
        }
        chart.data.datasets[0].data = values;
        chart.data.datasets[1].data = derivatives;
        chart.update();
        refreshPoint();
      },
      fail,
    );
  }

  function refreshPoint() {
    if (!curve) return;
    // Two samples at the same z: the core's own value and derivative at exactly the slider's z.
    runPoint(
      () => engine.call('activation_curve', [state.activation, state.leakyAlpha, state.z, state.z, 2]),
      (point) => {
        const [z, value, derivative] = point;
        chart.data.datasets[2].data = [{ x: z, y: value }, { x: z, y: derivative }];
        chart.update();
        const peak = peakOfDerivative(curve);
        parts.readout.textContent = t('activation.readout', {
          z: formatNumber(z, 3), value: formatNumber(value, 4), derivative: formatNumber(derivative, 4),
          peak: formatNumber(peak.derivative, 4), peakZ: formatNumber(peak.z, 3),
        });
        parts.readout.dataset.derivative = String(derivative);
        if (derivative === 0) showStatus(parts.status, t('activation.dead'), 'warning');
        else if (derivative < SATURATION_SHARE * peak.derivative) showStatus(parts.status, t('activation.saturated'), 'warning');
        else showStatus(parts.status, '');
        writeTable(parts.figure, curve, state.activation);
      },
      fail,
    );
  }

  const stopFollowing = followLanguage(container, () => {
    zSlider.refresh();
    if (curve) refreshPoint();
  });
  refreshCurve();

  return {
    update(newOptions = {}) {
      if (newOptions.activation) {
        state.activation = newOptions.activation;
        activationSelect.set(state.activation);
      }
      if (Number.isFinite(newOptions.z)) {
        state.z = newOptions.z;
        zSlider.set(state.z);
      }
      refreshCurve();
    },
    pause() {},   // nothing runs between inputs
    resume() {},
    destroy() {
      stopFollowing();
      chart.destroy();
      container.replaceChildren();
    },
  };
}
