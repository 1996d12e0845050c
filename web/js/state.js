// The playground's state: one object described by one declarative table (TensorFlow Playground's
// state.ts PROPS). Each row names a field, its type, default and allowed values, and whether it lives
// in the URL hash. Engine rows carry the C++ Config member names (src/core/config.h) and mirror the
// ranges of config.cpp's field table; the engine's validate_config stays the final word (cross-field
// rules such as the memory budget or scaled_identity with maxout are left to it).
//
// The hash is untrusted input: every value is parsed strictly, capped in length, and anything that
// does not fit falls back to the field's default with a notice. Notices carry raw text; whoever shows
// them must use textContent.
//
// dataset = custom: the reader's drawn points travel in the `points` field (type points: an array of
// { x, y, label }), encoded in the hash by ./classroom/points-codec.js and sent to the engine as flat
// (x, y, class) numbers; only while dataset = custom (other sets keep the points for a return).
import {
  arePoints, encodePoints, decodePoints, pointsAsTriples,
} from './classroom/points-codec.js';

export const ENUM_CHOICES = {
  dataset: ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'digits', 'custom'],
  activation: ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'maxout', 'elu', 'selu', 'gelu', 'linear'],
  init: ['naive', 'small', 'xavier_uniform', 'xavier_normal', 'he_normal', 'lecun_normal', 'orthogonal',
    'scaled_identity'],
  loss: ['bce', 'softmax', 'mse'],
  optimizer: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'],
};

export const SPEEDS = ['slow', 'normal', 'fast'];

// Pieces of the widget an embedding page may hide with name_hide=1.
export const HIDEABLE_PARTS = ['controls', 'buttons', 'gradient', 'heatmap', 'loss', 'activations', 'boundary',
  'network', 'export'];

const MAX_SEED = 4294967295;  // the engine takes a uint64; a 32-bit range keeps JS numbers exact

// type: int | number | bool | enum. min/max are closed unless minOpen/maxOpen. engine: sent to the
// core's Config. hash: mirrored in the URL hash.
export const PROPS = [
  { name: 'dataset', type: 'enum', choices: ENUM_CHOICES.dataset, default: 'spiral', engine: true, hash: true },
  { name: 'num_samples', type: 'int', min: 20, max: 5000, default: 400, engine: true, hash: true },
  { name: 'noise', type: 'number', min: 0, max: 5, default: 0.1, engine: true, hash: true },
  { name: 'test_fraction', type: 'number', min: 0, max: 0.9, default: 0.2, engine: true, hash: true },
  { name: 'seed', type: 'int', min: 0, max: MAX_SEED, default: 1, engine: true, hash: true },
  { name: 'depth', type: 'int', min: 1, max: 1000, default: 20, engine: true, hash: true },
  { name: 'width', type: 'int', min: 1, max: 256, default: 32, engine: true, hash: true },
  { name: 'activation', type: 'enum', choices: ENUM_CHOICES.activation, default: 'sigmoid', engine: true, hash: true },
  { name: 'leaky_alpha', type: 'number', min: 0, max: 1, default: 0.01, engine: true, hash: true },
  { name: 'maxout_pieces', type: 'int', min: 2, max: 8, default: 2, engine: true, hash: true },
  { name: 'init', type: 'enum', choices: ENUM_CHOICES.init, default: 'xavier_uniform', engine: true, hash: true },
  { name: 'gain', type: 'number', min: 0, max: 10, minOpen: true, default: 1, engine: true, hash: true },
  { name: 'identity_scale', type: 'number', min: -10, max: 10, default: 1, engine: true, hash: true },
  { name: 'bias_init', type: 'number', min: -10, max: 10, default: 0, engine: true, hash: true },
  { name: 'batch_norm', type: 'bool', default: false, engine: true, hash: true },
  { name: 'residual_every', type: 'int', min: 0, max: 2, default: 0, engine: true, hash: true },
  { name: 'loss', type: 'enum', choices: ENUM_CHOICES.loss, default: 'bce', engine: true, hash: true },
  { name: 'optimizer', type: 'enum', choices: ENUM_CHOICES.optimizer, default: 'sgd', engine: true, hash: true },
  // 0.03: the fixes train with it (ReLU + He at depth 30 reaches ~88% on the spiral in 2000 steps, 0.3
  // diverges); sigmoid at depth 20 stalls at any rate, which is what the default shows.
  { name: 'learning_rate', type: 'number', min: 0, max: 10, minOpen: true, default: 0.03, engine: true, hash: true },
  { name: 'momentum', type: 'number', min: 0, max: 1, maxOpen: true, default: 0.9, engine: true, hash: true },
  { name: 'beta1', type: 'number', min: 0, max: 1, maxOpen: true, default: 0.9, engine: true, hash: true },
  { name: 'beta2', type: 'number', min: 0, max: 1, maxOpen: true, default: 0.999, engine: true, hash: true },
  { name: 'epsilon', type: 'number', min: 0, max: 1, minOpen: true, default: 1e-8, engine: true, hash: true },
  { name: 'clip_norm', type: 'number', min: 0, max: 1e6, default: 0, engine: true, hash: true },
  { name: 'weight_decay', type: 'number', min: 0, max: 1, default: 0, engine: true, hash: true },
  { name: 'batch_size', type: 'int', min: 1, max: 1024, default: 128, engine: true, hash: true },
  // Last of the engine fields in the hash: the longest value (four characters per point).
  { name: 'points', type: 'points', default: [], engine: true, hash: true },
  // UI only.
  { name: 'speed', type: 'enum', choices: SPEEDS, default: 'normal', engine: false, hash: true },
  // Train as soon as the widget is visible; autoplay=0 waits for the reader's play (e.g. in an embed).
  { name: 'autoplay', type: 'bool', default: true, engine: false, hash: true },
  ...HIDEABLE_PARTS.map((part) => ({ name: `${part}_hide`, type: 'bool', default: false, engine: false, hash: true })),
];

