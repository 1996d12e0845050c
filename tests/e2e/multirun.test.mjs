// The multi-run widgets train in engines of their own (engine.spawnPool), so the points of a sweep
// may finish in any order and on any worker: the depth sweep in embed.html still reports every point,
// in the sweep's order, with the final test loss the core computes for that point in node (the same
// SIMD module, so the same bits), and it ran beside the page's shared engine worker, not in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { loadEngine, configuredTrainer } from '../node/engine-module.js';
import { SWEEPS, CHUNK, pointConfig } from '../../web/js/widgets/sweep-task.js';

const session = useBrowserAndServer();
const STEPS = 100;  // the sweep's shortest setting
const SETTINGS = { activation: 'relu', init: 'he_normal' };  // the widget's defaults

// The final test loss of every depth point, trained as the widget trains it (step 1, then chunks).
async function finalLossesInNode() {
  const engine = await loadEngine('simd');
  return SWEEPS.depth.values.map((depth) => {
    const trainer = configuredTrainer(engine, pointConfig('depth', depth, SETTINGS));
    try {
      trainer.step(1);
      while (trainer.stats().step < STEPS && trainer.stats().status !== 'diverged') {
        trainer.step(Math.min(CHUNK, STEPS - trainer.stats().step));
      }
      return trainer.stats().test_loss;
    } finally {
      trainer.delete();
    }
  });
}

test('the depth sweep runs in its own worker and reports every point in order, as the core computes it', { timeout: 240000 }, async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/embed.html#widget=sweep'), { waitUntil: 'load' });
    const root = page.locator('#embed-root');
    const start = root.locator('.summary-actions button');
    await start.waitFor();
    const startLabel = await start.textContent();
    const selects = root.locator('select');
    await selects.nth(0).selectOption('depth');
    await selects.nth(3).selectOption(String(STEPS));
    await start.click();
    await page.waitForFunction(
      (label) => Number(document.querySelector('#embed-root progress.sweep-progress')?.value) === 1
        && document.querySelector('#embed-root .summary-actions button')?.textContent === label,
      startLabel, { timeout: 200000, polling: 100 });

    const rows = await root.locator('table.data-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((cell) => cell.textContent)));
    assert.deepEqual(rows.map((row) => Number(row[0])), SWEEPS.depth.values, 'points missing or out of order');
    const expected = await finalLossesInNode();
    rows.forEach((row, index) => {
      const shown = Number(row[1]);
      const want = expected[index];
      assert.ok(Math.abs(shown - want) <= 1e-5 * Math.abs(want), `depth ${row[0]}: final test loss ${shown}, the core gives ${want}`);
    });
    const engineWorkers = page.workers().filter((worker) => worker.url().includes('engine-worker'));
    assert.ok(engineWorkers.length >= 2, `${engineWorkers.length} engine worker(s): the sweep did not get its own`);
    watch.assertClean('depth sweep');
  } finally {
    await context.close();
  }
});
