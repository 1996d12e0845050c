// The article's start-up: language, start the engine, typeset maths, mount each section's
// widget when it scrolls into view (pause it when it leaves), wire the "try this recipe" buttons
// of section 6 to the playground, land every in-page link on its heading (and keep it there while
// the figures above it mount and grow), and put the core's figures into the prose's quoted numbers.
import { initLanguage, setLang, getLang, registerStrings, t, onLangChange } from './i18n.js';
import { isHeadline, loadWidgetFactory, ownEngineName, usesChartJs } from './widgets/registry.js';
import { getEngine } from './engine/engine-client.js';  // the client only: the module loads in its worker
import { readWidgetParams } from './widgets/params.js';
import { propOf, RESERVED_HASH_KEYS } from './state.js';
import { fillQuotes } from './quotes.js';
import { RECIPES } from './playground/recipes.js';

registerStrings({
  ko: {
    'page.title': '사라지는 기울기, 폭발하는 기울기 — 깊은 신경망은 왜 배우기 어려운가',
    'lang.switchLabel': 'Read this article in English',
    'widget.failed': '이 그림을 불러오지 못했습니다: {message}',
    'engine.noWasm': '이 브라우저는 WebAssembly를 지원하지 않아 그림을 계산할 수 없습니다. 최신 Chrome, Firefox, Safari, Edge에서 열어 주세요. 본문은 그대로 읽을 수 있습니다.',
    'engine.noWorker': '이 브라우저(또는 현재 설정)에서는 Web Worker를 쓸 수 없어 그림을 계산할 수 없습니다. 본문은 그대로 읽을 수 있습니다.',
    'engine.failed': '계산 엔진을 시작하지 못했습니다 ({message}). 페이지를 새로 고쳐 보세요. 본문은 그대로 읽을 수 있습니다.',
    'preset.applied': '놀이터(4절)에 적용했고, 처음부터 학습하고 있습니다.',
    'playground.hideControls': '설정 접기',
    'playground.showControls': '설정 펼치기',
  },
  en: {
    'page.title': 'Vanishing and exploding gradients — why deep networks are hard to train',
    'lang.switchLabel': '이 글을 한국어로 읽기 (read in Korean)',
    'widget.failed': 'This figure could not be loaded: {message}',
    'engine.noWasm': 'This browser does not support WebAssembly, so the figures cannot be computed. Please open the page in a current Chrome, Firefox, Safari or Edge. The text remains readable.',
    'engine.noWorker': 'Web Workers are unavailable in this browser (or its settings), so the figures cannot be computed. The text remains readable.',
    'engine.failed': 'The computation engine did not start ({message}). Try reloading the page. The text remains readable.',
    'preset.applied': 'Applied to the playground (section 4); it is training from step 0.',
    'playground.hideControls': 'Hide the settings',
    'playground.showControls': 'Show the settings',
  },
});

const VISIBILITY_MARGIN = '200px 0px';

// ---- Maths ----------------------------------------------------------------------------------------
// Typesetting every formula at once is a few hundred milliseconds of main-thread work; done before
// the first paint it held back the page and the engine. So the sections in view are typeset right
// after the first paint, and the others one per idle period, nearest the viewport first. Scroll
// anchoring keeps the reader's place when a section above grows.
const MATH_OPTIONS = {
  delimiters: [
    { left: '\\[', right: '\\]', display: true },
    { left: '\\(', right: '\\)', display: false },
  ],
  ignoredClasses: ['widget'],
  throwOnError: false,
  strict: 'ignore',
};

function afterFirstPaint(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

// Work that can wait for an idle moment (typesetting far sections, mounting widgets near the screen),
// but not longer than this.
const IDLE_TIMEOUT_MS = 500;

function whenIdle(callback) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(callback, 0);
}

