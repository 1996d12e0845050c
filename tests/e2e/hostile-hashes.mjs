// Generates URL hashes a careless or malicious link could carry. Every generated hash holds at least
// one entry that is invalid beyond doubt (unknown key, out-of-range or non-numeric number, bad enum,
// markup, broken percent-encoding), so the page must show its "fell back to defaults" notice for
// each. Markup payloads set window.__e2eCanary and carry the marker attribute data-e2e-injected, so
// a test can tell whether any of them ran or reached the DOM.
//
// Deterministic: the same seed gives the same list (a failure names its index and can be replayed).

export const CANARY_GLOBAL = '__e2eCanary';
export const INJECTED_MARKER = 'data-e2e-injected';

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKUP_PAYLOADS = [
  `<script ${INJECTED_MARKER}>window.${CANARY_GLOBAL}=1</script>`,
  `"><img src=x ${INJECTED_MARKER} onerror="window.${CANARY_GLOBAL}=2">`,
  `'><img src=x ${INJECTED_MARKER} onerror='window.${CANARY_GLOBAL}=3'>`,
  `<svg ${INJECTED_MARKER} onload="window.${CANARY_GLOBAL}=4"></svg>`,
  `</option></select><img src=x ${INJECTED_MARKER} onerror=window.${CANARY_GLOBAL}=5>`,
  `<iframe ${INJECTED_MARKER} srcdoc="<script>parent.${CANARY_GLOBAL}=6</script>"></iframe>`,
  `javascript:window.${CANARY_GLOBAL}=7`,
  `<details open ${INJECTED_MARKER} ontoggle="window.${CANARY_GLOBAL}=8">`,
  `\${window.${CANARY_GLOBAL}=9}`,
  `{{constructor.constructor('window.${CANARY_GLOBAL}=10')()}}`,
];

const BAD_NUMBERS = [
  '1e308', '1e400', '-1e400', '99999999999999999999999', '-1', '-999999', '-0.5', 'NaN', 'nan', 'Infinity',
  '-Infinity', 'inf', '', ' ', 'abc', '1_000', '12abc', '--3', '+-2', '1e-400x', '٣', '１０', '0/0', 'null',
  'undefined', 'true', '[]', '{}', '\u0000', '1;2',
];

const BAD_ENUMS = ['RELU', 'relu ', 'softmaxx', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'null', 'sigmoid,relu'];

const BAD_BOOLEANS = ['maybe', '2', '-1', 'yes please', 'NaN', 'TRUE!', ''];

const UNKNOWN_KEYS = ['zzz', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'DEPTH', 'depth ',
  'a'.repeat(300), '🙂', '%00', 'x[y]', '__proto__[polluted]', 'constructor[prototype][polluted]'];

const BROKEN_ENCODINGS = ['%', '%E0%A4%A', '%ZZ', '%C0%AF', '%ED%A0%80', '%%%', '%uD800', '%FF%FE', 'a%2', '%E2%82'];

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

function maybeEncode(random, text) {
  return random() < 0.5 ? encodeURIComponent(text) : text;
}

