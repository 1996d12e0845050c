// Section 2: one neuron as a computation graph, z = w·x + b, a = φ(z), L = ½(a − y)². Each node
// shows its forward value (blue) and the gradient backprop brings to it (orange); each arrow shows its
// local derivative. Every number is the core's neuron_graph(); the widget only lays them out.
import { registerStrings, t } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import {
  createFrame, createSlider, createSelect, createButton, activationOptions, followLanguage, showStatus,
  coalesceToFrame, createLatestRunner, element,
} from '../ui/controls.js';

registerStrings({
  ko: {
    'neuron.w': '가중치 w',
    'neuron.b': '편향 b',
    'neuron.x': '입력 x',
    'neuron.y': '정답 y',
    'neuron.inputs': '입력과 매개변수',
    'neuron.sum': '가중합',
    'neuron.activation': '활성화',
    'neuron.loss': '손실',
    'neuron.forward': '순방향 →',
    'neuron.backward': '← 역방향',
    'neuron.reset': '처음 값으로',
    'neuron.readout': '기울기는 국소 미분의 곱입니다: ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w = {dLda} × {dadz} × {dzdw} = {dLdw}.',
  },
  en: {
    'neuron.w': 'weight w',
    'neuron.b': 'bias b',
    'neuron.x': 'input x',
    'neuron.y': 'target y',
    'neuron.inputs': 'input and parameters',
    'neuron.sum': 'weighted sum',
    'neuron.activation': 'activation',
    'neuron.loss': 'loss',
    'neuron.forward': 'forward →',
    'neuron.backward': '← backward',
    'neuron.reset': 'Back to the first values',
    'neuron.readout': 'The gradient is the product of the local derivatives: ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w = {dLda} × {dadz} × {dzdw} = {dLdw}.',
  },
});

// The order of neuron_graph()'s result (src/core/theory/explain.h).
const FIELDS = ['z', 'a', 'loss', 'dLda', 'dadz', 'dzdw', 'dzdb', 'dzdx', 'dLdz', 'dLdw', 'dLdb', 'dLdx', 'y'];
const ACTIVATIONS = ['sigmoid', 'tanh', 'relu'];
const LEAKY_ALPHA = 0.01;  // the Config default (used by no activation offered here)

const show = (value) => formatNumber(value, 3);

