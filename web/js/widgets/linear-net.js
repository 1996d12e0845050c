// Section 5: the deep linear network with every weight matrix W = a·I and zero biases. For a range of
// depths the core (linear_net_probe, float precision) builds the real network, runs it forward and
// backward, and returns the output norm and each layer's gradient norm. Float overflow arrives as
// Infinity and underflow as exact 0; the widget says so instead of hiding it.
import { registerStrings, t } from '../i18n.js';
import { createChart, linearScale, logScale, verticalMarkersPlugin } from '../charts/chartjs.js';
import { forLogAxis } from '../charts/log-axis.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { PALETTE } from '../charts/palette.js';
import {
  createFrame, createSlider, createButton, followLanguage, showStatus, createLatestRunner, coalesceToFrame, element,
} from '../ui/controls.js';

registerStrings({
  ko: {
    'linear.a': '대각 성분 a (W = a·I)',
    'linear.depth': '층 수 L',
    'linear.presetGrow': 'W = 1.5·I',
    'linear.presetShrink': 'W = 0.5·I',
    'linear.preset150': 'L = 150',
    'linear.preset852': 'L = 852',
    'linear.output': '출력의 크기 ‖ŷ‖',
    'linear.gradient': '첫 층 기울기 ‖∂L/∂W[1]‖',
    'linear.axis.depth': '층 수 L',
    'linear.axis.size': '크기 (로그 눈금, float)',
    'linear.marker.current': 'L = {depth}',
    'linear.marker.overflow': '{name} = +∞ (L ≥ {depth})',
    'linear.marker.underflow': '{name} = 0 (L ≥ {depth})',
    'linear.readout': 'a = {a}, L = {depth}: ‖ŷ‖ = {output}, ‖∂L/∂W[1]‖ = {gradient}.',
    'linear.overflow': '넘침(overflow): L = {depth}에서는 값이 float가 담을 수 있는 최댓값(약 3.4 × 10³⁸)을 넘어 Infinity가 되었습니다. 이런 네트워크로 한 걸음만 학습해도 가중치가 Infinity나 NaN이 됩니다.',
    'linear.underflow': '아래넘침(underflow): L = {depth}에서는 값이 float가 나타낼 수 있는 가장 작은 수(약 1.4 × 10⁻⁴⁵)보다 작아져 정확히 0이 되었습니다. 첫 층은 기울기를 전혀 받지 못합니다.',
    'linear.finite': '이 깊이에서는 두 값 모두 float 범위 안에 있습니다.',
    'linear.table': 'W = {a}·I인 선형 신경망: 층 수 L에 따른 출력 크기와 첫 층 기울기 (계산: C++ 코어, float)',
  },
  en: {
    'linear.a': 'Diagonal a (W = a·I)',
    'linear.depth': 'Layers L',
    'linear.presetGrow': 'W = 1.5·I',
    'linear.presetShrink': 'W = 0.5·I',
    'linear.preset150': 'L = 150',
    'linear.preset852': 'L = 852',
    'linear.output': 'output size ‖ŷ‖',
    'linear.gradient': 'first-layer gradient ‖∂L/∂W[1]‖',
    'linear.axis.depth': 'layers L',
    'linear.axis.size': 'size (log scale, float)',
    'linear.marker.current': 'L = {depth}',
    'linear.marker.overflow': '{name} = +∞ (L ≥ {depth})',
    'linear.marker.underflow': '{name} = 0 (L ≥ {depth})',
    'linear.readout': 'a = {a}, L = {depth}: ‖ŷ‖ = {output}, ‖∂L/∂W[1]‖ = {gradient}.',
    'linear.overflow': 'Overflow: at L = {depth} the values exceed the largest float (about 3.4 × 10³⁸) and have become Infinity. A single training step on this network would turn its weights into Infinity or NaN.',
    'linear.underflow': 'Underflow: at L = {depth} the values fell below the smallest float (about 1.4 × 10⁻⁴⁵) and became exactly 0. The first layer receives no gradient at all.',
    'linear.finite': 'At this depth both values are still inside float’s range.',
    'linear.table': 'Linear network with W = {a}·I: output size and first-layer gradient against the number of layers L (computed by the C++ core in float)',
  },
});

const MAX_DEPTH = 852;
const MIN_DEPTH = 2;
const SAMPLED_DEPTHS = Array.from({ length: 72 }, (_, i) => Math.round(MIN_DEPTH + (i * (MAX_DEPTH - MIN_DEPTH)) / 71));

// L counts every weight matrix, as in ŷ = W[L]⋯W[1]x: L − 1 hidden layers plus the output layer
// (all a·I here). The probe returns L rows of [‖a_l‖, ‖∂L/∂W_l‖]; the last row is the output.
function summarise(depth, probe) {
  if (!probe || probe.length < 2 * depth) throw new Error(`linear_net_probe returned too little for L = ${depth}`);
  return { depth, output: probe[2 * (depth - 1)], gradient: probe[1] };
}

// The first sampled depth from which a series is +∞ (overflow) or exactly 0 (underflow), if any.
function firstBreak(points, key) {
  for (const point of points) {
    if (point[key] === Infinity || Number.isNaN(point[key])) return { kind: 'overflow', depth: point.depth };
    if (point[key] === 0) return { kind: 'underflow', depth: point.depth };
  }
  return null;
}

