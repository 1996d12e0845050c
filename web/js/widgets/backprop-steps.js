// Step through one training step (issue 12, tool 1): a small network drawn as a computation graph;
// the reader steps forward node by node, then backward, and watches the chain-rule product for
// ∂L/∂W[1]ᵢⱼ build up factor by factor until it equals the gradient the core's own backward pass
// computed. Every number comes from the core's graph_trace (src/core/theory/graph_trace.h).
// Factory: createBackpropSteps(container, { engine, hash?, activation?, depth?, width?, examples?, init?, seed?, step? }).
import { registerStrings, t } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import {
  createFrame, createSelect, createSlider, createButton, activationOptions, followLanguage, showStatus, showMessages,
  createLatestRunner, coalesceToFrame, element,
} from '../ui/controls.js';
import { buildSteps } from '../classroom/backprop-model.js';
import { formulaLines, chainChips, runningProduct, nodeName, vectorText, sub } from '../classroom/backprop-formulas.js';
import { drawGraph } from '../classroom/graph-svg.js';
import { parseHash, readParams } from '../classroom/hash-params.js';

registerStrings({
  ko: {
    'bp.depth': '은닉층 수',
    'bp.width': '층마다 유닛 수',
    'bp.examples': '예제 수 (미니배치)',
    'bp.init': '가중치 초기화',
    'bp.init.xavier_normal': 'Xavier (정규분포)',
    'bp.init.he_normal': 'He (정규분포)',
    'bp.init.naive': '표준정규 N(0, 1)',
    'bp.new_weights': '새 가중치 뽑기',
    'bp.example_shown': '보여 줄 예제',
    'bp.track': '따라갈 가중치 W[1]ᵢⱼ',
    'bp.start': '◀◀ 처음으로',
    'bp.back': '◀ 한 단계 뒤로',
    'bp.step': '한 단계 앞으로 ▶',
    'bp.play': '▶ 천천히 재생',
    'bp.pause': '❚❚ 멈춤',
    'bp.end': '끝으로 ▶▶',
    'bp.graph': '계산 그래프. 왼쪽·오른쪽 화살표로 한 단계씩, Home과 End로 처음과 끝으로 갑니다.',
    'bp.caption.forward': '{index}/{count}단계 · 순전파: {node}의 값',
    'bp.caption.backward': '{index}/{count}단계 · 역전파: ∂L/∂{node}',
    'bp.caption.dW': '{index}/{count}단계 · 역전파의 끝: ∂L/∂W[1]',
    'bp.formula.title': '지금 노드의 식 (실제 숫자)',
    'bp.formula.input': '입력 x = ({x}), 정답 y = {y}',
    'bp.formula.loss': 'L = 예제 {count}개에 대한 이진 교차 엔트로피의 평균 = {loss}',
    'bp.formula.dlogit': '∂L/∂ŷ = (σ(ŷ) − y) / B, ŷ = {logit}, y = {y}, B = {count} → {grad}',
    'bp.formula.core': '코어의 역전파(Network::backward)가 계산한 같은 값: {value}',
    'bp.chain.title': '∂L/∂W[1]{ij}의 연쇄 법칙 곱 (예제 {example})',
    'bp.chain.empty': '역전파를 시작하면 국소 미분이 하나씩 곱해집니다.',
    'bp.chain.running': '지금까지의 곱 = ∂L/∂{node} = {value}',
    'bp.chain.small': '주황색 인수는 모든 성분이 ¼ 이하인 φ′입니다: 곱해질 때마다 기울기가 적어도 4배 줄어듭니다.',
    'bp.result': '인수들의 곱으로 얻은 ∂L/∂W[1]{ij} = {product}, 코어의 역전파 = {core}: {verdict}',
    'bp.result.match': '일치합니다 (상대 오차 10⁻⁶ 이내)',
    'bp.result.mismatch': '일치하지 않습니다',
  },
  en: {
    'bp.depth': 'Hidden layers',
    'bp.width': 'Units per layer',
    'bp.examples': 'Examples (mini-batch)',
    'bp.init': 'Weight initialization',
    'bp.init.xavier_normal': 'Xavier (normal)',
    'bp.init.he_normal': 'He (normal)',
    'bp.init.naive': 'standard normal N(0, 1)',
    'bp.new_weights': 'Draw new weights',
    'bp.example_shown': 'Example shown',
    'bp.track': 'Weight to follow, W[1]ᵢⱼ',
    'bp.start': '◀◀ Start',
    'bp.back': '◀ Back one step',
    'bp.step': 'Step forward ▶',
    'bp.play': '▶ Play slowly',
    'bp.pause': '❚❚ Pause',
    'bp.end': 'Jump to end ▶▶',
    'bp.graph': 'Computation graph. Left and right arrows step; Home and End go to the start and the end.',
    'bp.caption.forward': 'Step {index} of {count} · forward: the value of {node}',
    'bp.caption.backward': 'Step {index} of {count} · backward: ∂L/∂{node}',
    'bp.caption.dW': 'Step {index} of {count} · end of the backward pass: ∂L/∂W[1]',
    'bp.formula.title': 'The current node’s formula, with its numbers',
    'bp.formula.input': 'Input x = ({x}), label y = {y}',
    'bp.formula.loss': 'L = mean binary cross-entropy over the {count} example(s) = {loss}',
    'bp.formula.dlogit': '∂L/∂ŷ = (σ(ŷ) − y) / B with ŷ = {logit}, y = {y}, B = {count} → {grad}',
    'bp.formula.core': 'The same number from the core’s own backward pass (Network::backward): {value}',
    'bp.chain.title': 'Chain-rule product for ∂L/∂W[1]{ij} (example {example})',
    'bp.chain.empty': 'Once the backward pass starts, the local derivatives multiply in one by one.',
    'bp.chain.running': 'Product so far = ∂L/∂{node} = {value}',
    'bp.chain.small': 'Orange factors are φ′ with every entry ≤ ¼: each one shrinks the gradient at least fourfold.',
    'bp.result': '∂L/∂W[1]{ij} from the product of the factors = {product}; the core’s backward pass = {core}: {verdict}',
    'bp.result.match': 'they agree (relative difference under 10⁻⁶)',
    'bp.result.mismatch': 'they differ',
  },
});

