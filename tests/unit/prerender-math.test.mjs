// Formulas typeset at build time (web/tools/prerender-math.mjs): the thin spaces TeX puts around a
// function name, and a minus after another operator set as a sign, neither of which MathML Core
// does by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prerenderMath } from '../../web/tools/prerender-math.mjs';

const THIN = '<mspace width="0.1667em"/>';
const APPLY = '<mo>\u2061</mo>';
const mathml = (tex) => prerenderMath(tex).html;

test('a function name between two letters is spaced on both sides', () => {
  assert.ok(mathml('\\(y\\log p\\)').includes(`<mi>y</mi>${THIN}<mi>log</mi>${APPLY}${THIN}<mi>p</mi>`));
});

test('a number after a function name is spaced from it', () => {
  assert.ok(mathml('\\(\\ln 2\\)').includes(`<mi>ln</mi>${APPLY}${THIN}<mn>2</mn>`));
});

test('a closing bracket or a subscripted atom before a function name is spaced from it', () => {
  assert.ok(mathml('\\((1-y)\\log(1-p)\\)').includes(`<mo stretchy="false">)</mo>${THIN}<mi>log</mi>`));
  assert.ok(mathml('\\(n_{\\text{in}}\\operatorname{Var}(w)\\)').includes(`</msub>${THIN}<mi mathvariant="normal">Var</mi>`));
});

test('no space next to an opening bracket, an operator or the start of the formula', () => {
  for (const tex of ['\\(\\max(0, z)\\)', '\\(g \\cdot \\min(1, x)\\)', '\\(1 - \\tanh^2(x)\\)', '\\(\\log(1-p)\\)']) {
    assert.ok(!mathml(tex).includes('<mspace width="0.1667em"/>'), tex);
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
