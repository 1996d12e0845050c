// The article's playground buttons name their recipe by id (data-preset-id) in web/js/playground/recipes.js,
// the one place the configs are written: every id resolves, every recipe is used, both languages offer
// the same buttons in the same order, and every field is one the playground's state accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RECIPES } from '../../web/js/playground/recipes.js';
import { propOf, checkValue } from '../../web/js/state.js';

const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');

// [{ lang, id }] for every recipe button, its language being that of the nearest data-lang block above.
function recipeButtons() {
  const marks = [...html.matchAll(/data-lang="(ko|en)"|<button[^>]*data-preset-id="([^"]*)"/g)];
  const buttons = [];
  let lang = null;
  for (const match of marks) {
    if (match[1]) lang = match[1];
    else buttons.push({ lang, id: match[2] });
  }
  return buttons;
}

test('every recipe button names a recipe, every recipe has a button, and no button carries its own config', () => {
  const buttons = recipeButtons();
  assert.ok(buttons.length >= 30, `${buttons.length} recipe buttons`);
  for (const { id } of buttons) assert.ok(Object.hasOwn(RECIPES, id), `unknown recipe "${id}"`);
  assert.deepEqual(new Set(buttons.map(({ id }) => id)), new Set(Object.keys(RECIPES)));
  assert.doesNotMatch(html, /data-preset=/);
});

test('the Korean and the English block offer the same recipes in the same order', () => {
  const buttons = recipeButtons();
  const ko = buttons.filter(({ lang }) => lang === 'ko').map(({ id }) => id);
  const en = buttons.filter(({ lang }) => lang === 'en').map(({ id }) => id);
  assert.equal(ko.length + en.length, buttons.length);
  assert.deepEqual(ko, en);
});

test('every recipe field is a playground state field with a value it accepts, and no two recipes are the same', () => {
  const seen = new Map();
  for (const [id, recipe] of Object.entries(RECIPES)) {
    for (const [field, value] of Object.entries(recipe)) {
      const prop = propOf(field);
      assert.ok(prop, `${id}: unknown field ${field}`);
      assert.ok(checkValue(prop, value), `${id}: ${field} = ${JSON.stringify(value)}`);
    }
    const key = JSON.stringify(Object.entries(recipe).sort());
    assert.ok(!seen.has(key), `${id} repeats ${seen.get(key)}`);
    seen.set(key, id);
  }
});