const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'linear'];
const INITS = ['xavier_normal', 'he_normal', 'naive'];
const PLAY_INTERVAL_MS = 900;
const PARAM_SPECS = [
  { name: 'activation', kind: 'enum', choices: ACTIVATIONS, fallback: 'sigmoid' },
  { name: 'init', kind: 'enum', choices: INITS, fallback: 'xavier_normal' },
  { name: 'depth', kind: 'int', min: 1, max: 6, fallback: 4 },
  { name: 'width', kind: 'int', min: 1, max: 4, fallback: 1 },
  { name: 'examples', kind: 'int', min: 1, max: 4, fallback: 1 },
  { name: 'seed', kind: 'int', min: 0, max: 999999, fallback: 1 },
  { name: 'step', kind: 'int', min: 0, max: 99, fallback: 0 },
];

// The network's knobs (activation, init, depth, width, examples) and a new draw of the weights;
// each writes its field of `state` and asks for a new trace.
function buildNetworkControls(controls, state, refresh) {
  const activationSelect = createSelect({
    labelKey: 'widget.activation', options: activationOptions(ACTIVATIONS), value: state.activation,
    onChange(value) { state.activation = value; refresh(); },
  });
  const initSelect = createSelect({
    labelKey: 'bp.init', options: INITS.map((name) => ({ value: name, labelKey: `bp.init.${name}` })), value: state.init,
    onChange(value) { state.init = value; refresh(); },
  });
  const sliders = {
    depth: createSlider({ labelKey: 'bp.depth', min: 1, max: 6, step: 1, value: state.depth, onInput: (v) => { state.depth = v; refresh(); } }),
    width: createSlider({ labelKey: 'bp.width', min: 1, max: 4, step: 1, value: state.width, onInput: (v) => { state.width = v; refresh(); } }),
    examples: createSlider({ labelKey: 'bp.examples', min: 1, max: 4, step: 1, value: state.examples, onInput: (v) => { state.examples = v; refresh(); } }),
  };
  const newWeights = createButton({ labelKey: 'bp.new_weights', onClick: () => { state.seed = (state.seed + 1) % 1000000; refresh(); } });
  controls.append(activationSelect.element, initSelect.element, ...Object.values(sliders).map((s) => s.element), newWeights);
  return { activationSelect, sliders };
}

