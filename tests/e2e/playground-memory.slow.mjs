// Issue 9's large config (inside the validator's range): the playground trains it, with the mean-field
// overlay on, and Reset restarts it; never an out-of-memory notice that no button clears. Prints the
// engine worker's WASM memory high-water mark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer, instrumentWorkerWasmMemory, workerWasmMemoryBytes } from './harness.mjs';
import { waitForPlayground, noticeTexts, resetButton } from './article.mjs';

const session = useBrowserAndServer();

const LARGE = { depth: 57, width: 256, batch_size: 1024, optimizer: 'adam', activation: 'relu', init: 'he_normal' };

test('depth 57 × width 256 × batch 1024 with Adam trains, and Reset restarts it', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await instrumentWorkerWasmMemory(context);
    const hash = Object.entries(LARGE).map(([name, value]) => `${name}=${value}`).join('&');
    await page.goto(session.server.url(`/index.html?lang=en#${hash}`), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    const first = await waitForPlayground(page, { minStep: 1 }, { timeout: 120000 });
    for (const [name, value] of Object.entries(LARGE)) assert.equal(first.trained[name], value, `trained ${name}`);
    await resetButton(page).click();
    await waitForPlayground(page, { step: 0 }, { timeout: 60000 });
    const again = await waitForPlayground(page, { minStep: 1 }, { timeout: 120000 });
    assert.equal(again.trained.depth, LARGE.depth);
    const notices = (await noticeTexts(page)).join('\n');
    assert.doesNotMatch(notices, /memory|stopped/i, notices);
    const bytes = await workerWasmMemoryBytes(page);
    console.log(`# WASM memory high-water mark, ${hash} with the overlay: ${(bytes / 2 ** 20).toFixed(0)} MiB`);
    watch.assertClean('large config');
  } finally {
    await context.close();
  }
});