function renderMath() {
  if (typeof window.renderMathInElement !== 'function') return;  // formulas stay readable as TeX source
  const sections = [...document.querySelectorAll('main section')];
  const distanceToView = (section) => {
    const box = section.getBoundingClientRect();
    return box.bottom < 0 ? -box.bottom : Math.max(0, box.top - window.innerHeight);
  };
  const nearestFirst = () => sections.sort((a, b) => distanceToView(a) - distanceToView(b));
  const typesetNext = () => {
    if (sections.length === 0) return;
    nearestFirst();
    window.renderMathInElement(sections.shift(), MATH_OPTIONS);
    whenIdle(typesetNext);
  };
  afterFirstPaint(() => {
    nearestFirst();
    while (sections.length > 0 && distanceToView(sections[0]) === 0) window.renderMathInElement(sections.shift(), MATH_OPTIONS);
    whenIdle(typesetNext);
  });
}

// ---- Engine ------------------------------------------------------------------------------------------
// engine-client.js checks what the browser provides; its error codes name what is missing, said here
// in the page's language.
const UNSUPPORTED_MESSAGE_KEYS = { 'no-webassembly': 'engine.noWasm', 'no-worker': 'engine.noWorker' };
const engineUnavailableMessage = (error) => (UNSUPPORTED_MESSAGE_KEYS[error?.code] ? t(UNSUPPORTED_MESSAGE_KEYS[error.code]) : null);

let enginePromise = null;
function startEngine() {
  if (!enginePromise) {
    enginePromise = getEngine();
    enginePromise.catch(showEngineBanner);  // one page-level message; each widget also says it
  }
  return enginePromise;
}

function showEngineBanner(error) {
  const banner = document.getElementById('engine-banner');
  if (!banner) return;
  banner.textContent = engineUnavailableMessage(error) ?? t('engine.failed', { message: error.message });
  banner.hidden = false;
}

// ---- Chart.js ------------------------------------------------------------------------------------------
// Most widgets draw with Chart.js (a classic script that sets window.Chart). It loads with the first
// of them (registry.js flags them) that comes near the viewport rather than with the page: the live
// strip at the top draws on a plain canvas and starts without it. (The single-file build has it
// inline already.)
let chartJsPromise = null;
function loadChartJs() {
  if (typeof window.Chart === 'function') return Promise.resolve();
  chartJsPromise ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('../vendor/chart.umd.js', import.meta.url).href;
    script.onload = resolve;
    script.onerror = () => {
      chartJsPromise = null;  // the next widget tries again
      script.remove();
      reject(new Error('Chart.js (vendor/chart.umd.js) did not load'));
    };
    document.head.append(script);
  });
  return chartJsPromise;
}

// ---- Widgets -----------------------------------------------------------------------------------------
const widgets = new Map();  // container -> { promise, instance, visible }

// data-* attributes of the mount point become the widget's options, checked like embed.html's hash
// parameters (data-lr-exponent is the parameter lr_exponent).
function optionsFrom(container) {
  const entries = Object.entries(container.dataset)
    .map(([key, value]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value]);
  const { options, refused } = readWidgetParams(container.dataset.widget, entries);
  for (const { name, value } of refused) console.warn(`data-${name}="${value}" is not accepted by ${container.dataset.widget}`);
  return options;
}

function showWidgetMessage(container, text) {
  const message = document.createElement('p');
  message.className = 'widget-message';
  message.setAttribute('role', 'alert');
  message.textContent = text;
  container.replaceChildren(message);
}

