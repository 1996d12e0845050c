// Formulas typeset at build time (web/tools/prerender-math.mjs), where MathML Core on its own falls
// short of TeX: the thin spaces around a function name, a minus after another operator set as a
// sign, a norm's bars unspaced, primes written after their letter, \mathbb and \mathcal letters as
// Unicode math letters, and display formulas in parts that wrap on a narrow screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayParts, prerenderMath } from '../../web/tools/prerender-math.mjs';

const APPLY = '\u2061';
const mathml = (tex) => prerenderMath(tex).html;

test('a function name between two letters is spaced on both sides', () => {
  assert.ok(mathml('\\(y\\log p\\)').includes(`<mi>y</mi><mi class="fn-spaced">log</mi><mo rspace="0.1667em">${APPLY}</mo><mi>p</mi>`));
});

test('a number after a function name is spaced from it', () => {
  assert.ok(mathml('\\(\\ln 2\\)').includes(`<mi>ln</mi><mo rspace="0.1667em">${APPLY}</mo><mn>2</mn>`));
});

test('a closing bracket or a subscripted atom before a function name is spaced from it', () => {
  assert.ok(mathml('\\((1-y)\\log(1-p)\\)').includes('<mo stretchy="false">)</mo><mi class="fn-spaced">log</mi>'));
  assert.ok(mathml('\\(n_{\\text{in}}\\operatorname{Var}(w)\\)').includes('</msub><mi class="fn-spaced" mathvariant="normal">Var</mi>'));
});

test('no space next to an opening bracket, an operator or the start of the formula', () => {
  for (const tex of ['\\(\\max(0, z)\\)', '\\(g \\cdot \\min(1, x)\\)', '\\(1 - \\tanh^2(x)\\)', '\\(\\log(1-p)\\)']) {
    const out = mathml(tex);
    assert.ok(!out.includes('fn-spaced') && !out.includes('rspace="0.1667em"'), `${tex}: ${out}`);
  }
});

test('a minus after an operator or an opening bracket is a sign; after an operand or a closing bracket it subtracts', () => {
  const out = mathml('\\(L = -y - (-1) - (1-p)\\)');
  assert.ok(out.includes('<mo>=</mo><mo form="prefix">\u2212</mo><mi>y</mi>'), out);
  assert.ok(out.includes('<mo stretchy="false">(</mo><mo form="prefix">\u2212</mo><mn>1</mn>'), out);
  assert.ok(out.includes('<mi>y</mi><mo>\u2212</mo><mo stretchy="false">(</mo>'), out);
  assert.ok(out.includes('<mo stretchy="false">)</mo><mo>\u2212</mo>'), out);
  assert.ok(out.includes('<mn>1</mn><mo>\u2212</mo><mi>p</mi>'), out);
});

test("a norm's bars are delimiters, not the spaced relation 'parallel to'", () => {
  const BAR = '<mo stretchy="false" lspace="0em" rspace="0em">\u2225</mo>';
  assert.equal(mathml('\\(\\lVert g \\rVert\\)'), `<math>${BAR}<mi>g</mi>${BAR}</math>`);
});

test('a prime follows its letter or function name at full size instead of a raised superscript', () => {
  const PRIME = '<mo mathvariant="normal" lspace="0em" rspace="0em">\u2032</mo>';
  assert.equal(mathml('\\(\\sigma\'(x)\\)'), `<math><mi>σ</mi>${PRIME}<mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo></math>`);
  assert.ok(mathml('\\(\\operatorname{ReLU}\'(z)\\)').startsWith(`<math><mi mathvariant="normal">ReLU</mi>${PRIME}<mo>${APPLY}</mo>`));
  // a prime that shares its superscript with an exponent stays a superscript
  assert.ok(mathml("\\(x'^2\\)").includes('<msup><mi>x</mi><mrow>'));
});

test('double-struck and script capitals are the Unicode math letters (MathML Core ignores mathvariant)', () => {
  assert.ok(mathml('\\(\\mathbb{E}_{z\\sim\\mathcal N(0,1)}\\)').startsWith('<math><msub><mi>\u{1d53c}</mi><mrow><mi>z</mi><mo>\u223c</mo><mi>\u{1d4a9}</mi>'));
  // letters Unicode had encoded before the mathematical alphanumerics block
  assert.equal(mathml('\\(\\mathbb{R}\\mathcal{L}\\)'), '<math><mi>\u211d</mi><mi>\u2112</mi></math>');
  assert.throws(() => mathml('\\(\\mathbf{x}\\)'), /no bold letters/);
});

test('a display formula breaks into parts at \\allowbreak, each a <math> of its own', () => {
  assert.deepEqual(displayParts('a = b \\allowbreak = c \\allowbreak - d'), ['a = b ', ' = c ', ' - d']);
  assert.deepEqual(displayParts('a = \\allowbreakfoo'), ['a = \\allowbreakfoo']);  // another control word
  const out = mathml('\\[ a = b \\allowbreak = c \\allowbreak - d \\]');
  assert.equal(out, '<span class="math-display math-parts">'
    + '<math display="block"><mi>a</mi><mo>=</mo><mi>b</mi></math>'
    + '<math display="block"><mo form="infix">=</mo><mi>c</mi></math>'
    + '<math display="block"><mo form="infix">\u2212</mo><mi>d</mi></math></span>');
  assert.equal(mathml('\\[ a = b \\]'), '<span class="math-display"><math display="block"><mi>a</mi><mo>=</mo><mi>b</mi></math></span>');
});

test('an \\allowbreak inside a group, an environment or \\left…\\right stops the build', () => {
  for (const tex of ['{a \\allowbreak = b}', '\\begin{cases} a \\allowbreak & b \\end{cases}', '\\left( a \\allowbreak = b \\right)']) {
    assert.throws(() => displayParts(tex), /top level/, tex);
  }
  assert.deepEqual(displayParts('\\{a\\} \\allowbreak = b'), ['\\{a\\} ', ' = b']);  // escaped braces are not a group
});
