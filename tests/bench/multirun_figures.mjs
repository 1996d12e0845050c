// The multi-run widgets' wall time (issue 16): the depth sweep, the gain sweep and the A/B run, each
// started by a click as a reader does (once the widget is ready for it: the A/B's pair built, the
// sweep's workers up), timed from the click to the widget's "done" state
// - in the article, after the playground above has trained for a while (so any of its requests still
//   queued in the engine are in the way),
// - in embed.html (the widget alone),
// - against the same work in node: the same configs (sweep-task.js, ab-runs.js), the same requests
//   (step 1, then chunks; A and B in ticks of STEPS_PER_TICK) and the same snapshot copies, run one
//   after another on one module in this process.
// Prints one JSON line per widget (kind multirun): wall seconds in node (and its CPU seconds, which
// say how much of the wall time was waiting for a core on a shared machine), the article and
// embed.html, and their ratios to node's wall time (target of issue 16: <= 2).
//   node multirun_figures.mjs [--smoke] [--runs N]
import { loadEngine } from '../node/engine-module.js';
import { launchBrowser, startServer, STRICT_CSP } from '../e2e/harness.mjs';
import { printLine, runBenchMain } from './harness.mjs';
import { SWEEPS, pointConfig, CHUNK } from '../../web/js/widgets/sweep-task.js';
import { DEFAULT_CONFIGS, DEFAULT_STEPS, STEPS_PER_TICK, engineConfig } from '../../web/js/widgets/ab-runs.js';

const kViewport = { width: 1280, height: 900 };
const kTimeoutMs = 300000;
const kSweepSettings = { activation: 'relu', init: 'he_normal', steps: 200 };  // the widget's defaults
const kTelemetry = [
  'grad_w_norm', 'grad_b_norm', 'delta_norm', 'act_mean', 'act_std', 'saturated_frac', 'dead_frac',
  'weight_norm', 'update_ratio', 'act_hist', 'grad_hist',
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---- node: the same requests on one module ---------------------------------------------------------

// What the worker does for a step request (engine-worker.js snapshotOf): step, then copy telemetry.
function snapshot(trainer) {
  for (const name of kTelemetry) trainer.telemetry(name).slice();
  return trainer.stats();
}

function configured(Module, config) {
  const trainer = new Module.Trainer();
  const error = trainer.configure(config);
  if (error) throw new Error(`configure refused ${JSON.stringify(config)}: ${error}`);
  return trainer;
}

function sweepInNode(Module, kind, steps) {
  for (const value of SWEEPS[kind].values) {
    const trainer = configured(Module, pointConfig(kind, value, kSweepSettings));
    try {
      trainer.step(1);
      let stats = snapshot(trainer);
      while (stats.step < steps && stats.status !== 'diverged') {
        trainer.step(Math.min(CHUNK, steps - stats.step));
        stats = snapshot(trainer);
      }
    } finally {
      trainer.delete();
    }
  }
}

function abInNode(Module) {
  const trainers = Object.values(DEFAULT_CONFIGS).map((config) => configured(Module, engineConfig(config)));
  try {
    const steps = trainers.map((trainer) => { trainer.step(1); return snapshot(trainer).step; });
    while (steps.some((step) => step < DEFAULT_STEPS)) {
      trainers.forEach((trainer, index) => {
        if (steps[index] >= DEFAULT_STEPS) return;
        trainer.step(Math.min(STEPS_PER_TICK, DEFAULT_STEPS - steps[index]));
        const stats = snapshot(trainer);
        steps[index] = stats.status === 'diverged' ? DEFAULT_STEPS : stats.step;
      });
    }
  } finally {
    trainers.forEach((trainer) => trainer.delete());
  }
}

// Wall seconds, and the process's CPU seconds (what the work costs when it does not wait for a core).
function timeSeconds(work) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

// ---- the page --------------------------------------------------------------------------------------

// Clicks the widget's start control and resolves to the seconds until it reports done. `widget` is
// the widget's root element selector in the page.
async function timeSweepInPage(page, widget, kind) {
  const root = page.locator(widget);
  const start = root.locator('.summary-actions button');
  await start.waitFor({ timeout: kTimeoutMs });
  await root.locator('select').first().selectOption(kind);
  // Its workers start as it comes up, while a reader reads the controls (as the A/B's pair is built).
  await page.waitForFunction((selector) => document.querySelector(`${selector}[data-engines="ready"], ${selector} [data-engines="ready"]`),
    widget, { timeout: kTimeoutMs, polling: 20 });
  const startedAt = await start.evaluate((button) => { button.click(); return performance.now(); });
  const handle = await page.waitForFunction(
    (selector) => {
      const bar = document.querySelector(`${selector} progress.sweep-progress`);
      const running = document.querySelector(`${selector} .summary-actions button`)?.textContent;
      return bar && Number(bar.value) === 1 && window.__vgStartLabel === running ? performance.now() : null;
    },
    widget, { timeout: kTimeoutMs, polling: 20 });
  return (await handle.jsonValue() - startedAt) / 1000;
}

async function timeAbInPage(page, widget) {
  const root = page.locator(widget);
  const play = root.locator('.summary-actions button').first();
  // The pair is built (step 1 measured) before the reader can usefully press play.
  await page.waitForFunction((selector) => /\d/.test(document.querySelector(`${selector} .summary-progress`)?.textContent ?? ''),
    widget, { timeout: kTimeoutMs, polling: 50 });
  const startedAt = await play.evaluate((button) => { button.click(); return performance.now(); });
  const handle = await page.waitForFunction(
    ({ selector, max }) => {
      const text = document.querySelector(`${selector} .summary-progress`)?.textContent ?? '';
      return text.includes(String(max)) && !text.includes('/') ? performance.now() : null;
    },
    { selector: widget, max: DEFAULT_STEPS }, { timeout: kTimeoutMs, polling: 20 });
  return (await handle.jsonValue() - startedAt) / 1000;
}

async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: kViewport, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  return { context, page, errors };
}

