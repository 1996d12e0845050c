// Each section widget's own parameters, by the name they take in embed.html's hash
// (embed.html#widget=linear-net&a=0.5&depth=852) and in the article's data-* attributes: the one
// place that says which values a widget accepts. The playground is not listed: its whole state is
// the config schema of ../state.js. readWidgetParams() turns raw strings into the options object a
// factory takes, and names every value it refused (the page shows them; nothing throws).
import { ACTIVATIONS, INITS } from '../theory/knobs.js';

const number = (min, max, option) => ({ kind: 'number', min, max, option });
const integer = (min, max, option) => ({ kind: 'integer', min, max, option });
const oneOf = (values, option) => ({ kind: 'choice', values, option });
const flag = (option) => ({ kind: 'flag', option });

export const PRESET_IDS = ['glorot2010', 'he2015', 'linear_identity', 'he2016'];

export const WIDGET_PARAMS = {
  'gradient-strip': {},
  descent: { lr_exponent: number(-3, 0, 'lrExponent'), steps: integer(10, 400) },
  'neuron-graph': {
    activation: oneOf(['sigmoid', 'tanh', 'relu']), w: number(-3, 3), b: number(-3, 3), x: number(-2, 2),
    y: number(0, 1),
  },
  chain: {
    activation: oneOf(['sigmoid', 'tanh', 'relu', 'linear']), depth: integer(1, 30), weight: number(-3, 3),
    bias: number(-3, 3), input: number(-2, 2),
  },
  activation: {
    activation: oneOf(['sigmoid', 'tanh', 'relu', 'leaky_relu']), leaky_alpha: number(0, 1, 'leakyAlpha'),
    z: number(-8, 8),
  },
  'linear-net': { a: number(0.5, 1.5), depth: integer(2, 852) },
  summary: { depth: oneOf([10, 20, 30]), autoplay: flag() },
  'phase-diagram': {
    activation: oneOf(ACTIVATIONS.filter((name) => name !== 'maxout')), init: oneOf(INITS.filter((name) => name !== 'scaled_identity')),
    gain: number(0.05, 3), depth: integer(2, 100),
  },
  jacobian: { depth: integer(1, 60) },
  ab: { preset: oneOf(PRESET_IDS) },
  sweep: {
    kind: oneOf(['depth', 'gain']), activation: oneOf(ACTIVATIONS.filter((name) => name !== 'maxout')),
    init: oneOf(INITS.filter((name) => name !== 'scaled_identity')), steps: oneOf([100, 200, 400]),
  },
  presets: {},
  network: {
    depth: integer(1, 30), width: integer(1, 16),
    activation: oneOf(['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'linear']),
    init: oneOf(['xavier_normal', 'he_normal', 'naive']), dataset: oneOf(['circle', 'xor', 'gaussians', 'moons', 'spiral']),
    autoplay: flag(),
  },
};

function parseValue(spec, raw) {
  const text = String(raw).trim();
  if (spec.kind === 'flag') {
    if (['1', 'true'].includes(text)) return true;
    if (['0', 'false'].includes(text)) return false;
    return undefined;
  }
  if (spec.kind === 'choice') {
    const match = spec.values.find((value) => String(value) === text);
    return match;
  }
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < spec.min || value > spec.max) return undefined;
  if (spec.kind === 'integer' && !Number.isInteger(value)) return undefined;
  return value;
}

// What a refused value may be, for the message: "0.5 … 1.5", "sigmoid, tanh, relu".
export function describeAllowed(spec) {
  if (spec.kind === 'flag') return '0, 1';
  if (spec.kind === 'choice') return spec.values.join(', ');
  return `${spec.min} … ${spec.max}`;
}

// entries: [name, raw string] pairs (the hash's, or a mount point's data-* attributes). Names the
// widget does not take are skipped (the hash also carries widget, lang, controls_hide, ...).
// Returns { options, refused: [{ name, value, allowed }] }.
export function readWidgetParams(widget, entries) {
  const table = WIDGET_PARAMS[widget] ?? {};
  const options = {};
  const refused = [];
  for (const [name, raw] of entries) {
    if (!Object.hasOwn(table, name)) continue;
    const spec = table[name];
    const value = parseValue(spec, raw);
    if (value === undefined) refused.push({ name, value: String(raw).slice(0, 40), allowed: describeAllowed(spec) });
    else options[spec.option ?? name] = value;
  }
  return { options, refused };
}
