// The playground's view: the toolbar, banner, notices, controls and charts. It renders what the run
// session (session.js) hands it and turns the reader's actions into intents; it never starts,
// configures or steps the engine itself.
//
//   const view = createPlaygroundView(container, { intents, getState });
//   intents: { change(partial), togglePlay(), stepOnce(), reset() }
//   view implements the session's listener interface (onState, onFreshRun, onFrame, onLifecycle,
//   onNotices, onPrediction), gridExtent() / wantsGrid() for the boundary's grid and networkArgs(data?)
//   for the network card's view.
import { t } from '../i18n.js';
import { formatNumber, formatPercent } from '../ui/format.js';
import './strings.js';
import { createControls } from './controls.js';
import { createGradNormChart, layerName } from './chart-grad-norm.js';
import { createForwardNormChart } from './chart-forward-norm.js';
import { createHeatmapChart } from './chart-heatmap.js';
import { createLossChart } from './chart-loss.js';
import { createActivationChart } from './chart-activations.js';
import { createBoundaryChart } from './chart-boundary.js';
import { createNetworkChart } from './chart-network.js';
import { createBoundaryDrawing } from './boundary-draw.js';
import { cardSlot } from './card-slot.js';
import { DecimatedSeries, RecordLog } from './history.js';
import { createDrawQueue } from './draw-queue.js';
import { createNotices } from './notices.js';
import { createExportBar } from './export-bar.js';
import { theoryDescribes } from './prediction.js';
import { engineConfig } from '../state.js';

const TABLE_REFRESH_MS = 1500;
// What every card does (ui/card.js cards), deferred or not.
const CARD_METHODS = ['relabel', 'renderTable'];
// Drawing's limits (draw-queue.js): a frame's drawing time before the remaining cards wait for the
// next frame, and the share of the main thread drawing may take, the rest left to scrolling, input
// and the page's other widgets. At 4x CPU throttling (tests/bench/throttled_fps.mjs, alternating
// builds) the article's playground drew 20 and 28 frames/s redrawing every card per snapshot, 32 and
// 37 with these; its gradient chart was redrawn 4.7 and 3.0 times a second before, 9.0 and 8.8 after.
const FRAME_DRAW_BUDGET_MS = 8;
const DRAW_SHARE = 1 / 3;

// The config as vg-cli reads and writes it (README, "The native CLI"): drawn points as [x, y, class] rows.
function exportedConfig(state) {
  const config = engineConfig(state);
  if (config.points) config.points = state.points.map((point) => [point.x, point.y, point.label]);
  return config;
}

