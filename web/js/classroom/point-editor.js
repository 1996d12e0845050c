// Editing a drawn data set on a canvas, by pointer and by keyboard, shared by the draw-data widget
// and the playground's decision-boundary card. Points live on the 0.01 grid of ../points-codec.js.
//
//   const editor = createPointEditor(canvas, { mapping, onChange, onLimit, onLabel });
//   mapping(): planeMapping of the canvas's plot area (../charts/boundary-plane.js)
//   onChange(points, { final }): while dragging final = false; after an add, a delete, a drag's end
//     or a keyboard edit final = true. onLimit(): an add refused at MAX_POINTS. onLabel(label): the
//     class picked with the A/B keys.
//   editor.points / setPoints(points) / label / setLabel(0 | 1) / erasing / setErasing(bool)
//   editor.drawCursor(context): the keyboard cursor (only while the canvas has keyboard focus).
//
// Pointer: a click or tap adds a point of the current class (or removes the point under it while
// erasing), dragging a point moves it, a right-click removes it. Keyboard (the canvas is focusable):
// arrows move the cursor by 0.25 (with Shift by 1), Enter or Space adds a point there, Delete or
// Backspace removes the nearest point within 0.5, A and B pick the class.
import { gridPoint, onGrid, MAX_POINTS, POINT_BOUND } from '../points-codec.js';

const HIT_PIXELS = { mouse: 9, pen: 12, touch: 18 };
const KEY_STEP = 0.25;
const KEY_STEP_LARGE = 1;
const KEY_DELETE_RADIUS = 0.5;

