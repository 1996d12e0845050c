// Section 2: a scalar chain a_l = φ(w·a_{l−1} + b). The core (chain_factors) gives, per layer, the
// local factor ∂a_l/∂a_{l−1} = w·φ′(z_l) and the running product ∂a_l/∂a_0; the widget shows each
// factor as a chip and both on a log axis, so the reader sees the product shrink (or hold) with depth.
import { registerStrings, t, setText } from '../i18n.js';
import { createChart, logScale } from '../charts/chartjs.js';
import { forLogAxis } from '../charts/log-axis.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import {
  createFrame, createSelect, createSlider, activationOptions, followLanguage, showStatus, createLatestRunner,
  coalesceToFrame, element,
} from '../ui/controls.js';

registerStrings({
  ko: {
    'chain.depth': '층 수 L',
    'chain.weight': '가중치 w',
    'chain.bias': '편향 b',
    'chain.input': '입력 a₀',
    'chain.factor': '|∂aₗ/∂aₗ₋₁| (층마다 곱해지는 인수)',
    'chain.product': '|∂aₗ/∂a₀| (누적 곱)',
    'chain.axis.layer': '층 l',
    'chain.axis.size': '크기 (로그 눈금)',
    'chain.chips': '층별 인수 w·φ′(zₗ)',
    'chain.readout': 'L = {depth}층을 지난 뒤 누적 곱 ∂a_L/∂a₀ = {product}. 층마다 곱해진 인수의 최댓값은 {largest}, 최솟값은 {smallest}입니다.',
    'chain.zero': '어느 층에서 인수가 정확히 0이 되어 곱 전체가 0입니다: 그 앞의 층에는 기울기가 전혀 전달되지 않습니다. 로그 눈금에는 0을 그릴 수 없어 선이 끊깁니다.',
    'chain.table': '층별 z, a, 인수 ∂aₗ/∂aₗ₋₁, 누적 곱 ∂aₗ/∂a₀ (계산: C++ 코어)',
    'chain.col.layer': '층',
  },
  en: {
    'chain.depth': 'Layers L',
    'chain.weight': 'Weight w',
    'chain.bias': 'Bias b',
    'chain.input': 'Input a₀',
    'chain.factor': '|∂aₗ/∂aₗ₋₁| (factor per layer)',
    'chain.product': '|∂aₗ/∂a₀| (running product)',
    'chain.axis.layer': 'layer l',
    'chain.axis.size': 'size (log scale)',
    'chain.chips': 'Per-layer factors w·φ′(zₗ)',
    'chain.readout': 'After L = {depth} layers, ∂a_L/∂a₀ = {product}. The largest factor was {largest}, the smallest {smallest}.',
    'chain.zero': 'A factor is exactly 0 in some layer, so the whole product is 0: no gradient at all reaches the layers before it. A log axis cannot draw 0, so the line breaks there.',
    'chain.table': 'Per layer: z, a, the factor ∂aₗ/∂aₗ₋₁ and the running product ∂aₗ/∂a₀ (computed by the C++ core)',
    'chain.col.layer': 'layer',
  },
});

const MAX_DEPTH = 30;

// The factor bars and the running product's line, on a log axis; rowsOf() gives the rows the
// tooltips describe (signed values, while the bars show sizes).
function createChainChart(box, rowsOf) {
  return createChart(box, {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        { label: '', data: [], type: 'bar', backgroundColor: 'rgba(230, 159, 0, 0.55)', borderColor: PALETTE.orange, borderWidth: 1 },
        { label: '', data: [], borderColor: PALETTE.blue, backgroundColor: PALETTE.blue, pointRadius: 2, spanGaps: false },
      ],
    },
    options: {
      scales: { x: { type: 'category', title: { display: true, text: '' } }, y: logScale('') },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => `${t('chain.axis.layer')} = ${items[0].label}`,
            label: (context) => {
              const row = rowsOf()[context.dataIndex];
              const signed = context.datasetIndex === 0 ? row.factor : row.product;
              return `${context.dataset.label}: ${formatNumber(signed, 6)}`;
            },
          },
        },
      },
    },
  });
}

// One chip per layer with its factor, sized by how it scales the signal (for the eye only).
function renderChips(chips, rows) {
  chips.replaceChildren(...rows.map((row) => {
    const chip = element('li', 'chip');
    chip.textContent = `×${formatNumber(row.factor, 3)}`;
    chip.dataset.size = Math.abs(row.factor) >= 1 ? 'large' : Math.abs(row.factor) >= 0.5 ? 'medium' : Math.abs(row.factor) > 0 ? 'small' : 'zero';
    return chip;
  }));
}

