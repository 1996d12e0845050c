// The playground's state: one object described by one declarative table (TensorFlow Playground's
// state.ts PROPS). Each row names a field, its type, default and allowed values, and whether it lives
// in the URL hash. The engine rows come from the core's own schema (web/generated/schema.js, written
// by the build from `vg-cli --schema-json`: names, types, ranges, defaults, enum names); this file adds
// only the page's own rows (speed, autoplay, *_hide) and PAGE_OVERRIDES. The engine's validate_config
// stays the final word (cross-field rules such as the memory budget or scaled_identity with maxout
// are left to it).
//
// The hash is untrusted input: every value is parsed strictly, capped in length, and anything that
// does not fit falls back to the field's default with a notice. Notices carry raw text; whoever shows
// them must use textContent.
//
// dataset = custom: the reader's drawn points travel in the `points` field (type points: an array of
// { x, y, label }), encoded in the hash by ./points-codec.js and sent to the engine as flat
// (x, y, class) numbers; only while dataset = custom (other sets keep the points for a return).
import { SCHEMA } from '../generated/schema.js';
import {
  arePoints, encodePoints, decodePoints, pointsAsTriples,
} from './points-codec.js';

// Where the page departs from the core's schema, and why (tests/node/schema-parity.test.js checks
// that nothing else differs). It starts at a learning rate its fixes train with (ReLU + He at depth
// 30 reaches ~88% on the spiral in 2000 steps, 0.3 diverges; sigmoid at depth 20 stalls at any rate,
// which is what the default shows) and at the batch its figures quote, where the CLI starts at the
// core's 0.1 and 64; the seed stays within 32 bits (exact as a JS number), and a clip norm past 1e6
// clips nothing.
export const PAGE_OVERRIDES = {
  learning_rate: { default: 0.03 },
  batch_size: { default: 128 },
  seed: { max: 4294967295 },
  clip_norm: { max: 1e6 },
};

// Engine fields the page sets itself rather than offers (not in the hash). Telemetry is measured at
// the end of every step(n) call (config.h: "and always on the last step"), so the loop asks for it as
// rarely as the core allows; the charts show one point per call anyway.
export const FIXED_ENGINE_FIELDS = { telemetry_every: 10000, hist_bins: 40 };

// The schema's type names as the controls use them.
const PROP_TYPES = { int: 'int', real: 'number', bool: 'bool', enum: 'enum', points: 'points' };

function engineProp(field) {
  const prop = {
    name: field.name, type: PROP_TYPES[field.type], default: field.default, description: field.description,
    engine: true, hash: true,
  };
  if (field.type === 'enum') prop.choices = field.choices;
  if (field.type === 'int' || field.type === 'real') {
    Object.assign(prop, { min: field.min, max: field.max ?? Infinity });
    if (field.min_open) prop.minOpen = true;
    if (field.max_open) prop.maxOpen = true;
  }
  return { ...prop, ...PAGE_OVERRIDES[field.name] };
}

const ENGINE_FIELDS = SCHEMA.fields.filter((field) => !(field.name in FIXED_ENGINE_FIELDS));

export const ENUM_CHOICES = Object.fromEntries(ENGINE_FIELDS.filter((field) => field.type === 'enum')
  .map((field) => [field.name, field.choices]));

export const SPEEDS = ['slow', 'normal', 'fast'];

// Pieces of the widget an embedding page may hide with name_hide=1.
export const HIDEABLE_PARTS = ['controls', 'buttons', 'gradient', 'heatmap', 'loss', 'activations', 'boundary',
  'network', 'export'];

// type: int | number | bool | enum | points. min/max are closed unless minOpen/maxOpen. engine: sent
// to the core's Config. hash: mirrored in the URL hash.
export const PROPS = [
  ...ENGINE_FIELDS.filter((field) => field.type !== 'points').map(engineProp),
  // Last of the engine fields in the hash: the longest value (four characters per point).
  ...ENGINE_FIELDS.filter((field) => field.type === 'points').map(engineProp),
  // UI only.
  { name: 'speed', type: 'enum', choices: SPEEDS, default: 'normal', engine: false, hash: true },
  // Train as soon as the widget is visible; autoplay=0 waits for the reader's play (e.g. in an embed).
  { name: 'autoplay', type: 'bool', default: true, engine: false, hash: true },
  ...HIDEABLE_PARTS.map((part) => ({ name: `${part}_hide`, type: 'bool', default: false, engine: false, hash: true })),
];

const PROPS_BY_NAME = new Map(PROPS.map((prop) => [prop.name, prop]));

// Keys other modules put in the same hash (embed.html's widget name, the language); accepted without a notice.
export const RESERVED_HASH_KEYS = ['widget', 'lang'];

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
