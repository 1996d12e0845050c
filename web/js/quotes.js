// The numbers the prose quotes from the core. A quote is written in the HTML as
//   <span class="quote" data-quote="KIND:ARG:ARG" data-format="sci2">9.5×10⁻⁷</span>
// with the text a reader without JavaScript sees; fillQuotes() asks the core for the figure and
// writes it in (tests/e2e/quotes.test.mjs checks that the written text already equals it, so the
// prose cannot drift from the engine). Arithmetic quotes (pow, sqrt) stay as written: the test
// recomputes them. The widget-free kinds:
//   chain:ACT:DEPTH:W:B:INPUT    the scalar chain's running product after DEPTH layers (section 2)
//   chi:ACT:SW2:SB2              the mean-field gradient factor χ* per layer (section 7)
//   critical:ACT:SB2             the σ_w² where χ* = 1 (section 7)
//   first-grad-gain:NAME         first-layer gradient at initialization, a named pair of playground
//                                recipes, B over A (section 6)
//   preset-first-grad:ID:A:B     first-layer gradient at initialization of a guided experiment's run
//                                A over its run B (web/presets/presets.json; section 7)
import { formatQuote } from './ui/quote-format.js';
import { defaultState, engineConfig } from './state.js';
import { loadPresets, runConfig } from './theory/preset-data.js';
import { RECIPES } from './playground/recipes.js';

const LEAKY_ALPHA = 0.01;
const MEAN_FIELD_DEPTH = 30;

// Pairs of playground recipes (./playground/recipes.js: the section 6 buttons' fields over the
// playground's defaults), by the name a quote gives.
const RECIPE_PAIRS = {
  residual: ['sigmoid-xavier-30', 'sigmoid-xavier-30-residual'],
};

async function firstLayerGradient(engine, config) {
  const result = await engine.call('gradient_profile_at_init', [config, 0]);
  if (result.error) throw new Error(result.error);
  return result.measured[0];
}

const KINDS = {
  async chain(engine, [activation, depth, weight, bias, input]) {
    const factors = await engine.call('chain_factors', [activation, LEAKY_ALPHA, Number(depth), Number(weight), Number(bias), Number(input)]);
    return factors[4 * Number(depth) - 1];
  },
  async chi(engine, [activation, sigmaW2, sigmaB2]) {
    const prediction = await engine.call('mean_field', [activation, LEAKY_ALPHA, Number(sigmaW2), Number(sigmaB2), MEAN_FIELD_DEPTH, 1]);
    return prediction.chi_star;
  },
  critical(engine, [activation, sigmaB2]) {
    return engine.call('critical_sigma_w2', [activation, LEAKY_ALPHA, Number(sigmaB2)]);
  },
  async 'first-grad-gain'(engine, [name]) {
    const [a, b] = await Promise.all(RECIPE_PAIRS[name].map((id) => firstLayerGradient(engine, engineConfig({ ...defaultState(), ...RECIPES[id] }))));
    return b / a;
  },
  async 'preset-first-grad'(engine, [id, runA, runB]) {
    const preset = (await loadPresets()).find((candidate) => candidate.id === id);
    const [a, b] = await Promise.all([runA, runB].map((run) => firstLayerGradient(engine, runConfig(preset, run))));
    return a / b;
  },
};

// One engine call per distinct quote, whichever part of the page asks first (both language blocks
// quote the same figures).
const figures = new Map();

// Fills the quotes inside `root` (main.js calls it per section as the reader comes near).
export async function fillQuotes(engine, root = document) {
  const elements = [...root.querySelectorAll('[data-quote]')];
  for (const element of elements) {
    const [kind, ...args] = element.dataset.quote.split(':');
    if (!Object.hasOwn(KINDS, kind)) continue;
    if (!figures.has(element.dataset.quote)) figures.set(element.dataset.quote, KINDS[kind](engine, args).catch(() => null));
    const value = await figures.get(element.dataset.quote);
    if (value === null || value === undefined) continue;  // the prose's own text stays
    element.dataset.value = String(value);
    element.textContent = formatQuote(value, element.dataset.format);
    element.dataset.quoteState = 'live';
  }
}