// The figure: example and tracked-weight pickers, the step bar, the caption, the graph, and the
// formula and chain-rule panels side by side.
function buildStepView(figure, { onExample, onTrack, onStart, onBack, onStep, onPlay, onEnd }) {
  const exampleSelect = createSelect({ labelKey: 'bp.example_shown', options: [], value: '0', onChange: onExample });
  const trackSelect = createSelect({ labelKey: 'bp.track', options: [], value: '0,0', onChange: onTrack });
  const pickers = element('div', 'bp-pickers');
  pickers.append(exampleSelect.element, trackSelect.element);

  const buttons = {
    start: createButton({ labelKey: 'bp.start', onClick: onStart, className: 'bp-start' }),
    back: createButton({ labelKey: 'bp.back', onClick: onBack, className: 'bp-back' }),
    step: createButton({ labelKey: 'bp.step', onClick: onStep, className: 'bp-step' }),
    play: createButton({ labelKey: 'bp.play', onClick: onPlay, className: 'bp-play' }),
    end: createButton({ labelKey: 'bp.end', onClick: onEnd, className: 'bp-end' }),
  };
  const stepBar = element('div', 'button-row bp-step-bar');
  stepBar.append(...Object.values(buttons));
  const caption = element('p', 'bp-caption', { 'aria-live': 'polite' });
  const graphHost = element('div', 'bp-graph', { tabindex: '0', role: 'group', 'data-i18n-aria-label': 'bp.graph' });
  const formulaTitle = element('p', 'bp-box-title', { 'data-i18n': 'bp.formula.title' });
  const formula = element('div', 'bp-formula');
  const chainTitle = element('p', 'bp-box-title');
  const chain = element('ol', 'bp-chain');
  const chainNote = element('p', 'bp-chain-note');
  const panels = element('div', 'bp-panels');
  const formulaBox = element('section', 'bp-box');
  formulaBox.append(formulaTitle, formula);
  const chainBox = element('section', 'bp-box');
  chainBox.append(chainTitle, chain, chainNote);
  panels.append(formulaBox, chainBox);
  figure.append(pickers, stepBar, caption, graphHost, panels);
  return { exampleSelect, trackSelect, buttons, caption, graphHost, formula, chainTitle, chain, chainNote };
}

// The pickers' options for this trace: its examples (with their labels) and every first-layer
// weight; the picked example and tracked row are kept within the trace.
function fillPickers({ exampleSelect, trackSelect }, trace, state) {
  state.example = Math.min(state.example, trace.examples - 1);
  state.trackI = Math.min(state.trackI, trace.layers[0].out - 1);
  exampleSelect.select.replaceChildren(...Array.from({ length: trace.examples }, (_, e) => {
    const option = element('option', '', { value: String(e) });
    option.textContent = `${e + 1} (y = ${trace.labels[e]})`;
    return option;
  }));
  exampleSelect.set(String(state.example));
  exampleSelect.element.hidden = trace.examples === 1;
  const entries = [];
  for (let i = 0; i < trace.layers[0].out; i += 1) for (let j = 0; j < trace.input_dim; j += 1) entries.push([i, j]);
  trackSelect.select.replaceChildren(...entries.map(([i, j]) => {
    const option = element('option', '', { value: `${i},${j}` });
    option.textContent = `W[1]${sub(i + 1)}${sub(j + 1)}`;
    return option;
  }));
  trackSelect.set(`${state.trackI},${state.trackJ}`);
}

