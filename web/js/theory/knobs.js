// The configuration knobs the theory widgets let the reader change (A/B editor, sweep base), each
// with its kind and allowed values, and the comparison that lists how two configs differ. Labels
// come from the playground's field and choice names (one place for them).
import { t } from '../i18n.js';
import { choiceKey } from '../ui/strings.js';
import { formatNumber } from '../ui/format.js';
import { ENUM_CHOICES } from '../state.js';

// The choices are the core's (its schema, through state.js); the numeric ranges are the widgets' own,
// narrower than what the core accepts, so each run stays quick. Drawn points are the playground's.
export const ACTIVATIONS = ENUM_CHOICES.activation;
export const INITS = ENUM_CHOICES.init;

// kind: 'enum' (choices), 'bool', 'int' or 'number' (min, max, step for the input).
export const KNOBS = [
  { field: 'activation', kind: 'enum', choices: ACTIVATIONS },
  { field: 'init', kind: 'enum', choices: INITS },
  { field: 'gain', kind: 'number', min: 0.05, max: 5, step: 0.05 },
  { field: 'identity_scale', kind: 'number', min: -10, max: 10, step: 0.1 },
  { field: 'depth', kind: 'int', min: 1, max: 200, step: 1 },
  { field: 'width', kind: 'int', min: 2, max: 128, step: 1 },
  { field: 'batch_norm', kind: 'bool' },
  { field: 'residual_every', kind: 'enum', choices: [0, 1, 2] },
  { field: 'optimizer', kind: 'enum', choices: ENUM_CHOICES.optimizer },
  { field: 'learning_rate', kind: 'number', min: 0.0001, max: 10, step: 0.001 },
  { field: 'dataset', kind: 'enum', choices: ENUM_CHOICES.dataset.filter((name) => name !== 'custom') },
  { field: 'loss', kind: 'enum', choices: ENUM_CHOICES.loss },
];

export function fieldLabel(field) {
  return t(`pg.field.${field}`);
}

// A value as the reader reads it: enum names through their labels, booleans as on/off.
export function valueLabel(field, value) {
  if (typeof value === 'boolean') return t(value ? 'theory.on' : 'theory.off');
  if (typeof value === 'number') {
    if (field === 'residual_every') return t(choiceKey(field, String(value)));
    return formatNumber(value, 4);
  }
  if (value === undefined) return t('theory.default');
  return t(choiceKey(field, value));
}

// The fields on which two configs differ (a field missing from one side counts as differing only if
// the other side sets it), in a stable order: the knobs first, then any other field.
export function differingFields(a, b) {
  const order = [...KNOBS.map((knob) => knob.field), ...Object.keys(a), ...Object.keys(b)];
  const seen = new Set();
  const fields = [];
  for (const field of order) {
    if (seen.has(field)) continue;
    seen.add(field);
    if ((field in a || field in b) && a[field] !== b[field]) fields.push(field);
  }
  return fields;
}