function element(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function button(className) {
  const node = element('button', className);
  node.type = 'button';
  return node;
}

// The view's frame: toolbar, keys hint, divergence banner, the controls and charts hosts, and a
// live region; it replaces the container's content (the page's loading message).
function buildShell(container) {
  const root = element('section', 'vg-pg');
  root.tabIndex = 0;
  const notices = createNotices(root);
  const banner = element('div', 'vg-pg-banner');
  banner.setAttribute('role', 'alert');
  banner.hidden = true;
  const bannerText = element('p');
  const bannerReset = button('vg-pg-button vg-pg-button-primary');
  banner.append(bannerText, bannerReset);

  const toolbar = element('div', 'vg-pg-toolbar');
  toolbar.dataset.part = 'buttons';
  const playButton = button('vg-pg-button vg-pg-button-primary');
  const stepButton = button('vg-pg-button');
  const resetButton = button('vg-pg-button');
  const status = element('p', 'vg-pg-status');
  const keysHint = element('p', 'vg-pg-keys');
  toolbar.append(playButton, stepButton, resetButton, status);
  const announcer = element('p', 'sr-only');
  announcer.setAttribute('aria-live', 'polite');

  const layout = element('div', 'vg-pg-layout');
  const controlsHost = element('div', 'vg-pg-controls-host');
  controlsHost.dataset.part = 'controls';
  const chartsHost = element('div', 'vg-pg-charts');
  layout.append(controlsHost, chartsHost);
  root.append(toolbar, keysHint, banner, layout, announcer);
  container.replaceChildren(root);  // drops the page's loading message
  return {
    root, notices, banner, bannerText, bannerReset, playButton, stepButton, resetButton, status, keysHint,
    announcer, controlsHost, chartsHost,
  };
}

function isDiverged(snapshot) {
  return Boolean(snapshot) && snapshot.stats.status === 'diverged';
}

function divergenceText(stats, numLayers) {
  const layer = stats.diverged_layer >= 0 ? layerName(stats.diverged_layer, numLayers) : t('pg.layer.output');
  if (stats.diverged_cause === 'init') {
    const key = stats.diverged_part === 'gradients' ? 'pg.diverged.initBackward' : 'pg.diverged.initForward';
    return t(key, { layer });
  }
  return t('pg.diverged', { step: stats.diverged_step, layer });
}

// The toolbar's line: nothing after a failure, "loading" before the first snapshot, else step, loss
// and accuracy (and the steps per request while playing).
function statusText(lifecycle, latest) {
  if (lifecycle.failed) return '';
  if (!latest) return t('pg.loading');
  const { stats } = latest;
  const text = t('pg.status', { step: stats.step, loss: formatNumber(stats.loss, 4),
    accuracy: formatPercent(stats.test_accuracy) });
  return lifecycle.paused ? text : `${text} · ${t('pg.statusSpeed', { n: lifecycle.stepsPerRequest })}`;
}

// The embed's *_hide flags: each hides the part of the same name.
function applyHideFlags(root, state) {
  for (const part of root.querySelectorAll('[data-part]')) {
    const flag = `${part.dataset.part}_hide`;
    if (flag in state) part.hidden = Boolean(state[flag]);
  }
  root.classList.toggle('vg-pg-no-controls', Boolean(state.controls_hide));
}

// Space plays or pauses (unless on a button, which Space presses), → steps once, R resets; keys
// typed into a form field or with a modifier are the browser's.
function handleKey(event, { togglePlay, stepOnce, reset }) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target.closest('input, select, textarea, summary')) return;
  const onButton = target.tagName === 'BUTTON';
  if (event.key === ' ' && !onButton) {
    event.preventDefault();
    togglePlay();
  } else if (event.key === 'ArrowRight') {
    event.preventDefault();
    stepOnce();
  } else if (event.key === 'r' || event.key === 'R') {
    event.preventDefault();
    reset();
  }
}

