// The playground's control panel, built from the state schema (state.js PROPS) and the control
// specs (control-specs.js). Every control has a visible label tied to it; changes are committed on
// 'change' (slider release, Enter, blur), so dragging the depth slider does not rebuild the network
// at every pixel. onCommit receives a partial state of the changed field(s).
import { t } from '../i18n.js';
import { propOf, parseField, describeRange } from '../state.js';
import {
  CONTROL_GROUPS, CONTROL_SPECS, RELEVANT_WHEN, DISABLED_CHOICE, SLIDER_STEPS, sliderToValue, valueToSlider,
} from './control-specs.js';
import { formatNumber } from '../ui/format.js';
import { choiceKey } from '../ui/strings.js';

let instanceCounter = 0;

// One labelled row: the control its spec asks for, and the error line under it.
function buildControl(field, idPrefix, commit) {
  const prop = propOf(field);
  const spec = CONTROL_SPECS[field];
  const id = `${idPrefix}-${field}`;
  const row = document.createElement('div');
  row.className = 'vg-pg-control';
  row.dataset.field = field;
  const label = document.createElement('label');
  label.htmlFor = id;
  const error = document.createElement('span');
  error.className = 'vg-pg-field-error';
  error.id = `${id}-error`;
  error.setAttribute('aria-live', 'polite');
  const builders = { select: buildSelect, checkbox: buildCheckbox, slider: buildSlider, number: buildNumber,
    seed: buildSeed };
  const built = builders[spec.kind]({ field, prop, spec, id, row, label, error, commit });
  row.append(error);
  return {
    row,
    sync: built.sync,
    relabel() {
      label.textContent = t(`pg.field.${field}`);
      if (built.relabel) built.relabel();
    },
  };
}

function showError(error, input, prop, text) {
  error.textContent = t('pg.field.invalid', { value: text.slice(0, 24), range: describeRange(prop) });
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', error.id);
}

function clearError(error, input) {
  error.textContent = '';
  input.removeAttribute('aria-invalid');
}

function buildSelect({ field, prop, spec, id, row, label, commit }) {
  const select = document.createElement('select');
  select.id = id;
  const choices = spec.choices || prop.choices;
  for (const choice of choices) {
    const option = document.createElement('option');
    option.value = String(choice);
    select.append(option);
  }
  select.addEventListener('change', () => {
    const value = prop.type === 'int' ? Number(select.value) : select.value;
    commit(field, value);
  });
  row.append(label, select);
  return {
    sync(state) {
      select.value = String(state[field]);
      const disabled = DISABLED_CHOICE[field];
      if (disabled) for (const option of select.options) option.disabled = disabled(state, option.value);
    },
    relabel() {
      for (const option of select.options) option.textContent = t(choiceKey(field, option.value));
    },
  };
}

function buildCheckbox({ field, id, row, label, commit }) {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = id;
  input.addEventListener('change', () => commit(field, input.checked));
  row.classList.add('vg-pg-control-checkbox');
  row.append(input, label);
  return { sync(state) { input.checked = Boolean(state[field]); } };
}

// A number box: the whole allowed range, validated with the schema's parser.
function numberBox({ field, prop, id, error, step, commit }) {
  const input = document.createElement('input');
  input.type = 'number';
  input.id = id;
  input.inputMode = prop.type === 'int' ? 'numeric' : 'decimal';
  input.min = String(prop.min);
  input.max = String(prop.max);
  input.step = String(step ?? (prop.type === 'int' ? 1 : 'any'));
  input.addEventListener('change', () => {
    const parsed = parseField(prop, input.value.trim());
    if ('value' in parsed) {
      clearError(error, input);
      commit(field, parsed.value);
    } else {
      showError(error, input, prop, input.value);
    }
  });
  return input;
}

function buildNumber({ field, prop, spec, id, row, label, error, commit }) {
  const input = numberBox({ field, prop, id, error, step: spec.step, commit });
  row.append(label, input);
  return {
    sync(state) {
      if (document.activeElement !== input || input.getAttribute('aria-invalid') !== 'true') {
        input.value = String(state[field]);
        clearError(error, input);
      }
    },
  };
}