function mountWidget(container) {
  const existing = widgets.get(container);
  if (existing) return existing.promise;
  const record = { promise: null, instance: null, visible: true };
  widgets.set(container, record);
  container.dataset.state = 'loading';
  let ownEngine;
  record.promise = (async () => {
    try {
      const { widget } = container.dataset;
      globalThis.vgPreloadModules?.(widget);  // boot.js: its module graph in parallel, if kept out of the load
      const engine = startEngine();
      // An engine of its own (registry.js) starts as soon as the page's is up, not once the widget's
      // view is built: the playground's engine now answers before its view is built, not ~60 ms after.
      const ownName = ownEngineName(widget);
      ownEngine = ownName ? engine.then((shared) => shared.spawn({ name: ownName })).catch(() => null) : undefined;
      // A headline widget builds before the engine is up (registry.js): it gets the promise, and this
      // mount's message if the engine then fails.
      const early = isHeadline(widget);
      const [factory] = await Promise.all([loadWidgetFactory(widget), usesChartJs(widget) ? loadChartJs() : null, early ? null : engine]);
      record.instance = factory(container, { ...optionsFrom(container), engine: early ? engine : await engine, ownEngine });
      if (container.dataset.widget === 'playground') addControlsToggle(container);
      container.dataset.state = 'ready';
      if (!record.visible) record.instance.pause?.();
      if (early) await engine;
      return record.instance;
    } catch (error) {
      if (record.instance) record.instance.destroy?.();  // built before its engine failed
      else ownEngine?.then((spawned) => spawned?.close());
      record.instance = null;
      container.dataset.state = 'error';
      showWidgetMessage(container, engineUnavailableMessage(error) ?? t('widget.failed', { message: error.message }));
      return null;
    }
  })();
  return record.promise;
}

// On phones (css/playground.css) the playground's settings ride in a panel pinned to the bottom of
// the screen; this button folds it away to leave the charts the whole screen. Wider screens hide it.
function addControlsToggle(container) {
  const host = container.querySelector('.vg-pg-controls-host');
  if (!host) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'vg-pg-controls-toggle';
  const label = () => {
    const collapsed = host.dataset.collapsed === 'true';
    button.textContent = t(collapsed ? 'playground.showControls' : 'playground.hideControls');
    button.setAttribute('aria-expanded', String(!collapsed));
  };
  button.addEventListener('click', () => {
    host.dataset.collapsed = String(host.dataset.collapsed !== 'true');
    label();
  });
  onLangChange(label);
  label();
  host.prepend(button);
}

// A widget on screen mounts at once, a headline one (registry.js: the playground) first: the others
// on screen wait until it has drawn its first frame (its ready()). One only near the screen (within
// VISIBILITY_MARGIN) waits until every widget on screen has, and the main thread is idle. So
// building the figures around it does not hold up the first frames of what the reader came for (the
// playground's first chart waited ~100 ms behind the predict figure above it). Mounting twice is
// harmless: mountWidget returns the first mount.
let headlineMounts = Promise.resolve();
let onScreenMounts = Promise.resolve();
const nearContainers = new Set();  // the widgets the observer last saw within the margin

function isOnScreen(box) {
  return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
}

function scheduleMount(container, onScreen) {
  const mountedAndReady = () => mountWidget(container).then((instance) => instance?.ready?.());
  if (onScreen && isHeadline(container.dataset.widget)) {
    headlineMounts = Promise.all([headlineMounts, mountedAndReady()]);
    onScreenMounts = Promise.all([onScreenMounts, headlineMounts]);
  } else if (onScreen) {
    onScreenMounts = Promise.all([onScreenMounts, headlineMounts.then(mountedAndReady)]);
  } else {
    onScreenMounts.then(() => whenIdle(() => {
      if (nearContainers.has(container)) mountWidget(container);  // else it is scheduled again when it comes near
    }));
  }
}

