// The widget registry's chartJs flags say which widgets the article loads Chart.js for. A flag that
// is missing leaves a widget without Chart.js (a broken chart); one too many loads 200 kB a reader
// at the top of the page does not need. The truth is in the code: a widget needs Chart.js when a
// module it can reach (static or dynamic import) reads window.Chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WIDGETS, usesChartJs } from '../../web/js/widgets/registry.js';
import { WEB_JS, relativeImports } from './js-imports.mjs';

const WIDGETS_DIR = join(WEB_JS, 'widgets');

function readsWindowChart(entryFile) {
  const pending = [entryFile];
  const seen = new Set(pending);
  while (pending.length > 0) {
    const file = pending.pop();
    if (/\bwindow\.Chart\b/.test(readFileSync(file, 'utf8'))) return true;
    for (const { target } of relativeImports(file)) {
      if (target.endsWith('.js') && !seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return false;
}

test('a widget is flagged chartJs exactly when its modules draw with Chart.js', () => {
  const registrySource = readFileSync(join(WIDGETS_DIR, 'registry.js'), 'utf8');
  const mismatches = [];
  for (const name of Object.keys(WIDGETS)) {
    const file = registrySource.match(new RegExp(`['"]?${name}['"]?: \\{ load: \\(\\) => import\\('\\./([^']+)'\\)`))?.[1];
    assert.ok(file, `registry.js: no import found for ${name}`);
    const needs = readsWindowChart(join(WIDGETS_DIR, file));
    if (needs !== usesChartJs(name)) mismatches.push(`${name}: draws with Chart.js ${needs}, flagged ${usesChartJs(name)}`);
  }
  assert.deepEqual(mismatches, []);
  assert.equal(usesChartJs('gradient-strip'), false, 'the strip above the fold must not wait for Chart.js');
  assert.equal(usesChartJs('no-such-widget'), false);
});
