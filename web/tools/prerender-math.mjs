// Typesets a page's formulas at build time (build-dist.mjs), so the shipped pages carry finished
// MathML instead of TeX that KaTeX's auto-render would typeset on the reader's main thread.
// The same delimiters as the runtime path in web/js/main.js: \( … \) inline, \[ … \] display.
// MathML rather than KaTeX's HTML output: a fifth of the elements (303 formulas: ~2,700 instead of
// ~12,700), no KaTeX script, stylesheet or fonts to load, and every browser that runs the engine's
// WebAssembly lays MathML out natively (Chromium 109+, Firefox, Safari) and reads it aloud.
import katex from 'katex';

const FORMULA = /\\\[([\s\S]*?)\\\]|\\\(([\s\S]*?)\\\)/g;
// Elements whose text is never maths.
const RAW_TEXT = /^<(script|style|textarea|noscript)\b/i;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') return String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// A browser lays MathML out by MathML Core, which spaces operators (<mo>) and nothing else, so a
// function name from KaTeX (\log, \ln, \operatorname{Var}: an <mi> and an invisible function
// application, U+2061) sits flush against its neighbours: "y log p" shows as "ylogp", "ln 2" as
// "ln2". TeX puts a thin space between a function name and an ordinary neighbour (a letter, a number,
// a sub- or superscripted atom, a closing bracket) and none next to an opening bracket or an
// operator. Those spaces are written as attributes, not elements (the page counts its elements):
// the space before, as the class fn-spaced (article.css: a margin), the space after, as the
// function application's rspace.
const FUNCTION_NAME_AFTER_ORDINARY = /(<\/mi>|<\/mn>|<\/msub>|<\/msup>|<\/msubsup>|<mo stretchy="false">[)\]]<\/mo>)<mi((?: [^>]*)?>[^<]+<\/mi><mo>\u2061<\/mo>)/g;
const APPLICATION_BEFORE_ORDINARY = /<mo>\u2061<\/mo>(?=<mi[ >]|<mn[ >])/g;

// Likewise a sign: MathML Core takes a minus or plus that follows another operator ("= −y",
// "(−x", "−[…]" after "=") for a binary one, spaced as in "a − b"; TeX sets it as a sign, close
// to what it signs. form="prefix" says which it is (after a closing bracket it stays binary).
const SIGN_AFTER_OPERATOR = /(<mo(?: [^>]*)?>[^<)\]}|\u2016\u27e9]<\/mo>)<mo>([\u2212+])<\/mo>/g;
// And a norm's bars: KaTeX writes \lVert and \rVert as ∥ (U+2225), a relation ("parallel to") in
// MathML Core's operator dictionary, spaced as one: "∥ g ∥". TeX sets them as delimiters, unspaced.
const NORM_BAR = /<mo stretchy="false">\u2225<\/mo>/g;

function spaceOperators(mathml) {
  return mathml
    .replace(FUNCTION_NAME_AFTER_ORDINARY, '$1<mi class="fn-spaced"$2')
    .replace(APPLICATION_BEFORE_ORDINARY, '<mo rspace="0.1667em">\u2061</mo>')
    .replace(SIGN_AFTER_OPERATOR, '$1<mo form="prefix">$2</mo>')
    .replace(NORM_BAR, '<mo stretchy="false" lspace="0em" rspace="0em">\u2225</mo>');
}

// A prime (σ′, φ′, ReLU′) comes from KaTeX as a superscript: the prime glyph at script size, raised.
// The glyph is drawn raised already; only a math font with script-size prime variants (the 'ssty'
// feature) keeps it from sitting high above the letter, and common ones (DejaVu Math TeX Gyre) have
// none. Written after its letter at full size instead, it sits as a text prime does, in any font.
const PRIMED_LETTER = /<msup>(<mi(?: [^>]*)?>[^<]+<\/mi>)(<mo(?: [^>]*)?>[\u2032\u2033\u2034]<\/mo>)<\/msup>/g;
const PRIMED_FUNCTION = /<msup><mrow>(<mi(?: [^>]*)?>[^<]+<\/mi>)(<mo>\u2061<\/mo>)<\/mrow>(<mo(?: [^>]*)?>[\u2032\u2033\u2034]<\/mo>)<\/msup>/g;

function inlinePrimes(mathml) {
  return mathml.replace(PRIMED_LETTER, '$1$2').replace(PRIMED_FUNCTION, '$1$3$2');
}

// KaTeX marks \mathbb and \mathcal letters with mathvariant, which MathML Core ignores but for
// "normal": the expectation's 𝔼 showed as an italic E, the normal distribution's 𝒩 as an N. The
// letters are written as the Unicode mathematical alphanumerics instead (capitals: the alphabet's
// first code point, and the letters Unicode had encoded before, in the Letterlike Symbols block).
// A variant without an alphabet here stops the build rather than ship unstyled.
const MATH_ALPHABETS = {
  'double-struck': { first: 0x1d538, before: { C: 0x2102, H: 0x210d, N: 0x2115, P: 0x2119, Q: 0x211a, R: 0x211d, Z: 0x2124 } },
  script: { first: 0x1d49c, before: { B: 0x212c, E: 0x2130, F: 0x2131, H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b } },
};
const STYLED_IDENTIFIER = /<mi mathvariant="(?!normal")([a-z-]+)">([^<]*)<\/mi>/g;

