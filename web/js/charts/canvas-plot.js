// A canvas that keeps its backing store matched to its CSS size and the device pixel ratio, with a
// plot rectangle inside margins for hand-drawn heatmaps (./raster.js), and a hover tooltip
// (textContent only).
import { canvasFont } from './canvas-text.js';

export function createCanvasPlot(parent, { height = 220, margins: givenMargins = { left: 46, right: 10, top: 8, bottom: 24 },
  onResize, onHover }) {
  const margins = { ...givenMargins };
  const wrap = document.createElement('div');
  wrap.className = 'vg-pg-canvas-plot';
  if (height) wrap.style.height = `${height}px`;  // else the stylesheet sizes it (e.g. square)
  const canvas = document.createElement('canvas');
  const tooltip = document.createElement('div');
  tooltip.className = 'vg-pg-tooltip';
  tooltip.hidden = true;
  wrap.append(canvas, tooltip);
  parent.append(wrap);
  const context = canvas.getContext('2d');
  const plot = { canvas, context, wrap, width: 0, height: 0, ratio: 1, margins,
    area: { x: 0, y: 0, width: 0, height: 0 } };

  function resize(notify = true, force = false) {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, wrap.clientWidth);
    const cssHeight = Math.max(1, wrap.clientHeight);
    if (!force && width === plot.width && cssHeight === plot.height && ratio === plot.ratio) return;
    plot.width = width;
    plot.height = cssHeight;
    plot.ratio = ratio;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(cssHeight * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${cssHeight}px`;
    plot.area = {
      x: margins.left,
      y: margins.top,
      width: Math.max(1, width - margins.left - margins.right),
      height: Math.max(1, cssHeight - margins.top - margins.bottom),
    };
    if (notify && onResize) onResize();
  }
  const observer = new ResizeObserver(() => resize());
  observer.observe(wrap);
  resize(false);  // the owner draws once it is set up; later size changes redraw through onResize

  function hide() {
    tooltip.hidden = true;
  }
  canvas.addEventListener('pointermove', (event) => {
    if (!onHover) return;
    const bounds = canvas.getBoundingClientRect();
    const x = event.clientX - bounds.left;
    const y = event.clientY - bounds.top;
    const { area } = plot;
    const inside = x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height;
    const text = inside ? onHover((x - area.x) / area.width, (y - area.y) / area.height) : '';
    if (!text) {
      hide();
      return;
    }
    tooltip.textContent = text;
    tooltip.hidden = false;
    const left = Math.min(x + 12, plot.width - tooltip.offsetWidth - 4);
    tooltip.style.left = `${Math.max(0, left)}px`;
    tooltip.style.top = `${Math.max(0, y - tooltip.offsetHeight - 8)}px`;
  });
  canvas.addEventListener('pointerleave', hide);

  // Starts a frame in CSS pixels: clears and scales for the device pixel ratio.
  plot.begin = () => {
    context.setTransform(plot.ratio, 0, 0, plot.ratio, 0, 0);
    context.clearRect(0, 0, plot.width, plot.height);
    context.font = canvasFont();
    context.fillStyle = '#334155';
  };
  plot.destroy = () => observer.disconnect();
  plot.resize = resize;
  // Moves the plot rectangle's left and right edges (e.g. to line up with a chart drawn below).
  plot.setHorizontalMargins = (left, right) => {
    if (left === margins.left && right === margins.right) return;
    margins.left = left;
    margins.right = right;
    resize(true, true);
  };
  return plot;
}