// The chain-rule panel at this step: its factors so far as chips, and notes on the running product
// and on small factors.
function renderChain({ chainTitle, chain, chainNote }, { trace, steps, step, index, example, tracked, ij }) {
  chainTitle.textContent = t('bp.chain.title', { ij, example: example + 1 });
  const chips = chainChips(trace, steps, index, example, tracked);
  chain.replaceChildren(...chips.map((chip) => {
    const item = element('li', `chip${chip.small ? ' chip-small' : ''}`);
    item.textContent = chip.text;
    return item;
  }));
  chain.dataset.factors = String(chips.length);
  const running = runningProduct(trace, step, example);
  const notes = [];
  if (!chips.length) notes.push(t('bp.chain.empty'));
  if (running && step.phase === 'backward') notes.push(t('bp.chain.running', { node: nodeName(step), value: vectorText(running) }));
  if (chips.some((chip) => chip.small)) notes.push(t('bp.chain.small'));
  chainNote.textContent = notes.join(' ');
}

// At the last step (dW), the chain-rule product for the tracked weight beside the core's own
// gradient, and whether they agree.
function renderResult(readout, step, trace, tracked, ij) {
  readout.replaceChildren();
  delete readout.dataset.product;
  if (step.kind !== 'dW') return;
  const first = trace.layers[0];
  const product = first.dW[tracked.i * first.in + tracked.j];
  const core = trace.network_dW_first[tracked.i * first.in + tracked.j];
  const agree = Math.abs(product - core) <= 1e-6 * Math.max(Math.abs(core), 1e-300);
  readout.append(paragraph('', t('bp.result', {
    ij, product: formatNumber(product, 10), core: formatNumber(core, 10), verdict: t(agree ? 'bp.result.match' : 'bp.result.mismatch'),
  })));
  readout.dataset.product = String(product);
  readout.dataset.core = String(core);
}

// The widget's knobs from the address, with the options (the article's) filling what it leaves
// out; the picked example and tracked weight start at the first.
function readState(options) {
  const { values, problems } = parseHash(options.hash);
  for (const spec of PARAM_SPECS) if (options[spec.name] !== undefined && !values.has(spec.name)) values.set(spec.name, String(options[spec.name]));
  const state = { ...readParams(values, PARAM_SPECS, problems), example: 0, trackI: 0, trackJ: 0 };
  return { state, problems };
}

// Arrow keys, Home and End on the graph move to the next, previous, first and last step.
function followGraphKeys(graphHost, state, moveTo) {
  graphHost.addEventListener('keydown', (event) => {
    const moves = { ArrowRight: state.step + 1, ArrowLeft: state.step - 1, Home: 0, End: Infinity };
    if (!(event.key in moves)) return;
    event.preventDefault();
    moveTo(moves[event.key]);
  });
}

function setPlayLabel(button, key) {
  button.dataset.i18n = key;
  button.textContent = t(key);
}

function paragraph(className, text) {
  const p = element('p', className);
  p.textContent = text;
  return p;
}

// The caption of step `index` of `count`, mirrored on the container's data attributes.
function renderCaption(caption, container, step, index, count) {
  const captionKey = step.kind === 'dW' ? 'bp.caption.dW' : `bp.caption.${step.phase}`;
  caption.textContent = t(captionKey, { index: index + 1, count, node: nodeName(step) });
  container.dataset.step = String(index);
  container.dataset.steps = String(count);
  container.dataset.phase = step.kind === 'dW' ? 'done' : step.phase;
}

// Back and start have nowhere to go at the first step, step and end none at the last.
function enableStepButtons(buttons, index, count) {
  buttons.start.disabled = index === 0;
  buttons.back.disabled = index === 0;
  buttons.step.disabled = index === count - 1;
  buttons.end.disabled = index === count - 1;
}

