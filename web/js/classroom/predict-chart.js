// The predict widget's chart: per-hidden-layer gradient relative to the last hidden layer, on a log
// axis (decades), in SVG. The reader draws the guess with a pointer (drag across layers) or the
// keyboard (←/→ choose a layer, ↑/↓ move it half a decade, Shift for two); the last layer is the
// reference and stays at 10⁰. The measured curve, once revealed, is drawn over the guess.
const SVG = 'http://www.w3.org/2000/svg';
// One SVG unit is one CSS pixel: the chart takes its host's width (within these bounds), so its
// labels keep their size from a phone to a desktop.
const MIN_WIDTH = 300;
const MAX_WIDTH = 760;
const HEIGHT = 320;
const PAD = { left: 52, right: 12, top: 12, bottom: 34 };
const TENTHS = 10;  // the guess is kept in tenths of a decade

function svgElement(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
export const decadeLabel = (value) => `10${[...String(Math.round(value * 10) / 10)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;

// The decade grid with its 10ⁿ ticks, the layer numbers and the x axis title, as SVG elements.
function axisParts({ width, plotW, range, layers, xOf, yOf, title }) {
  const parts = [];
  for (let decade = Math.ceil(range.min / 4) * 4; decade <= range.max; decade += 4) {
    parts.push(svgElement('line', { x1: PAD.left, x2: width - PAD.right, y1: yOf(decade), y2: yOf(decade), class: decade === 0 ? 'pr-grid pr-grid-zero' : 'pr-grid' }));
    parts.push(svgElement('text', { x: PAD.left - 6, y: yOf(decade) + 4, class: 'pr-tick', 'text-anchor': 'end' }, decadeLabel(decade)));
  }
  // Layer labels about every 45 px; the last layer always, and no label crowding it.
  const last = layers - 1;
  const every = Math.max(1, Math.ceil(layers / Math.max(4, Math.floor(plotW / 45))));
  for (let layer = 0; layer <= last; layer += 1) {
    if (layer !== last && (layer % every !== 0 || last - layer < every * 0.6)) continue;
    parts.push(svgElement('text', { x: xOf(layer), y: HEIGHT - PAD.bottom + 16, class: 'pr-tick', 'text-anchor': 'middle' }, String(layer + 1)));
  }
  parts.push(svgElement('text', { x: PAD.left + plotW / 2, y: HEIGHT - 4, class: 'pr-axis-title', 'text-anchor': 'middle' }, title));
  return parts;
}

// Sets guess[from … to] on the straight line from fromValue to toValue (clamped), except the last
// layer: the reference stays at 10⁰.
function fillBetween(guess, from, fromValue, to, toValue, clamp) {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  for (let l = lo; l <= hi; l += 1) {
    if (l === guess.length - 1) continue;
    const share = hi === lo ? 1 : (l - from) / (to - from);
    guess[l] = clamp(fromValue + (toValue - fromValue) * share);
  }
}

// host: an element; range: { min, max } decades; onChange(guess) after every edit.
export function createPredictChart(host, { range, label, onChange }) {
  const svg = svgElement('svg', { class: 'pr-svg', tabindex: '0', role: 'application' });
  host.append(svg);
  let width = MAX_WIDTH;
  let guess = [];
  let measured = null;
  let cursor = 0;
  let drawing = false;
  let lastLayer = null;

  const plotH = HEIGHT - PAD.top - PAD.bottom;
  let plotW = width - PAD.left - PAD.right;
  const xOf = (layer) => PAD.left + (guess.length > 1 ? (layer / (guess.length - 1)) * plotW : plotW / 2);
  const yOf = (decade) => PAD.top + ((range.max - decade) / (range.max - range.min)) * plotH;
  // Whole tenths as n / 10 (not n * 0.1), the same numbers a link's guess decodes to.
  const clampDecade = (value) => Math.min(range.max, Math.max(range.min, Math.round(value * TENTHS) / TENTHS));

  function pathOf(values) {
    return values.map((value, layer) => `${layer ? 'L' : 'M'}${xOf(layer).toFixed(1)},${yOf(value).toFixed(1)}`).join(' ');
  }

  const fittedWidth = () => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(host.clientWidth) || MAX_WIDTH));

  function render() {
    width = fittedWidth();
    plotW = width - PAD.left - PAD.right;
    svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    const parts = axisParts({ width, plotW, range, layers: guess.length, xOf, yOf, title: label.x });
    parts.push(svgElement('path', { d: pathOf(guess), class: 'pr-guess' }));
    guess.forEach((value, layer) => {
      parts.push(svgElement('circle', { cx: xOf(layer), cy: yOf(value), r: layer === cursor ? 6 : 3, class: layer === cursor ? 'pr-guess-dot pr-cursor' : 'pr-guess-dot' }));
    });
    if (measured) {
      parts.push(svgElement('path', { d: pathOf(measured), class: 'pr-measured' }));
      measured.forEach((value, layer) => parts.push(svgElement('circle', { cx: xOf(layer), cy: yOf(value), r: 3, class: 'pr-measured-dot' })));
    }
    svg.replaceChildren(...parts);
    svg.setAttribute('aria-label', label.aria(cursor + 1, guess[cursor] ?? 0));
  }

  // The layer and decade under a pointer event, in chart coordinates.
  function pointAt(event) {
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * width;
    const y = ((event.clientY - box.top) / box.height) * HEIGHT;
    const layer = Math.round(((x - PAD.left) / plotW) * (guess.length - 1));
    const decade = range.max - ((y - PAD.top) / plotH) * (range.max - range.min);
    return { layer: Math.min(guess.length - 1, Math.max(0, layer)), decade: clampDecade(decade) };
  }

  // Sets layers between the previous pointer position and this one, so a fast drag leaves no gaps.
  function paint({ layer, decade }) {
    const from = lastLayer ?? layer;
    fillBetween(guess, from, lastLayer === null ? decade : guess[from], layer, decade, clampDecade);
    lastLayer = layer;
    cursor = Math.min(layer, guess.length - 2);
    render();
    onChange(guess.slice());
  }

  svg.addEventListener('pointerdown', (event) => {
    if (!guess.length) return;
    drawing = true;
    lastLayer = null;
    svg.setPointerCapture?.(event.pointerId);
    paint(pointAt(event));
    event.preventDefault();
  });
  svg.addEventListener('pointermove', (event) => {
    if (drawing) paint(pointAt(event));
  });
  const stop = () => { drawing = false; lastLayer = null; };
  svg.addEventListener('pointerup', stop);
  const resizeObserver = new ResizeObserver(() => {
    if (fittedWidth() !== width) render();
  });
  resizeObserver.observe(host);
  svg.addEventListener('pointercancel', stop);

  svg.addEventListener('keydown', (event) => {
    const last = guess.length - 2;
    const big = event.shiftKey ? 2 : 0.5;
    const moves = {
      ArrowLeft: () => { cursor = Math.max(0, cursor - 1); },
      ArrowRight: () => { cursor = Math.min(last, cursor + 1); },
      Home: () => { cursor = 0; },
      End: () => { cursor = last; },
      ArrowUp: () => { guess[cursor] = clampDecade(guess[cursor] + big); },
      ArrowDown: () => { guess[cursor] = clampDecade(guess[cursor] - big); },
    };
    if (!moves[event.key] || last < 0) return;
    event.preventDefault();
    moves[event.key]();
    render();
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') onChange(guess.slice());
  });

  return {
    setGuess(values) {
      guess = values.slice();
      guess[guess.length - 1] = 0;
      cursor = Math.min(cursor, Math.max(0, guess.length - 2));
      render();
    },
    setMeasured(values) {
      measured = values ? Array.from(values) : null;
      render();
    },
    relabel(newLabel) {
      Object.assign(label, newLabel);
      render();
    },
    get guess() { return guess.slice(); },
    destroy() { resizeObserver.disconnect(); },
  };
}
