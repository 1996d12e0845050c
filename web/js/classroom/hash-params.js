// A classroom widget's own parameters from embed.html's hash (#widget=backprop-steps&depth=3&…).
// Hash text is untrusted: values are checked against each parameter's spec, and every problem
// becomes one message { key, params } (worded in the page's language by showMessages, and again on a
// language switch) while the widget starts from its default.
import { registerStrings } from '../i18n.js';

registerStrings({
  ko: {
    'hash.bad_encoding': '주소의 "{part}" 부분을 해석할 수 없어 무시했습니다.',
    'hash.out_of_range': '주소의 {name} = "{value}"는 쓸 수 없는 값이라 기본값 {fallback}을 썼습니다 (허용: {allowed}).',
  },
  en: {
    'hash.bad_encoding': 'The address part "{part}" could not be decoded and was ignored.',
    'hash.out_of_range': 'The address sets {name} = "{value}", which is not allowed, so the default {fallback} was used (allowed: {allowed}).',
  },
});

const MAX_HASH_CHARS = 8000;
const MAX_SHOWN_CHARS = 40;

// The hash as key → value (last one wins) and the messages of parts that did not decode.
export function parseHash(hash) {
  const values = new Map();
  const problems = [];
  for (const part of String(hash ?? '').replace(/^#/, '').slice(0, MAX_HASH_CHARS).split('&')) {
    if (!part) continue;
    const cut = part.indexOf('=');
    if (cut < 0) continue;
    try {
      values.set(decodeURIComponent(part.slice(0, cut)), decodeURIComponent(part.slice(cut + 1)));
    } catch {
      problems.push({ key: 'hash.bad_encoding', params: { part: part.slice(0, MAX_SHOWN_CHARS) } });
    }
  }
  return { values, problems };
}

// Reads each spec { name, kind: 'int' | 'enum', min, max, choices, fallback } present in `values`
// into an object; an invalid value keeps the fallback and adds a message to `problems`.
export function readParams(values, specs, problems) {
  const result = {};
  for (const spec of specs) {
    result[spec.name] = spec.fallback;
    if (!values.has(spec.name)) continue;
    const text = values.get(spec.name);
    if (spec.kind === 'int') {
      const number = /^-?\d{1,9}$/.test(text.trim()) ? Number(text) : NaN;
      if (Number.isInteger(number) && number >= spec.min && number <= spec.max) {
        result[spec.name] = number;
        continue;
      }
      problems.push({ key: 'hash.out_of_range', params: { name: spec.name, value: text.slice(0, MAX_SHOWN_CHARS), fallback: spec.fallback, allowed: `${spec.min}..${spec.max}` } });
    } else if (spec.choices.includes(text)) {
      result[spec.name] = text;
    } else {
      problems.push({ key: 'hash.out_of_range', params: { name: spec.name, value: text.slice(0, MAX_SHOWN_CHARS), fallback: spec.fallback, allowed: spec.choices.join(', ') } });
    }
  }
  return result;
}