export function createBackpropSteps(container, options = {}) {
  const { engine } = options;
  const { state, problems } = readState(options);

  const parts = createFrame(container, 'widget-backprop-steps');
  const run = createLatestRunner();
  const refresh = coalesceToFrame(() => compute());
  let trace = null;
  let model = null;
  let timer = null;
  let lastError = '';

  const { activationSelect, sliders } = buildNetworkControls(parts.controls, state, refresh);
  const view = buildStepView(parts.figure, {
    onExample(v) { state.example = Number(v); render(); },
    onTrack(v) { [state.trackI, state.trackJ] = v.split(',').map(Number); render(); },
    onStart: () => goTo(0),
    onBack: () => goTo(state.step - 1),
    onStep: () => goTo(state.step + 1),
    onPlay: () => (timer ? stopPlaying() : startPlaying()),
    onEnd: () => goTo(Infinity),
  });
  const { buttons, graphHost } = view;

  followGraphKeys(graphHost, state, (index) => {
    stopPlaying();
    goTo(index);
  });

  function goTo(index) {
    if (!model) return;
    state.step = Math.max(0, Math.min(model.steps.length - 1, index));
    render();
  }

  function startPlaying() {
    if (!model) return;
    if (state.step >= model.steps.length - 1) state.step = 0;
    timer = setInterval(() => {
      if (state.step >= model.steps.length - 1) stopPlaying();
      else goTo(state.step + 1);
    }, PLAY_INTERVAL_MS);
    setPlayLabel(buttons.play, 'bp.pause');
    render();
  }

  function stopPlaying() {
    if (timer) clearInterval(timer);
    timer = null;
    setPlayLabel(buttons.play, 'bp.play');
  }

  function compute() {
    const config = { dataset: 'xor', activation: state.activation, init: state.init, depth: state.depth, width: state.width, seed: state.seed, bias_init: 0.1 };
    run(
      () => engine.call('graph_trace', [config, state.examples]),
      (result) => {
        if (result.error) throw new Error(result.error);
        const atEnd = model && state.step >= model.steps.length - 1;
        trace = result;
        model = buildSteps(trace);
        if (atEnd) state.step = model.steps.length - 1;
        lastError = '';
        fillPickers(view, trace, state);
        goTo(state.step);
      },
      (error) => {
        lastError = error.message;
        showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
      },
    );
  }

  function render() {
    if (!model) return;
    const { steps, columns } = model;
    const step = steps[state.step];
    const tracked = { i: state.trackI, j: state.trackJ };
    const ij = `${sub(tracked.i + 1)}${sub(tracked.j + 1)}`;
    renderCaption(view.caption, container, step, state.step, steps.length);

    drawGraph(graphHost, { trace, columns, steps, current: state.step, example: state.example, tracked });
    const activationLabel = t(`enum.activation.${state.activation}`);
    view.formula.replaceChildren(...formulaLines(trace, step, state.example, activationLabel, tracked).map((line) => paragraph('bp-formula-line', line)));
    renderChain(view, { trace, steps, step, index: state.step, example: state.example, tracked, ij });
    renderResult(parts.readout, step, trace, tracked, ij);
    enableStepButtons(buttons, state.step, steps.length);
    if (lastError) showStatus(parts.status, t('widget.error', { message: lastError }), 'error');
    else showMessages(parts.status, problems, 'warning');
  }

  const stopFollowing = followLanguage(container, () => {
    Object.values(sliders).forEach((slider) => slider.refresh());
    render();
  });
  compute();

  return {
    update(newOptions = {}) {
      for (const key of ['depth', 'width', 'examples']) {
        if (Number.isInteger(newOptions[key])) {
          state[key] = newOptions[key];
          sliders[key].set(state[key]);
        }
      }
      if (ACTIVATIONS.includes(newOptions.activation)) {
        state.activation = newOptions.activation;
        activationSelect.set(state.activation);
      }
      compute();
    },
    pause() { stopPlaying(); },
    resume() {},
    destroy() {
      stopPlaying();
      stopFollowing();
      container.replaceChildren();
    },
  };
}
