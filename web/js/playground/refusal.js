// An engine refusal (src/core/config.cpp's validation message) as a code with parameters, so the
// page words it in its own language. The core's messages start by naming the fields they are about
// ("depth = 1000, width = 256, batch_size = 1024 would need 900 MiB of the 192 MiB budget…", "a run
// of depth = 57, width = 256, batch_size = 1024 needs about 170 MiB but only 60 MiB of the engine's
// memory are free now…", "init = scaled_identity needs…"); every field named "name = value" is one
// the reader can change.
import { t } from '../i18n.js';
import { propOf } from '../state.js';

const NAMED_FIELD = /([a-z_0-9]+) = '?([^,' ]+)'?/g;
const MEMORY = /would need (\d+) MiB of the (\d+) MiB budget/;
const DEEPEST = /the deepest that fits is depth (\d+)/;
const MEMORY_NOW = /needs about (\d+) MiB but only (\d+) MiB of the engine's memory are free now/;

// -> { code: 'memory' | 'memory_now' | 'combination' | 'value' | 'out_of_memory' | 'stopped', fields: [names], values: {name: text}, needMiB?,
//      budgetMiB?, deepest?, freeMiB?, message } where message is the core's English text and deepest
//      the largest depth that fits the budget with every other field as refused (0 if none does).
export function refusalOf(message, { fatal = false } = {}) {
  const text = String(message ?? '');
  if (fatal) return { code: /out of memory/i.test(text) ? 'out_of_memory' : 'stopped', fields: [], values: {}, message: text };
  const values = {};
  for (const [, name, value] of text.matchAll(NAMED_FIELD)) {
    if (propOf(name)?.engine && !(name in values)) values[name] = value;
  }
  const fields = Object.keys(values);
  const memory = text.match(MEMORY);
  if (memory) {
    const deepest = Number(text.match(DEEPEST)?.[1] ?? 0);
    return { code: 'memory', fields, values, needMiB: Number(memory[1]), budgetMiB: Number(memory[2]), deepest, message: text };
  }
  const memoryNow = text.match(MEMORY_NOW);
  if (memoryNow) {
    return { code: 'memory_now', fields, values, needMiB: Number(memoryNow[1]), freeMiB: Number(memoryNow[2]), message: text };
  }
  return { code: fields.length > 1 ? 'combination' : 'value', fields, values, message: text };
}

// The refusal in the page's language: the fields by their control labels with the refused values.
export function describeRefusal(refusal) {
  const fields = refusal.fields.map((name) => `${t(`pg.field.${name}`)} = ${refusal.values[name]}`).join(', ');
  if (refusal.code === 'memory') {
    const key = refusal.deepest > 0 ? 'pg.refused.memoryDeepest' : 'pg.refused.memory';
    return t(key, { fields, need: refusal.needMiB, budget: refusal.budgetMiB, deepest: refusal.deepest });
  }
  if (refusal.code === 'memory_now') {
    return t('pg.refused.memoryNow', { fields, need: refusal.needMiB, free: refusal.freeMiB });
  }
  if (refusal.code === 'out_of_memory' || refusal.code === 'stopped') return t(`pg.refused.${refusal.code}`);
  if (refusal.values.init === 'scaled_identity' && refusal.values.activation === 'maxout') return t('pg.refused.maxout');
  if (refusal.values.dataset === 'custom') return t('pg.refused.custom');
  return t(refusal.code === 'combination' ? 'pg.refused.combination' : 'pg.refused.value', { fields });
}
