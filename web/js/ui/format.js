// How the page writes numbers: plain for ordinary magnitudes, a × 10ⁿ for tiny or huge ones, the
// special float values spelled out; the exact ASCII form for data tables; percentages; and the
// thinning of long tables. Used by every room (charts, widgets, playground, classroom, theory).

const SUPERSCRIPT_DIGITS = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

function superscript(text) {
  return [...text].map((character) => SUPERSCRIPT_DIGITS[character] ?? character).join('');
}

// 10ⁿ for a whole exponent n (axis ticks, colour-scale legends).
export function powerOfTen(exponent) {
  return `10${superscript(String(Math.round(exponent)))}`;
}

// A number as a reader wants to see it: plain for ordinary magnitudes, a × 10ⁿ for tiny or huge
// ones, and the special float values spelled out (Infinity after overflow, exact 0 after underflow).
export function formatNumber(value, significantDigits = 3) {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    return Number(value.toPrecision(significantDigits)).toString().replace('-', '−');
  }
  const [mantissa, exponent] = value.toExponential(significantDigits - 1).split('e');
  const cleanMantissa = mantissa.replace(/\.?0+$/, '').replace('-', '−');
  return `${cleanMantissa} × 10${superscript(String(Number(exponent)))}`;
}

// A linear axis's tick label, with as many decimals as the step between ticks needs and thousands
// grouped (Chart.js's default labels, without Intl.NumberFormat: its first use loads the locale
// data, about 30 ms of the playground's first frame); a × 10ⁿ beyond 10¹⁵ or below 10⁻⁴.
export function linearTickLabel(value, index, ticks) {
  if (value === 0) return '0';
  let step = Math.abs(value);
  if (ticks.length > 1) {
    const largest = Math.max(Math.abs(ticks[0].value), Math.abs(ticks[ticks.length - 1].value));
    if (largest < 1e-4 || largest > 1e15) return formatNumber(value, 3);
    step = Math.abs(ticks.length > 3 ? ticks[2].value - ticks[1].value : ticks[1].value - ticks[0].value);
    if (step >= 1 && value !== Math.floor(value)) step = value - Math.floor(value);  // 2.5 with a step of 5
  }
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(step))));
  const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

// Plain ASCII form for data tables and tests (1.5e+38, Infinity, 0).
export function formatExact(value) {
  if (value === null || value === undefined) return '';
  if (!Number.isFinite(value) || value === 0) return String(value);
  return Number(value.toPrecision(6)).toString();
}

export function formatPercent(fraction) {
  if (!Number.isFinite(fraction)) return formatNumber(fraction);
  return `${(fraction * 100).toFixed(1)}%`;
}

// At most `maxRows` evenly spaced rows (always keeping the last), so a 1000-layer network does not
// put 1000 table rows into the DOM on every refresh. { rows, thinned }.
export function thinRows(rows, maxRows) {
  if (rows.length <= maxRows) return { rows, thinned: false };
  const stride = Math.ceil(rows.length / maxRows);
  return { rows: rows.filter((row, index) => index % stride === 0 || index === rows.length - 1), thinned: true };
}