function watchWidgets() {
  const containers = [...document.querySelectorAll('[data-widget]')];
  if (typeof IntersectionObserver !== 'function') {
    containers.forEach(mountWidget);
    document.querySelectorAll('.section').forEach(askQuotes);
    return;
  }
  const headlineRank = (entry) => (isHeadline(entry.target.dataset.widget) ? 0 : 1);
  const headlinesFirst = (entries) => [...entries].sort((a, b) => headlineRank(a) - headlineRank(b));
  const observer = new IntersectionObserver((entries) => {
    for (const entry of headlinesFirst(entries)) {
      const container = entry.target;
      const record = widgets.get(container);
      if (entry.isIntersecting) nearContainers.add(container);
      else nearContainers.delete(container);
      if (entry.isIntersecting) {
        if (!record) scheduleMount(container, isOnScreen(entry.boundingClientRect));
        else {
          record.visible = true;
          record.instance?.resume?.();
        }
      } else if (record) {
        record.visible = false;
        record.instance?.pause?.();
      }
    }
  }, { rootMargin: VISIBILITY_MARGIN });
  containers.forEach((container) => observer.observe(container));
  // Sections far from the screen skip layout (content-visibility: auto, css/article.css): a widget
  // inside one has no box, and its entry above says "not intersecting" however the page then moves.
  // A section coming near is rendered by then, so its widgets are observed afresh, which makes the
  // observer report where they really are (observe() always delivers a first entry); its quoted
  // figures are asked of the engine then too.
  const sectionObserver = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      for (const container of entry.target.querySelectorAll('[data-widget]')) {
        observer.unobserve(container);
        observer.observe(container);
      }
      askQuotes(entry.target);
    }
  }, { rootMargin: VISIBILITY_MARGIN });
  document.querySelectorAll('.section').forEach((section) => sectionObserver.observe(section));
}

// ---- Live numbers in the prose ---------------------------------------------------------------------
// A section's quoted figures (quotes.js) are asked of the engine once, when the reader comes near it:
// the prose already shows them, and asking for every section's at load queued about 150 ms of engine
// work ahead of the first figure's first training step.
const sectionsQuoted = new WeakSet();

function askQuotes(section) {
  if (sectionsQuoted.has(section) || !section.querySelector('[data-quote]')) return;
  sectionsQuoted.add(section);
  startEngine().then((engine) => fillQuotes(engine, section), () => {});
}

// ---- Presets for the playground ----------------------------------------------------------------------
// A preset for the article's playground (section 6's recipe buttons, the draw-data figure's "train
// on these points") is a document event 'vg:preset' (detail: the partial state), which a mounted
// playground applies itself. Here the page lands on the playground with its one landing (which keeps
// it in place while it and the figures above it mount and grow) and, when it has not mounted yet,
// mounts it and hands it the preset, which it could not have heard.
function wirePlaygroundPresets() {
  const playground = document.querySelector('[data-widget="playground"]');
  if (!playground) return;
  document.addEventListener('vg:preset', async (event) => {
    settleOn(playground.closest('figure') ?? playground);
    if (widgets.get(playground)?.instance) return;
    const instance = await mountWidget(playground);
    instance?.applyPreset(event.detail);
  });
  for (const button of document.querySelectorAll('button[data-preset-id]')) {
    button.addEventListener('click', () => {
      const recipe = RECIPES[button.dataset.presetId];
      // The HTML is ours: an unknown id is a bug (tests/unit/recipes.test.mjs), not a reader's problem.
      if (!recipe) return;
      document.dispatchEvent(new CustomEvent('vg:preset', { detail: { ...recipe } }));
      const note = button.parentElement.querySelector('.preset-note');
      if (note) note.textContent = t('preset.applied');
      playground.focus({ preventScroll: true });
    });
  }
}

// ---- Landing on a section -------------------------------------------------------------------------
// A jump (TOC link, #section in the address, a recipe button) puts the target's heading just below
// the sticky header. Figures above the target mount and grow after the jump (and formulas are
// typeset), which would push it down the screen, so the landing is re-applied whenever the article's
// size changes, until it has been quiet for a while or the reader scrolls, types or touches. A scroll
// that leaves the heading far from where the landing put it is someone else's (a scrollbar drag, a
// widget bringing itself into view): the landing then stops rather than pull the page back.
const LANDING_GAP_PX = 8;
const SETTLE_QUIET_MS = 1200;
const SETTLE_LONGEST_MS = 15000;
const READER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
let stopSettling = () => {};

function headingOf(target) {
  return target.matches('section') ? target.querySelector(':scope > h2') ?? target : target;
}