// The charts and the histories they draw from: what a snapshot updates, what a fresh run clears.
// Redraws go through the view's draw queue (draw-queue.js), which the caller runs.
function createChartPanel(host, { intents, getState, queue }) {
  // 400 points are more than a chart's width in pixels; a small cap also fills (then holds) early.
  const scalarHistory = new DecimatedSeries(['step', 'loss', 'train_accuracy', 'test_accuracy'], 400);
  const recordLog = new RecordLog();
  // Every card's place first, then the three the first frame needs (card-slot.js); the others are
  // built after the first gradient frame (buildDeferred).
  const gradSlot = cardSlot(host, 'gradient', createGradNormChart);
  const forwardChart = cardSlot(host, null, createForwardNormChart, ['show', ...CARD_METHODS]);
  const heatmap = cardSlot(host, 'heatmap', createHeatmapChart, ['push', 'draw', 'clear', ...CARD_METHODS]);
  const lossChart = cardSlot(host, 'loss', (parent) => createLossChart(parent, scalarHistory), ['draw', ...CARD_METHODS]);
  const boundarySlot = cardSlot(host, 'boundary', createBoundaryChart);
  // Full width: one column per layer.
  const activationChart = cardSlot(host, 'activations', createActivationChart, ['update', 'clear', ...CARD_METHODS]);
  // Full width: the layers side by side.
  const networkSlot = cardSlot(host, 'network', (parent) => createNetworkChart(parent, { getState }));
  const gradChart = gradSlot.build();
  const boundary = boundarySlot.build();
  const drawing = createBoundaryDrawing(boundary, { change: (partial) => intents.change(partial) });
  const networkChart = networkSlot.build();
  const charts = [gradChart, forwardChart, heatmap, lossChart, activationChart, boundary, networkChart];
  const deferredCharts = [forwardChart, heatmap, lossChart, activationChart];
  let buildTimer = null;
  let queuedGrid = null;      // a grid or network view not drawn yet waits for its card's turn
  let queuedNetwork = null;
  let lastTableRefresh = 0;

  // Each data table is rewritten in its own turn, after its card's redraw queued before it.
  function queueTables() {
    lastTableRefresh = performance.now();
    charts.forEach((chart, index) => queue.set(`table ${index}`, () => chart.renderTable()));
  }

  return {
    recordLog, heatmap, gradChart, boundary, networkChart, drawing, queueTables,
    // Builds the deferred cards one per task (the first frame paints and the worker's replies are
    // read in between), calling whenBuilt(card) after each.
    buildDeferred(whenBuilt) {
      const next = () => {
        const deferred = deferredCharts.find((chart) => !chart.built);
        if (!deferred) return;
        const built = deferred.build();
        if (built) whenBuilt(built);
        buildTimer = setTimeout(next, 0);
      };
      if (buildTimer === null) buildTimer = setTimeout(next, 0);
    },
    // Every snapshot enters the histories; the cards and the data tables (at most every
    // TABLE_REFRESH_MS unless tablesNow) are queued with the newest one, the gradient chart first.
    // After a divergence the per-layer charts keep the last finite values; the forward norms show
    // where the signal overflowed.
    draw(snapshot, grid, network, { tablesNow = false } = {}) {
      const { stats, telemetry } = snapshot;
      const diverged = isDiverged(snapshot);
      const trained = stats.step > 0 && !diverged;
      if (stats.step > 0) recordLog.push(snapshot);
      // Step 0 is the core's measurement at initialization (first batch, no update): the gradient
      // chart shows it at once; the histories start with the first step.
      if (!diverged) queue.set('gradient', () => gradChart.update(telemetry.grad_w_norm, stats.step), { first: true });
      if (trained) {
        scalarHistory.push(stats);
        heatmap.push(stats.step, telemetry.grad_w_norm);
        queue.set('activations', () => activationChart.update(snapshot));
      }
      queuedGrid = grid ?? queuedGrid;
      queuedNetwork = network ?? queuedNetwork;
      queue.set('forward', () => forwardChart.show(diverged ? stats : null, snapshot.numLayers));
      queue.set('loss', () => lossChart.draw());
      queue.set('heatmap', () => heatmap.draw());
      queue.set('boundary', () => {
        boundary.setStats(trained ? stats : null);
        if (queuedGrid) boundary.setGrid(queuedGrid);
        queuedGrid = null;
      });
      queue.set('network', () => {
        networkChart.update(snapshot, queuedNetwork);
        queuedNetwork = null;
      });
      if (tablesNow || performance.now() - lastTableRefresh > TABLE_REFRESH_MS) queueTables();
    },
    clear(depth) {
      queuedGrid = null;
      queuedNetwork = null;
      scalarHistory.clear();
      recordLog.clear();
      gradChart.clear();
      forwardChart.show(null);
      heatmap.clear(depth + 1);
      activationChart.clear();
      boundary.clear();
      networkChart.clear();
      lossChart.draw();
    },
    relabel() {
      for (const chart of charts) chart.relabel();
      drawing.relabel();
    },
    destroy() {
      clearTimeout(buildTimer);
      for (const chart of charts) chart.destroy();
    },
  };
}

// The divergence banner for the latest snapshot, announced once when it appears.
function showDivergence({ banner, bannerText, announcer }, latest) {
  if (!isDiverged(latest)) {
    banner.hidden = true;
    return;
  }
  bannerText.textContent = divergenceText(latest.stats, latest.numLayers);
  if (banner.hidden) {
    banner.hidden = false;
    announcer.textContent = bannerText.textContent;
  }
}

// Play/pause and step follow the lifecycle; nothing to play before a run or after a divergence.
function updateButtons({ root, playButton, stepButton }, lifecycle, latest) {
  const playing = !lifecycle.paused;
  playButton.textContent = playing ? t('pg.pause') : t('pg.play');
  playButton.setAttribute('aria-pressed', String(playing));
  const diverged = isDiverged(latest);
  playButton.disabled = !lifecycle.hasRun || diverged;
  stepButton.disabled = !lifecycle.hasRun || diverged || playing;
  root.dataset.running = String(playing);
}

// The frame's fixed texts, in the page's language.
function labelShell({ root, stepButton, resetButton, bannerReset, keysHint }) {
  root.setAttribute('aria-label', t('pg.region'));
  stepButton.textContent = t('pg.step');
  resetButton.textContent = t('pg.reset');
  bannerReset.textContent = t('pg.divergedReset');
  keysHint.textContent = t('pg.keys');
}

