// A strip of cells, one per value (the live strip's layers, input side on the left), brighter where
// the value is larger on a fixed log scale: dark at 10^LOG_DARK or less, bright at 10^LOG_BRIGHT or
// more; a value that is not finite is drawn orange. Painted by the engine's worker into the strip's
// canvases (engine-worker.js imports this file: paintCanvas), so no frame of the page's main
// thread is spent on them, and by the page itself where a canvas cannot be handed to a worker.
// No imports: the worker loads this file on its own.
const LOG_DARK = -10;
const LOG_BRIGHT = 0;
const NOT_FINITE = '#d55e00';

function cellColour(value) {
  if (!Number.isFinite(value)) return NOT_FINITE;
  const share = value > 0 ? Math.min(1, Math.max(0, (Math.log10(value) - LOG_DARK) / (LOG_BRIGHT - LOG_DARK))) : 0;
  return `hsl(${Math.round(250 - share * 200)} 70% ${Math.round(12 + share * 58)}%)`;
}

// The cells across the whole canvas (its size in device pixels), `gap` device pixels apart.
export function paintCellStrip(context, width, height, values, gap) {
  context.clearRect(0, 0, width, height);
  const cell = (width - gap * (values.length - 1)) / Math.max(1, values.length);
  values.forEach((value, index) => {
    context.fillStyle = cellColour(value);
    context.fillRect(Math.round(index * (cell + gap)), 0, Math.max(1, Math.round(cell)), height);
  });
}
