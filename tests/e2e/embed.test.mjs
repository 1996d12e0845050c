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
    await page.waitForFunction(() => !document.querySelector('.vg-pg-card-pending'));  // every card built
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

// The view builds the gradient card (and the boundary and network cards the session asks for the
// first run) with itself, the other cards after the first frame (web/js/playground/card-slot.js):
// they arrive in their places, take the embed's hide flags, and none stays empty.
test('the playground builds its other cards after the first frame, in order, with their hide flags', async () => {
  const { context, page, watch } = await session.openPage();
  await context.addInitScript(() => {
    window.__e2eCardsAdded = [];
    const seen = new WeakSet();  // a card is counted when it first enters the page, not when moved
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          const cards = [node, ...node.querySelectorAll('*')].filter((element) => element.matches('.vg-pg-card:not(.vg-pg-card-pending)'));
          const drawn = Boolean(window.__vgTest?.playground?.latest());
          for (const card of cards.filter((element) => !seen.has(element))) {
            seen.add(card);
            window.__e2eCardsAdded.push({ part: card.dataset.part, drawn });
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  try {
    await page.goto(session.server.url('/embed.html#widget=playground&depth=4&loss_hide=1'), { waitUntil: 'load' });
    await waitForPlayground(page, { minStep: 1 });
    await page.waitForFunction(() => !document.querySelector('.vg-pg-card-pending'), null, { timeout: 10000 });
    const { order, added, visible } = await page.evaluate(() => ({
      order: [...document.querySelectorAll('.vg-pg-charts .vg-pg-card')].map((card) => card.dataset.part),
      added: window.__e2eCardsAdded,
      visible: Object.fromEntries([...document.querySelectorAll('.vg-pg-charts .vg-pg-card')]
        .map((card, index) => [`${index} ${card.dataset.part}`, card.checkVisibility()])),
    }));
    assert.deepEqual(order, ['gradient', 'gradient', 'heatmap', 'loss', 'boundary', 'activations', 'network']);
    const before = added.filter((card) => !card.drawn).map((card) => card.part);
    const after = added.filter((card) => card.drawn).map((card) => card.part);
    assert.deepEqual(before, ['gradient', 'boundary', 'network'], `cards built with the view: ${JSON.stringify(added)}`);
    assert.deepEqual(after, ['gradient', 'heatmap', 'loss', 'activations'], `cards built after the first frame: ${JSON.stringify(added)}`);
    assert.deepEqual(visible, {
      '0 gradient': true, '1 gradient': false, '2 heatmap': true, '3 loss': false, '4 boundary': true, '5 activations': true, '6 network': true,
    });
    watch.assertClean('deferred cards');
  } finally {
    await context.close();
  }
});

// Widgets whose styles once lived in the article's stylesheet, which embed.html does not load: the
// live strip's rows and the neuron graph's nodes are laid out in an embed as in the article.
test('embed.html styles the live strip and the neuron graph as the article does', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/embed.html#widget=gradient-strip'), { waitUntil: 'load' });
    await page.locator('.strip-row').first().waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.strip-row').first().evaluate((row) => getComputedStyle(row).display), 'grid');
    await page.goto(session.server.url('/embed.html#widget=neuron-graph'), { waitUntil: 'load' });
    await page.locator('.neuron-graph').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.neuron-graph').evaluate((graph) => getComputedStyle(graph).display), 'flex');
    watch.assertClean('embedded strip and neuron graph');
  } finally {
    await context.close();
  }
});
