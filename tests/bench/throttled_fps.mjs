// Issue 11's phone figures beside Lighthouse: the article from dist/ (static_server.mjs: gzip, long
// cache headers, 127.0.0.1) in headless Chromium (tests/e2e/harness.mjs's launch), desktop viewport.
// - engine ready: navigation to the engine worker's answer to 'init' (module fetched, compiled and
//   instantiated), and to the first training snapshot (the live strip moving in the first viewport;
//   target of issue 11: within 1.0 s), with no throttling (median of kStartLoads loads);
// - frames per second of the playground at the article's default while it trains, with the CPU
//   slowed 4x by CDP Emulation.setCPUThrottlingRate (requestAnimationFrame callbacks over 5 s while
//   the worker's step count advances; median of N fresh pages), and without throttling for reference
//   (one page): on a shared machine
//   the ratio of the two says more than either alone (the load average is recorded too).
// Prints the figures and merges them into results.json under the key "phone_throttled".
//   node tests/bench/throttled_fps.mjs [--loads N] [--root DIR] [--out FILE | --no-out]
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../e2e/harness.mjs';
import { DIST_ROOT, startStaticServer } from './static_server.mjs';
import { mergeIntoResults } from './results_file.mjs';
import { installPageRecorder } from './page_recorder.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const kViewport = { width: 1280, height: 900 };
const kThrottleRate = 4;
const kSettleMs = 1000;
const kWindowMs = 5000;
const kTimeoutMs = 60000;
const kFpsGoal = 30;
const kFirstSnapshotGoalMs = 1000;
// The start figures vary by ±0.1 s from load to load on a shared machine and a load takes 3 s: more
// loads than the frame-rate windows.
const kStartLoads = 7;

function parseArgs(argv) {
  const args = { loads: 3, root: DIST_ROOT, out: join(BENCH_DIR, 'results.json') };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--loads') args.loads = Number(argv[++i]);
    else if (argv[i] === '--root') args.root = resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--no-out') args.out = null;
    else throw new Error(`unknown argument ${argv[i]} (usage: throttled_fps.mjs [--loads N] [--root DIR] [--out FILE | --no-out])`);
  }
  if (!Number.isInteger(args.loads) || args.loads < 1) throw new Error('--loads must be a positive integer');
  return args;
}

// In the page before its scripts, after installPageRecorder (frames, gradient chart renders: frames
// alone would not show a chart that stopped following the run): the time of the engine's 'init'
// answer and of every training snapshot (with its step) the worker sends back: a reply's, or a
// stream's tick (engine.stream: the live strip's runs, paced in the worker).
function installProbe() {
  const probe = { engineReadyMs: null, snapshots: [] };
  window.__vgPhoneProbe = probe;
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(...args) {
      super(...args);
      const workerName = args[1]?.name ?? '';  // the article's playground trains in 'vg-engine-playground'
      this.addEventListener('message', (event) => {
        const result = event.data?.result;
        if (probe.engineReadyMs === null && typeof result?.variant === 'string') probe.engineReadyMs = performance.now();
        const step = result?.stats?.step ?? event.data?.snapshots?.[0]?.stats?.step;
        if (typeof step === 'number') probe.snapshots.push([performance.now(), step, workerName]);
      });
    }
  };
}

// The worker the article's playground trains in (web/js/widgets/playground.js spawns it): the other
// widgets' runs answer from the page's engine with step counts of their own.
const PLAYGROUND_WORKER = 'vg-engine-playground';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function openArticle(browser, server, { throttle }) {
  const context = await browser.newContext({ viewport: kViewport, serviceWorkers: 'block' });
  await context.addInitScript(installPageRecorder);
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  if (throttle) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(server.url('/index.html'));
  return { context, page, errors };
}

const readProbe = (page) => page.evaluate(() => ({
  ...window.__vgPhoneProbe, frames: [...window.__vgRecorder.frames], gradientRedraws: [...window.__vgRecorder.gradientRenders],
}));

async function waitFor(page, errors, what, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: kTimeoutMs, polling: 100 });
  } catch {
    throw new Error(`${what} did not happen within ${kTimeoutMs / 1000} s${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`);
  }
}

// One load of the article at the top: when the engine answered, when the first snapshot arrived.
async function engineTimes(browser, server) {
  const { context, page, errors } = await openArticle(browser, server, { throttle: null });
  try {
    await waitFor(page, errors, 'the engine start', () => window.__vgPhoneProbe.engineReadyMs !== null);
    // The gradient strip at the top trains as soon as it is up; a first viewport without it reports n/a.
    // A training snapshot is past step 0 (creating a trainer answers with its step-0 snapshot).
    await page.waitForFunction(() => window.__vgPhoneProbe.snapshots.some(([, step]) => step > 0), null,
      { timeout: 10000, polling: 50 }).catch(() => {});
    const probe = await readProbe(page);
    return { engine_ready_ms: probe.engineReadyMs, first_snapshot_ms: probe.snapshots.find(([, step]) => step > 0)?.[0] ?? null };
  } finally {
    await context.close();
  }
}

