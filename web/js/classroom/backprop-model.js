// The steps of one traced training step (the core's graph_trace result), in the order the reader
// walks them: forward node by node from the input to the loss, then backward from the loss to W[1].
// Pure layout: every number comes from the trace; this file only picks which ones to show where.

// Node columns of the drawn graph: the input, z and a of each hidden layer, the logit ŷ, the loss.
export function graphColumns(trace) {
  const depth = trace.layers.length - 1;
  const columns = [{ kind: 'x', units: trace.input_dim }];
  for (let l = 1; l <= depth; l += 1) {
    columns.push({ kind: 'z', layer: l, units: trace.layers[l - 1].out });
    columns.push({ kind: 'a', layer: l, units: trace.layers[l - 1].out });
  }
  columns.push({ kind: 'logit', layer: depth + 1, units: trace.output_dim });
  columns.push({ kind: 'loss', units: 1 });
  return columns;
}

// Each step names its phase and the column it lights; `factor` marks the backward steps that
// multiply a local derivative into the chain for ∂L/∂W[1].
export function buildSteps(trace) {
  const columns = graphColumns(trace);
  const depth = trace.layers.length - 1;
  const steps = columns.map((column, index) => ({ phase: 'forward', column: index, ...column }));
  const backward = [...columns].map((column, index) => ({ column, index })).reverse();
  for (const { column, index } of backward) {
    if (column.kind === 'x') continue;
    const factor = column.kind === 'loss' ? null
      : column.kind === 'logit' ? 'dlogit'
        : column.kind === 'a' ? 'weight'
          : 'dphi';
    steps.push({ phase: 'backward', column: index, factor, ...column });
  }
  steps.push({ phase: 'backward', column: 0, kind: 'dW', layer: 1, factor: 'input' });
  return { columns, steps, depth };
}

// Value of unit u, example e, in a units x examples array of the trace.
export function at(values, unit, example, examples) {
  return values[unit * examples + example];
}

// The forward value and (once reached backward) the accumulated gradient of column `column`'s unit
// `unit` for example `example`: { value, grad } (grad undefined when not yet computed).
export function nodeNumbers(trace, column, unit, example) {
  const n = trace.examples;
  switch (column.kind) {
    case 'x': return { value: at(trace.inputs, unit, example, n) };
    case 'z': {
      const layer = trace.layers[column.layer - 1];
      return { value: at(layer.z, unit, example, n), grad: at(layer.dz, unit, example, n) };
    }
    case 'a': {
      const layer = trace.layers[column.layer - 1];
      return { value: at(layer.a, unit, example, n), grad: at(layer.da, unit, example, n) };
    }
    case 'logit': {
      const layer = trace.layers[trace.layers.length - 1];
      return { value: at(layer.z, unit, example, n), grad: at(trace.dlogits, unit, example, n) };
    }
    case 'loss': return { value: trace.loss, grad: 1 };
    default: return { value: undefined };
  }
}

// Index of the step at which column `column` receives its gradient (backward), or Infinity.
export function gradientStepOf(steps, column) {
  const index = steps.findIndex((step) => step.phase === 'backward' && step.column === column && step.kind !== 'dW');
  return index < 0 ? Infinity : index;
}
