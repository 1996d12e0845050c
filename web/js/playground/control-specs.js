// How each state field is edited: which widget, slider scale, grouping and when it is relevant.
// Ranges of the sliders are the comfortable part of the allowed range (state.js PROPS); the number
// box next to a slider accepts the whole allowed range.

export const CONTROL_GROUPS = [
  { key: 'data', fields: ['dataset', 'noise', 'seed'] },
  { key: 'network', fields: ['depth', 'width', 'activation', 'leaky_alpha', 'maxout_pieces', 'init', 'gain',
    'identity_scale', 'batch_norm', 'residual_every'] },
  { key: 'training', fields: ['loss', 'optimizer', 'learning_rate', 'batch_size', 'clip_norm'] },
  { key: 'advanced', collapsed: true, fields: ['num_samples', 'test_fraction', 'bias_init', 'momentum', 'beta1',
    'beta2', 'epsilon', 'weight_decay', 'speed', 'autoplay'] },
];

// kind: select | checkbox | slider (log or linear, with a number box) | number | seed
export const CONTROL_SPECS = {
  dataset: { kind: 'select' },
  activation: { kind: 'select' },
  init: { kind: 'select' },
  loss: { kind: 'select' },
  optimizer: { kind: 'select' },
  speed: { kind: 'select' },
  residual_every: { kind: 'select', choices: [0, 1, 2] },
  batch_norm: { kind: 'checkbox' },
  autoplay: { kind: 'checkbox' },
  depth: { kind: 'slider', scale: 'log', lo: 1, hi: 1000 },
  width: { kind: 'slider', scale: 'log', lo: 1, hi: 256 },
  learning_rate: { kind: 'slider', scale: 'log', lo: 1e-4, hi: 10 },
  batch_size: { kind: 'slider', scale: 'log', lo: 1, hi: 1024 },
  clip_norm: { kind: 'slider', scale: 'log', lo: 0.01, hi: 100, zeroAtStart: true },
  gain: { kind: 'slider', scale: 'log', lo: 0.1, hi: 10 },
  noise: { kind: 'slider', scale: 'linear', lo: 0, hi: 1, step: 0.01 },
  leaky_alpha: { kind: 'slider', scale: 'linear', lo: 0, hi: 0.5, step: 0.01 },
  maxout_pieces: { kind: 'slider', scale: 'linear', lo: 2, hi: 8, step: 1 },
  identity_scale: { kind: 'slider', scale: 'linear', lo: 0, hi: 2, step: 0.01 },
  seed: { kind: 'seed' },
  num_samples: { kind: 'number', step: 1 },
  test_fraction: { kind: 'number', step: 0.05 },
  bias_init: { kind: 'number', step: 0.01 },
  momentum: { kind: 'number', step: 0.01 },
  beta1: { kind: 'number', step: 0.01 },
  beta2: { kind: 'number', step: 0.001 },
  epsilon: { kind: 'number', step: 'any' },
  weight_decay: { kind: 'number', step: 0.0001 },
};

// The generated 2-D sets (digits are fixed; drawn points are used as they are).
const TWO_D = (state) => state.dataset !== 'digits' && state.dataset !== 'custom';

// Fields shown only when they matter for the current state.
export const RELEVANT_WHEN = {
  noise: TWO_D,
  num_samples: TWO_D,
  leaky_alpha: (state) => state.activation === 'leaky_relu',
  maxout_pieces: (state) => state.activation === 'maxout',
  identity_scale: (state) => state.init === 'scaled_identity',
  momentum: (state) => state.optimizer === 'momentum' || state.optimizer === 'nesterov',
  beta1: (state) => state.optimizer === 'adam',
  beta2: (state) => state.optimizer === 'adam' || state.optimizer === 'rmsprop',
  epsilon: (state) => ['adagrad', 'rmsprop', 'adam'].includes(state.optimizer),
};

// Choices a state rules out (the core would refuse them): BCE needs two classes.
export const DISABLED_CHOICE = {
  loss: (state, choice) => choice === 'bce' && state.dataset === 'digits',
};

const SLIDER_STEPS = 1000;

// Slider position (0..SLIDER_STEPS) <-> value.
export function sliderToValue(spec, position, isInt) {
  if (spec.zeroAtStart && position <= 0) return 0;
  const fraction = position / SLIDER_STEPS;
  let value;
  if (spec.scale === 'log') {
    value = Math.exp(Math.log(spec.lo) + fraction * (Math.log(spec.hi) - Math.log(spec.lo)));
    value = isInt ? Math.round(value) : Number(value.toPrecision(2));
  } else {
    value = spec.lo + fraction * (spec.hi - spec.lo);
    value = Math.round(value / spec.step) * spec.step;
    value = isInt ? Math.round(value) : Number(value.toFixed(6));
  }
  return value;
}

export function valueToSlider(spec, value) {
  if (spec.zeroAtStart && value <= 0) return 0;
  let fraction;
  if (spec.scale === 'log') {
    fraction = (Math.log(Math.max(value, spec.lo)) - Math.log(spec.lo)) / (Math.log(spec.hi) - Math.log(spec.lo));
  } else {
    fraction = (value - spec.lo) / (spec.hi - spec.lo);
  }
  const position = Math.round(Math.min(1, Math.max(0, fraction)) * SLIDER_STEPS);
  return spec.zeroAtStart ? Math.max(1, position) : position;
}

export { SLIDER_STEPS };