function longString(random) {
  const length = pick(random, [2000, 8000, 30000]);
  const unit = pick(random, ['a', '9', '%41', '<', '가']);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

// A bad number for a field whose valid range is [min, max]: '-1' is fine for a bias, so values
// that happen to parse into the range are skipped.
function badNumberFor(random, [min, max]) {
  for (;;) {
    const text = pick(random, BAD_NUMBERS);
    const value = Number(text);
    if (!(text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max)) return text;
  }
}

// The generator's view of the page's state schema (web/js/state.js PROPS rows).
export function hashSchemaFrom(props) {
  const hashProps = props.filter((prop) => prop.hash);
  const numeric = hashProps.filter((prop) => prop.type === 'int' || prop.type === 'number');
  return {
    numberKeys: numeric.map((prop) => prop.name),
    ranges: Object.fromEntries(numeric.map((prop) => [prop.name, [prop.min, prop.max]])),
    enumKeys: hashProps.filter((prop) => prop.type === 'enum').map((prop) => prop.name),
    booleanKeys: hashProps.filter((prop) => prop.type === 'bool' && !prop.name.endsWith('_hide')).map((prop) => prop.name),
    validEntries: hashProps
      .filter((prop) => !prop.name.endsWith('_hide'))
      .map((prop) => `${prop.name}=${prop.type === 'bool' ? (prop.default ? 1 : 0) : encodeURIComponent(String(prop.default))}`),
  };
}

// One entry guaranteed invalid. `schema` = { numberKeys, enumKeys, booleanKeys } from the page's
// state schema, so the entries hit real fields as well as unknown ones.
function hostileEntry(random, schema) {
  const kind = Math.floor(random() * 9);
  switch (kind) {
    case 0:
      return `${maybeEncode(random, pick(random, UNKNOWN_KEYS))}=${pick(random, ['1', '', 'x', '<b>'])}`;
    case 1: {
      const key = pick(random, schema.numberKeys);
      return `${key}=${maybeEncode(random, badNumberFor(random, schema.ranges[key]))}`;
    }
    case 2:
      return `${pick(random, schema.enumKeys)}=${maybeEncode(random, pick(random, BAD_ENUMS))}`;
    case 3:
      return `${pick(random, schema.booleanKeys.length ? schema.booleanKeys : schema.numberKeys)}=${maybeEncode(random, pick(random, BAD_BOOLEANS))}`;
    case 4:
      return `${pick(random, [...schema.enumKeys, ...schema.numberKeys, 'zzz'])}=${maybeEncode(random, pick(random, MARKUP_PAYLOADS))}`;
    case 5:
      return `${maybeEncode(random, pick(random, MARKUP_PAYLOADS))}=1`;
    case 6:
      return `${pick(random, [...schema.numberKeys, ...schema.enumKeys])}=${longString(random)}`;
    case 7:
      return `${pick(random, [...schema.numberKeys, 'zzz'])}=${pick(random, BROKEN_ENCODINGS)}`;
    default:
      return pick(random, BROKEN_ENCODINGS) + '=' + pick(random, ['1', 'relu', '']);
  }
}

// Harmless noise around the hostile entry: valid-looking entries, empty pairs, repeated separators.
// Valid entries never reuse a key of a hostile entry: whether a parser keeps the first or the last
// duplicate, the hostile value must stay in play.
function noiseEntry(random, schema, hostileKeys) {
  const choice = Math.floor(random() * 4);
  if (choice === 0) return '';
  if (choice === 1) {
    const valid = schema.validEntries.filter((entry) => !hostileKeys.has(entry.split('=')[0]));
    return valid.length ? pick(random, valid) : '';
  }
  if (choice === 2) return pick(random, ['=', '==', '&', '=&=']);
  return pick(random, schema.numberKeys.filter((key) => !hostileKeys.has(key))) ?? ''; // a key with no '='
}

export function generateHostileHashes(schema, { count = 300, seed = 20240611 } = {}) {
  const random = mulberry32(seed);
  const hashes = [];
  for (let index = 0; index < count; index += 1) {
    const entries = [];
    const hostileCount = 1 + Math.floor(random() * 3);
    for (let k = 0; k < hostileCount; k += 1) entries.push(hostileEntry(random, schema));
    const hostileKeys = new Set(entries.map((entry) => entry.split('=')[0]));
    const noiseCount = Math.floor(random() * 3);
    for (let k = 0; k < noiseCount; k += 1) {
      entries.splice(Math.floor(random() * (entries.length + 1)), 0, noiseEntry(random, schema, hostileKeys));
    }
    hashes.push(entries.join('&'));
  }
  // The fixed corner cases come first so they are always covered, whatever the seed.
  const fixed = [
    MARKUP_PAYLOADS[0],
    MARKUP_PAYLOADS[1],
    encodeURIComponent(MARKUP_PAYLOADS[1]),
    '%',
    '%E0%A4%A',
    `${schema.numberKeys[0]}=NaN`,
    `${schema.numberKeys[0]}=Infinity`,
    `${schema.numberKeys[0]}=-1e400`,
    `${schema.numberKeys[0]}=`,
    `${schema.enumKeys[0]}=${'x'.repeat(30000)}`,
    '__proto__[polluted]=1&constructor[prototype][polluted]=1',
  ];
  return [...fixed, ...hashes.slice(fixed.length)];
}
