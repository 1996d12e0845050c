// The A/B widget's knob table: one row per knob, a control for A and one for B, rows that differ
// highlighted (and said in words for screen readers). Emits onChange(run, field, value).
import { t } from '../i18n.js';
import { element, uniqueId } from '../ui/controls.js';
import { KNOBS, fieldLabel, valueLabel } from './knobs.js';

function controlFor(knob, onChange) {
  const id = uniqueId('ab-knob');
  let input;
  if (knob.kind === 'enum' || knob.kind === 'bool') {
    input = element('select', '', { id });
    const choices = knob.kind === 'bool' ? [false, true] : knob.choices;
    for (const choice of choices) {
      const option = element('option', '', { value: String(choice) });
      option.dataset.choice = JSON.stringify(choice);
      input.append(option);
    }
    input.addEventListener('change', () => onChange(JSON.parse(input.selectedOptions[0].dataset.choice)));
  } else {
    input = element('input', '', { id, type: 'number', min: knob.min, max: knob.max, step: knob.step, inputmode: 'decimal' });
    input.addEventListener('change', () => {
      const value = Number(input.value);
      if (input.value !== '' && Number.isFinite(value)) onChange(knob.kind === 'int' ? Math.round(value) : value);
    });
  }
  return { id, input };
}

export function createAbEditor(onChange) {
  const table = element('table', 'ab-table');
  const caption = element('caption', 'ab-caption');
  const head = table.createTHead().insertRow();
  const headers = ['', 'theory.run.a', 'theory.run.b'].map((key) => {
    const cell = element('th', '', { scope: 'col' });
    if (key) cell.dataset.i18n = key;
    head.append(cell);
    return cell;
  });
  headers[0].className = 'sr-only';
  table.prepend(caption);
  const body = table.createTBody();
  const rows = KNOBS.map((knob) => {
    const row = body.insertRow();
    const label = element('th', '', { scope: 'row' });
    const controls = ['a', 'b'].map((run) => controlFor(knob, (value) => onChange(run, knob.field, value)));
    const cells = controls.map((control) => {
      const cell = row.insertCell();
      cell.append(control.input);
      return cell;
    });
    const differs = element('span', 'sr-only');
    label.append(element('span', 'ab-knob-name'), differs);
    row.prepend(label);
    return { knob, row, label, controls, cells, differs };
  });

  function relabel() {
    caption.textContent = t('ab.editorCaption');
    headers[0].textContent = t('ab.knob');
    for (const { knob, label, controls } of rows) {
      label.querySelector('.ab-knob-name').textContent = fieldLabel(knob.field);
      for (const { input } of controls) {
        input.setAttribute('aria-label', `${fieldLabel(knob.field)}`);
        for (const option of input.querySelectorAll?.('option') ?? []) {
          option.textContent = valueLabel(knob.field, JSON.parse(option.dataset.choice));
        }
      }
      controls[0].input.setAttribute('aria-label', `${fieldLabel(knob.field)}, ${t('theory.run.a')}`);
      controls[1].input.setAttribute('aria-label', `${fieldLabel(knob.field)}, ${t('theory.run.b')}`);
    }
  }

  // Shows the two configs (fields a config leaves out show the core's default, `defaults`).
  function show(configs, defaults) {
    for (const { knob, row, controls, differs } of rows) {
      const values = ['a', 'b'].map((run) => configs[run][knob.field] ?? defaults?.[knob.field]);
      values.forEach((value, index) => {
        const { input } = controls[index];
        if (value === undefined) return;
        input.value = String(value);
      });
      const differ = values[0] !== values[1];
      row.classList.toggle('ab-differs', differ);
      differs.textContent = differ ? ` (${t('ab.differs')})` : '';
    }
  }

  relabel();
  return { element: table, show, relabel };
}