// The index of the point nearest by `squaredDistanceOf(point)` within `radius`, or -1.
function nearestIndex(points, squaredDistanceOf, radius) {
  let best = -1;
  let bestDistance = radius * radius;
  points.forEach((point, index) => {
    const distance = squaredDistanceOf(point);
    if (distance <= bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

function inside({ x, y }) {
  return Math.abs(x) <= POINT_BOUND && Math.abs(y) <= POINT_BOUND;
}

// The keyboard cursor: a ring with a cross through it at `at` (data coordinates).
function drawCrossHair(context, { toX, toY }, at) {
  const x = toX(at.x);
  const y = toY(at.y);
  context.strokeStyle = '#0f172a';
  context.lineWidth = 1.5;
  context.beginPath();
  context.arc(x, y, 8, 0, Math.PI * 2);
  context.moveTo(x - 12, y);
  context.lineTo(x + 12, y);
  context.moveTo(x, y - 12);
  context.lineTo(x, y + 12);
  context.stroke();
}

// The data coordinates under a pointer.
function dataUnder(canvas, { fromX, fromY }, event) {
  const bounds = canvas.getBoundingClientRect();
  return { x: fromX(event.clientX - bounds.left), y: fromY(event.clientY - bounds.top) };
}

// The index of the point under a pointer (within its kind's hit radius in CSS pixels), or -1.
function pointUnder(canvas, { toX, toY }, points, event) {
  const bounds = canvas.getBoundingClientRect();
  const px = event.clientX - bounds.left;
  const py = event.clientY - bounds.top;
  const radius = HIT_PIXELS[event.pointerType] ?? HIT_PIXELS.mouse;
  return nearestIndex(points, (point) => (toX(point.x) - px) ** 2 + (toY(point.y) - py) ** 2, radius);
}

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

// What a key does: { move: [dx, dy] } (Shift: larger steps), { add }, { remove }, { label }, or null.
function keyCommand(event) {
  const arrow = ARROWS[event.key];
  if (arrow) {
    const step = event.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    return { move: [arrow[0] * step, arrow[1] * step] };
  }
  if (event.key === 'Enter' || event.key === ' ') return { add: true };
  if (event.key === 'Delete' || event.key === 'Backspace') return { remove: true };
  if (['a', 'A', 'b', 'B'].includes(event.key)) return { label: event.key.toLowerCase() === 'a' ? 0 : 1 };
  return null;
}

export function createPointEditor(canvas, { mapping, onChange, onLimit = () => {}, onLabel = () => {} }) {
  let points = [];
  let label = 0;
  let erasing = false;
  let drag = null;  // { index, pointerId }
  let cursor = { x: 0, y: 0 };
  let keyboardFocus = false;  // the cross-hair shows only to a keyboard user
  let pointerFocus = false;   // focus arriving from a click or tap
  canvas.tabIndex = 0;
  canvas.style.touchAction = 'none';  // a finger on the plane draws instead of scrolling

  const commit = () => onChange(points, { final: true });

  function add(x, y) {
    if (points.length >= MAX_POINTS) {
      onLimit();
      return -1;
    }
    points = [...points, gridPoint(x, y, label)];
    return points.length - 1;
  }

  function removeAt(index) {
    if (index < 0) return;
    points = points.filter((_, k) => k !== index);
    commit();
  }

  function onPointerDown(event) {
    if (event.button !== 0 && event.button !== 2) return;
    keyboardFocus = false;
    pointerFocus = true;
    const hit = pointUnder(canvas, mapping(), points, event);
    if (event.button === 2 || erasing) {
      event.preventDefault();
      removeAt(hit);
      return;
    }
    const at = dataUnder(canvas, mapping(), event);
    if (hit < 0 && !inside(at)) return;
    const index = hit >= 0 ? hit : add(at.x, at.y);
    if (index < 0) return;
    drag = { index, pointerId: event.pointerId };
    canvas.setPointerCapture?.(event.pointerId);
    onChange(points, { final: false });
  }

  function onPointerMove(event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { x, y } = dataUnder(canvas, mapping(), event);
    const moved = gridPoint(x, y, points[drag.index].label);
    points = points.map((point, k) => (k === drag.index ? moved : point));
    onChange(points, { final: false });
  }

  function onPointerUp(event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag = null;
    commit();
  }

  function onKeyDown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const command = keyCommand(event);
    if (!command) return;
    keyboardFocus = true;  // the cross-hair shows from the first key on
    if (command.move) {
      cursor = { x: onGrid(cursor.x + command.move[0]), y: onGrid(cursor.y + command.move[1]) };
      onChange(points, { final: false });
    } else if (command.add) {
      if (add(cursor.x, cursor.y) >= 0) commit();
    } else if (command.remove) {
      removeAt(nearestIndex(points, (point) => (point.x - cursor.x) ** 2 + (point.y - cursor.y) ** 2, KEY_DELETE_RADIUS));
    } else {
      label = command.label;
      onLabel(label);
      onChange(points, { final: false });
    }
    event.preventDefault();
    event.stopPropagation();  // the playground's own keys (space, →) must not fire too
  }

  const onFocus = () => {
    keyboardFocus = !pointerFocus;
    pointerFocus = false;
    onChange(points, { final: false });
  };
  const onBlur = () => {
    keyboardFocus = false;
    onChange(points, { final: false });
  };
  const listeners = [['pointerdown', onPointerDown], ['pointermove', onPointerMove], ['pointerup', onPointerUp],
    ['pointercancel', onPointerUp], ['keydown', onKeyDown], ['contextmenu', (event) => event.preventDefault()], ['focus', onFocus],
    ['blur', onBlur]];
  for (const [type, listener] of listeners) canvas.addEventListener(type, listener);

  return {
    get points() { return points; },
    setPoints(next) {
      points = next.map((point) => gridPoint(point.x, point.y, point.label));
      drag = null;
    },
    get label() { return label; },
    setLabel(next) { label = next === 1 ? 1 : 0; },
    get erasing() { return erasing; },
    setErasing(next) { erasing = Boolean(next); },
    get cursor() { return cursor; },
    get dragging() { return drag !== null; },
    drawCursor(context) {
      if (keyboardFocus) drawCrossHair(context, mapping(), cursor);
    },
    destroy() {
      for (const [type, listener] of listeners) canvas.removeEventListener(type, listener);
      canvas.removeAttribute('tabindex');
      canvas.style.touchAction = '';
    },
  };
}
