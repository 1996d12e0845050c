// The playground recipes behind the article's buttons: a button names one by id
// (<button data-preset-id="…">, the same ids in the Korean and the English block, each with its own
// label) and the page sends the recipe's fields, over the playground's defaults, to the playground.
// One table read by the page (main.js), the prose's quotes (quotes.js) and the tests.
// Every recipe also sets these fields (to the values below unless it names others), so a recipe
// clicked after the reader changed them starts from the same network.
const ARCHITECTURE_BASE = { gain: 1, bias_init: 0, batch_norm: false, residual_every: 0, clip_norm: 0 };
const recipe = (fields) => Object.freeze({ ...ARCHITECTURE_BASE, ...fields });

export const RECIPES = Object.freeze({
  'sigmoid-xavier-3': recipe({ depth: 3, activation: 'sigmoid', init: 'xavier_uniform' }),
  'sigmoid-naive-30': recipe({ depth: 30, activation: 'sigmoid', init: 'naive' }),
  'relu-he-30': recipe({ depth: 30, activation: 'relu', init: 'he_normal' }),
  'relu-he-30-bias-minus-1': recipe({ depth: 30, activation: 'relu', init: 'he_normal', bias_init: -1 }),
  'leaky-relu-he-30': recipe({ depth: 30, activation: 'leaky_relu', leaky_alpha: 0.01, init: 'he_normal' }),
  'leaky-relu-he-30-bias-minus-1': recipe({
    depth: 30, activation: 'leaky_relu', leaky_alpha: 0.01, init: 'he_normal', bias_init: -1,
  }),
  'maxout-lecun-30': recipe({ depth: 30, activation: 'maxout', maxout_pieces: 2, init: 'lecun_normal' }),
  'sigmoid-xavier-30': recipe({ depth: 30, activation: 'sigmoid', init: 'xavier_uniform' }),
  'tanh-xavier-30': recipe({ depth: 30, activation: 'tanh', init: 'xavier_normal' }),
  'relu-xavier-30': recipe({ depth: 30, activation: 'relu', init: 'xavier_normal' }),
  'sigmoid-naive-30-batch-norm': recipe({ depth: 30, activation: 'sigmoid', init: 'naive', batch_norm: true }),
  'sigmoid-xavier-30-residual': recipe({
    depth: 30, activation: 'sigmoid', init: 'xavier_uniform', residual_every: 1,
  }),
  'relu-he-half-gain-30-residual-2': recipe({
    depth: 30, activation: 'relu', init: 'he_normal', gain: 0.5, residual_every: 2,
  }),
  'relu-he-30-rate-1': recipe({ depth: 30, activation: 'relu', init: 'he_normal', learning_rate: 1 }),
  'relu-he-30-rate-1-clip-1': recipe({
    depth: 30, activation: 'relu', init: 'he_normal', clip_norm: 1, learning_rate: 1,
  }),
  'relu-he-30-bce-circle': recipe({
    depth: 30, activation: 'relu', init: 'he_normal', loss: 'bce', dataset: 'circle',
  }),
});