// How far the target's heading is from its landing place (px, positive: below it).
function landingOffset(target) {
  const header = document.querySelector('.site-header');
  const want = (header ? header.getBoundingClientRect().bottom : 0) + LANDING_GAP_PX;
  return headingOf(target).getBoundingClientRect().top - want;
}

function alignTarget(target) {
  const offset = landingOffset(target);
  if (Math.abs(offset) >= 1) window.scrollBy({ top: offset, behavior: 'instant' });
}

function settleOn(target) {
  stopSettling();
  const started = performance.now();
  let lastChange = started;
  let frame = 0;
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
    lastChange = performance.now();
    alignTarget(target);
  }) : null;
  // The landing's own scrolls and the browser's scroll anchoring keep the heading in place; a scroll
  // that moves it by a third of the screen or more is not one of them.
  const onScroll = () => {
    if (Math.abs(landingOffset(target)) > Math.max(120, window.innerHeight / 3)) stop();
  };
  const stop = () => {
    observer?.disconnect();
    cancelAnimationFrame(frame);
    window.removeEventListener('scroll', onScroll);
    for (const type of READER_INPUT) window.removeEventListener(type, stop, true);
    document.documentElement.dataset.landing = 'done';
    stopSettling = () => {};
  };
  const watch = () => {
    const now = performance.now();
    if (now - lastChange > SETTLE_QUIET_MS || now - started > SETTLE_LONGEST_MS) stop();
    else frame = requestAnimationFrame(watch);
  };
  document.documentElement.dataset.landing = 'settling';
  for (const type of READER_INPUT) window.addEventListener(type, stop, { capture: true, passive: true });
  window.addEventListener('scroll', onScroll, { passive: true });
  observer?.observe(document.querySelector('main') ?? document.body);
  alignTarget(target);
  frame = requestAnimationFrame(watch);
  stopSettling = stop;
}

// The URL hash belongs to the playground's state, so table-of-contents links scroll and move focus
// without writing '#section' into it.
function wireInPageLinks() {
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    link.addEventListener('click', (event) => {
      const target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      event.preventDefault();
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
      settleOn(target);
    });
  }
}

// Arriving with #section lands on it; arriving with playground fields (#depth=30&activation=relu)
// lands on the playground they configure. Back and forward to such an address land the same way:
// the browser's restoring of the old scroll offset would not (sections far from the screen have an
// estimated height until they come near), so it is switched off for these entries.
function hashTarget() {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return null;
  const section = /^[\w-]+$/.test(hash) ? document.getElementById(hash) : null;
  if (section) return section;
  const keys = hash.split('&').map((part) => part.split('=')[0]);
  const configuresPlayground = keys.some((key) => !RESERVED_HASH_KEYS.includes(key) && propOf(key));
  const playground = document.querySelector('[data-widget="playground"]');
  return configuresPlayground && playground ? playground.closest('figure') ?? playground : null;
}

function landOnHash() {
  const target = hashTarget();
  if ('scrollRestoration' in window.history) window.history.scrollRestoration = target ? 'manual' : 'auto';
  if (target) settleOn(target);
}

// ---- Language switch ---------------------------------------------------------------------------------
// The button names the other language in that language (its two spans, index.html); its own lang is
// that of its aria-label, which is in the other language too.
function wireLanguageSwitch() {
  for (const button of document.querySelectorAll('[data-lang-switch]')) {
    button.addEventListener('click', () => {
      setLang(getLang() === 'ko' ? 'en' : 'ko');
      button.setAttribute('lang', getLang() === 'ko' ? 'en' : 'ko');
    });
    button.setAttribute('lang', getLang() === 'ko' ? 'en' : 'ko');
  }
}

startEngine();  // first: the worker loads and compiles the module while the page lays out and paints
initLanguage();
renderMath();
wireLanguageSwitch();
wirePlaygroundPresets();
wireInPageLinks();
watchWidgets();
landOnHash();
window.addEventListener('hashchange', landOnHash);
