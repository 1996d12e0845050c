// A 60-second training run of the article's playground (depth 50, width 32): after warm-up the WASM
// memory of the playground's own engine worker and the page's JavaScript objects (after a forced GC)
// stop growing (< 5 % between 30 s and 60 s) and the charts' data stays bounded. Prints the figures.
// The objects are read from heap snapshots around 30 s and at the end: V8's heap in use also holds
// the code it compiles, which keeps growing for minutes as it optimizes hot functions (measured:
// +0.38 MB of 0.53 MB of heap growth between 30 and 60 s was compiled code), and that is not data
// the page keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowserAndServer, instrumentWorkerWasmMemory, workerWasmMemoryBytes, pageHeapProbe,
} from './harness.mjs';
import { waitForPlayground, playgroundLatest } from './article.mjs';

const RUN_SECONDS = 60;
const SAMPLE_SECONDS = 5;
const WARM_UP_SECONDS = 30;
const MAX_GROWTH = 0.05;
const MAX_POINTS_PER_DATASET = 4000;
// When the JS objects are read (a heap snapshot takes a second or two): three samples around the end
// of the warm-up and the last three.
const OBJECT_SECONDS = new Set([WARM_UP_SECONDS - SAMPLE_SECONDS, WARM_UP_SECONDS, WARM_UP_SECONDS + SAMPLE_SECONDS,
  RUN_SECONDS - 2 * SAMPLE_SECONDS, RUN_SECONDS - SAMPLE_SECONDS, RUN_SECONDS]);

const session = useBrowserAndServer();

function chartPoints(page) {
  return page.evaluate(() => {
    const charts = Object.values(window.Chart?.instances ?? {});
    const perDataset = charts.flatMap((chart) => chart.data.datasets.map((dataset) => dataset.data.length));
    return { charts: charts.length, total: perDataset.reduce((sum, n) => sum + n, 0), largest: Math.max(0, ...perDataset) };
  });
}

const mib = (bytes) => `${(bytes / 1048576).toFixed(2)} MiB`;

test(`${RUN_SECONDS}-second training run: WASM memory and JS heaps stop growing, chart data bounded`, { timeout: 150000 }, async () => {
  const { context, page, watch } = await session.openPage();
  let pageHeap;
  try {
    await instrumentWorkerWasmMemory(context);
    await page.goto(session.server.url('/index.html#depth=50&width=32&speed=normal&seed=1'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await waitForPlayground(page, { minStep: 1 });
    pageHeap = await pageHeapProbe(page);
    const samples = [];
    const started = Date.now();
    for (let second = 0; second <= RUN_SECONDS; second += SAMPLE_SECONDS) {
      const wait = started + second * 1000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      const latest = await playgroundLatest(page);
      samples.push({
        second,
        step: latest.step,
        wasm: await workerWasmMemoryBytes(page, 'vg-engine-playground'),
        pageHeap: await pageHeap.heapUsedBytes(),
        jsObjects: OBJECT_SECONDS.has(second) ? await pageHeap.jsObjectBytes() : null,
        points: await chartPoints(page),
      });
    }
    console.log('# memory over the run (s, step, WASM memory, page JS heap in use after GC, its JS objects, chart points total/largest):');
    for (const sample of samples) {
      const objects = sample.jsObjects === null ? '' : `  JS objects ${mib(sample.jsObjects)}`;
      console.log(`#   ${String(sample.second).padStart(2)} s  step ${String(sample.step).padStart(6)}  wasm ${mib(sample.wasm)}  page heap ${mib(sample.pageHeap)}${objects}  points ${sample.points.total}/${sample.points.largest}`);
    }
    // Medians of three samples around 30 s and at the end, so one sample caught mid-allocation does
    // not decide the result.
    const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
    const around = (from, to) => samples.filter((sample) => sample.second >= from && sample.second <= to);
    const warmSamples = around(WARM_UP_SECONDS - SAMPLE_SECONDS, WARM_UP_SECONDS + SAMPLE_SECONDS);
    const lastSamples = samples.slice(-3);
    const summary = (group) => ({ wasm: median(group.map((s) => s.wasm)), pageHeap: median(group.map((s) => s.pageHeap)),
      jsObjects: median(group.map((s) => s.jsObjects)) });
    const warm = { step: warmSamples[1].step, ...summary(warmSamples) };
    const last = { step: samples.at(-1).step, ...summary(lastSamples) };
    const growth = (key) => (last[key] - warm[key]) / warm[key];
    console.log(`# growth ${WARM_UP_SECONDS}..${RUN_SECONDS} s (medians of 3 samples): wasm ${(100 * growth('wasm')).toFixed(2)}%, page JS objects ${(100 * growth('jsObjects')).toFixed(2)}% (heap in use, with compiled code: ${(100 * growth('pageHeap')).toFixed(2)}%)`);
    assert.ok(last.step > warm.step && warm.step > samples[0].step, 'training did not run for the whole minute');
    assert.ok(growth('wasm') < MAX_GROWTH, `WASM memory grew ${(100 * growth('wasm')).toFixed(1)}%`);
    assert.ok(growth('jsObjects') < MAX_GROWTH, `the page's JS objects grew ${(100 * growth('jsObjects')).toFixed(1)}%`);
    // Decimated series refill between halvings, so the bound is absolute, not relative.
    const peakPoints = Math.max(...samples.map((sample) => sample.points.largest));
    assert.ok(peakPoints <= MAX_POINTS_PER_DATASET, `a chart held ${peakPoints} points during the run`);
    watch.assertClean('60 s run');
  } finally {
    await pageHeap?.close();
    await context.close();
  }
});
