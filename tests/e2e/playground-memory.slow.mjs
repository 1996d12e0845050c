// Issue 9's large config (inside the validator's range): the playground, in its own engine, trains
// it with the mean-field overlay on, and Reset restarts it; never an out-of-memory notice that no
// button clears. Then the deepest config the validator accepts for every other optimizer at width 256
// and batch 1024 trains too, and one layer more is refused with a notice naming the deepest that fits.
// Prints the WASM memory high-water mark of the playground's worker and of the page's engine.
// Slow (each run takes ~190 MiB and seconds per step): `node --test tests/e2e/playground-memory.slow.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer, instrumentWorkerWasmMemory, workerWasmMemoryBytes } from './harness.mjs';
import { waitForPlayground, noticeTexts, resetButton } from './article.mjs';

const session = useBrowserAndServer();

const LARGE = { depth: 57, width: 256, batch_size: 1024, optimizer: 'adam', activation: 'relu', init: 'he_normal' };
// The validator's deepest run per optimizer at width 256, batch 1024, ReLU (tests/core/test_config.cpp):
// Adam keeps two more copies of the weights than SGD, the one-buffer optimizers one more.
const DEEPEST = { sgd: 67, momentum: 61, nesterov: 61, adagrad: 61, rmsprop: 61, adam: 57 };
const hashOf = (config) => Object.entries(config).map(([name, value]) => `${name}=${value}`).join('&');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

test('depth 57 × width 256 × batch 1024 with Adam trains with the overlay, Reset restarts it; every optimizer\'s deepest trains', { timeout: 900000 }, async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await instrumentWorkerWasmMemory(context);
    await page.goto(session.server.url(`/index.html?lang=en#${hashOf(LARGE)}`), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    const first = await waitForPlayground(page, { minStep: 1 }, { timeout: 180000 });
    for (const [name, value] of Object.entries(LARGE)) assert.equal(first.trained[name], value, `trained ${name}`);
    // The overlay's dashed prediction is drawn (it reads the run's step 0; no second network).
    await page.waitForFunction(() => Object.values(window.Chart?.instances ?? {}).some((chart) =>
      chart.canvas.closest('[data-part="gradient"]') && !chart.data.datasets[2].hidden && chart.data.datasets[2].data.length === 57),
    null, { timeout: 60000 });
    await resetButton(page).click();
    await waitForPlayground(page, { step: 0 }, { timeout: 60000 });
    const again = await waitForPlayground(page, { minStep: 1 }, { timeout: 180000 });
    assert.equal(again.trained.depth, LARGE.depth);
    const notices = (await noticeTexts(page)).join('\n');
    assert.doesNotMatch(notices, /memory|stopped/i, notices);
    console.log(`# WASM memory high-water mark, ${hashOf(LARGE)} with the overlay: playground's worker ${mib(await workerWasmMemoryBytes(page, 'vg-engine-playground'))}, page's engine ${mib(await workerWasmMemoryBytes(page))}`);

    for (const [optimizer, depth] of Object.entries(DEEPEST).filter(([name]) => name !== 'adam')) {
      const config = { ...LARGE, optimizer, depth };
      await page.evaluate((hash) => { window.location.hash = hash; }, hashOf(config));
      await page.waitForFunction(({ optimizer: name, depth: layers }) => {
        const latest = window.__vgTest?.playground?.latest();
        return latest && latest.trained?.optimizer === name && latest.trained.depth === layers && latest.step >= 1;
      }, config, { timeout: 180000, polling: 100 });
      const notices = (await noticeTexts(page)).join('\n');
      assert.doesNotMatch(notices, /memory|stopped/i, `${optimizer} depth ${depth}: ${notices}`);
    }
    console.log(`# after every optimizer's deepest run: playground's worker ${mib(await workerWasmMemoryBytes(page, 'vg-engine-playground'))}`);

    // One layer more than Adam's deepest: refused by the validator, the notice names depth 57.
    await page.evaluate((hash) => { window.location.hash = hash; }, hashOf({ ...LARGE, depth: 58 }));
    await page.waitForFunction(() => [...document.querySelectorAll('.vg-pg-notices li')]
      .some((item) => /the deepest network that fits is depth 57/.test(item.textContent)), null, { timeout: 60000 });
    const after = (await noticeTexts(page)).join('\n');
    assert.doesNotMatch(after, /stopped|free now/i, after);
    watch.assertClean('large configs');
  } finally {
    await context.close();
  }
});
