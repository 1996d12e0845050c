// Above the fold: two small networks training side by side in the engine's worker, a sigmoid with
// Xavier initialization and a ReLU with He initialization, 20 hidden layers each. Each is drawn as a
// strip of cells, one per hidden layer (input side on the left), brighter where the gradient
// ‖∂L/∂W‖ reaching that layer is larger, on a fixed log scale shared by both strips
// (../charts/cell-strip.js). Light by design: the worker paces the runs (engine.stream) and paints the
// cells into canvases handed to it (engine.attachCanvas); it stops after MAX_STEPS, pauses off screen.
import { registerStrings, t } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import { createFrame, createButton, followLanguage, showStatus, element } from '../ui/controls.js';
import { paintCellStrip } from '../charts/cell-strip.js';

registerStrings({
  ko: {
    'strip.sigmoid': '시그모이드 + Xavier',
    'strip.relu': 'ReLU + He',
    'strip.readout': '첫 층 {first} · 마지막 은닉층 {last}',
    'strip.progress': '스텝 {step}',
    'strip.scale': '층별 기울기 크기 ‖∂L/∂W‖: 어두움 10⁻¹⁰ 이하 … 밝음 1 이상',
    'strip.input': '← 입력 쪽',
    'strip.output': '출력 쪽 →',
    'strip.cell': '층 {layer}: {value}',
    'strip.pause': '멈추기',
    'strip.resume': '이어서 학습',
    'strip.again': '처음부터 다시',
  },
  en: {
    'strip.sigmoid': 'sigmoid + Xavier',
    'strip.relu': 'ReLU + He',
    'strip.readout': 'first layer {first} · last hidden layer {last}',
    'strip.progress': 'step {step}',
    'strip.scale': 'gradient size per layer ‖∂L/∂W‖: dark 10⁻¹⁰ or less … bright 1 or more',
    'strip.input': '← input side',
    'strip.output': 'output side →',
    'strip.cell': 'layer {layer}: {value}',
    'strip.pause': 'Pause',
    'strip.resume': 'Continue',
    'strip.again': 'Start again',
  },
});

const TASK = {
  dataset: 'moons', num_samples: 400, noise: 0.15, seed: 11, depth: 20, width: 32, loss: 'bce',
  optimizer: 'sgd', learning_rate: 0.05, batch_size: 32, gain: 1, bias_init: 0,
};
const NETWORKS = [
  { id: 'sigmoid', config: { activation: 'sigmoid', init: 'xavier_uniform' } },
  { id: 'relu', config: { activation: 'relu', init: 'he_normal' } },
];
// 20 steps every 80 ms: the 1,200 steps take about 5 s, redrawn 12 times a second (one small tick per
// frame looked no different and cost a phone five times the frames and messages). The worker keeps
// the pace and sends each tick's gradients in one message: stepping each run from the page (a
// request and a reply per run, a timer and a frame callback per tick) cost the main thread about
// 1.7 times as much while the strip trained. It also paints the cells, where the browser can hand a
// canvas to a worker: then a tick costs the page no frame (tests/bench/README.md).
const STEPS_PER_TICK = 20;
// The first tick of a stream (at load: in a fresh worker, where the first steps are the slowest)
// steps this many, so that the strips start moving ~0.1 s sooner (tests/bench/README.md, fifth pass).
const FIRST_TICK_STEPS = 2;
const TICK_MS = 80;
const MAX_STEPS = 1200;
// The cells repaint every tick; the words (readouts, step, the cells' spoken label) change at most
// this often while training, and at once when it stops: on a phone, text that changes every frame
// costs a layout of the page each time, and a screen reader would be handed a new label each frame.
// When the worker paints the cells, it also posts the ticks no oftener than this (stream's
// reportEveryMs), since the page only writes words: 16–17 messages for the 1,200 steps instead of 61,
// and Lighthouse's mobile main-thread work lower in each of 5 alternating pairs (tests/bench/README.md).
const TEXT_INTERVAL_MS = 250;
const CELL_GAP_PX = 2;

// A canvas's size and the cells' gap in device pixels, from its on-screen size (`box`, CSS pixels, kept
// by a ResizeObserver: reading clientWidth here would force a layout of the whole article).
function deviceSize(box) {
  const ratio = window.devicePixelRatio || 1;
  return {
    width: Math.max(1, Math.round(box.width * ratio)),
    height: Math.max(1, Math.round(box.height * ratio)),
    gap: CELL_GAP_PX * ratio,
  };
}

