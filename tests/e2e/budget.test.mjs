// The memory budget protects the reader's machine: a configuration that would need more WASM memory
// than the budget (depth 1000 × width 256 × batch 1024, from a link) is refused before allocation
// with a message naming what to lower, and the page keeps working on the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { waitForPlayground, noticeTexts, controlRow } from './article.mjs';

const session = useBrowserAndServer();

test('a config over the memory budget is refused with a message naming what to lower; page intact', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html?lang=en#depth=1000&width=256&batch_size=1024'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    const latest = await waitForPlayground(page, { minStep: 1 });
    const notices = (await noticeTexts(page)).join('\n');
    assert.match(notices, /budget/i, `no budget notice: ${notices}`);
    assert.match(notices, /lower/i);
    assert.match(notices, /depth/);
    assert.match(notices, /width/);
    assert.match(notices, /batch/);
    assert.ok(latest.state.depth * latest.state.width * latest.state.batch_size < 1000 * 256 * 1024,
      `the refused config runs anyway: ${JSON.stringify(latest.state)}`);

    // The same refusal from the controls: the previous run stays and keeps training.
    const widthBox = controlRow(page, 'width').locator('input[type="number"]');
    const depthBox = controlRow(page, 'depth').locator('input[type="number"]');
    const batchBox = controlRow(page, 'batch_size').locator('input[type="number"]');
    await widthBox.fill('256');
    await widthBox.press('Tab');
    await batchBox.fill('1024');
    await batchBox.press('Tab');
    await depthBox.fill('1000');
    await depthBox.press('Tab');
    await page.waitForFunction(() => [...document.querySelectorAll('.vg-pg-notices li')].some((item) => /budget/i.test(item.textContent) && /lower/i.test(item.textContent)) && document.querySelectorAll('.vg-pg-notices li').length >= 2);
    const after = await waitForPlayground(page, { minStep: 1 });
    assert.ok(after.state.depth * after.state.width * after.state.batch_size < 1000 * 256 * 1024, JSON.stringify(after.state));
    assert.notEqual(after.state.depth, 1000, 'the refused depth was applied');
    const stepNow = after.step;
    await waitForPlayground(page, { minStep: stepNow + 1 });
    watch.assertClean('memory budget');
  } finally {
    await context.close();
  }
});
