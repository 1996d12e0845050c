// embed.html renders exactly the widget it is asked for, sized for an iframe, and honours the hide
// flags (controls_hide for every widget; the playground's per-part *_hide flags).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { waitForWidgetRendered, waitForPlayground, embeddableWidgets } from './article.mjs';

const session = useBrowserAndServer();

function mountedWidgets(page) {
  return page.evaluate(() => ({
    sectionWidgets: [...document.querySelectorAll('.widget-mounted')].map((element) => element.className),
    playgrounds: document.querySelectorAll('section.vg-pg').length,
  }));
}

// Inputs, selects and buttons inside the widget's controls area(s): how many, how many on show.
function controlsArea(page) {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll('.widget-controls, [data-part="controls"]')]
      .flatMap((area) => [...area.querySelectorAll('input, select, button, textarea')]);
    return { total: controls.length, visible: controls.filter((control) => control.checkVisibility()).length };
  });
}

async function visibleControls(page) {
  return (await controlsArea(page)).visible;
}

test('embed page renders only the requested widget', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 640, height: 700 } });
  try {
    const names = await embeddableWidgets(page, session.server.url('/embed.html'));
    for (const required of ['descent', 'chain', 'activation', 'linear-net', 'playground', 'summary']) {
      assert.ok(names.includes(required), `embed.html does not offer "${required}" (${names.join(', ')})`);
    }
    for (const name of names.filter((candidate) => candidate !== 'playground')) {
      await page.goto('about:blank');
      await page.goto(session.server.url(`/embed.html#widget=${name}`), { waitUntil: 'load' });
      const root = page.locator('#embed-root');
      await waitForWidgetRendered(root, { name: `embedded ${name}` });
      const mounted = await mountedWidgets(page);
      assert.equal(mounted.sectionWidgets.length, 1, `${name}: ${JSON.stringify(mounted)}`);
      assert.equal(mounted.playgrounds, 0);
      assert.equal(await page.locator('section.section, [data-widget], h1').count(), 0, `${name}: article content in the embed`);
      const controls = await controlsArea(page);
      assert.equal(controls.visible, controls.total, `${name}: controls hidden without controls_hide`);
    }
    await page.goto('about:blank');
    await page.goto(session.server.url('/embed.html#widget=playground&depth=4'), { waitUntil: 'load' });
    await waitForPlayground(page, { minStep: 1 });
    assert.deepEqual(await mountedWidgets(page), { sectionWidgets: [], playgrounds: 1 });
    watch.assertClean('embeds');
  } finally {
    await context.close();
  }
});

test('embed hide flags: controls_hide on section widgets, *_hide parts of the playground', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 640, height: 700 } });
  try {
    const names = await embeddableWidgets(page, session.server.url('/embed.html'));
    let withControls = 0;
    for (const name of names.filter((candidate) => candidate !== 'playground')) {
      await page.goto('about:blank');
      await page.goto(session.server.url(`/embed.html#widget=${name}&controls_hide=1`), { waitUntil: 'load' });
      await waitForWidgetRendered(page.locator('#embed-root'), { name: `embedded ${name} without controls` });
      const controls = await controlsArea(page);
      assert.equal(controls.visible, 0, `${name}: ${controls.visible} controls still visible with controls_hide=1`);
      if (controls.total > 0) withControls += 1;
    }
    assert.ok(withControls >= 5, `only ${withControls} embedded widgets have a controls area to hide`);

    const parts = ['gradient', 'heatmap', 'loss', 'activations', 'boundary'];
    await page.goto('about:blank');
    await page.goto(session.server.url('/embed.html#widget=playground&depth=4&controls_hide=1&heatmap_hide=1&boundary_hide=1'), { waitUntil: 'load' });
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