function paintOnPage(canvas, box, values) {
  const { width, height, gap } = deviceSize(box);
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  paintCellStrip(canvas.getContext('2d'), width, height, values, gap);
}

// Whether this browser can hand a canvas to a worker.
const canHandOver = () => typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';

export function createGradientStrip(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-strip');
  const rows = NETWORKS.map((network) => {
    const row = element('div', 'strip-row');
    const name = element('p', 'strip-name', { 'data-i18n': `strip.${network.id}` });
    const cells = element('canvas', 'strip-cells', { role: 'img' });
    const readout = element('p', 'strip-readout');
    row.append(name, cells, readout);
    // canvasId: the canvas's id in the worker once handed over, else null (painted here).
    return { network, row, cells, readout, box: { width: 0, height: 0 }, canvasId: null };
  });
  const ends = element('p', 'strip-ends');
  ends.append(element('span', '', { 'data-i18n': 'strip.input' }), element('span', '', { 'data-i18n': 'strip.output' }));
  // The step count sits beside the translated words, not inside them: a language switch rewrites
  // a data-i18n element's whole text.
  const scale = element('p', 'strip-scale');
  const progress = element('span', 'strip-progress');
  scale.append(element('span', '', { 'data-i18n': 'strip.scale' }), progress);
  // Moving content that starts by itself can be stopped (and, once finished, replayed).
  const playButton = createButton({ labelKey: 'strip.pause', className: 'strip-button', onClick: () => {
    if (isFinished()) start();
    else setPlaying(!playing);
    relabel();
  } });
  playButton.removeAttribute('data-i18n');  // its label follows the run state (relabel)
  const footer = element('div', 'strip-footer');
  footer.append(scale, playButton);
  parts.figure.append(...rows.map((entry) => entry.row), ends, footer);

  // The runs: { id, trainer, latest: { step, grads } | null, diverged }; the reader's play state, the
  // page's visibility, the stream's stop() while one runs, and a session number: ticks and trainers
  // of a run that was replaced or destroyed meanwhile are dropped.
  let runs = [];
  let playing = true;
  let visible = true;
  let stopStream = null;
  let session = 0;
  let destroyed = false;
  const stepOf = (run) => run.latest?.step ?? 0;
  const isFinished = () => runs.length > 0 && runs.every((run) => run.diverged || stepOf(run) >= MAX_STEPS);

  function relabel() {
    const key = isFinished() ? 'strip.again' : playing ? 'strip.pause' : 'strip.resume';
    playButton.textContent = t(key);
  }

  function record(run, snapshot) {
    run.latest = { step: snapshot.stats.step, grads: Array.from(snapshot.telemetry.grad_w_norm).slice(0, TASK.depth) };
    if (snapshot.stats.status === 'diverged') run.diverged = { step: snapshot.stats.diverged_step };
  }

  let textWrittenAt = -Infinity;
  function writeText() {
    textWrittenAt = performance.now();
    runs.forEach((run, index) => {
      const { cells, readout } = rows[index];
      const grads = run.latest?.grads ?? [];
      cells.setAttribute('aria-label', `${t(`strip.${run.id}`)}: ${grads.map((value, layer) => t('strip.cell', { layer: layer + 1, value: formatNumber(value, 2) })).join(', ')}`);
      readout.textContent = grads.length ? t('strip.readout', { first: formatNumber(grads[0], 2), last: formatNumber(grads[grads.length - 1], 2) }) : '';
    });
    const step = runs[0]?.latest?.step;
    progress.textContent = step === undefined ? '' : ` · ${t('strip.progress', { step })}`;
  }

  // The cells (unless the worker paints them), the step, and the words at most every
  // TEXT_INTERVAL_MS while the runs move (the worker's ticks arrive that seldom already when it paints).
  function draw() {
    if (painter === 'page') rows.forEach((row, index) => paintOnPage(row.cells, row.box, runs[index]?.latest?.grads ?? []));
    container.dataset.step = String(runs[0]?.latest?.step ?? 0);
    if (!stopStream || painter === 'worker' || performance.now() - textWrittenAt >= TEXT_INTERVAL_MS) writeText();
  }

  const resizeObserver = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const row = rows.find((candidate) => candidate.cells === entry.target);
      if (!row) continue;  // a canvas replaced meanwhile (paintHere)
      row.box = { width: entry.contentRect.width, height: entry.contentRect.height };
      if (row.canvasId !== null) engine.paintCanvas(row.canvasId, deviceSize(row.box)).catch(() => {});
    }
    draw();
  });
  rows.forEach((row) => resizeObserver.observe(row.cells));

  // Who paints the cells: 'worker' where the browser can hand the canvases over (they are handed
  // over now; canvasesReady settles once the worker has them), else 'page'.
  let painter = canHandOver() ? 'worker' : 'page';
  // Back to painting here (the worker could not take the canvases, or a worker restarted after a
  // fatal error lost them), on fresh canvases: one handed over cannot be drawn on by the page.
  function paintHere() {
    painter = 'page';
    for (const row of rows) {
      const fresh = element('canvas', 'strip-cells', { role: 'img' });
      resizeObserver.unobserve(row.cells);
      row.cells.replaceWith(fresh);
      Object.assign(row, { cells: fresh, canvasId: null });
      resizeObserver.observe(fresh);
    }
  }
  // The size is sent once the canvas is the worker's (the ResizeObserver's first report may come
  // before): not waited for, since the worker takes requests in order, so the stream that follows
  // leaves without another round trip.
  const canvasesReady = painter === 'page' ? Promise.resolve() : Promise.all(rows.map(async (row) => {
    row.canvasId = await engine.attachCanvas(row.cells.transferControlToOffscreen());
    engine.paintCanvas(row.canvasId, deviceSize(row.box)).catch(() => {});
  })).catch(paintHere);

  const showError = (error) => showStatus(parts.status, t('widget.error', { message: error.message }), 'error');

  // Streams the runs while the reader lets them play and the strip is near the screen.
  function train() {
    if (stopStream || destroyed || !playing || !visible || runs.length === 0 || isFinished()) return;
    const mine = session;
    const current = () => mine === session && !destroyed;
    const paint = painter === 'worker'
      ? rows.map((row) => ({ canvasId: row.canvasId, field: 'grad_w_norm', count: TASK.depth }))
      : null;
    const stop = engine.stream(runs.map((run) => run.trainer), {
      stepsPerTick: STEPS_PER_TICK, firstTickSteps: FIRST_TICK_STEPS, tickMs: TICK_MS, untilStep: MAX_STEPS,
      fields: ['grad_w_norm'], paint, reportEveryMs: paint ? TEXT_INTERVAL_MS : 0,
    }, {
      onTick(snapshots) {
        if (!current()) return;
        runs.forEach((run, index) => record(run, snapshots[index]));
        draw();
      },
      onEnd(error) {
        if (stopStream === stop) stopStream = null;
        if (!current()) return;
        if (error) {
          showError(error);
          playing = false;  // the reader's Continue tries again
          if (painter === 'worker') paintHere();
        }
        relabel();
        writeText();
        train();  // played again, or came back on screen, while it stopped
      },
    });
    stopStream = stop;
  }

  async function halt() {
    const stop = stopStream;
    if (stop) await stop();
  }

  function setPlaying(value) {
    playing = value;
    if (playing) train();
    else halt();
  }

  async function disposeRuns() {
    const old = runs;
    runs = [];
    await halt();
    await Promise.all(old.map((run) => run.trainer.dispose()));
  }

  async function start() {
    session += 1;
    const mine = session;
    playing = true;
    try {
      await disposeRuns();
      const [trainers] = await Promise.all([Promise.all(NETWORKS.map((network) => engine.createTrainer({
        ...TASK, ...network.config, telemetry_every: STEPS_PER_TICK,
      }))), canvasesReady]);
      if (mine !== session || destroyed) {
        trainers.forEach((trainer) => trainer.dispose());
        return;
      }
      runs = NETWORKS.map((network, index) => ({ id: network.id, trainer: trainers[index], latest: null, diverged: null }));
      for (const row of rows) if (row.canvasId !== null) engine.paintCanvas(row.canvasId, { values: [] }).catch(() => {});
      draw();
      train();
    } catch (error) {
      if (mine === session && !destroyed) showError(error);
    }
  }

  const stopFollowing = followLanguage(container, () => {
    relabel();
    writeText();
  });
  relabel();
  start();

  return {
    update() {},
    pause() {
      visible = false;
      halt();
    },
    resume() {
      visible = true;
      train();
    },
    destroy() {
      destroyed = true;
      session += 1;
      disposeRuns();
      for (const row of rows) if (row.canvasId !== null) engine.detachCanvas(row.canvasId).catch(() => {});
      resizeObserver.disconnect();
      stopFollowing();
      container.replaceChildren();
    },
  };
}