const PROPS_BY_NAME = new Map(PROPS.map((prop) => [prop.name, prop]));

// Keys other modules put in the same hash (embed.html's widget name, the language); accepted without a notice.
export const RESERVED_HASH_KEYS = ['widget', 'lang'];

// Telemetry is measured at the end of every step(n) call (config.h: "and always on the last step"),
// so the loop asks for it as rarely as the core allows; the charts show one point per call anyway.
export const FIXED_ENGINE_FIELDS = { telemetry_every: 10000, hist_bins: 40 };

const MAX_HASH_CHARS = 4000;
const MAX_KEY_CHARS = 40;
const MAX_VALUE_CHARS = 64;
const MAX_NOTICES = 20;
const SHOWN_TEXT_CHARS = 40;

export function propOf(name) {
  return PROPS_BY_NAME.get(name);
}

export function defaultState() {
  const state = {};
  for (const prop of PROPS) state[prop.name] = prop.default;
  return state;
}

// Untrusted text shortened for a notice (shown with textContent, so only the length matters).
function shownText(text) {
  const flat = String(text).replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > SHOWN_TEXT_CHARS ? `${flat.slice(0, SHOWN_TEXT_CHARS)}…` : flat;
}

function inRange(prop, value) {
  if (!Number.isFinite(value)) return false;
  const aboveMin = prop.minOpen ? value > prop.min : value >= prop.min;
  const belowMax = prop.maxOpen ? value < prop.max : value <= prop.max;
  return aboveMin && belowMax;
}

export function describeRange(prop) {
  if (prop.type === 'enum') return prop.choices.join(', ');
  if (prop.type === 'points') return '';
  if (prop.type === 'bool') return '0, 1';
  return `${prop.minOpen ? '(' : '['}${prop.min}, ${prop.max}${prop.maxOpen ? ')' : ']'}`;
}

const INT_PATTERN = /^[+-]?\d{1,16}$/;
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,3})?$/i;

// Parses one field's text. Returns { value } or { reason } (a notice reason key).
export function parseField(prop, text) {
  if (prop.type === 'points') return decodePoints(text);
  if (text === '') return { reason: 'empty' };
  if (text.length > MAX_VALUE_CHARS) return { reason: 'long' };
  switch (prop.type) {
    case 'enum':
      return prop.choices.includes(text) ? { value: text } : { reason: 'choice' };
    case 'bool':
      if (text === '1' || text === 'true') return { value: true };
      if (text === '0' || text === 'false') return { value: false };
      return { reason: 'bool' };
    case 'int': {
      if (!INT_PATTERN.test(text)) return { reason: 'int' };
      const value = Number(text);
      return inRange(prop, value) ? { value } : { reason: 'range' };
    }
    case 'number': {
      if (!NUMBER_PATTERN.test(text)) return { reason: 'number' };
      const value = Number(text);
      return inRange(prop, value) ? { value } : { reason: 'range' };
    }
    default:
      return { reason: 'type' };
  }
}

// Checks a value that came from code (a preset, a control) rather than from text.
export function checkValue(prop, value) {
  switch (prop.type) {
    case 'enum': return prop.choices.includes(value);
    case 'bool': return typeof value === 'boolean';
    case 'int': return Number.isInteger(value) && inRange(prop, value);
    case 'number': return typeof value === 'number' && inRange(prop, value);
    case 'points': return arePoints(value);
    default: return false;
  }
}

function decodePart(text) {
  try {
    return { text: decodeURIComponent(text.replace(/\+/g, ' ')) };
  } catch {
    return { error: true };
  }
}

// Rules the controls keep so a reader cannot pick a combination the core must refuse: the binary
// cross-entropy loss needs two classes; a drawn data set needs points (without any, e.g. from an
// address whose points did not decode, the default data set runs). Returns the notices it produced.
export function harmonize(state) {
  const notices = [];
  if (state.dataset === 'custom' && state.points.length === 0) {
    state.dataset = propOf('dataset').default;
    notices.push({ reason: 'custom_no_points', key: 'dataset', value: 'custom' });
  }
  if (state.dataset === 'digits' && state.loss === 'bce') {
    state.loss = 'softmax';
    notices.push({ reason: 'bce_digits', key: 'loss', value: 'bce' });
  }
  return notices;
}

