// A 60-second training run of the article's playground (depth 50, width 32): after warm-up the WASM
// memory of the playground's own engine worker and the page's JS heap (after a forced GC) stop growing
// (< 5 % between 30 s and 60 s) and the charts' data stays bounded. Prints the figures.
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
        points: await chartPoints(page),
      });
    }
    console.log('# memory over the run (s, step, WASM memory, page JS heap after GC, chart points total/largest):');
    for (const sample of samples) {
      console.log(`#   ${String(sample.second).padStart(2)} s  step ${String(sample.step).padStart(6)}  wasm ${mib(sample.wasm)}  page heap ${mib(sample.pageHeap)}  points ${sample.points.total}/${sample.points.largest}`);
    }
    // Medians of three samples around 30 s and at the end, so one sample caught mid-allocation does
    // not decide the result.
    const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
    const around = (from, to) => samples.filter((sample) => sample.second >= from && sample.second <= to);
    const warmSamples = around(WARM_UP_SECONDS - SAMPLE_SECONDS, WARM_UP_SECONDS + SAMPLE_SECONDS);
    const lastSamples = samples.slice(-3);
    const warm = { step: warmSamples[1].step, wasm: median(warmSamples.map((s) => s.wasm)), pageHeap: median(warmSamples.map((s) => s.pageHeap)) };
    const last = { step: samples.at(-1).step, wasm: median(lastSamples.map((s) => s.wasm)), pageHeap: median(lastSamples.map((s) => s.pageHeap)) };
    const growth = (key) => (last[key] - warm[key]) / warm[key];
    console.log(`# growth ${WARM_UP_SECONDS}..${RUN_SECONDS} s (medians of 3 samples): wasm ${(100 * growth('wasm')).toFixed(2)}%, page heap ${(100 * growth('pageHeap')).toFixed(2)}%`);
    assert.ok(last.step > warm.step && warm.step > samples[0].step, 'training did not run for the whole minute');
    assert.ok(growth('wasm') < MAX_GROWTH, `WASM memory grew ${(100 * growth('wasm')).toFixed(1)}%`);
    assert.ok(growth('pageHeap') < MAX_GROWTH, `page JS heap grew ${(100 * growth('pageHeap')).toFixed(1)}%`);
    // Decimated series refill between halvings, so the bound is absolute, not relative.
    const peakPoints = Math.max(...samples.map((sample) => sample.points.largest));
    assert.ok(peakPoints <= MAX_POINTS_PER_DATASET, `a chart held ${peakPoints} points during the run`);
    watch.assertClean('60 s run');
  } finally {
    await pageHeap?.close();
    await context.close();
  }
});