// The sweep's start label, read once the widget is up (the page's language decides it).
async function rememberStartLabel(page, widget) {
  await page.locator(`${widget} .summary-actions button`).waitFor({ timeout: kTimeoutMs });
  await page.evaluate((selector) => {
    window.__vgStartLabel = document.querySelector(`${selector} .summary-actions button`).textContent;
  }, widget);
}

// Scrolls until the widget is on screen and stays there, as a reader does: widgets mount as they
// come near, and the ones above it grow as they mount, which can push it off screen again (where it
// pauses). Gives up after kScrollAttempts.
const kScrollAttempts = 20;
async function scrollUntilSettledInView(page, widget) {
  const root = page.locator(widget);
  const inView = () => root.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top < window.innerHeight && box.bottom > 0;
  });
  for (let attempt = 0; attempt < kScrollAttempts; attempt += 1) {
    await root.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    if (await inView()) {
      await page.waitForTimeout(300);
      if (await inView()) return;
    }
  }
  throw new Error(`${widget} did not stay on screen after ${kScrollAttempts} scrolls`);
}

// Starts the widget at `widget` (a selector) in the open page and returns the seconds to done.
async function timeWidget(page, widget, name, kind) {
  await scrollUntilSettledInView(page, widget);  // widgets mount when they come into view
  if (name === 'sweep') {
    await rememberStartLabel(page, widget);
    return timeSweepInPage(page, widget, kind);
  }
  return timeAbInPage(page, widget);
}

// One widget's work in a fresh page: in the article the playground plays first (as a reader arrives
// at it), then the reader scrolls down to the widget and starts it; in embed.html the widget is alone.
async function pageSeconds(browser, server, where, name, kind, playgroundSeconds) {
  const url = where === 'article' ? '/index.html#speed=normal' : `/embed.html#widget=${name}`;
  const { context, page, errors } = await openPage(browser, server.url(url));
  try {
    if (where === 'embed') return await timeWidget(page, '#embed-root', name, kind);
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (window.__vgTest?.playground?.latest()?.step ?? 0) > 0, null, { timeout: kTimeoutMs });
    await page.waitForTimeout(playgroundSeconds * 1000);
    return await timeWidget(page, `[data-widget="${name}"]`, name, kind);
  } finally {
    if (errors.length) process.stderr.write(`multirun ${name} (${where}): page errors: ${errors.join(' | ')}\n`);
    await context.close();
  }
}

async function coresSeenByPages(browser) {
  const context = await browser.newContext();
  try {
    return await (await context.newPage()).evaluate(() => navigator.hardwareConcurrency);
  } finally {
    await context.close();
  }
}

runBenchMain(async (options) => {
  const runs = options.smoke ? 1 : Math.max(1, Math.min(options.runs, 3));
  const { steps } = kSweepSettings;
  const Module = await loadEngine('simd');
  const server = await startServer({ csp: STRICT_CSP });
  const browser = await launchBrowser();
  const hardwareConcurrency = await coresSeenByPages(browser);
  const widgets = [
    { id: 'depth-sweep', name: 'sweep', kind: 'depth', node: () => sweepInNode(Module, 'depth', steps) },
    { id: 'gain-sweep', name: 'sweep', kind: 'gain', node: () => sweepInNode(Module, 'gain', steps) },
    { id: 'ab', name: 'ab', kind: null, node: () => abInNode(Module) },
  ];
  try {
    for (const widget of widgets) {
      if (options.only.length && !options.only.includes(widget.id)) continue;
      if (options.smoke && widget.id === 'gain-sweep') continue;  // the depth sweep's code path again
      const figures = { node: [], node_cpu: [], article: [], embed: [] };
      for (let run = 0; run < runs; run++) {
        const node = timeSeconds(widget.node);
        figures.node.push(node.wall);
        figures.node_cpu.push(node.cpu);
        figures.article.push(await pageSeconds(browser, server, 'article', widget.name, widget.kind, options.smoke ? 0.5 : 3));
        figures.embed.push(await pageSeconds(browser, server, 'embed', widget.name, widget.kind, 0));
      }
      const seconds = Object.fromEntries(Object.entries(figures).map(([where, values]) => [where, median(values)]));
      printLine({
        engine: 'multirun', kind: 'multirun', widget: widget.id, runs,
        hardware_concurrency: hardwareConcurrency,
        node_seconds: +seconds.node.toFixed(3),
        node_cpu_seconds: +seconds.node_cpu.toFixed(3),
        article_seconds: +seconds.article.toFixed(3),
        embed_seconds: +seconds.embed.toFixed(3),
        article_over_node: +(seconds.article / seconds.node).toFixed(2),
        embed_over_node: +(seconds.embed / seconds.node).toFixed(2),
        all: figures,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
