// The text of the current step's formula with its live numbers, and the chips of the chain-rule
// product for ∂L/∂W[1]ᵢⱼ. Only formatting: every number is read from the core's trace.
import { t } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import { at } from './backprop-model.js';

const SUBSCRIPTS = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
export const sub = (index) => String(index).split('').map((digit) => SUBSCRIPTS[Number(digit)]).join('');
const num = (value) => formatNumber(value, 4);
const paren = (value) => `(${num(value)})`;

// Names of a column's node, e.g. z[2], a[2], ŷ, L, x.
export function nodeName(column) {
  switch (column.kind) {
    case 'x': return 'x';
    case 'z': return `z[${column.layer}]`;
    case 'a': return `a[${column.layer}]`;
    case 'logit': return 'ŷ';
    case 'loss': return 'L';
    default: return 'W[1]';
  }
}

// The input of layer `layer` (1-based; depth + 1 is the output layer) for example e: a[l−1] or x.
function layerInput(trace, layer, unit, example) {
  return layer === 1 ? at(trace.inputs, unit, example, trace.examples)
    : at(trace.layers[layer - 2].a, unit, example, trace.examples);
}

function inputName(layer) {
  return layer === 1 ? 'x' : `a[${layer - 1}]`;
}

function denseLines(trace, layer, example, name) {
  const dense = trace.layers[layer - 1];
  const lines = [`${name} = W[${layer}] · ${inputName(layer)} + b[${layer}]`];
  for (let i = 0; i < dense.out; i += 1) {
    const terms = [];
    for (let k = 0; k < dense.in; k += 1) terms.push(`${paren(dense.W[i * dense.in + k])}${paren(layerInput(trace, layer, k, example))}`);
    const unitName = dense.out > 1 ? `${name}${sub(i + 1)}` : name;
    lines.push(`${unitName} = ${terms.join(' + ')} + ${paren(dense.b[i])} = ${num(at(dense.z, i, example, trace.examples))}`);
  }
  return lines;
}

// Formula lines of `step` for example `example`; `tracked` = { i, j } picks the entry of W[1].
export function formulaLines(trace, step, example, activationLabel, tracked) {
  const n = trace.examples;
  const depth = trace.layers.length - 1;
  const label = trace.labels[example];
  if (step.kind === 'dW') {
    const { i, j } = tracked;
    const first = trace.layers[0];
    const terms = [];
    for (let e = 0; e < n; e += 1) terms.push(`${paren(at(first.dz, i, e, n))}${paren(at(trace.inputs, j, e, n))}`);
    return [
      `∂L/∂W[1]${sub(i + 1)}${sub(j + 1)} = Σₑ ∂L/∂z[1]${sub(i + 1)} · x${sub(j + 1)} = ${terms.join(' + ')} = ${num(first.dW[i * first.in + j])}`,
      t('bp.formula.core', { value: formatNumber(trace.network_dW_first[i * first.in + j], 10) }),
    ];
  }
  if (step.phase === 'forward') {
    switch (step.kind) {
      case 'x': return [t('bp.formula.input', {
        x: Array.from({ length: trace.input_dim }, (_, k) => num(at(trace.inputs, k, example, n))).join(', '), y: label,
      })];
      case 'z': return denseLines(trace, step.layer, example, `z[${step.layer}]`);
      case 'a': {
        const layer = trace.layers[step.layer - 1];
        const lines = [`a[${step.layer}] = φ(z[${step.layer}]),  φ = ${activationLabel}`];
        for (let i = 0; i < layer.out; i += 1) {
          const s = layer.out > 1 ? sub(i + 1) : '';
          lines.push(`a[${step.layer}]${s} = φ(${num(at(layer.z, i, example, n))}) = ${num(at(layer.a, i, example, n))}`);
        }
        return lines;
      }
      case 'logit': return denseLines(trace, depth + 1, example, 'ŷ');
      default: return [t('bp.formula.loss', { loss: num(trace.loss), count: n })];
    }
  }
  switch (step.kind) {
    case 'loss': return ['∂L/∂L = 1'];
    case 'logit': return [t('bp.formula.dlogit', {
      logit: num(at(trace.layers[depth].z, 0, example, n)), y: label, count: n, grad: num(at(trace.dlogits, 0, example, n)),
    })];
    case 'a': {
      const above = trace.layers[step.layer];
      const aboveName = step.layer === depth ? 'ŷ' : `z[${step.layer + 1}]`;
      const lines = [`∂L/∂a[${step.layer}] = W[${step.layer + 1}]ᵀ · ∂L/∂${aboveName}`];
      for (let i = 0; i < above.in; i += 1) {
        const terms = [];
        for (let k = 0; k < above.out; k += 1) terms.push(`${paren(above.W[k * above.in + i])}${paren(at(above.dz, k, example, n))}`);
        const s = above.in > 1 ? sub(i + 1) : '';
        lines.push(`∂L/∂a[${step.layer}]${s} = ${terms.join(' + ')} = ${num(at(trace.layers[step.layer - 1].da, i, example, n))}`);
      }
      return lines;
    }
    default: {  // z: multiply by φ′
      const layer = trace.layers[step.layer - 1];
      const lines = [`∂L/∂z[${step.layer}] = ∂L/∂a[${step.layer}] ⊙ φ′(z[${step.layer}])`];
      for (let i = 0; i < layer.out; i += 1) {
        const s = layer.out > 1 ? sub(i + 1) : '';
        lines.push(`∂L/∂z[${step.layer}]${s} = ${paren(at(layer.da, i, example, n))} · φ′(${num(at(layer.z, i, example, n))}) = ${paren(at(layer.da, i, example, n))}${paren(at(layer.dphi, i, example, n))} = ${num(at(layer.dz, i, example, n))}`);
      }
      return lines;
    }
  }
}

