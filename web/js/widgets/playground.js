// The headline playground: a network trained live in the engine's Web Worker, with its gradient
// norms, gradient map, loss, activations and decision boundary drawn as it learns.
//
//   createPlayground(container, { engine?, state?, syncHash = true })
//     -> { update(partialState), applyPreset(partialState), pause(), resume(), destroy() }
//
// Styles: css/playground.css (linked by the page). The state (../state.js) is mirrored in the URL hash when syncHash is on. pause()/resume() are the
// visibility switches used by the article (the reader's own play/pause is separate). Presets arrive
// as document CustomEvent 'vg:preset' (detail = partial state) or through applyPreset.
//
// Test hook (read-only, small): window.__vgTest.playground.latest() returns
// { state, step, status, loss, train_accuracy, test_accuracy, grad_w_norm: number[] } of the latest
// drawn snapshot, or null before the first one.
import { t, onLangChange } from '../i18n.js';
import { getEngine } from '../engine/engine-client.js';
import {
  defaultState, parseHash, writeHash, engineConfig, mergeState, propOf,
} from '../state.js';
import { formatNumber } from '../charts/common.js';
import '../playground/strings.js';
import { createControls } from '../playground/controls.js';
import { createRunner } from '../playground/runner.js';
import { createGradNormChart, layerName } from '../playground/chart-grad-norm.js';
import { createHeatmapChart } from '../playground/chart-heatmap.js';
import { createLossChart } from '../playground/chart-loss.js';
import { createActivationChart } from '../playground/chart-activations.js';
import { createBoundaryChart, GRID_RESOLUTION } from '../playground/chart-boundary.js';
import { DecimatedSeries, RecordLog } from '../playground/history.js';
import { createNotices } from '../playground/notices.js';
import { createExportBar } from '../playground/export-bar.js';
import { formatPercent } from '../playground/format.js';
import { predictGradientProfile } from '../playground/prediction.js';

const TABLE_REFRESH_MS = 1500;