export function createNeuronGraph(container, options = {}) {
  const { engine } = options;
  const state = {
    activation: ACTIVATIONS.includes(options.activation) ? options.activation : 'sigmoid',
    w: Number(options.w ?? 0.8),
    b: Number(options.b ?? -0.3),
    x: Number(options.x ?? 1.5),
    y: Number(options.y ?? 1),
  };
  const parts = createFrame(container, 'widget-neuron');
  const run = createLatestRunner();
  const refresh = coalesceToFrame(() => compute());

  const initial = { ...state };
  const slider = (key, min, max) => createSlider({
    labelKey: `neuron.${key}`, min, max, step: 0.1, value: state[key], format: (value) => value.toFixed(1),
    onInput: (value) => { state[key] = value; refresh(); },
  });
  const activationSelect = createSelect({
    labelKey: 'widget.activation', options: activationOptions(ACTIVATIONS), value: state.activation,
    onChange: (value) => { state.activation = value; refresh(); },
  });
  const sliders = { x: slider('x', -2, 2), w: slider('w', -3, 3), b: slider('b', -3, 3), y: slider('y', 0, 1) };
  const resetButton = createButton({ labelKey: 'neuron.reset', onClick: () => {
    Object.assign(state, initial);
    activationSelect.select.value = state.activation;
    for (const [key, control] of Object.entries(sliders)) {
      control.input.value = String(state[key]);
      control.input.dispatchEvent(new Event('input'));
    }
    refresh();
  } });
  parts.controls.append(activationSelect.element, ...Object.values(sliders).map((control) => control.element), resetButton);

  // A node: its name, the forward value (blue) and the gradient arriving from the loss (orange).
  const node = (nameKey) => {
    const box = element('div', 'neuron-node');
    const name = element('p', 'neuron-node-name', { 'data-i18n': nameKey });
    // data-computed: text the core's numbers fill in (the browser tests fingerprint it).
    const forward = element('p', 'neuron-forward', { 'data-computed': '' });
    const backward = element('p', 'neuron-backward', { 'data-computed': '' });
    box.append(name, forward, backward);
    return { box, forward, backward };
  };
  // An arrow carrying its local derivative.
  const edge = () => {
    const box = element('div', 'neuron-edge', { 'aria-hidden': 'true' });
    const label = element('p', 'neuron-local', { 'data-computed': '' });
    box.append(label);
    return { box, label };
  };
  const inputs = node('neuron.inputs');
  const sum = node('neuron.sum');
  const activation = node('neuron.activation');
  const loss = node('neuron.loss');
  const toSum = edge();
  const toActivation = edge();
  const toLoss = edge();
  const graph = element('div', 'neuron-graph');
  graph.append(inputs.box, toSum.box, sum.box, toActivation.box, activation.box, toLoss.box, loss.box);
  const legend = element('p', 'neuron-legend');
  legend.append(element('span', 'neuron-forward', { 'data-i18n': 'neuron.forward' }), ' ',
    element('span', 'neuron-backward', { 'data-i18n': 'neuron.backward' }));
  parts.figure.append(graph, legend);

  let latest = null;

  function draw() {
    if (!latest) return;
    const g = latest;
    inputs.forward.textContent = `x = ${show(state.x)}\nw = ${show(state.w)}\nb = ${show(state.b)}`;
    inputs.backward.textContent = `∂L/∂x = ${show(g.dLdx)}\n∂L/∂w = ${show(g.dLdw)}\n∂L/∂b = ${show(g.dLdb)}`;
    toSum.label.textContent = `∂z/∂x = w = ${show(g.dzdx)}\n∂z/∂w = x = ${show(g.dzdw)}\n∂z/∂b = ${show(g.dzdb)}`;
    sum.forward.textContent = `z = w·x + b = ${show(g.z)}`;
    sum.backward.textContent = `∂L/∂z = ${show(g.dLdz)}`;
    toActivation.label.textContent = `∂a/∂z = φ′(z) = ${show(g.dadz)}`;
    activation.forward.textContent = `a = φ(z) = ${show(g.a)}`;
    activation.backward.textContent = `∂L/∂a = ${show(g.dLda)}`;
    toLoss.label.textContent = `∂L/∂a = a − y = ${show(g.dLda)}`;
    loss.forward.textContent = `y = ${show(g.y)}\nL = ½(a − y)² = ${show(g.loss)}`;
    loss.backward.textContent = '∂L/∂L = 1';
    parts.readout.textContent = t('neuron.readout', {
      dLda: show(g.dLda), dadz: show(g.dadz), dzdw: show(g.dzdw), dLdw: show(g.dLdw),
    });
    container.dataset.dldw = String(g.dLdw);
  }

  function compute() {
    run(
      () => engine.call('neuron_graph', [state.activation, LEAKY_ALPHA, state.w, state.b, state.x, state.y]),
      (result) => {
        if (!result || result.length !== FIELDS.length) throw new Error(`neuron_graph(${state.activation}) returned no values`);
        latest = Object.fromEntries(FIELDS.map((field, index) => [field, result[index]]));
        showStatus(parts.status, '');
        draw();
      },
      (error) => showStatus(parts.status, t('widget.error', { message: error.message }), 'error'),
    );
  }

  const stopFollowing = followLanguage(container, () => draw());
  compute();

  return {
    update() {},
    pause() {},
    resume() {},
    destroy() {
      stopFollowing();
      container.replaceChildren();
    },
  };
}
