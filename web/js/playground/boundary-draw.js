// "Draw your own data" in the playground's decision-boundary card. The mode is the state itself:
// while dataset = custom the card shows the drawing tools and edits the points on the plane; each
// finished edit (a click, a drag's end, a key) is an intent change({ dataset: 'custom', points }),
// so the session trains on exactly the drawn points and the hash carries them. Points that the core
// cannot train on yet (fewer than 4, one class) stay a draft on the plane, with a line saying why.
//
//   const drawing = createBoundaryDrawing(boundary, { change });
//   drawing.sync(state) on every view.onState; drawing.complete(partial) before a control's change
//   (picking "your own points" in the data set list starts from the points on show).
import { t } from '../i18n.js';
import { createPointEditor } from '../classroom/point-editor.js';
import { createDrawToolbar, countText, trainable } from '../classroom/draw-toolbar.js';
import { gridPoint, MAX_POINTS } from '../points-codec.js';

// The run's data on show as points to start a drawing from: every k-th point, at most MAX_POINTS.
function pointsFromData(data) {
  if (!data || data.inputDim !== 2) return [];
  const inputs = [...data.trainInputs, ...data.testInputs];
  const labels = [...data.trainLabels, ...data.testLabels];
  const stride = Math.max(1, Math.ceil(labels.length / MAX_POINTS));
  const points = [];
  for (let k = 0; k < labels.length && points.length < MAX_POINTS; k += stride) {
    points.push(gridPoint(inputs[2 * k], inputs[2 * k + 1], labels[k]));
  }
  return points;
}

export function createBoundaryDrawing(boundary, { change }) {
  const host = document.createElement('div');
  host.className = 'vg-pg-draw';
  const startButton = document.createElement('button');
  startButton.type = 'button';
  startButton.className = 'vg-pg-small-button vg-pg-draw-start';
  const note = document.createElement('p');
  note.className = 'dd-hint';
  const count = document.createElement('p');
  count.className = 'dd-count';
  host.append(startButton);
  boundary.card.body.append(host);

  let state = null;
  let editor = null;
  let toolbar = null;
  let takenPoints = null;   // the state's points the editor last took (or sent)
  let syncedPoints = null;  // the editor's copy of them
  let draft = null;         // the editor's points while they differ from the state's

  function startingPoints(current) {
    return current.points.length > 0 ? current.points : pointsFromData(boundary.data);
  }

  // Adds the points to start from when a control picks dataset = custom.
  function complete(partial) {
    if (partial.dataset !== 'custom' || partial.points || !state || state.points.length > 0) return partial;
    return { ...partial, points: startingPoints(state) };
  }

  function showCount() {
    count.textContent = countText(editor.points);
  }

  function edited(points, { final }) {
    draft = points === syncedPoints ? null : points;
    showCount();
    boundary.redraw();
    if (!final || !draft || !trainable(draft)) return;
    syncedPoints = draft;
    takenPoints = draft;  // the state holds this very array once the change is merged
    draft = null;
    change({ dataset: 'custom', points: syncedPoints });
  }

  function open() {
    editor = createPointEditor(boundary.canvas, {
      mapping: () => boundary.mapping(),
      onChange: edited,
      onLimit: () => { count.textContent = t('dd.limit', { max: MAX_POINTS }); },
      onLabel: () => toolbar.syncLabel(),
    });
    toolbar = createDrawToolbar({
      editor,
      buttonClass: 'vg-pg-small-button',
      onClear() {
        editor.setPoints([]);
        edited(editor.points, { final: true });
      },
    });
    host.append(toolbar.element, count, toolbar.hint, note);
    boundary.setDrawing({ points: () => draft ?? (editor.dragging ? editor.points : null), drawCursor: (context) => editor.drawCursor(context) });
  }

  function close() {
    editor.destroy();
    toolbar.element.remove();
    toolbar.hint.remove();
    count.remove();
    note.remove();
    editor = null;
    toolbar = null;
    draft = null;
    syncedPoints = null;
    takenPoints = null;
    boundary.setDrawing(null);
  }

  function relabel() {
    startButton.textContent = t('dd.pg_start');
    note.textContent = t('dd.pg_note');
    if (!editor) return;
    toolbar.relabel();
    showCount();
  }

  startButton.addEventListener('click', () => change({ dataset: 'custom', points: startingPoints(state) }));

  return {
    complete,
    relabel,
    sync(next) {
      state = next;
      const drawingNow = next.dataset === 'custom';
      startButton.hidden = drawingNow || next.dataset === 'digits';
      if (drawingNow && !editor) open();
      if (!drawingNow && editor) close();
      if (editor && next.points !== takenPoints && !editor.dragging) {
        editor.setPoints(next.points);
        takenPoints = next.points;
        syncedPoints = editor.points;
        draft = null;
      }
      if (editor) {
        relabel();
        boundary.redraw();
      }
    },
  };
}
