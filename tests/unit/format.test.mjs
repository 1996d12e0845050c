// Number formatting and the small text codecs of the page, without a browser: the prose's quotes
// (ui/quote-format.js), the log-axis mapping of the charts (charts/log-axis.js) and the UI kit's
// formats (ui/format.js), the widget parameters (widgets/params.js) and the drawn-guess codec
// (classroom/prediction-hash.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatQuote, arithmeticQuote } from '../../web/js/ui/quote-format.js';
import { logAxisBounds, clampForLogAxis, log10OrFlag } from '../../web/js/charts/log-axis.js';
import { formatPercent, linearTickLabel, thinRows } from '../../web/js/ui/format.js';
import { readWidgetParams, WIDGET_PARAMS } from '../../web/js/widgets/params.js';
import { encodeGuess, decodeGuess } from '../../web/js/classroom/prediction-hash.js';

test('quotes: decades, two-digit scientific (with carry), integers and fixed with a true minus sign', () => {
  assert.equal(formatQuote(2.9e-7, 'decade'), '10⁻⁷');
  assert.equal(formatQuote(6e-7, 'decade'), '10⁻⁶');
  assert.equal(formatQuote(9.96e-7, 'sci2'), '1.0×10⁻⁶');
  assert.equal(formatQuote(-1.25e3, 'sci2'), '−1.3×10³');
  assert.equal(formatQuote(-4.6, 'int'), '−5');
  assert.equal(formatQuote(0.25, 'fixed2'), '0.25');
  assert.equal(formatQuote(1e-31, 'decades'), '-31');
  assert.equal(formatQuote(Infinity, 'sci2'), '∞');
  assert.throws(() => formatQuote(1, 'roman'), /unknown quote format/);
  assert.equal(arithmeticQuote('pow', ['0.25', '10']), 0.25 ** 10);
  assert.equal(arithmeticQuote('sqrt', ['32']), Math.sqrt(32));
  assert.equal(arithmeticQuote('measured', []), null);
});

test('log axis: bounds one decade beyond the finite positive values; 0, ∞ and NaN clamped and flagged', () => {
  const values = [1e-3, 0, Infinity, 10, NaN];
  const bounds = logAxisBounds(values.length, (i) => values[i]);
  assert.deepEqual(bounds, { lo: 1e-4, hi: 100 });
  assert.deepEqual(clampForLogAxis(0, bounds), { y: 1e-4, flag: 'zero' });
  assert.deepEqual(clampForLogAxis(Infinity, bounds), { y: 100, flag: 'inf' });
  assert.deepEqual(clampForLogAxis(NaN, bounds), { y: 100, flag: 'nan' });
  assert.deepEqual(clampForLogAxis(0.5, bounds), { y: 0.5, flag: '' });
  assert.deepEqual(logAxisBounds(2, () => 0), { lo: 1e-10, hi: 10 });
  assert.equal(log10OrFlag(0), -Infinity);
  assert.ok(Number.isNaN(log10OrFlag(NaN)));
  assert.equal(formatPercent(0.8766), '87.7%');
});

test('thinRows keeps at most the asked number of rows, evenly, and always the last', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => i);
  const { rows: kept, thinned } = thinRows(rows, 50);
  assert.ok(thinned);
  assert.ok(kept.length <= 51);
  assert.equal(kept.at(-1), 999);
  assert.deepEqual(thinRows([1, 2], 5), { rows: [1, 2], thinned: false });
});

test('widget parameters: values in range become options, the rest are named with what is allowed', () => {
  const { options, refused } = readWidgetParams('linear-net', [['a', '0.5'], ['depth', '9999'], ['widget', 'linear-net']]);
  assert.deepEqual(options, { a: 0.5 });
  assert.deepEqual(refused, [{ name: 'depth', value: '9999', allowed: '2 … 852' }]);
  for (const widget of Object.keys(WIDGET_PARAMS)) assert.deepEqual(readWidgetParams(widget, []).refused, []);
});

test('a drawn guess round-trips through its hash text; a wrong length or range decodes to null', () => {
  const guess = [-6, -5.2, -0.1, 0];
  assert.deepEqual(decodeGuess(encodeGuess(guess), 4, -20, 5), guess);
  assert.equal(decodeGuess(encodeGuess(guess), 5, -20, 5), null);
  assert.equal(decodeGuess('-60_-52_x_0', 4, -20, 5), null);
  assert.equal(decodeGuess('-600_0_0_0', 4, -20, 5), null);
});

test('linear tick labels: the decimals the step needs, thousands grouped, a true minus, × 10ⁿ at the extremes', () => {
  const ticks = (values) => values.map((value) => ({ value }));
  const labels = (values) => values.map((value, index, all) => linearTickLabel(value, index, ticks(all)));
  assert.deepEqual(labels([0, 0.2, 0.4, 0.6]), ['0', '0.2', '0.4', '0.6']);
  assert.deepEqual(labels([0, 0.05, 0.1, 0.15]), ['0', '0.05', '0.10', '0.15']);
  assert.deepEqual(labels([-2, -1, 0, 1]), ['−2', '−1', '0', '1']);
  assert.deepEqual(labels([0, 5000, 10000, 15000]), ['0', '5,000', '10,000', '15,000']);
  assert.deepEqual(labels([1, 2, 3, 4]), ['1', '2', '3', '4']);
  assert.deepEqual(labels([0, 2.5, 5, 7.5]), ['0', '2.5', '5', '7.5']);
  assert.deepEqual(labels([0, 1e-5, 2e-5]), ['0', '1 × 10⁻⁵', '2 × 10⁻⁵']);
  assert.equal(linearTickLabel(0.3, 0, ticks([0.3])), '0.3');
});
