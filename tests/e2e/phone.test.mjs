// The article on a 375 px phone: the playground shows its charts first, with play/pause pinned at the
// top and the settings in a collapsible panel pinned at the bottom, so the gradient chart is on screen
// together with depth, activation, initialization and play; the first chart starts within the first
// 800 px of the playground. The first viewport shows no stray skip-link border, the English language
// pill stays on one line, and the live strip above the fold starts training, its cells painted by the
// engine's worker, or by the page where a canvas cannot be handed to a worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer, canvasIsDrawn } from './harness.mjs';

const session = useBrowserAndServer();
const PHONE = { width: 375, height: 812 };

const inViewport = (box, height) => box && box.y >= 0 && box.y + Math.min(box.height, 40) <= height;

test('375 px: the playground puts the gradient chart on screen with its main controls', async () => {
  const { context, page, watch } = await session.openPage({ viewport: PHONE });
  try {
    await page.goto(session.server.url('/index.html#depth'), { waitUntil: 'load' });
    const playground = page.locator('#playground');
    await page.waitForFunction(() => document.documentElement.dataset.landing === 'done', null, { timeout: 30000 });
    // Widgets mount as they come near the screen: the reader scrolls on from the section's start.
    await playground.scrollIntoViewIfNeeded();
    await playground.locator('.vg-pg-card canvas').first().waitFor({ timeout: 30000 });
    const offset = await playground.evaluate((root) => {
      const card = root.querySelector('.vg-pg-card');
      return card.getBoundingClientRect().top - root.getBoundingClientRect().top;
    });
    assert.ok(offset < 800, `the first chart starts ${offset.toFixed(0)} px into the playground`);

    // Bring the first chart just under the pinned play bar and check what else is on screen.
    await playground.locator('.vg-pg-card').first().evaluate((card) => {
      const toolbar = card.closest('.vg-pg').querySelector('.vg-pg-toolbar');
      const pinnedBottom = document.querySelector('.site-header').getBoundingClientRect().bottom + toolbar.getBoundingClientRect().height;
      window.scrollBy({ top: card.getBoundingClientRect().top - pinnedBottom - 4, behavior: 'instant' });
    });
    await page.waitForTimeout(200);
    const chart = await playground.locator('.vg-pg-card canvas').first().boundingBox();
    assert.ok(inViewport(chart, PHONE.height), `gradient chart off screen: ${JSON.stringify(chart)}`);
    // Its log axis labels one decade every so often, spaced so that no two labels overlap (with the
    // legend wrapped to four lines, eight labels once shared 56 px).
    await page.waitForFunction(() => window.__vgTest.playground.latest()?.step > 0);
    const spacing = await playground.locator('.vg-pg-card canvas').first().evaluate((canvas) => {
      const { y } = window.Chart.getChart(canvas).scales;
      const pixels = y.ticks.map((_, index) => y.getPixelForTick(index));
      return { ticks: pixels.length, height: y.height, closest: Math.min(...pixels.slice(1).map((pixel, index) => Math.abs(pixel - pixels[index]))) };
    });
    assert.ok(spacing.ticks >= 3 && spacing.closest >= 18, `gradient chart's y labels: ${JSON.stringify(spacing)}`);
    assert.ok(spacing.height >= 100, `gradient chart's plot is ${spacing.height.toFixed(0)} px tall`);
    const play = await playground.locator('.vg-pg-toolbar button').first().boundingBox();
    assert.ok(inViewport(play, PHONE.height), `play button off screen: ${JSON.stringify(play)}`);
    for (const field of ['depth', 'activation', 'init']) {
      const control = playground.locator(`.vg-pg-control[data-field="${field}"]`);
      await control.scrollIntoViewIfNeeded();  // scrolls inside the pinned panel only
      const box = await control.boundingBox();
      assert.ok(inViewport(box, PHONE.height), `${field} off screen: ${JSON.stringify(box)}`);
      const chartNow = await playground.locator('.vg-pg-card canvas').first().boundingBox();
      assert.ok(chartNow.y + 60 < box.y, `${field} control covers the chart`);
    }
    // The panel folds away and comes back.
    const toggle = playground.locator('.vg-pg-controls-toggle');
    await toggle.click();
    assert.equal(await playground.locator('.vg-pg-control[data-field="depth"]').isVisible(), false);
    await toggle.click();
    assert.equal(await playground.locator('.vg-pg-control[data-field="depth"]').isVisible(), true);
    watch.assertClean('phone playground');
  } finally {
    await context.close();
  }
});

test('375 px, English: first viewport without a skip-link bar, the language pill on one line, the strip training', async () => {
  const { context, page, watch } = await session.openPage({ viewport: PHONE });
  try {
    await page.goto(session.server.url('/index.html?lang=en'), { waitUntil: 'load' });
    const skip = await page.locator('.skip-link').boundingBox();
    assert.ok(!skip || skip.y + skip.height <= 0, `the skip link shows at ${JSON.stringify(skip)}`);
    const pill = page.locator('.lang-switch');
    const lines = await pill.evaluate((button) => {
      const style = getComputedStyle(button);
      const inner = button.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
        - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
      return Math.round(inner / parseFloat(style.lineHeight));
    });
    assert.equal(lines, 1, 'the language pill wraps');
    await page.keyboard.press('Tab');
    const focused = await page.locator('.skip-link').boundingBox();
    assert.ok(focused.y >= 0, 'the skip link shows when focused');
    const strip = page.locator('[data-widget="gradient-strip"]');
    const box = await strip.boundingBox();
    assert.ok(box.y < PHONE.height, 'the live strip is below the first screen');
    await page.waitForFunction(() => Number(document.querySelector('[data-widget="gradient-strip"]').dataset.step) > 0, null, { timeout: 30000 });
    watch.assertClean('first viewport');
  } finally {
    await context.close();
  }
});

for (const handOver of [true, false]) {
  test(`375 px: the strip's cells are painted ${handOver ? 'by the worker' : 'by the page (no canvas hand-over)'}, and change as it trains`, async () => {
    const { context, page, watch } = await session.openPage({ viewport: PHONE });
    try {
      if (!handOver) await context.addInitScript(() => { delete HTMLCanvasElement.prototype.transferControlToOffscreen; });
      await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
      const strip = page.locator('[data-widget="gradient-strip"]');
      const stepAbove = (step) => page.waitForFunction((least) => Number(document.querySelector('[data-widget="gradient-strip"]').dataset.step) >= least, step, { timeout: 30000 });
      // Whether the page could draw on the canvas tells who paints it (a handed-over one refuses).
      const paintedByPage = () => strip.locator('canvas').first().evaluate((canvas) => {
        try {
          return canvas.getContext('2d') !== null;
        } catch {
          return false;
        }
      });
      await stepAbove(100);
      assert.equal(await paintedByPage(), !handOver);
      const fingerprint = () => strip.evaluate((root) => window.__e2eFingerprint(root));
      await page.waitForFunction(() => [...document.querySelectorAll('[data-widget="gradient-strip"] canvas')]
        .every((canvas) => canvas.width > 1), null, { timeout: 30000 });
      for (const canvas of await strip.locator('canvas').all()) assert.ok(await canvasIsDrawn(canvas), 'a strip of cells is blank');
      const early = await fingerprint();
      await stepAbove(1200);
      await page.waitForTimeout(300);  // the last tick's paint
      assert.notEqual(await fingerprint(), early, 'the cells did not change between step 100 and step 1200');
      watch.assertClean('strip');
    } finally {
      await context.close();
    }
  });
}

