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
import { prefersReducedMotion } from '../ui/controls.js';
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
import { DecimatedSeries, RecordLog } from './history.js';
import { createNotices } from './notices.js';
import { createExportBar } from './export-bar.js';
import { theoryDescribes } from './prediction.js';
import { engineConfig } from '../state.js';

const TABLE_REFRESH_MS = 1500;

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
function createChartPanel(host, { intents, getState }) {
  // 400 points are more than a chart's width in pixels; a small cap also fills (then holds) early.
  const scalarHistory = new DecimatedSeries(['step', 'loss', 'train_accuracy', 'test_accuracy'], 400);
  const recordLog = new RecordLog();
  const gradChart = createGradNormChart(host);
  const forwardChart = createForwardNormChart(host);
  const heatmap = createHeatmapChart(host);
  const lossChart = createLossChart(host, scalarHistory);
  const boundary = createBoundaryChart(host);
  const drawing = createBoundaryDrawing(boundary, { change: (partial) => intents.change(partial) });
  const activationChart = createActivationChart(host);  // full width: one column per layer
  const networkChart = createNetworkChart(host, { getState });  // full width: the layers side by side
  const charts = [gradChart, forwardChart, heatmap, lossChart, activationChart, boundary, networkChart];
  let lastTableRefresh = 0;

  function renderTables() {
    for (const chart of charts) chart.renderTable();
  }

  return {
    recordLog, heatmap, gradChart, boundary, networkChart, drawing,
    // After a divergence the per-layer charts keep the last finite values; the forward norms show
    // where the signal overflowed.
    draw(snapshot, grid, network) {
      const { stats, telemetry } = snapshot;
      const diverged = isDiverged(snapshot);
      if (stats.step > 0) {
        recordLog.push(snapshot);
        if (!diverged) {
          scalarHistory.push(stats);
          heatmap.push(stats.step, telemetry.grad_w_norm);
          gradChart.update(telemetry.grad_w_norm, stats.step);
          activationChart.update(snapshot);
        }
      }
      forwardChart.show(diverged ? stats : null, snapshot.numLayers);
      lossChart.draw();
      heatmap.draw();
      boundary.setStats(stats.step > 0 && !diverged ? stats : null);
      if (grid) boundary.setGrid(grid);
      networkChart.update(snapshot, network);
    },
    // The data tables, rewritten at most every TABLE_REFRESH_MS unless now is true.
    refreshTables(now) {
      const time = performance.now();
      if (now || time - lastTableRefresh > TABLE_REFRESH_MS) {
        lastTableRefresh = time;
        renderTables();
      }
    },
    renderTables,
    clear(depth) {
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
  const panel = createChartPanel(shell.chartsHost, { intents, getState });
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
    latest = snapshot;
    panel.draw(snapshot, grid, network);
    showDivergence(shell, latest);
    // A diverged run sends no more snapshots: its tables are written now, not at the next refresh.
    panel.refreshTables(lifecycle.paused || isDiverged(snapshot));
    updateStatus();
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
    if (latest) panel.renderTables();
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
      panel.clear(snapshot.numLayers - 1);
      boundary.setData(data);
      networkChart.setData(data);
      drawFrame({ snapshot, grid, network });
    },
    onFrame: drawFrame,
    onLifecycle(next) {
      lifecycle = next;
      if (next.failed && next.failed !== shownFailure) {
        const key = /out of memory/i.test(next.failed) ? 'pg.engineError.oom' : 'pg.engineError';
        notices.showText(t(key, { message: next.failed }));
      }
      shownFailure = next.failed;
      updateButtons(shell, lifecycle, latest);
      updateStatus();
    },
    onNotices(list) { notices.show(list); },
    onPrediction(result) {
      panel.gradChart.setPrediction(result, { outside: !theoryDescribes(getState()) });
    },
    // The page asked for the playground (a preset): bring it into view and say it is training.
    reveal() {
      root.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
      announcer.textContent = t('pg.presetPlaying');
    },
    destroy() {
      container.removeEventListener('keydown', onKeyDown);
      panel.destroy();
      controls.destroy();
      root.remove();
    },
  };
}
