// What the tests know about the page, in one place: how widgets announce themselves
// (data-widget + data-state on their mount point, web/js/main.js and embed.js), the playground's
// read-only test hook (window.__vgTest.playground.latest(), web/js/widgets/playground.js) and its
// control rows (.vg-pg-control[data-field=…], web/js/playground/controls.js).
import assert from 'node:assert/strict';
import { canvasIsDrawn } from './harness.mjs';

// The article's sections (section[id]), in page order.
export function sectionIds(page) {
  return page.locator('main section[id], body > section[id]').evaluateAll((sections) => sections.map((section) => section.id));
}

// The widget names embed.html offers: without a widget in the hash it lists them.
export async function embeddableWidgets(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  const items = page.locator('.embed-message li code');
  await items.first().waitFor();
  return items.allInnerTexts();
}

// Scrolls every widget mount point into view (they mount when visible) and waits until each says
// ready; a widget that reports an error fails with its message.
export async function mountAllWidgets(page, { timeout = 30000 } = {}) {
  const widgets = page.locator('[data-widget]');
  const count = await widgets.count();
  assert.ok(count > 0, 'the page has no [data-widget] mount points');
  const names = [];
  for (let index = 0; index < count; index += 1) {
    const widget = widgets.nth(index);
    await widget.scrollIntoViewIfNeeded();
    const handle = await widget.elementHandle();
    await page.waitForFunction((element) => ['ready', 'error'].includes(element.dataset.state), handle, { timeout });
    const name = await widget.getAttribute('data-widget');
    const stateName = await widget.getAttribute('data-state');
    assert.equal(stateName, 'ready', `widget "${name}" failed: ${await widget.innerText()}`);
    names.push(name);
  }
  return names;
}

// Resolves once every canvas under `locator` that is on show has been drawn (two or more colours).
export async function waitForDrawnCanvases(locator, { timeout = 15000, what = 'widget' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const canvases = locator.locator('canvas');
    const count = await canvases.count();
    const drawn = [];
    for (let index = 0; index < count; index += 1) {
      const canvas = canvases.nth(index);
      if (!(await canvas.isVisible())) continue;
      drawn.push(await canvasIsDrawn(canvas));
    }
    if (drawn.length > 0 && drawn.every(Boolean)) return drawn.length;
    if (Date.now() > deadline) {
      assert.fail(`${what}: ${drawn.filter(Boolean).length}/${drawn.length} visible canvases drawn after ${timeout} ms`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

// A widget has rendered: each of its canvases on show is drawn, or, for a widget made only of text
// and buttons (the presets list, the neuron graph), it shows text and at least one usable button
// (unless its controls were hidden on purpose, embed.html's controls_hide=1).
export async function waitForWidgetRendered(widget, { timeout = 15000, name } = {}) {
  name ??= await widget.getAttribute('data-widget');
  // Mounted: the frame every section widget builds (.widget-mounted) or the playground's section.
  await widget.locator('canvas, .vg-pg')
    .or(widget.locator('.widget-mounted'))
    .or(widget.and(widget.page().locator('.widget-mounted')))
    .first().waitFor({ state: 'attached', timeout });
  if ((await widget.locator('canvas').count()) > 0) {
    return waitForDrawnCanvases(widget, { timeout, what: `widget "${name}"` });
  }
  // Content may arrive after mounting (the presets list loads its data file).
  await widget.evaluate((root, limit) => new Promise((resolve) => {
    const deadline = performance.now() + limit;
    const check = () => {
      const hasButton = [...root.querySelectorAll('button')].some((button) => !button.disabled && button.checkVisibility())
        || root.closest('.embed-hide-controls') !== null;
      if ((root.innerText.trim().length > 200 && hasButton) || performance.now() > deadline) resolve();
      else setTimeout(check, 50);
    };
    check();
  }), timeout);
  const text = (await widget.innerText()).trim();
  assert.ok(text.length > 200, `widget "${name}" has no canvas and almost no text: "${text}"`);
  const controlsHidden = await widget.evaluate((root) => root.closest('.embed-hide-controls') !== null);
  assert.ok(controlsHidden || await widget.locator('button:visible:not([disabled])').count() > 0, `widget "${name}" has no canvas and no button`);
  return 0;
}

// A fingerprint of what a widget computed: the data its charts plot and its other canvases' pixels.
export function widgetFingerprint(locator) {
  return locator.evaluate((root) => window.__e2eFingerprint(root));
}

// ---- playground -----------------------------------------------------------------------------------

export function playgroundLatest(page) {
  return page.evaluate(() => window.__vgTest?.playground?.latest() ?? null);
}

// Waits until the playground has drawn a snapshot matching `want` ({ step } exact, { minStep },
// { status }; {} = any snapshot) and returns it. Plain data, no code strings: the page may run
// under a CSP without 'unsafe-eval'.
export async function waitForPlayground(page, want = {}, { timeout = 30000 } = {}) {
  const handle = await page.waitForFunction(
    ({ step, minStep, status }) => {
      const latest = window.__vgTest?.playground?.latest() ?? null;
      if (!latest) return null;
      if (step !== undefined && latest.step !== step) return null;
      if (minStep !== undefined && latest.step < minStep) return null;
      if (status !== undefined && latest.status !== status) return null;
      return latest;
    },
    want,
    { timeout, polling: 50 },
  );
  return handle.jsonValue();
}

export function playButton(page) {
  return page.locator('.vg-pg-toolbar button').nth(0);
}

export function stepButton(page) {
  return page.locator('.vg-pg-toolbar button').nth(1);
}

export function resetButton(page) {
  return page.locator('.vg-pg-toolbar button').nth(2);
}

export function controlRow(page, field) {
  return page.locator(`.vg-pg-control[data-field="${field}"]`);
}

// Pauses the run (if playing), resets it to step 0 and takes `steps` single steps with the Step
// button, returning the snapshot after the last one. Deterministic for a given state and seed.
// A reset while paused stays paused at step 0; if the run started playing in between (autoplay
// arriving after the first look at the Play button), pause and reset again.
export async function runFixedSteps(page, steps) {
  for (let attempt = 0; ; attempt += 1) {
    if ((await playButton(page).getAttribute('aria-pressed')) === 'true') await playButton(page).click();
    await page.waitForFunction(() => document.querySelector('section.vg-pg')?.dataset.running === 'false');
    await resetButton(page).click();
    await waitForPlayground(page, { step: 0 });
    const stillPaused = (await playButton(page).getAttribute('aria-pressed')) !== 'true';
    if (stillPaused) break;
    assert.ok(attempt < 3, 'the playground keeps playing after pause + reset');
  }
  let latest = null;
  for (let step = 1; step <= steps; step += 1) {
    await page.waitForFunction(() => {
      const button = document.querySelectorAll('.vg-pg-toolbar button')[1];
      return button && !button.disabled;
    });
    await stepButton(page).click();
    latest = await waitForPlayground(page, { step });
  }
  return latest;
}

// Visible notices of the playground (role=status list under .vg-pg-notices).
export function noticeTexts(page) {
  return page.evaluate(() => {
    const box = document.querySelector('.vg-pg-notices');
    if (!box || box.hidden) return [];
    return [...box.querySelectorAll('li')].map((item) => item.textContent);
  });
}

// The running engine's report ({ variant, simdInUse }) read through the page's own engine client
// module (same URL, so the same module instance the page uses).
export function engineInfo(page, clientPath = '/js/engine/engine-client.js') {
  return page.evaluate(async (path) => {
    const { getEngine } = await import(path);
    return (await getEngine()).info;
  }, clientPath);
}