export function createPlaygroundView(container, { intents, getState }) {
  const shell = buildShell(container);
  const { root, notices, announcer } = shell;
  const queue = createDrawQueue({ budgetMs: FRAME_DRAW_BUDGET_MS, share: DRAW_SHARE });
  const panel = createChartPanel(shell.chartsHost, { intents, getState, queue });
  const { boundary, networkChart, drawing } = panel;
  let latest = null;
  let lifecycle = { hasRun: false, paused: true, failed: null, diverged: false, stepsPerRequest: 1 };
  let shownFailure = null;

  const exportBar = createExportBar(root, {
    getConfig: () => exportedConfig(getState()),
    getLog: () => panel.recordLog,
    getLatest: () => latest,
    onNotice: (text) => notices.showText(text),
  });
  const controls = createControls(shell.controlsHost, { getState, onCommit: (partial) => intents.change(drawing.complete(partial)) });
  panel.heatmap.clear(getState().depth + 1);

  function drawFrame({ snapshot, grid, network }) {
    const started = performance.now();
    latest = snapshot;
    // Paused (a single step, a fresh run the reader will not play) or diverged, no snapshot follows
    // soon: every card and table shows this one now.
    const settled = (lifecycle.paused && !(lifecycle.userPlaying && lifecycle.visible)) || isDiverged(snapshot);
    panel.draw(snapshot, grid, network, { tablesNow: settled });
    showDivergence(shell, latest);
    queue.set('status', updateStatus);
    queue.run(started, settled ? Infinity : FRAME_DRAW_BUDGET_MS);
  }

  // A card built late takes the embed's *_hide flag of its part then (and is never shown by it: the
  // forward norms stay hidden until a divergence).
  function buildDeferredCards() {
    panel.buildDeferred(({ card }) => {
      if (getState()[`${card.figure.dataset.part}_hide`]) card.figure.hidden = true;
    });
  }

  function updateStatus() {
    shell.status.textContent = statusText(lifecycle, latest);
  }

  function togglePlay() {
    const playing = intents.togglePlay();
    announcer.textContent = playing ? t('pg.play') : t('pg.pause');
  }

  shell.playButton.addEventListener('click', togglePlay);
  shell.stepButton.addEventListener('click', () => intents.stepOnce());
  shell.resetButton.addEventListener('click', () => intents.reset());
  shell.bannerReset.addEventListener('click', () => {
    intents.reset();
    shell.resetButton.focus();
  });

  // On the container, so the keys also work when the page focuses it (e.g. after a preset).
  const onKeyDown = (event) => handleKey(event, {
    togglePlay, stepOnce: () => intents.stepOnce(), reset: () => intents.reset(),
  });
  container.addEventListener('keydown', onKeyDown);

  function relabel() {
    labelShell(shell);
    controls.relabel();
    panel.relabel();
    exportBar.relabel();
    notices.relabel();
    showDivergence(shell, latest);
    updateButtons(shell, lifecycle, latest);
    updateStatus();
    if (latest) {
      panel.queueTables();
      queue.run(performance.now(), Infinity);
    }
  }

  return {
    root,
    relabel,
    gridExtent() {
      const { x0, x1, y0, y1 } = boundary.extent;
      return [x0, x1, y0, y1];
    },
    wantsGrid: () => boundary.wantsGrid && !getState().boundary_hide,
    networkArgs: (data) => networkChart.viewArgs(data),
    onState(state) {
      applyHideFlags(root, state);
      controls.sync();
      drawing.sync(state);
    },
    onFreshRun({ snapshot, data, grid, network }) {
      latest = null;
      shell.banner.hidden = true;
      queue.clear();  // nothing of the old run is drawn over the new one
      panel.clear(snapshot.numLayers - 1);
      boundary.setData(data);
      networkChart.setData(data);
      drawFrame({ snapshot, grid, network });
      buildDeferredCards();
    },
    onFrame: drawFrame,
    onLifecycle(next) {
      lifecycle = next;
      if (next.failed && next.failed !== shownFailure) {
        const key = /out of memory/i.test(next.failed) ? 'pg.engineError.oom' : 'pg.engineError';
        notices.showText(t(key, { message: next.failed }));
      }
      shownFailure = next.failed;
      if (next.failed) buildDeferredCards();
      updateButtons(shell, lifecycle, latest);
      updateStatus();
    },
    onNotices(list) { notices.show(list); },
    onPrediction(result) {
      panel.gradChart.setPrediction(result, { outside: !theoryDescribes(getState()) });
    },
    // A preset arrived: say it is training. (The page brings the playground into view: main.js's
    // landing, which keeps it in place while the figures around it mount and grow.)
    announcePreset() {
      announcer.textContent = t('pg.presetPlaying');
    },
    destroy() {
      container.removeEventListener('keydown', onKeyDown);
      queue.clear();
      panel.destroy();
      controls.destroy();
      root.remove();
    },
  };
}