// The playground at the article's default, scrolled into view, training under CPU throttling.
async function playgroundFrames(browser, server, throttle) {
  const { context, page, errors } = await openArticle(browser, server, { throttle });
  try {
    await page.evaluate(() => document.getElementById('playground').scrollIntoView({ block: 'start' }));
    await waitFor(page, errors, 'the playground training',
      (name) => window.__vgPhoneProbe.snapshots.filter((snapshot) => snapshot[2] === name).length >= 3, PLAYGROUND_WORKER);
    await page.waitForTimeout(kSettleMs);
    const start = await page.evaluate(() => performance.now());
    await page.waitForTimeout(kWindowMs);
    const probe = await readProbe(page);
    const end = probe.frames.at(-1);
    const frames = probe.frames.filter((time) => time > start).length;
    const snapshots = probe.snapshots.filter(([time, , name]) => time > start && name === PLAYGROUND_WORKER);
    if (snapshots.length < 2 || snapshots.at(-1)[1] <= snapshots[0][1]) {
      throw new Error('the playground did not train during the measured window');
    }
    const [t0, step0] = snapshots[0];
    const [t1, step1] = snapshots.at(-1);
    const seconds = (end - start) / 1000;
    return {
      fps: +(frames / seconds).toFixed(1),
      gradient_redraws_per_second: +(probe.gradientRedraws.filter((time) => time > start && time <= end).length / seconds).toFixed(1),
      steps_per_second: +((step1 - step0) / ((t1 - t0) / 1000)).toFixed(1),
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const server = await startStaticServer({ root: args.root });
  const browser = await launchBrowser();
  try {
    const loads = [];
    for (let i = 0; i < Math.max(args.loads, kStartLoads); i += 1) loads.push(await engineTimes(browser, server));
    const unthrottled = await playgroundFrames(browser, server, null);
    // One throttled window ranged from 18 to 40 frames/s on this machine with the same build: the
    // figure is the median of --loads windows, each in a fresh page (each window's figure is kept).
    const windows = [];
    for (let i = 0; i < args.loads; i += 1) windows.push(await playgroundFrames(browser, server, kThrottleRate));
    const throttled = {
      fps: median(windows.map((window) => window.fps)),
      steps_per_second: median(windows.map((window) => window.steps_per_second)),
      gradient_redraws_per_second: median(windows.map((window) => window.gradient_redraws_per_second)),
    };
    const figures = {
      generated: new Date().toISOString(),
      chromium: browser.version(),
      engine_ready_ms: Math.round(median(loads.map((load) => load.engine_ready_ms))),
      first_snapshot_ms: loads.every((load) => load.first_snapshot_ms !== null)
        ? Math.round(median(loads.map((load) => load.first_snapshot_ms))) : null,
      loads: loads.length,
      cpu_throttling_rate: kThrottleRate,
      playground_fps: throttled.fps,
      playground_steps_per_second: throttled.steps_per_second,
      playground_fps_per_window: windows.map((window) => window.fps),
      playground_gradient_redraws_per_second: throttled.gradient_redraws_per_second,
      unthrottled_playground_fps: unthrottled.fps,
      unthrottled_gradient_redraws_per_second: unthrottled.gradient_redraws_per_second,
      unthrottled_playground_steps_per_second: unthrottled.steps_per_second,
      loadavg_1_5_15_min: loadavg().map((x) => +x.toFixed(2)),
      first_snapshot_ms_per_load: loads.map((load) => (load.first_snapshot_ms === null ? null : Math.round(load.first_snapshot_ms))),
    };
    const fpsTarget = { target: `playground frames/s training at ${kThrottleRate}x CPU throttling ≥ ${kFpsGoal}`, measured: throttled.fps, met: throttled.fps >= kFpsGoal };
    figures.targets = [
      { target: `live strip's first training snapshot (article at the top, desktop), ms ≤ ${kFirstSnapshotGoalMs}`,
        measured: figures.first_snapshot_ms, met: figures.first_snapshot_ms !== null && figures.first_snapshot_ms <= kFirstSnapshotGoalMs },
      fpsTarget,
    ];
    process.stdout.write(`phone: engine ready ${figures.engine_ready_ms} ms after navigation, first training snapshot `
      + `${figures.first_snapshot_ms ?? 'n/a (nothing trains in the first viewport)'}${figures.first_snapshot_ms === null ? '' : ' ms'} (article at the top, desktop, median of ${loads.length}: ${figures.first_snapshot_ms_per_load.join(', ')}); playground at the article's `
      + `default with ${kThrottleRate}x CPU throttling: ${figures.playground_fps} frames/s, ${figures.playground_steps_per_second} steps/s `
      + `(median of ${args.loads} windows: ${figures.playground_fps_per_window.join(', ')} frames/s) `
      + `(${fpsTarget.met ? 'met' : 'MISSED'} ≥ ${kFpsGoal} frames/s), gradient chart redrawn ${figures.playground_gradient_redraws_per_second} times/s; `
      + `without throttling ${figures.unthrottled_playground_fps} frames/s, `
      + `${figures.unthrottled_playground_steps_per_second} steps/s, gradient chart ${figures.unthrottled_gradient_redraws_per_second} times/s; load average ${figures.loadavg_1_5_15_min.join(' / ')}\n`);
    if (args.out) await mergeIntoResults(args.out, 'phone_throttled', figures);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(`throttled_fps: ${error.stack ?? error.message}`);
  process.exit(1);
});