// The output size and the gradient size against depth L, on a log axis, with markers where float
// breaks down; pointsOf() gives the points the tooltips describe.
function createLinearNetChart(box, pointsOf) {
  return createChart(box, {
    type: 'line',
    data: {
      datasets: [
        { label: '', data: [], borderColor: PALETTE.blue, backgroundColor: PALETTE.blue, pointRadius: 1.5 },
        { label: '', data: [], borderColor: PALETTE.vermillion, backgroundColor: PALETTE.vermillion, pointRadius: 1.5, borderDash: [6, 3] },
      ],
    },
    options: {
      parsing: false,
      scales: { x: linearScale('', { min: MIN_DEPTH, max: MAX_DEPTH }), y: logScale('') },
      plugins: {
        verticalMarkers: { markers: [] },
        tooltip: {
          callbacks: {
            title: (items) => `L = ${items[0].parsed.x}`,
            label: (context) => {
              const point = pointsOf()[context.dataIndex];
              const value = context.datasetIndex === 0 ? point.output : point.gradient;
              return `${context.dataset.label}: ${formatNumber(value, 6)}`;
            },
          },
        },
      },
    },
    plugins: [verticalMarkersPlugin],
  });
}

export function createLinearNet(container, options = {}) {
  const { engine } = options;
  const width = Number(options.width ?? 2);
  const state = { a: Number(options.a ?? 1.5), depth: Number(options.depth ?? 100) };
  const parts = createFrame(container, 'widget-linear-net');
  const run = createLatestRunner();
  const refresh = coalesceToFrame(() => compute());
  let points = [];
  let current = null;

  const aSlider = createSlider({
    labelKey: 'linear.a', min: 0.5, max: 1.5, step: 0.01, value: state.a, format: (v) => v.toFixed(2),
    onInput: (value) => { state.a = value; refresh(); },
  });
  const depthSlider = createSlider({
    labelKey: 'linear.depth', min: MIN_DEPTH, max: MAX_DEPTH, step: 1, value: state.depth, format: String,
    onInput: (value) => { state.depth = value; refresh(); },
  });
  const presets = element('div', 'button-row');
  const preset = (labelKey, change) => createButton({
    labelKey,
    onClick() {
      Object.assign(state, change);
      aSlider.set(state.a);
      depthSlider.set(state.depth);
      compute();
    },
  });
  presets.append(
    preset('linear.presetGrow', { a: 1.5 }), preset('linear.presetShrink', { a: 0.5 }),
    preset('linear.preset150', { depth: 150 }), preset('linear.preset852', { depth: MAX_DEPTH }),
  );
  parts.controls.append(aSlider.element, depthSlider.element, presets);

  const chartBox = element('div', 'chart-box chart-box-tall');
  parts.figure.append(chartBox);
  const chart = createLinearNetChart(chartBox, () => points);

  function compute() {
    const { a, depth } = state;
    run(
      async () => {
        const depths = [...new Set([...SAMPLED_DEPTHS, depth])].sort((x, y) => x - y);
        const probes = await Promise.all(depths.map((L) => engine.call('linear_net_probe', [a, L - 1, width])));
        return depths.map((L, index) => summarise(L, probes[index]));
      },
      (result) => {
        points = result;
        current = points.find((point) => point.depth === depth);
        draw();
      },
      (error) => showStatus(parts.status, t('widget.error', { message: error.message }), 'error'),
    );
  }

  function breakMarker(key, nameKey, colour) {
    const found = firstBreak(points, key);
    if (!found) return null;
    const template = found.kind === 'overflow' ? 'linear.marker.overflow' : 'linear.marker.underflow';
    return { x: found.depth, label: t(template, { name: t(nameKey), depth: found.depth }), colour, dashed: true };
  }

  function draw() {
    const outputName = t('linear.output');
    const gradientName = t('linear.gradient');
    chart.data.datasets[0].label = outputName;
    chart.data.datasets[1].label = gradientName;
    chart.data.datasets[0].data = points.map((point) => ({ x: point.depth, y: forLogAxis(point.output) }));
    chart.data.datasets[1].data = points.map((point) => ({ x: point.depth, y: forLogAxis(point.gradient) }));
    chart.options.scales.x.title = { display: true, text: t('linear.axis.depth') };
    chart.options.scales.y.title = { display: true, text: t('linear.axis.size') };
    chart.options.plugins.verticalMarkers.markers = [
      { x: state.depth, label: t('linear.marker.current', { depth: state.depth }), colour: PALETTE.ink },
      breakMarker('gradient', 'linear.gradient', PALETTE.vermillion),
      breakMarker('output', 'linear.output', PALETTE.blue),
    ].filter(Boolean);
    chart.update();

    parts.readout.textContent = t('linear.readout', {
      a: state.a.toFixed(2), depth: state.depth, output: formatNumber(current.output, 4), gradient: formatNumber(current.gradient, 4),
    });
    const values = [current.output, current.gradient];
    let condition = 'finite';
    if (values.some((value) => value === Infinity || Number.isNaN(value))) condition = 'overflow';
    else if (values.some((value) => value === 0)) condition = 'underflow';
    parts.status.dataset.condition = condition;
    container.dataset.condition = condition;
    if (condition === 'finite') showStatus(parts.status, t('linear.finite'), 'info');
    else showStatus(parts.status, t(`linear.${condition}`, { depth: state.depth }), 'warning');

    renderDataTable(parts.figure, t('linear.table', { a: state.a.toFixed(2) }), [t('linear.axis.depth'), outputName, gradientName],
      points.map((point) => [point.depth, point.output, point.gradient]));
  }

  const stopFollowing = followLanguage(container, () => {
    aSlider.refresh();
    depthSlider.refresh();
    if (current) draw();
  });
  compute();

  return {
    update(newOptions = {}) {
      if (Number.isFinite(newOptions.a)) state.a = newOptions.a;
      if (Number.isFinite(newOptions.depth)) state.depth = newOptions.depth;
      aSlider.set(state.a);
      depthSlider.set(state.depth);
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