// Parses a location.hash (with or without '#'). Returns { state, notices, reserved }: reserved holds
// the accepted RESERVED_HASH_KEYS values.
export function parseHash(hash) {
  const state = defaultState();
  const notices = [];
  const reserved = {};
  let body = String(hash || '').replace(/^#/, '');
  const note = (notice) => {
    if (notices.length < MAX_NOTICES) notices.push(notice);
  };
  if (body.length > MAX_HASH_CHARS) {
    note({ reason: 'hash_long', key: '', value: `${body.length}` });
    body = body.slice(0, MAX_HASH_CHARS);
  }
  const seen = new Set();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const cut = part.indexOf('=');
    const rawKey = cut < 0 ? part : part.slice(0, cut);
    const rawValue = cut < 0 ? null : part.slice(cut + 1);
    const key = decodePart(rawKey);
    if (key.error) {
      note({ reason: 'encoding', key: shownText(rawKey), value: shownText(rawValue ?? '') });
      continue;
    }
    if (key.text.length > MAX_KEY_CHARS) {
      note({ reason: 'unknown', key: shownText(key.text), value: '' });
      continue;
    }
    const isReserved = RESERVED_HASH_KEYS.includes(key.text);
    const prop = propOf(key.text);
    if (!isReserved && (!prop || !prop.hash)) {
      note({ reason: 'unknown', key: shownText(key.text), value: shownText(rawValue ?? '') });
      continue;
    }
    if (rawValue === null) {
      note({ reason: 'no_value', key: key.text, value: '' });
      continue;
    }
    const value = decodePart(rawValue);
    if (value.error) {
      note({ reason: 'encoding', key: key.text, value: shownText(rawValue) });
      continue;
    }
    if (isReserved) {
      reserved[key.text] = value.text.slice(0, MAX_VALUE_CHARS);
      continue;
    }
    if (seen.has(key.text)) note({ reason: 'duplicate', key: key.text, value: shownText(value.text) });
    seen.add(key.text);
    const parsed = parseField(prop, value.text);
    if ('value' in parsed || 'points' in parsed) {
      state[key.text] = parsed.value ?? parsed.points;
    } else if (prop.type === 'points') {
      note({ reason: parsed.reason, key: key.text, value: `${parsed.count}` });
    } else {
      state[key.text] = prop.default;
      note({ reason: parsed.reason, key: key.text, value: shownText(value.text), range: describeRange(prop) });
    }
  }
  for (const notice of harmonize(state)) note(notice);
  return { state, notices, reserved };
}

function formatValue(prop, value) {
  if (prop.type === 'bool') return value ? '1' : '0';
  if (prop.type === 'points') return encodePoints(value);
  return String(value);  // numbers: JS's shortest round-trip form; enums by name
}

// The hash for a state: reserved keys first (in the order given), then every hash field, so a link
// reproduces the run even if the defaults change later. *_hide flags only when set.
export function serializeHash(state, reserved = {}) {
  const parts = [];
  for (const key of RESERVED_HASH_KEYS) {
    if (reserved[key] !== undefined) parts.push(`${key}=${encodeURIComponent(reserved[key])}`);
  }
  for (const prop of PROPS) {
    if (!prop.hash) continue;
    if (prop.name.endsWith('_hide') && !state[prop.name]) continue;
    if (prop.type === 'points' && state.dataset !== 'custom') continue;
    parts.push(`${prop.name}=${encodeURIComponent(formatValue(prop, state[prop.name]))}`);
  }
  return parts.join('&');
}

// Writes the hash without adding a history entry per slider movement.
export function writeHash(state, reserved = {}) {
  const hash = `#${serializeHash(state, reserved)}`;
  if (window.location.hash === hash) return;
  try {
    window.history.replaceState(window.history.state, '', hash);
  } catch {
    // Some file:// and sandboxed contexts refuse replaceState; the state still works, unshared.
  }
}

// The object the engine's configure() takes.
export function engineConfig(state) {
  const config = { ...FIXED_ENGINE_FIELDS };
  for (const prop of PROPS) if (prop.engine && prop.type !== 'points') config[prop.name] = state[prop.name];
  if (state.dataset === 'custom') config.points = pointsAsTriples(state.points);
  return config;
}

// Applies a partial state from code (presets, events): unknown names and bad values are reported,
// never applied. Returns { state, notices }.
export function mergeState(base, partial) {
  const state = { ...base };
  const notices = [];
  if (!partial || typeof partial !== 'object') return { state, notices };
  for (const [name, value] of Object.entries(partial)) {
    const prop = propOf(name);
    if (!prop) {
      notices.push({ reason: 'unknown', key: shownText(name), value: shownText(String(value)) });
    } else if (checkValue(prop, value)) {
      state[name] = value;
    } else if (typeof value === 'string' && prop.type !== 'points' && 'value' in parseField(prop, value)) {
      state[name] = parseField(prop, value).value;
    } else {
      notices.push({ reason: 'range', key: name, value: shownText(String(value)), range: describeRange(prop) });
    }
  }
  notices.push(...harmonize(state));
  return { state, notices };
}
