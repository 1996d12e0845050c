// How a number quoted in the prose is written, shared by the page (web/js/quotes.js puts the core's
// figures in) and by the test that checks the prose's own text against those figures. Pure: no DOM.
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

const superscript = (integer) => String(integer).replace(/[-0-9]/g, (char) => SUPERSCRIPT[char]);

// format: 'decade' (10⁻⁶: the power of ten nearest in log scale), 'sci2' (9.5×10⁻⁷), 'int',
// 'fixed1', 'fixed2', 'decades' (the number of decades of a ratio, rounded: 31).
export function formatQuote(value, format) {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '−∞' : 'NaN';
  const minus = (text) => text.replace(/^-/, '−');
  switch (format) {
    case 'decade':
      return value === 0 ? '0' : `10${superscript(Math.round(Math.log10(Math.abs(value))))}`;
    case 'sci2': {
      if (value === 0) return '0';
      let exponent = Math.floor(Math.log10(Math.abs(value)));
      let mantissa = Number((value / 10 ** exponent).toFixed(1));
      if (Math.abs(mantissa) >= 10) {
        mantissa /= 10;
        exponent += 1;
      }
      return `${minus(mantissa.toFixed(1))}×10${superscript(exponent)}`;
    }
    case 'int':
      return minus(String(Math.round(value)));
    case 'fixed1':
      return minus(value.toFixed(1));
    case 'fixed2':
      return minus(value.toFixed(2));
    case 'decades':
      return String(Math.round(Math.log10(Math.abs(value))));
    default:
      throw new Error(`unknown quote format "${format}"`);
  }
}

// The arithmetic quotes (data-quote="pow:0.25:10", "sqrt:32"), which the prose states and a test
// recomputes; the page itself leaves them as written. Returns null for the core's kinds.
export function arithmeticQuote(kind, args) {
  if (kind === 'pow') return Number(args[0]) ** Number(args[1]);
  if (kind === 'sqrt') return Math.sqrt(Number(args[0]));
  return null;
}
