// Draws the traced network as a computation graph in SVG: one column per node (x, z[l], a[l], ŷ, L),
// one box per unit showing its forward value once reached and its accumulated gradient ∂L/∂(node)
// once the backward pass has reached it; the edges whose local derivative the current step uses
// are drawn thick (orange when every φ′ on them is ≤ ¼, the factor that makes a sigmoid chain shrink).
import { formatNumber } from '../ui/format.js';
import { nodeNumbers, gradientStepOf, at } from './backprop-model.js';
import { nodeName, sub } from './backprop-formulas.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLUMN_GAP = 94;
const NODE_W = 82;
const NODE_H = 40;
const ROW_GAP = 54;
const TOP = 26;
const LEFT = 8;

function svgElement(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function unitY(units, unit, rows) {
  const offset = ((rows - units) * ROW_GAP) / 2;
  return TOP + offset + unit * ROW_GAP;
}

// The local derivative on the edge from column c−1's unit `from` to column c's unit `to` (example e),
// and whether it is a φ′ edge (one per unit) rather than a weight edge (all pairs).
function edgeFactor(trace, columns, c, from, to, example) {
  const column = columns[c];
  if (column.kind === 'a') {
    const layer = trace.layers[column.layer - 1];
    return from === to ? { value: at(layer.dphi, to, example, trace.examples), pointwise: true } : null;
  }
  if (column.kind === 'loss') return { value: at(trace.dlogits, from, example, trace.examples), pointwise: true };
  const dense = trace.layers[column.layer - 1];
  return { value: dense.W[to * dense.in + from], pointwise: false };
}

// The column pair (c−1, c) whose edges the step multiplies in, or null.
function activeEdgeColumn(step) {
  if (step.phase !== 'backward' || !step.factor) return null;
  if (step.factor === 'input') return 1;
  return step.column + 1;
}

export function drawGraph(host, { trace, columns, steps, current, example, tracked }) {
  const rows = Math.max(...columns.map((column) => column.units));
  const width = LEFT * 2 + (columns.length - 1) * COLUMN_GAP + NODE_W;
  const height = TOP + rows * ROW_GAP + 4;
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'bp-svg', 'aria-hidden': 'true' });
  const step = steps[current];
  const active = activeEdgeColumn(step);
  const centre = (c, u) => ({ x: LEFT + c * COLUMN_GAP + NODE_W / 2, y: unitY(columns[c].units, u, rows) + NODE_H / 2 });

  const edges = svgElement('g', { class: 'bp-edges' });
  const labels = svgElement('g', { class: 'bp-edge-labels' });
  for (let c = 1; c < columns.length; c += 1) {
    const passed = current >= gradientStepOf(steps, c - 1) || (c === 1 && step.kind === 'dW');
    for (let from = 0; from < columns[c - 1].units; from += 1) {
      for (let to = 0; to < columns[c].units; to += 1) {
        const factor = edgeFactor(trace, columns, c, from, to, example);
        if (!factor) continue;
        const a = centre(c - 1, from);
        const b = centre(c, to);
        const isActive = active === c && (step.factor !== 'input' || (to === tracked.i && from === tracked.j));
        const small = isActive && factor.pointwise && columns[c].kind === 'a' && Math.abs(factor.value) <= 0.25;
        edges.append(svgElement('line', {
          x1: a.x + NODE_W / 2, y1: a.y, x2: b.x - NODE_W / 2, y2: b.y,
          class: `bp-edge${passed ? ' bp-edge-passed' : ''}${isActive ? ' bp-edge-active' : ''}${small ? ' bp-edge-small' : ''}`,
        }));
        const labelled = isActive && step.factor !== 'input' && (factor.pointwise || columns[c - 1].units * columns[c].units <= 2);
        if (labelled) {
          labels.append(svgElement('text', {
            x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4, class: `bp-edge-label${small ? ' bp-edge-label-small' : ''}`, 'text-anchor': 'middle',
          }, formatNumber(factor.value, 3)));
        }
      }
    }
  }
  svg.append(edges);

  const nodes = svgElement('g', { class: 'bp-nodes' });
  columns.forEach((column, c) => {
    const x = LEFT + c * COLUMN_GAP;
    nodes.append(svgElement('text', { x: x + NODE_W / 2, y: 14, class: 'bp-column-label', 'text-anchor': 'middle' }, nodeName(column)));
    const reachedForward = current >= c;
    const reachedBackward = current >= gradientStepOf(steps, c);
    for (let u = 0; u < column.units; u += 1) {
      const y = unitY(column.units, u, rows);
      const isCurrent = step.column === c && step.kind !== 'dW';
      const isTracked = step.kind === 'dW' && c === 1 && u === tracked.i;
      const group = svgElement('g', { class: `bp-node bp-node-${column.kind}${isCurrent || isTracked ? ' bp-node-current' : ''}` });
      group.append(svgElement('rect', { x, y, width: NODE_W, height: NODE_H, rx: column.kind === 'loss' ? 20 : 6 }));
      const numbers = nodeNumbers(trace, column, u, example);
      const value = reachedForward ? formatNumber(numbers.value, 3) : '?';
      group.append(svgElement('text', { x: x + NODE_W / 2, y: y + 16, class: 'bp-node-value', 'text-anchor': 'middle' }, value));
      if (reachedBackward && numbers.grad !== undefined) {
        group.append(svgElement('text', { x: x + NODE_W / 2, y: y + 32, class: 'bp-node-grad', 'text-anchor': 'middle' }, `∂ ${formatNumber(numbers.grad, 2)}`));
      }
      if (column.units > 1) {
        group.append(svgElement('text', { x: x + 3, y: y - 2, class: 'bp-unit-label' }, sub(u + 1)));
      }
      nodes.append(group);
    }
  });
  svg.append(nodes, labels);
  host.replaceChildren(svg);

  // Keep the current column in view on narrow screens.
  const focusX = LEFT + step.column * COLUMN_GAP + NODE_W / 2;
  if (host.scrollWidth > host.clientWidth) host.scrollLeft = Math.max(0, focusX - host.clientWidth / 2);
}
