// Korean / English strings for the whole page. The language lives in the URL query (?lang=en|ko,
// default ko) and in localStorage; a `lang=` entry of the hash is read too (embed links often can
// only set the hash), but never written: the hash belongs to the playground state. It is chosen
// before the first paint by language-early.js (a plain script in each page's <head>), which writes
// it to <html lang>; this module starts from there.
// Short UI strings are registered by each module (registerStrings) and placed with data-i18n*
// attributes; long prose stays in the HTML as sibling blocks marked data-lang="ko" / data-lang="en",
// of which the stylesheet shows the <html lang> one (base.css).

export const LANGUAGES = ['ko', 'en'];
const DEFAULT_LANG = 'ko';
const STORAGE_KEY = 'vg.lang';  // language-early.js reads it

const tables = { ko: Object.create(null), en: Object.create(null) };
const listeners = new Set();
let current = typeof document === 'undefined' || !LANGUAGES.includes(document.documentElement.lang)
  ? DEFAULT_LANG  // imported by a node unit test
  : document.documentElement.lang;

function storeLanguage(lang) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits then; the URL still carries it.
  }
}

function reflectInUrl(lang) {
  const url = new URL(window.location.href);
  if (url.searchParams.get('lang') === lang) return;
  url.searchParams.set('lang', lang);
  try {
    window.history.replaceState(window.history.state, '', url);
  } catch {
    // file:// pages may refuse replaceState; the language still switches.
  }
}

export function registerStrings(table) {
  for (const lang of LANGUAGES) {
    if (table[lang]) Object.assign(tables[lang], table[lang]);
  }
}

// t('key', {n: 3}) replaces {n} in the string. Missing keys fall back to Korean, then to the key
// itself, so a gap is visible instead of silently empty.
export function t(key, params) {
  let text = tables[current][key] ?? tables[DEFAULT_LANG][key] ?? key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }
  return text;
}

export function getLang() {
  return current;
}

export function setLang(lang) {
  if (!LANGUAGES.includes(lang)) return;
  const changed = lang !== current;
  current = lang;
  storeLanguage(lang);
  reflectInUrl(lang);
  applyI18n(document);
  if (changed) for (const callback of listeners) callback(lang);
}

export function onLangChange(callback) {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

// Writes `text` into element as text, with a one-letter subscript after a letter ("σ_w²", "∂a_L")
// set as <sub> rather than shown as a raw underscore. Field names such as learning_rate stay as
// they are (the subscript must be a single character). Never parses HTML.
const SUBSCRIPT = /([A-Za-zα-ωΑ-Ω])_([A-Za-z0-9])(?![A-Za-z0-9_])/g;
export function setText(element, text) {
  const value = String(text);
  if (!value.includes('_')) {
    element.textContent = value;
    return;
  }
  const nodes = [];
  let last = 0;
  for (const match of value.matchAll(SUBSCRIPT)) {
    nodes.push(value.slice(last, match.index + 1));
    const sub = document.createElement('sub');
    sub.textContent = match[2];
    nodes.push(sub);
    last = match.index + match[0].length;
  }
  nodes.push(value.slice(last));
  element.replaceChildren(...nodes);
}

// The same text for attributes (aria-label, aria-valuetext), where no markup is possible.
export function plainText(text) {
  return String(text).replace(SUBSCRIPT, '$1 $2');
}

const ATTRIBUTE_BINDINGS = [
  ['data-i18n-aria-label', 'aria-label'],
  ['data-i18n-title', 'title'],
  ['data-i18n-placeholder', 'placeholder'],
  ['data-i18n-content', 'content'],
];

// Fills every marked element under root with the current language (and, for the document, sets
// <html lang>, which shows that language's prose blocks). data-i18n-html is for registered strings
// only (never for user or URL input).
export function applyI18n(root = document) {
  if (root === document) {
    document.documentElement.lang = current;
    const titleKey = document.documentElement.dataset.i18nDocumentTitle;
    if (titleKey) document.title = t(titleKey);
  }
  for (const element of root.querySelectorAll('[data-i18n]')) setText(element, t(element.dataset.i18n));
  for (const element of root.querySelectorAll('[data-i18n-html]')) element.innerHTML = t(element.dataset.i18nHtml);
  for (const [dataAttribute, target] of ATTRIBUTE_BINDINGS) {
    for (const element of root.querySelectorAll(`[${dataAttribute}]`)) {
      element.setAttribute(target, plainText(t(element.getAttribute(dataAttribute))));
    }
  }
}

// The language was already chosen at import time; make the URL and storage agree with it.
export function initLanguage() {
  storeLanguage(current);
  reflectInUrl(current);
  applyI18n(document);
}
