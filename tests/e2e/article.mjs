// What the tests know about the page, in one place: how widgets announce themselves
// (data-widget + data-state on their placeholder, web/js/main.js and embed.js), the playground's
// read-only test hook (window.__vgTest.playground.latest(), web/js/widgets/playground.js) and its
// control rows (.vg-pg-control[data-field=…], web/js/playground/controls.js).
import assert from 'node:assert/strict';
import { canvasIsDrawn } from './harness.mjs';

export const SECTION_IDS = ['intro', 'descent', 'chain', 'activation', 'depth', 'exploding', 'fixes', 'summary'];

// Scrolls every widget placeholder into view (they mount when visible) and waits until each says
// ready; a widget that reports an error fails with its message.
export async function mountAllWidgets(page, { timeout = 30000 } = {}) {
  const widgets = page.locator('[data-widget]');
  const count = await widgets.count();
  assert.ok(count > 0, 'the page has no [data-widget] placeholders');
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

// A cheap fingerprint of what a widget shows: its text and a sample of every canvas's pixels.
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

export function playgroundRoot(page) {
  return page.locator('section.vg-pg');
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
export async function runFixedSteps(page, steps) {
  if ((await playButton(page).getAttribute('aria-pressed')) === 'true') await playButton(page).click();
  await page.waitForFunction(() => document.querySelector('section.vg-pg')?.dataset.running === 'false');
  await resetButton(page).click();
  await waitForPlayground(page, { step: 0 });
  if ((await playButton(page).getAttribute('aria-pressed')) === 'true') await playButton(page).click();
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

export async function dismissNotices(page) {
  await page.evaluate(() => {
    const box = document.querySelector('.vg-pg-notices');
    if (box && !box.hidden) box.querySelector('button')?.click();
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
