// embed.html renders exactly the widget it is asked for, sized for an iframe, and honours the hide
// flags (controls_hide for every widget; the playground's per-part *_hide flags).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from './harness.mjs';
import { waitForDrawnCanvases, waitForPlayground } from './article.mjs';

const SECTION_WIDGETS = ['descent', 'chain', 'activation', 'linear-net', 'summary'];

let browser;
let server;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function mountedWidgets(page) {
  return page.evaluate(() => ({
    sectionWidgets: [...document.querySelectorAll('.widget-mounted')].map((element) => element.className),
    playgrounds: document.querySelectorAll('section.vg-pg').length,
  }));
}

// Visible inputs, selects and buttons inside the widget's controls area(s).
function visibleControls(page) {
  return page.evaluate(() => {
    const areas = document.querySelectorAll('.widget-controls, [data-part="controls"]');
    let count = 0;
    for (const area of areas) {
      for (const control of area.querySelectorAll('input, select, button, textarea')) {
        if (control.checkVisibility()) count += 1;
      }
    }
    return count;
  });
}

test('embed page renders only the requested widget', async () => {
  const { context, page, watch } = await openPage(browser, { origin: server.origin, viewport: { width: 640, height: 700 } });
  try {
    for (const name of SECTION_WIDGETS) {
      await page.goto('about:blank');
      await page.goto(server.url(`/embed.html#widget=${name}`), { waitUntil: 'load' });
      const root = page.locator('#embed-root');
      await waitForDrawnCanvases(root, { what: `embedded ${name}` });
      const mounted = await mountedWidgets(page);
      assert.equal(mounted.sectionWidgets.length, 1, `${name}: ${JSON.stringify(mounted)}`);
      assert.equal(mounted.playgrounds, 0);
      assert.equal(await page.locator('article, .section, [data-widget]').count(), 0, `${name}: article content in the embed`);
      assert.ok((await visibleControls(page)) > 0, `${name}: no visible controls without controls_hide`);
    }
    await page.goto('about:blank');
    await page.goto(server.url('/embed.html#widget=playground&depth=4'), { waitUntil: 'load' });
    await waitForPlayground(page, { minStep: 1 });
    assert.deepEqual(await mountedWidgets(page), { sectionWidgets: [], playgrounds: 1 });
    watch.assertClean('embeds');
  } finally {
    await context.close();
  }
});

test('embed hide flags: controls_hide on section widgets, *_hide parts of the playground', async () => {
  const { context, page, watch } = await openPage(browser, { origin: server.origin, viewport: { width: 640, height: 700 } });
  try {
    for (const name of SECTION_WIDGETS) {
      await page.goto('about:blank');
      await page.goto(server.url(`/embed.html#widget=${name}&controls_hide=1`), { waitUntil: 'load' });
      await waitForDrawnCanvases(page.locator('#embed-root'), { what: `embedded ${name} without controls` });
      assert.equal(await visibleControls(page), 0, `${name}: controls still visible with controls_hide=1`);
    }

    const parts = ['gradient', 'heatmap', 'loss', 'activations', 'boundary'];
    await page.goto('about:blank');
    await page.goto(server.url('/embed.html#widget=playground&depth=4&controls_hide=1&heatmap_hide=1&boundary_hide=1'), { waitUntil: 'load' });
    await waitForPlayground(page, { minStep: 1 });
    const shown = await page.evaluate((names) => Object.fromEntries(names.map((part) => {
      const element = document.querySelector(`section.vg-pg [data-part="${part}"]`);
      return [part, Boolean(element && element.checkVisibility())];
    })), [...parts, 'controls', 'buttons']);
    assert.deepEqual(shown, {
      gradient: true, heatmap: false, loss: true, activations: true, boundary: false, controls: false, buttons: true,
    });
    assert.equal(await visibleControls(page), 0);
    // The hidden parts stay hidden after a reload, and the flags stay in the hash.
    await page.reload({ waitUntil: 'load' });
    await waitForPlayground(page, {});
    assert.match(page.url(), /heatmap_hide=1/);
    assert.equal(await page.locator('section.vg-pg [data-part="heatmap"]').isVisible(), false);
    watch.assertClean('embed hide flags');
  } finally {
    await context.close();
  }
});