function styledLetters(mathml) {
  return mathml.replace(STYLED_IDENTIFIER, (whole, variant, text) => {
    const alphabet = MATH_ALPHABETS[variant];
    if (!alphabet || !/^[A-Z]+$/.test(text)) throw new Error(`no ${variant} letters for "${text}" (prerender-math.mjs, MATH_ALPHABETS)`);
    const letters = [...text].map((letter) => String.fromCodePoint(alphabet.before[letter] ?? alphabet.first + letter.charCodeAt(0) - 65));
    return `<mi>${letters.join('')}</mi>`;
  });
}

// A display formula marks where it may wrap on a narrow screen with \allowbreak, at its top level.
// MathML Core never breaks a formula across lines, so each part is typeset as a <math> of its own and
// the parts flow in a wrapping row (article.css, .math-parts): one line on a wide screen, several on
// a phone, where the whole formula could only scroll sideways. Returns the parts' TeX.
const ALLOW_BREAK = /\\allowbreak(?![A-Za-z])/g;

export function displayParts(tex) {
  const parts = [];
  let from = 0;
  for (const match of tex.matchAll(ALLOW_BREAK)) {
    const before = tex.slice(0, match.index);
    const depth = (before.match(/(?<!\\)\{/g) ?? []).length - (before.match(/(?<!\\)\}/g) ?? []).length;
    const open = (pattern) => (before.match(pattern) ?? []).length;
    if (depth !== 0 || open(/\\begin\{/g) !== open(/\\end\{/g) || open(/\\left(?![A-Za-z])/g) !== open(/\\right(?![A-Za-z])/g)) {
      throw new Error('\\allowbreak inside a group: a display formula breaks only at its top level');
    }
    parts.push(tex.slice(from, match.index));
    from = match.index + match[0].length;
  }
  parts.push(tex.slice(from));
  return parts;
}

// One formula as MathML: KaTeX's <math> without the wrappers a browser does not need (the
// .katex span, <semantics> with the TeX <annotation>, the outermost <mrow>: <math> is one itself).
// A part that continues a display formula starts with the operator it was broken before, which
// MathML Core would take for a sign (the first operator of a formula): form="infix" keeps it binary.
function mathElement(tex, displayMode, continuesFormula = false) {
  const rendered = katex.renderToString(tex, { displayMode, output: 'mathml', throwOnError: true, strict: 'ignore' });
  const math = styledLetters(inlinePrimes(spaceOperators(rendered.match(/<math[\s\S]*<\/math>/)[0]
    .replace(/<semantics><mrow>([\s\S]*)<\/mrow><annotation[\s\S]*?<\/annotation><\/semantics>/, '$1')
    .replace(/<semantics>([\s\S]*)<annotation[\s\S]*?<\/annotation><\/semantics>/, '$1')
    .replace(' xmlns="http://www.w3.org/1998/Math/MathML"', ''))));
  return continuesFormula ? math.replace(/^(<math[^>]*>)<mo>/, '$1<mo form="infix">') : math;
}

// Display formulas keep a block wrapper that scrolls on its own on a narrow screen when even a part
// is wider than it.
function formulaMathml(tex, displayMode) {
  if (!displayMode) return mathElement(tex, false);
  const parts = displayParts(tex);
  if (parts.length === 1) return `<span class="math-display">${mathElement(tex, true)}</span>`;
  return `<span class="math-display math-parts">${parts.map((part, i) => mathElement(part, true, i > 0)).join('')}</span>`;
}

// Returns { html, count }: every formula outside raw-text elements replaced by its MathML. A formula
// KaTeX cannot parse stops the build with its source (it would otherwise ship as red TeX).
export function prerenderMath(html) {
  let count = 0;
  const parts = html.split(/(<[^>]*>)/);
  let rawUntil = null;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    if (i % 2 === 1) {  // a tag
      if (rawUntil) {
        if (part.toLowerCase().startsWith(rawUntil)) rawUntil = null;
      } else {
        const raw = part.match(RAW_TEXT);
        if (raw) rawUntil = `</${raw[1].toLowerCase()}`;
      }
      continue;
    }
    if (rawUntil || !part.includes('\\')) continue;
    parts[i] = part.replace(FORMULA, (whole, display, inline) => {
      count += 1;
      const tex = decodeEntities(display ?? inline);
      try {
        return formulaMathml(tex, display !== undefined);
      } catch (error) {
        throw new Error(`formula ${whole.slice(0, 80)}: ${error.message}`);
      }
    });
  }
  return { html: parts.join(''), count };
}

// The page's runtime typesetting, no longer needed once its formulas are MathML: KaTeX's
// stylesheet and scripts (main.js skips typesetting when auto-render is absent).
export function withoutRuntimeKatex(html) {
  return html.replace(/[ \t]*<(?:link|script)\b[^>]*vendor\/katex\/[^>]*>(?:\s*<\/script>)?[ \t]*\n?/gi, '');
}
