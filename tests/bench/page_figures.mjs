// The page figures of issue 5, measured in headless Chromium on 127.0.0.1 (the e2e tests' server
// and browser launch, tests/e2e/harness.mjs, under the strict CSP a blog host would send):
// - transfer size, raw and gzip (-9, per file), of everything the article loads while a reader
//   scrolls through it (KaTeX fonts included), and of the WASM alone;
// - time from navigation to the first drawn gradient chart (the playground's gradient-norm card),
//   in the article kept scrolled at the playground, and in playground.html (median of 5 loads each);
// - per workload in playground.html (state from the URL hash, playing as a reader runs it):
//   frames per second and the training steps per second of the page's worker, telemetry at every
//   request as the page asks for it; the module's WASM memory.
// Prints one JSON line per workload (engine page-worker) and one page line (kind page).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser, startServer, STRICT_CSP, WEB_ROOT } from '../e2e/harness.mjs';
import { installPageRecorder } from './page_recorder.mjs';
import {
  printLine, runBenchMain, selectedWorkloads, skippedBySmoke,
} from './harness.mjs';

const kViewport = { width: 1280, height: 900 };
const kLoadTimeoutMs = 30000;
const kFirstChartLoads = 5;
// Engine fields the page fixes itself (web/js/state.js FIXED_ENGINE_FIELDS): not in its hash.
const kNotInHash = new Set(['telemetry_every', 'hist_bins']);

// Runs in every page before its own scripts, after installPageRecorder (frames, gradient chart
// renders): logs the step count of every snapshot the engine worker sends back.
function installProbe() {
  const probe = { steps: [] };
  window.__vgBench = probe;
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const step = event.data?.result?.stats?.step;
        if (typeof step === 'number') probe.steps.push([performance.now(), step]);
      });
    }
  };
  // The article opened at the playground: widgets above it grow as they mount, so keep it in view
  // until its gradient chart is drawn.
  if (new URLSearchParams(location.search).get('bench_scroll') === 'playground') {
    const keepInView = () => {
      if (window.__vgRecorder.gradientRenders.length > 0) return;
      document.getElementById('playground')?.scrollIntoView();
      requestAnimationFrame(keepInView);
    };
    requestAnimationFrame(keepInView);
  }
}

// Runs in the engine worker as soon as it exists: keeps the module's WebAssembly.Memory reachable.
function installWorkerProbe() {
  const keepMemory = (result) => {
    const instance = result.instance ?? result;
    self.__vgBenchMemory = Object.values(instance.exports ?? {}).find((e) => e instanceof WebAssembly.Memory) ?? null;
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keepMemory);
  }
}

// probeWorkers: install the memory probe in every worker (Playwright attaches to it and evaluates
// its own script there first, at the worker's start: only where the memory is read).
async function openPage(browser, url, { probeWorkers = false } = {}) {
  const context = await browser.newContext({ viewport: kViewport, serviceWorkers: 'block' });
  await context.addInitScript(installPageRecorder);
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const workers = [];
  if (probeWorkers) {
    page.on('worker', (worker) => {
      workers.push(worker);
      worker.evaluate(installWorkerProbe).catch(() => {});
    });
  }
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.pageErrors = pageErrors;
  await page.goto(url);
  return { context, page, workers };
}

const readProbe = (page) => page.evaluate(() => ({
  steps: [...window.__vgBench.steps],
  frameTimes: [...window.__vgRecorder.frames],
}));

// The time of the first gradient chart, awaited through CDP rather than page.waitForFunction:
// Playwright's waitForFunction first evaluates its own injected script in the page (50 ms of the
// main thread in a trace, at the load event, just before the playground mounts), and the figure is
// the page's, not the probe's (tests/bench/README.md, eighth pass).
async function waitForGradientChart(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: `Promise.race([window.__vgRecorder.firstGradientRender,
        new Promise((resolve) => setTimeout(() => resolve(null), ${kLoadTimeoutMs}))])`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails || typeof result.value !== 'number') {
      const errors = page.pageErrors.length ? `; page errors: ${page.pageErrors.join(' | ')}` : '';
      throw new Error(`${page.url()}: no gradient chart drawn within ${kLoadTimeoutMs / 1000} s${errors}`);
    }
    return result.value;
  } finally {
    await cdp.detach();
  }
}

async function wasmMemoryBytes(workers) {
  for (const worker of workers) {
    const bytes = await worker.evaluate(() => self.__vgBenchMemory?.buffer.byteLength ?? null).catch(() => null);
    if (bytes) return bytes;
  }
  return null;
}