// A vector as text: one number, or [a, b, …].
function vectorText(values) {
  return values.length === 1 ? num(values[0]) : `[${values.map(num).join(', ')}]`;
}

function unitsOf(values, units, example, examples) {
  return Array.from({ length: units }, (_, u) => at(values, u, example, examples));
}

// One chip per local derivative multiplied in so far (backward steps up to `current`), for example
// `example` and the tracked entry: [{ text, small }] (small: every φ′ of the factor ≤ ¼).
export function chainChips(trace, steps, current, example, tracked) {
  const n = trace.examples;
  const chips = [];
  for (let index = 0; index <= current && index < steps.length; index += 1) {
    const step = steps[index];
    if (step.phase !== 'backward' || !step.factor) continue;
    if (step.factor === 'dlogit') {
      chips.push({ text: `∂L/∂ŷ = ${num(at(trace.dlogits, 0, example, n))}`, small: false });
    } else if (step.factor === 'weight') {
      const above = trace.layers[step.layer];
      const name = `W[${step.layer + 1}]`;
      chips.push({ text: above.W.length === 1 ? `× ${name} = ${num(above.W[0])}` : `× ${name}ᵀ`, small: false });
    } else if (step.factor === 'dphi') {
      const layer = trace.layers[step.layer - 1];
      const values = unitsOf(layer.dphi, layer.out, example, n);
      chips.push({ text: `× φ′(z[${step.layer}]) = ${vectorText(values)}`, small: values.every((value) => Math.abs(value) <= 0.25) });
    } else if (step.factor === 'input') {
      chips.push({ text: `× x${sub(tracked.j + 1)} = ${num(at(trace.inputs, tracked.j, example, n))}`, small: false });
    }
  }
  return chips;
}

// The running product after `step`: the gradient of the node the chain has reached, for example `example`.
export function runningProduct(trace, step, example) {
  const n = trace.examples;
  if (step.kind === 'logit') return unitsOf(trace.dlogits, trace.output_dim, example, n);
  if (step.kind === 'a') return unitsOf(trace.layers[step.layer - 1].da, trace.layers[step.layer - 1].out, example, n);
  if (step.kind === 'z') return unitsOf(trace.layers[step.layer - 1].dz, trace.layers[step.layer - 1].out, example, n);
  return null;
}

export { vectorText, num };