function isAnchorHash(hash) {
  const body = hash.replace(/^#/, '');
  if (body === '' || body.includes('=')) return body === '';
  try {
    return Boolean(document.getElementById(decodeURIComponent(body)));
  } catch {
    return false;
  }
}

export function createPlayground(container, options = {}) {
  const syncHash = options.syncHash !== false;
  let reserved = {};
  let state = defaultState();
  const startNotices = [];
  if (syncHash && !isAnchorHash(window.location.hash)) {
    const parsed = parseHash(window.location.hash);
    state = parsed.state;
    reserved = parsed.reserved;
    startNotices.push(...parsed.notices);
  }
  if (options.state) {
    const merged = mergeState(state, options.state);
    state = merged.state;
    startNotices.push(...merged.notices);
  }
  let lastWrittenHash = window.location.hash;

  // ---- DOM -------------------------------------------------------------------------------------
  const root = document.createElement('section');
  root.className = 'vg-pg';
  root.tabIndex = 0;
  const notices = createNotices(root);
  const banner = document.createElement('div');
  banner.className = 'vg-pg-banner';
  banner.setAttribute('role', 'alert');
  banner.hidden = true;
  const bannerText = document.createElement('p');
  const bannerReset = document.createElement('button');
  bannerReset.type = 'button';
  bannerReset.className = 'vg-pg-button vg-pg-button-primary';
  banner.append(bannerText, bannerReset);

  const toolbar = document.createElement('div');
  toolbar.className = 'vg-pg-toolbar';
  toolbar.dataset.part = 'buttons';
  const playButton = makeButton('vg-pg-button vg-pg-button-primary');
  const stepButton = makeButton('vg-pg-button');
  const resetButton = makeButton('vg-pg-button');
  const status = document.createElement('p');
  status.className = 'vg-pg-status';
  const keysHint = document.createElement('p');
  keysHint.className = 'vg-pg-keys';
  toolbar.append(playButton, stepButton, resetButton, status);
  const announcer = document.createElement('p');
  announcer.className = 'sr-only';
  announcer.setAttribute('aria-live', 'polite');

  const layout = document.createElement('div');
  layout.className = 'vg-pg-layout';
  const controlsHost = document.createElement('div');
  controlsHost.className = 'vg-pg-controls-host';
  controlsHost.dataset.part = 'controls';
  const chartsHost = document.createElement('div');
  chartsHost.className = 'vg-pg-charts';
  layout.append(controlsHost, chartsHost);
  root.append(toolbar, keysHint, banner, layout, announcer);
  container.replaceChildren(root);  // drops the page's loading message

  function makeButton(className) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    return button;
  }

  // ---- charts and histories --------------------------------------------------------------------
  // 400 points are more than a chart's width in pixels; a small cap also fills (then holds) early.
  const scalarHistory = new DecimatedSeries(['step', 'loss', 'train_accuracy', 'test_accuracy'], 400);
  const recordLog = new RecordLog();
  const gradChart = createGradNormChart(chartsHost);
  const heatmap = createHeatmapChart(chartsHost);
  const lossChart = createLossChart(chartsHost, scalarHistory);
  const boundary = createBoundaryChart(chartsHost);
  const activationChart = createActivationChart(chartsHost);  // full width: one column per layer
  const charts = [gradChart, heatmap, lossChart, activationChart, boundary];
  const exportBar = createExportBar(root, {
    getConfig: () => engineConfig(state),
    getLog: () => recordLog,
    getLatest: () => latest,
    onNotice: (text) => notices.showText(text),
  });

  const controls = createControls(controlsHost, {
    getState: () => state,
    onCommit: (partial) => { applyChange(partial); },
  });

  // ---- engine ----------------------------------------------------------------------------------
  let engine = null;
  let run = null;
  let predictionToken = 0;
  let predictedKey = '';  // the config the shown prediction belongs to
  let latest = null;           // the latest drawn snapshot
  let lastTableRefresh = 0;
  let userPlaying = state.autoplay;
  let visible = true;
  let destroyed = false;
  let engineFailed = false;

  const runner = createRunner({
    onFrame: drawFrame,
    onError: (error) => {
      engineFailed = true;
      notices.showText(t('pg.engineError', { message: error.message }));
      updateButtons();
    },
    wantsGrid: () => boundary.wantsGrid && !state.boundary_hide,
    gridArgs: () => {
      const { x0, x1, y0, y1 } = boundary.extent;
      return [GRID_RESOLUTION, x0, x1, y0, y1];
    },
  });
  runner.setSpeed(state.speed);

  function drawFrame({ snapshot, grid }) {
    if (destroyed) return;
    latest = snapshot;
    const { stats, telemetry } = snapshot;
    const measured = stats.step > 0;
    if (measured) {
      scalarHistory.push(stats);
      recordLog.push(snapshot);
      heatmap.push(stats.step, telemetry.grad_w_norm);
      gradChart.update(telemetry.grad_w_norm, stats.step);
      activationChart.update(snapshot);
    }
    lossChart.draw();
    heatmap.draw();
    boundary.setStats(measured ? stats : null);
    if (grid) boundary.setGrid(grid);
    updateStatus();
    if (stats.status === 'diverged') showDivergence(snapshot);
    const now = performance.now();
    if (!runner.playing || now - lastTableRefresh > TABLE_REFRESH_MS) {
      lastTableRefresh = now;
      for (const chart of charts) chart.renderTable();
    }
    updateButtons();
  }

  function showDivergence(snapshot) {
    const { stats } = snapshot;
    userPlaying = false;
    runner.pause();
    const layer = stats.diverged_layer >= 0 ? layerName(stats.diverged_layer, snapshot.numLayers) : t('pg.layer.output');
    bannerText.textContent = t('pg.diverged', { step: stats.diverged_step, layer });
    if (banner.hidden) {
      banner.hidden = false;
      announcer.textContent = bannerText.textContent;
    }
  }

  function updateStatus() {
    if (!latest) {
      status.textContent = engineFailed ? '' : t('pg.loading');
      return;
    }
    const { stats } = latest;
    const text = t('pg.status', { step: stats.step, loss: formatNumber(stats.loss, 4),
      accuracy: formatPercent(stats.test_accuracy) });
    status.textContent = runner.playing ? `${text} · ${t('pg.statusSpeed', { n: runner.stepsPerRequest })}` : text;
  }

  function updateButtons() {
    const playing = runner.playing;
    playButton.textContent = playing ? t('pg.pause') : t('pg.play');
    playButton.setAttribute('aria-pressed', String(playing));
    const diverged = latest && latest.stats.status === 'diverged';
    playButton.disabled = !run || diverged;
    stepButton.disabled = !run || diverged || playing;
    resetButton.disabled = false;
    root.dataset.running = String(playing);
  }

  function clearRunView() {
    scalarHistory.clear();
    recordLog.clear();
    latest = null;
    banner.hidden = true;
    gradChart.clear();
    heatmap.clear(state.depth + 1);
    activationChart.clear();
    boundary.clear();
    lossChart.draw();
  }

  // Starts showing the run from step 0: data for the boundary, the step-0 snapshot, a first grid.
  async function showFreshRun(snapshot) {
    runner.setRun(run);
    clearRunView();
    const data = await run.data();
    boundary.setData(data);
    const grid = boundary.wantsGrid ? await run.predictGrid(GRID_RESOLUTION, ...extentArgs()) : null;
    runner.show(snapshot, grid);
    syncRunning();
    refreshPrediction();
  }

  // The mean-field prediction for this config, fetched beside the run (it never holds it up). If it
  // cannot be had, the measured chart stands alone.
  function refreshPrediction() {
    const config = engineConfig(state);
    const key = JSON.stringify(config);
    if (key === predictedKey) return;  // a reset: same config, same prediction
    predictedKey = key;
    const token = ++predictionToken;
    gradChart.setPrediction(null);
    if (!engine || state.gradient_hide) return;
    predictGradientProfile(engine, config).then((result) => {
      if (token === predictionToken && !destroyed && result.supported) gradChart.setPrediction(result);
    }, () => { predictedKey = ''; });
  }

  function extentArgs() {
    const { x0, x1, y0, y1 } = boundary.extent;
    return [x0, x1, y0, y1];
  }

  async function start() {
    status.textContent = t('pg.loading');
    try {
      engine = options.engine ?? await getEngine();
      if (destroyed) return;
      try {
        run = await engine.createTrainer(engineConfig(state));
      } catch (error) {
        // The engine refused the state from the address: start from the defaults instead.
        notices.showText(t('pg.notice.engineFallback', { message: error.message }));
        state = { ...defaultState(), ...hideFlagsOf(state) };
        controls.sync();
        run = await engine.createTrainer(engineConfig(state));
      }
      if (destroyed) {
        run.dispose();
        return;
      }
      await showFreshRun(await run.snapshot());
    } catch (error) {
      engineFailed = true;
      notices.showText(t('pg.engineError', { message: error.message }));
      updateStatus();
    }
    updateButtons();
  }

  function hideFlagsOf(source) {
    return Object.fromEntries(Object.entries(source).filter(([name]) => name.endsWith('_hide')));
  }

  // ---- state changes ---------------------------------------------------------------------------
  let changeQueue = Promise.resolve();

  // Applies a partial state. Engine fields reconfigure the run (from step 0); if the engine refuses,
  // the previous state stays and the engine's message is shown. Serialized so rapid changes apply
  // in order.
  function applyChange(partial, { restart = false, fromHash = false } = {}) {
    changeQueue = changeQueue.then(() => applyChangeNow(partial, { restart, fromHash })).catch((error) => {
      notices.showText(t('pg.engineError', { message: error.message }));
    });
    return changeQueue;
  }

  async function applyChangeNow(partial, { restart, fromHash }) {
    const previous = state;
    const merged = fromHash ? { state: partial, notices: [] } : mergeState(state, partial);
    notices.show(merged.notices);
    const next = merged.state;
    const engineChanged = Object.keys(next).some((name) => propOf(name)?.engine && next[name] !== previous[name]);
    state = next;
    runner.setSpeed(state.speed);
    applyHideFlags();
    controls.sync();
    if (run && (engineChanged || restart)) {
      runner.invalidate();
      const error = engineChanged ? await run.configure(engineConfig(state)) : '';
      if (error) {
        state = previous;
        controls.sync();
        notices.show([{ reason: 'engine', message: error }]);
        runner.setRun(run);
        syncRunning();
      } else {
        engineFailed = false;
        const snapshot = engineChanged ? await run.snapshot() : await run.reset();
        await showFreshRun(snapshot);
      }
    }
    if (syncHash && !fromHash) storeHash();
    updateButtons();
  }

  function storeHash() {
    writeHash(state, reserved);
    lastWrittenHash = window.location.hash;
  }

  function applyHideFlags() {
    for (const element of root.querySelectorAll('[data-part]')) {
      const flag = `${element.dataset.part}_hide`;
      if (flag in state) element.hidden = Boolean(state[flag]);
    }
    root.classList.toggle('vg-pg-no-controls', Boolean(state.controls_hide));
  }

  function syncRunning() {
    const diverged = latest && latest.stats.status === 'diverged';
    if (userPlaying && visible && !diverged && !engineFailed) runner.play();
    else runner.pause();
    runner.setVisible(visible);
    updateButtons();
    updateStatus();
  }

  function togglePlay() {
    if (!run) return;
    userPlaying = !runner.playing;
    syncRunning();
    announcer.textContent = userPlaying ? t('pg.play') : t('pg.pause');
  }

  function stepOnce() {
    if (!run) return;
    userPlaying = false;
    runner.pause();
    runner.stepOnce();
    updateButtons();
  }

  async function resetRun() {
    banner.hidden = true;
    if (!run) {
      start();
      return;
    }
    engineFailed = false;
    await applyChange({}, { restart: true });
  }

  playButton.addEventListener('click', togglePlay);
  stepButton.addEventListener('click', stepOnce);
  resetButton.addEventListener('click', resetRun);
  bannerReset.addEventListener('click', () => {
    resetRun();
    resetButton.focus();
  });

  // On the container, so the keys also work when the page focuses it (e.g. after a preset).
  function onKeyDown(event) {
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
      resetRun();
    }
  }
  container.addEventListener('keydown', onKeyDown);

  function onHashChange() {
    if (!syncHash || window.location.hash === lastWrittenHash || isAnchorHash(window.location.hash)) return;
    lastWrittenHash = window.location.hash;
    const parsed = parseHash(window.location.hash);
    reserved = parsed.reserved;
    notices.show(parsed.notices);
    applyChange(parsed.state, { fromHash: true });
  }
  window.addEventListener('hashchange', onHashChange);

  function applyPreset(partial) {
    const result = applyChange({ ...partial }, { restart: true }).then(() => {
      userPlaying = true;
      syncRunning();
    });
    root.scrollIntoView({ behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      block: 'start' });
    return result;
  }
  function onPreset(event) {
    if (event.detail && typeof event.detail === 'object') applyPreset(event.detail);
  }
  document.addEventListener('vg:preset', onPreset);

  function relabel() {
    root.setAttribute('aria-label', t('pg.region'));
    stepButton.textContent = t('pg.step');
    resetButton.textContent = t('pg.reset');
    bannerReset.textContent = t('pg.divergedReset');
    keysHint.textContent = t('pg.keys');
    controls.relabel();
    for (const chart of charts) chart.relabel();
    exportBar.relabel();
    notices.relabel();
    if (latest && latest.stats.status === 'diverged') showDivergence(latest);
    updateButtons();
    updateStatus();
    if (latest) for (const chart of charts) chart.renderTable();
  }
  const stopLangListener = onLangChange(relabel);

  // ---- test hook -------------------------------------------------------------------------------
  const testHook = {
    latest() {
      if (!latest) return null;
      const { stats } = latest;
      return { state: { ...state }, step: stats.step, status: stats.status, loss: stats.loss,
        train_accuracy: stats.train_accuracy, test_accuracy: stats.test_accuracy,
        grad_w_norm: Array.from(latest.telemetry.grad_w_norm) };
    },
  };
  window.__vgTest = window.__vgTest || {};
  window.__vgTest.playground = testHook;

  applyHideFlags();
  relabel();
  notices.show(startNotices);
  heatmap.clear(state.depth + 1);
  start();

  return {
    update(partial) { return applyChange(partial); },
    applyPreset,
    pause() {
      visible = false;
      syncRunning();
    },
    resume() {
      visible = true;
      syncRunning();
    },
    destroy() {
      destroyed = true;
      runner.destroy();
      window.removeEventListener('hashchange', onHashChange);
      container.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('vg:preset', onPreset);
      stopLangListener();
      for (const chart of charts) chart.destroy();
      controls.destroy();
      if (run) run.dispose();
      if (window.__vgTest && window.__vgTest.playground === testHook) delete window.__vgTest.playground;
      root.remove();
    },
  };
}
