// The draw-data widget's trainings (draw-data.js): one trainer in the core, created once and
// reconfigured for each network; the points of a named data set to start from; the training on the
// drawn points, frame by frame, that an edit overtakes. The strings are the widget's (dd.*).
import { t } from '../i18n.js';
import { formatPercent } from '../ui/format.js';
import { showStatus, showMessages, element } from '../ui/controls.js';
import { GRID_RESOLUTION, VIEW_EXTENT } from '../charts/boundary-plane.js';
import { encodePoints, pointsAsTriples, pointsFromTriples, gridPoint } from '../points-codec.js';

const WIDTH = 8;
const STEPS = 600;
const STEPS_PER_FRAME = 50;
const STARTING_SAMPLES = 100;

// The small network trained on the drawn points (dataset = custom; src/core/config.h).
function networkConfig(activation, depth, extra) {
  return {
    depth, width: WIDTH, activation, init: activation === 'relu' ? 'he_normal' : 'xavier_uniform',
    optimizer: 'adam', learning_rate: 0.02, batch_size: 32, seed: 1, test_fraction: 0.2,
    telemetry_every: 10000, hist_bins: 4, ...extra,
  };
}

// One trainer for the widget, created once even when a click comes while it is on its way; later
// configs reconfigure it.
function createTrainerHolder(engine) {
  let run = null;
  let creating = null;
  return {
    get run() { return run; },
    async ensure(config) {
      if (!run && !creating) {
        creating = engine.createTrainer(config);
        try {
          run = await creating;
          return;
        } finally {
          creating = null;
        }
      }
      if (!run) await creating.catch(() => {});
      if (!run) throw new Error('the engine could not start a run');
      const error = await run.configure(config);
      if (error) throw new Error(error);
    },
    dispose() {
      if (run) run.dispose();
    },
  };
}

// The result of a finished training: steps, train and test accuracy and how many points each.
function trainedParagraph(snapshot, data) {
  const p = element('p');
  showMessages(p, [{ key: 'dd.trained', params: {
    steps: snapshot.stats.step, train: formatPercent(snapshot.stats.train_accuracy), test: formatPercent(snapshot.stats.test_accuracy),
    trainCount: data.trainLabels.length, testCount: data.testLabels.length,
  } }]);
  return p;
}

// A named data set's training points, snapped to the editor's grid.
async function startingPoints(trainer, config) {
  await trainer.ensure(config);
  const data = await trainer.run.data();
  return Array.from(data.trainLabels, (label, k) => gridPoint(data.trainInputs[2 * k], data.trainInputs[2 * k + 1], label));
}

// Trains the network on the points, handing each frame's boundary to onFrame(grid, data, snapshot).
// Resolves to the last snapshot, the data and the trained config, or to null once isCurrent() says
// an edit (or the widget's end) overtook it.
async function trainBoundary(trainer, config, isCurrent, onFrame) {
  await trainer.ensure(config);
  const { run } = trainer;
  const data = await run.data();
  let snapshot = null;
  for (let step = 0; step < STEPS; step += STEPS_PER_FRAME) {
    snapshot = await run.step(STEPS_PER_FRAME);
    const grid = await run.predictGrid(GRID_RESOLUTION, VIEW_EXTENT.x0, VIEW_EXTENT.x1, VIEW_EXTENT.y0, VIEW_EXTENT.y1);
    if (!isCurrent()) return null;
    onFrame(grid, data, snapshot);
  }
  const trained = await run.config();
  return isCurrent() ? { snapshot, data, trained } : null;
}

// The widget's trainings: one trainer, a generation that every edit bumps (a training in flight then
// stops drawing) and `shown`, the boundary of the last training while the points are unchanged.
export function createDrawRunner(engine, settings, { parts, container, draw, setPoints, currentPoints }) {
  const trainer = createTrainerHolder(engine);
  let shown = null;        // { grid, data } of the last training, while the points are unchanged
  let generation = 0;      // bumps on every edit: a training in flight stops drawing
  let destroyed = false;
  const showError = (error) => showStatus(parts.status, t('widget.error', { message: error.message }), 'error');

  // The drawn points or the network changed: a training in flight stops, its boundary goes.
  function invalidate() {
    generation += 1;
    if (!shown) return;
    shown = null;
    showMessages(parts.status, [{ key: 'dd.stale' }], 'info');
    parts.readout.replaceChildren();
    delete container.dataset.trainedPoints;
  }

  async function startFrom(name, { thenTrain = false } = {}) {
    const mine = ++generation;
    try {
      const points = await startingPoints(trainer, networkConfig(settings.activation, settings.depth, { dataset: name, num_samples: STARTING_SAMPLES, test_fraction: 0 }));
      if (mine !== generation || destroyed) return;
      setPoints(points);
      if (thenTrain) train();
    } catch (error) {
      if (!destroyed) showError(error);
    }
  }

  async function train() {
    const mine = ++generation;
    const points = currentPoints();
    shown = null;
    delete container.dataset.trainedPoints;
    try {
      const config = networkConfig(settings.activation, settings.depth, { dataset: 'custom', points: pointsAsTriples(points) });
      const result = await trainBoundary(trainer, config, () => mine === generation && !destroyed, (grid, data, snapshot) => {
        shown = { grid, data };
        showMessages(parts.status, [{ key: 'dd.training', params: { step: snapshot.stats.step, steps: STEPS } }], 'info');
        draw();
      });
      if (!result) return;
      const { snapshot, data, trained } = result;
      container.dataset.trainedPoints = encodePoints(pointsFromTriples(trained.points));
      showStatus(parts.status, '', 'info');
      parts.readout.replaceChildren(trainedParagraph(snapshot, data));
    } catch (error) {
      if (mine === generation && !destroyed) showError(error);
    }
  }

  return {
    get shown() { return shown; },
    invalidate,
    startFrom,
    train,
    destroy() {
      destroyed = true;
      trainer.dispose();
    },
  };
}