function fileSizes(relativePaths) {
  const sizes = relativePaths.map((relative) => {
    const bytes = fs.readFileSync(path.join(WEB_ROOT, relative));
    return { path: relative, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (key, list = sizes) => list.reduce((total, file) => total + file[key], 0);
  const wasm = sizes.filter((file) => file.path.endsWith('.wasm'));
  const kindOf = (file) => (/\.(woff2?|ttf)$/.test(file.path) ? 'fonts' : path.extname(file.path).slice(1) || 'other');
  const gzipByKind = {};
  for (const file of sizes) gzipByKind[kindOf(file)] = (gzipByKind[kindOf(file)] ?? 0) + file.gzip;
  return {
    files: sizes.length,
    total_raw_bytes: sum('raw'),
    total_gzip_bytes: sum('gzip'),
    wasm_raw_bytes: sum('raw', wasm),
    wasm_gzip_bytes: sum('gzip', wasm),
    gzip_bytes_by_kind: gzipByKind,
    largest_gzip: [...sizes].sort((a, b) => b.gzip - a.gzip).slice(0, 6).map((f) => `${f.path} ${f.gzip}`),
  };
}

// Loads the article, scrolls through it as a reader would (so every widget mounts and every font it
// needs loads), and sizes every file the server handed out.
async function articleTransfer(browser, server) {
  const firstServed = server.served.length;
  const { context, page } = await openPage(browser, server.url('/index.html'));
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += kViewport.height / 2) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(150);
  }
  await page.waitForLoadState('networkidle');
  await context.close();
  const paths = [...new Set(server.served.slice(firstServed).filter((s) => s.status === 200).map((s) => s.path))];
  return fileSizes(paths.map((p) => p.replace(/^\//, '')));
}

// Median over `loads` fresh pages (one load ranged 1.0-1.6 s with one build on this shared machine),
// and every load's figure.
async function firstChartMs(browser, server, pagePath, loads) {
  const times = [];
  for (let load = 0; load < loads; load += 1) {
    const { context, page } = await openPage(browser, server.url(pagePath));
    times.push(Math.round(await waitForGradientChart(page)));
    await context.close();
  }
  return { median: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], times };
}

function hashOf(config) {
  return Object.entries(config).filter(([key]) => !kNotInHash.has(key))
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`).join('&');
}

// The playground training the workload on its own: frames and worker steps over a window.
async function playgroundFigures(browser, server, workload, { settleSeconds, windowSeconds }) {
  const { context, page, workers } = await openPage(browser, server.url(`/playground.html#${hashOf(workload.config)}`), { probeWorkers: true });
  try {
    await waitForGradientChart(page);
    await page.waitForTimeout(settleSeconds * 1000);
    const start = await page.evaluate(() => performance.now());
    await page.waitForTimeout(windowSeconds * 1000);
    const probe = await readProbe(page);
    const end = probe.frameTimes.at(-1);
    const frames = probe.frameTimes.filter((t) => t >= start).length;
    const steps = probe.steps.filter(([t]) => t >= start);
    if (steps.length < 2) throw new Error(`${workload.id}: the playground took fewer than 2 requests in ${windowSeconds} s`);
    const [t0, step0] = steps[0];
    const [t1, step1] = steps.at(-1);
    if (step1 <= step0) throw new Error(`${workload.id}: the playground's step count did not advance (${step0} -> ${step1})`);
    return {
      fps: +(frames / ((end - start) / 1000)).toFixed(1),
      steps_per_second: (step1 - step0) / ((t1 - t0) / 1000),
      requests_per_second: +((steps.length - 1) / ((t1 - t0) / 1000)).toFixed(1),
      wasm_memory_bytes: await wasmMemoryBytes(workers),
    };
  } finally {
    await context.close();
  }
}

runBenchMain(async (options) => {
  const windows = options.smoke ? { settleSeconds: 0.3, windowSeconds: 1 } : { settleSeconds: 1, windowSeconds: 5 };
  const server = await startServer({ csp: STRICT_CSP });
  const browser = await launchBrowser();
  try {
    const page = { engine: 'page', kind: 'page', fps: {}, wasm_memory_bytes: null, chromium: browser.version() };
    page.transfer = await articleTransfer(browser, server);
    const chartLoads = options.smoke ? 1 : kFirstChartLoads;
    const article = await firstChartMs(browser, server, '/index.html?bench_scroll=playground', chartLoads);
    const playgroundPage = await firstChartMs(browser, server, '/playground.html', chartLoads);
    page.first_chart_ms = article.median;
    page.first_chart_ms_per_load = article.times;
    page.playground_page_first_chart_ms = playgroundPage.median;
    for (const workload of selectedWorkloads(options)) {
      if (skippedBySmoke(options, 'page-worker', workload, ['W1', 'W3'])) continue;
      const figures = await playgroundFigures(browser, server, workload, windows);
      printLine({
        engine: 'page-worker', workload: workload.id, kind: 'train',
        steps_per_second: figures.steps_per_second, requests_per_second: figures.requests_per_second,
        fps: figures.fps, wasm_memory_bytes: figures.wasm_memory_bytes,
      });
      page.fps[workload.id] = figures.fps;
      page.wasm_memory_bytes = Math.max(page.wasm_memory_bytes ?? 0, figures.wasm_memory_bytes ?? 0) || null;
    }
    printLine(page);
  } finally {
    await browser.close();
    await server.close();
  }
});