function buildSlider({ field, prop, spec, id, row, label, error, commit }) {
  const isInt = prop.type === 'int';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(SLIDER_STEPS);
  slider.step = '1';
  slider.id = id;
  const box = numberBox({ field, prop, id: `${id}-number`, error, commit });
  const boxLabel = document.createElement('label');
  boxLabel.htmlFor = box.id;
  boxLabel.className = 'sr-only';
  const describe = (value) => (spec.zeroAtStart && value === 0 ? t('pg.field.off') : formatNumber(value));
  slider.addEventListener('input', () => {
    const value = sliderToValue(spec, Number(slider.value), isInt);
    box.value = String(value);
    slider.setAttribute('aria-valuetext', describe(value));
    clearError(error, box);
  });
  slider.addEventListener('change', () => commit(field, sliderToValue(spec, Number(slider.value), isInt)));
  const pair = document.createElement('div');
  pair.className = 'vg-pg-slider-pair';
  pair.append(slider, boxLabel, box);
  row.append(label, pair);
  return {
    sync(state) {
      const value = state[field];
      slider.value = String(valueToSlider(spec, value));
      slider.setAttribute('aria-valuetext', describe(value));
      if (box.getAttribute('aria-invalid') !== 'true' || document.activeElement !== box) {
        box.value = String(value);
        clearError(error, box);
      }
    },
    relabel() {
      boxLabel.textContent = t('pg.field.exact', { name: t(`pg.field.${field}`) });
    },
  };
}

function buildSeed({ field, prop, id, row, label, error, commit }) {
  const box = numberBox({ field, prop, id, error, commit });
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'vg-pg-small-button';
  button.addEventListener('click', () => {
    // A new seed is a choice of the reader, not a number the model computes.
    commit(field, Math.floor(Math.random() * 1e6) + 1);
  });
  const pair = document.createElement('div');
  pair.className = 'vg-pg-slider-pair';
  pair.append(box, button);
  row.append(label, pair);
  return {
    sync(state) {
      box.value = String(state[field]);
      clearError(error, box);
    },
    relabel() {
      button.textContent = t('pg.field.newSeed');
    },
  };
}

export function createControls(parent, { getState, onCommit }) {
  instanceCounter += 1;
  const idPrefix = `vg-pg-${instanceCounter}`;
  const root = document.createElement('div');
  root.className = 'vg-pg-controls';
  parent.append(root);
  const rows = new Map();      // field -> { row, sync(state), relabel() }
  const groups = [];
  const commit = (field, value) => onCommit({ [field]: value });

  // An input the reader is editing (typed into, not yet committed with change) is not overwritten by
  // sync(): an earlier change that finishes meanwhile would otherwise wipe the edit before it lands.
  const editing = new Set();
  root.addEventListener('input', (event) => editing.add(event.target));
  root.addEventListener('change', (event) => editing.delete(event.target));
  root.addEventListener('focusout', (event) => editing.delete(event.target));  // an abandoned edit

  for (const group of CONTROL_GROUPS) {
    const container = group.collapsed ? document.createElement('details') : document.createElement('fieldset');
    container.className = 'vg-pg-group';
    const heading = document.createElement(group.collapsed ? 'summary' : 'legend');
    container.append(heading);
    groups.push({ heading, key: group.key });
    for (const field of group.fields) {
      const control = buildControl(field, idPrefix, commit);
      rows.set(field, control);
      container.append(control.row);
    }
    root.append(container);
  }

  function sync() {
    const state = getState();
    for (const [field, control] of rows) {
      if (![...editing].some((element) => control.row.contains(element))) control.sync(state);
      const relevant = RELEVANT_WHEN[field];
      control.row.hidden = relevant ? !relevant(state) : false;
    }
  }

  function relabel() {
    for (const group of groups) group.heading.textContent = t(`pg.group.${group.key}`);
    for (const control of rows.values()) control.relabel();
    sync();
  }
  relabel();

  return { root, sync, relabel, destroy: () => root.remove() };
}