export function createChain(container, options = {}) {
  const { engine } = options;
  const state = {
    activation: options.activation ?? 'sigmoid',
    leakyAlpha: 0.01,
    depth: Number(options.depth ?? 10),
    weight: Number(options.weight ?? 1),
    bias: Number(options.bias ?? 0),
    input: Number(options.input ?? 0.5),
  };
  const parts = createFrame(container, 'widget-chain');
  const run = createLatestRunner();
  const refresh = coalesceToFrame(() => compute());
  let rows = [];

  const oneDecimal = (value) => value.toFixed(1);
  const activationSelect = createSelect({
    labelKey: 'widget.activation',
    options: activationOptions(['sigmoid', 'tanh', 'relu', 'linear']),
    value: state.activation,
    onChange(value) {
      state.activation = value;
      refresh();
    },
  });
  const sliders = {
    depth: createSlider({ labelKey: 'chain.depth', min: 1, max: MAX_DEPTH, step: 1, value: state.depth, format: String, onInput: (v) => { state.depth = v; refresh(); } }),
    weight: createSlider({ labelKey: 'chain.weight', min: -3, max: 3, step: 0.1, value: state.weight, format: oneDecimal, onInput: (v) => { state.weight = v; refresh(); } }),
    bias: createSlider({ labelKey: 'chain.bias', min: -3, max: 3, step: 0.1, value: state.bias, format: oneDecimal, onInput: (v) => { state.bias = v; refresh(); } }),
    input: createSlider({ labelKey: 'chain.input', min: -2, max: 2, step: 0.1, value: state.input, format: oneDecimal, onInput: (v) => { state.input = v; refresh(); } }),
  };
  parts.controls.append(activationSelect.element, ...Object.values(sliders).map((slider) => slider.element));

  const chipsLabel = element('p', 'chain-chips-label', { 'data-i18n': 'chain.chips' });
  const chips = element('ol', 'chain-chips', { 'aria-hidden': 'true' });
  const chartBox = element('div', 'chart-box');
  parts.figure.append(chipsLabel, chips, chartBox);

  const chart = createChainChart(chartBox, () => rows);

  function relabelChart() {
    chart.data.datasets[0].label = t('chain.factor');
    chart.data.datasets[1].label = t('chain.product');
    chart.options.scales.x.title = { display: true, text: t('chain.axis.layer') };
    chart.options.scales.y.title = { display: true, text: t('chain.axis.size') };
  }

  function compute() {
    run(
      () => engine.call('chain_factors', [state.activation, state.leakyAlpha, state.depth, state.weight, state.bias, state.input]),
      (result) => {
        if (!result || result.length < 4 * state.depth) throw new Error('chain_factors returned no layers');
        rows = [];
        for (let l = 0; l < state.depth; l += 1) {
          rows.push({ layer: l + 1, z: result[4 * l], a: result[4 * l + 1], factor: result[4 * l + 2], product: result[4 * l + 3] });
        }
        draw();
      },
      (error) => showStatus(parts.status, t('widget.error', { message: error.message }), 'error'),
    );
  }

  function draw() {
    relabelChart();
    chart.data.labels = rows.map((row) => row.layer);
    chart.data.datasets[0].data = rows.map((row) => forLogAxis(Math.abs(row.factor)));
    chart.data.datasets[1].data = rows.map((row) => forLogAxis(Math.abs(row.product)));
    chart.update();

    renderChips(chips, rows);

    const factors = rows.map((row) => row.factor);
    const last = rows[rows.length - 1];
    setText(parts.readout, t('chain.readout', {
      depth: state.depth,
      product: formatNumber(last.product, 4),
      largest: formatNumber(Math.max(...factors), 3),
      smallest: formatNumber(Math.min(...factors), 3),
    }));
    parts.readout.dataset.product = String(last.product);
    showStatus(parts.status, last.product === 0 ? t('chain.zero') : '', 'warning');
    renderDataTable(parts.figure, t('chain.table'), [t('chain.col.layer'), 'z', 'a', '∂aₗ/∂aₗ₋₁', '∂aₗ/∂a₀'],
      rows.map((row) => [row.layer, row.z, row.a, row.factor, row.product]));
  }

  const stopFollowing = followLanguage(container, () => {
    Object.values(sliders).forEach((slider) => slider.refresh());
    if (rows.length) draw();
  });
  compute();

  return {
    update(newOptions = {}) {
      for (const key of ['depth', 'weight', 'bias', 'input']) {
        if (Number.isFinite(newOptions[key])) {
          state[key] = newOptions[key];
          sliders[key].set(state[key]);
        }
      }
      if (newOptions.activation) {
        state.activation = newOptions.activation;
        activationSelect.set(state.activation);
      }
      compute();
    },
    pause() {},
    resume() {},
    destroy() {
      stopFollowing();
      chart.destroy();
      container.replaceChildren();
    },
  };
}
