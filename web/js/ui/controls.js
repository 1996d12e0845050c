// Small builders for the labelled, keyboard-usable controls of the section widgets and the frame
// they sit in. Labels carry data-i18n keys (the shared ones registered by ./strings.js), so
// applyI18n(container) re-labels a widget when the language changes.
import { applyI18n, onLangChange, setText, plainText, t } from '../i18n.js';
import './strings.js';

let nextId = 0;
export function uniqueId(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

function element(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function labelFor(id, labelKey) {
  const label = element('label', 'control-label', { for: id, 'data-i18n': labelKey });
  return label;
}

// A range input with its label and a live <output>. `format(value)` gives the shown text (also the
// aria-valuetext); `onInput(value)` fires on every move (keyboard arrows included).
export function createSlider({ labelKey, min, max, step, value, format = String, onInput }) {
  const id = uniqueId('slider');
  const wrapper = element('div', 'control control-slider');
  const input = element('input', '', { type: 'range', id, min, max, step });
  input.value = String(value);
  const output = element('output', 'control-value', { for: id });
  const show = () => {
    const text = format(Number(input.value));
    setText(output, text);
    input.setAttribute('aria-valuetext', plainText(text));
  };
  input.addEventListener('input', () => {
    show();
    onInput(Number(input.value));
  });
  const head = element('div', 'control-head');
  head.append(labelFor(id, labelKey), output);
  wrapper.append(head, input);
  show();
  return {
    element: wrapper,
    input,
    get value() {
      return Number(input.value);
    },
    set(newValue) {
      input.value = String(newValue);
      show();
    },
    refresh: show,
  };
}

// A <select> whose options are {value, labelKey}; without labelKey the caller sets the text.
export function createSelect({ labelKey, options, value, onChange }) {
  const id = uniqueId('select');
  const wrapper = element('div', 'control control-select');
  const select = element('select', '', { id });
  for (const option of options) {
    const optionElement = element('option', '', { value: option.value });
    if (option.labelKey) optionElement.dataset.i18n = option.labelKey;
    select.append(optionElement);
  }
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
  wrapper.append(labelFor(id, labelKey), select);
  return {
    element: wrapper,
    select,
    get value() {
      return select.value;
    },
    set(newValue) {
      select.value = newValue;
    },
  };
}

export function createCheckbox({ labelKey, checked, onChange, swatch }) {
  const id = uniqueId('check');
  const wrapper = element('div', 'control control-check');
  const input = element('input', '', { type: 'checkbox', id });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  const label = labelFor(id, labelKey);
  wrapper.append(input);
  if (swatch) {
    const mark = element('span', 'swatch', { 'aria-hidden': 'true' });
    mark.style.background = swatch;
    wrapper.append(mark);
  }
  wrapper.append(label);
  return { element: wrapper, input };
}

export function createButton({ labelKey, onClick, className = '' }) {
  const button = element('button', `button ${className}`.trim(), { type: 'button', 'data-i18n': labelKey });
  button.addEventListener('click', onClick);
  return button;
}

// The activation choices the section widgets offer (a subset of the core's enum, by name).
export function activationOptions(names) {
  return names.map((name) => ({ value: name, labelKey: `enum.activation.${name}` }));
}

// Standard frame of a section widget: a controls row, a figure area, a readout line and a status
// line for messages. Returns the parts; the caller fills them.
export function createFrame(container, className) {
  container.classList.add('widget-mounted', className);
  const controls = element('div', 'widget-controls');
  const figure = element('div', 'widget-figure');
  const readout = element('div', 'widget-readout', { 'aria-live': 'polite' });
  const status = element('p', 'widget-status', { role: 'status' });
  status.hidden = true;
  container.replaceChildren(controls, figure, readout, status);
  return { controls, figure, readout, status };
}

export function showStatus(statusElement, text, kind = 'info') {
  delete statusElement.dataset.messages;
  setText(statusElement, text);
  statusElement.dataset.kind = kind;
  statusElement.hidden = !text;
}

// Like showStatus, for messages that must follow the language: [{ key, params }] (string keys,
// plain parameters) kept on the element and worded again by followLanguage on a switch.
export function showMessages(statusElement, messages, kind = 'info') {
  showStatus(statusElement, messages.map(({ key, params }) => t(key, params)).join(' '), kind);
  if (messages.length > 0) statusElement.dataset.messages = JSON.stringify(messages);
}

function rewordMessages(container) {
  for (const element of container.querySelectorAll('[data-messages]')) {
    showMessages(element, JSON.parse(element.dataset.messages), element.dataset.kind);
  }
}

// Re-labels the widget now and whenever the language changes; returns the unsubscribe function.
export function followLanguage(container, onChange) {
  applyI18n(container);
  return onLangChange(() => {
    applyI18n(container);
    rewordMessages(container);
    onChange();
  });
}

// Runs `task` at most once per animation frame, with the latest arguments (slider drags fire
// faster than the engine answers).
export function coalesceToFrame(task) {
  let pending = null;
  let scheduled = false;
  return (...args) => {
    pending = args;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const latest = pending;
      pending = null;
      task(...latest);
    });
  };
}

// Applies only the newest of overlapping asynchronous computations: a slider moved twice must not
// show the first answer after the second. run(produce, apply, fail) calls produce() and then
// apply(result) or fail(error), unless a newer run started meanwhile.
export function createLatestRunner() {
  let generation = 0;
  return async function run(produce, apply, fail) {
    generation += 1;
    const mine = generation;
    try {
      const result = await produce();
      if (mine === generation) apply(result);
    } catch (error) {
      if (mine === generation) fail(error);
    }
  };
}


export function prefersReducedMotion() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export { element };
