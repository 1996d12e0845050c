// The playground recipes behind the article's buttons: a button names one by id
// (<button data-preset-id="…">, the same ids in the Korean and the English block, each with its own
// label) and the page sends the recipe's fields, over the playground's defaults, to the playground.
// One table read by the page (main.js), the prose's quotes (quotes.js) and the tests.
export const RECIPES = Object.freeze({
  'sigmoid-xavier-3': {
    depth: 3, activation: 'sigmoid', init: 'xavier_uniform', gain: 1, bias_init: 0, batch_norm: false,
    residual_every: 0, clip_norm: 0,
  },
  'sigmoid-naive-30': {
    depth: 30, activation: 'sigmoid', init: 'naive', gain: 1, bias_init: 0, batch_norm: false, residual_every: 0,
    clip_norm: 0,
  },
  'relu-he-30': {
    depth: 30, activation: 'relu', init: 'he_normal', gain: 1, bias_init: 0, batch_norm: false, residual_every: 0,
    clip_norm: 0,
  },
  'relu-he-30-bias-minus-1': {
    depth: 30, activation: 'relu', init: 'he_normal', gain: 1, bias_init: -1, batch_norm: false, residual_every: 0,
    clip_norm: 0,
  },
  'leaky-relu-he-30': {
    depth: 30, activation: 'leaky_relu', leaky_alpha: 0.01, init: 'he_normal', gain: 1, bias_init: 0,
    batch_norm: false, residual_every: 0, clip_norm: 0,
  },
  'leaky-relu-he-30-bias-minus-1': {
    depth: 30, activation: 'leaky_relu', leaky_alpha: 0.01, init: 'he_normal', gain: 1, bias_init: -1,
    batch_norm: false, residual_every: 0, clip_norm: 0,
  },
  'maxout-lecun-30': {
    depth: 30, activation: 'maxout', maxout_pieces: 2, init: 'lecun_normal', gain: 1, bias_init: 0,
    batch_norm: false, residual_every: 0, clip_norm: 0,
  },
  'sigmoid-xavier-30': {
    depth: 30, activation: 'sigmoid', init: 'xavier_uniform', gain: 1, bias_init: 0, batch_norm: false,
    residual_every: 0, clip_norm: 0,
  },
  'tanh-xavier-30': {
    depth: 30, activation: 'tanh', init: 'xavier_normal', gain: 1, bias_init: 0, batch_norm: false,
    residual_every: 0, clip_norm: 0,
  },
  'relu-xavier-30': {
    depth: 30, activation: 'relu', init: 'xavier_normal', gain: 1, bias_init: 0, batch_norm: false,
    residual_every: 0, clip_norm: 0,
  },
  'sigmoid-naive-30-batch-norm': {
    depth: 30, activation: 'sigmoid', init: 'naive', gain: 1, bias_init: 0, batch_norm: true, residual_every: 0,
    clip_norm: 0,
  },
  'sigmoid-xavier-30-residual': {
    depth: 30, activation: 'sigmoid', init: 'xavier_uniform', gain: 1, bias_init: 0, batch_norm: false,
    residual_every: 1, clip_norm: 0,
  },
  'relu-he-half-gain-30-residual-2': {
    depth: 30, activation: 'relu', init: 'he_normal', gain: 0.5, bias_init: 0, batch_norm: false, residual_every: 2,
    clip_norm: 0,
  },
  'relu-he-30-rate-1': {
    depth: 30, activation: 'relu', init: 'he_normal', gain: 1, bias_init: 0, batch_norm: false, residual_every: 0,
    clip_norm: 0, learning_rate: 1,
  },
  'relu-he-30-rate-1-clip-1': {
    depth: 30, activation: 'relu', init: 'he_normal', gain: 1, bias_init: 0, batch_norm: false, residual_every: 0,
    clip_norm: 1, learning_rate: 1,
  },
  'relu-he-30-bce-circle': {
    depth: 30, activation: 'relu', init: 'he_normal', gain: 1, bias_init: 0, batch_norm: false, residual_every: 0,
    clip_norm: 0, loss: 'bce', dataset: 'circle',
  },
});
