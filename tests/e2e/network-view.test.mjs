// See the network (issue 12, tool 4) in the browser: the `network` widget's drawing changes from one
// snapshot to the next while it trains (link colours and unit pictures), a single step and play/pause
// from the keyboard, its hash parameters (and a named refusal), the column fallback for a deep net,
// the playground's network card updating while it trains, and screenshots at 375 and 1280 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowserAndServer, SCREENSHOT_DIR, ensureDir } from './harness.mjs';

const session = useBrowserAndServer();

async function openNetwork(page, hash, query = '') {
  await page.goto('about:blank');
  await page.goto(session.server.url(`/embed.html${query}#widget=network&${hash}`), { waitUntil: 'load' });
  const widget = page.locator('.widget-network');
  await widget.waitFor();
  await page.waitForFunction(() => document.querySelector('.widget-network .net-diagram')?.dataset.kind);
  return widget;
}

const stepOf = (widget) => widget.evaluate((element) => Number(element.dataset.step));
// A short digest of a canvas's pixels (a failed comparison prints this, not the image).
function digest(element) {
  let hash = 2166136261;
  for (const value of window.__e2eCanvasPixels(element) ?? []) hash = Math.imul(hash ^ value, 16777619);
  return (hash >>> 0).toString(16);
}
const pixelsOf = (canvas) => canvas.evaluate(digest);

test('network widget: one step and a few more while playing redraw the network; keyboard play/pause', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    const widget = await openNetwork(page, 'depth=4&width=5&activation=tanh&dataset=xor&autoplay=0', '?lang=en');
    const diagram = widget.locator('.net-diagram');
    assert.equal(await diagram.getAttribute('data-kind'), 'units');
    assert.equal(await stepOf(widget), 0);
    const canvas = diagram.locator('canvas');
    const atStart = await pixelsOf(canvas);
    assert.match(await diagram.locator('.net-legend').innerText(), /link colour: the latest step’s \|∂L\/∂W\|/);

    await widget.locator('button.network-step').click();
    await page.waitForFunction(() => document.querySelector('.widget-network').dataset.step === '1');
    const afterOneStep = await pixelsOf(canvas);
    assert.notEqual(afterOneStep, atStart, 'one step changes the links and the units');

    // Play from the keyboard, then pause: the drawing keeps changing while it trains.
    const play = widget.locator('button.network-play');
    await play.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => Number(document.querySelector('.widget-network').dataset.step) >= 40, null, { timeout: 10000 });
    await page.keyboard.press('Enter');
    assert.equal(await play.getAttribute('aria-pressed'), 'false');
    const trained = await pixelsOf(canvas);
    assert.notEqual(trained, afterOneStep);
    assert.match(await diagram.locator('.net-readout').innerText(), /first hidden layer .+ · last hidden layer .+ \(step \d+\)/);
    await ensureDir(SCREENSHOT_DIR);
    await widget.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-network-1280-en.png') });
    watch.assertClean('network widget');
  } finally {
    await context.close();
  }
});

test('network widget: a deep net falls back to one column per layer; bad hash values are named; Korean at 375 px', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 375, height: 800 } });
  try {
    let widget = await openNetwork(page, 'depth=8&width=8&autoplay=0', '?lang=ko');
    const scroller = widget.locator('.net-scroller');
    const widths = await scroller.evaluate((element) => [element.scrollWidth, element.clientWidth, document.documentElement.scrollWidth]);
    assert.ok(widths[0] > widths[1], 'the 8 × 8 network scrolls sideways in its own box');
    assert.ok(widths[2] <= 375, 'the page itself does not scroll sideways');
    await ensureDir(SCREENSHOT_DIR);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-network-375-ko.png'), fullPage: true });

    widget = await openNetwork(page, 'depth=12&width=4&activation=swish&autoplay=1', '?lang=ko');
    const diagram = widget.locator('.net-diagram');
    assert.equal(await diagram.getAttribute('data-kind'), 'layers');
    assert.match(await diagram.locator('.net-note').innerText(), /층마다 한 열/);
    assert.match(await page.locator('.embed-notice').innerText(), /activation = "swish"/);
    const first = await pixelsOf(diagram.locator('canvas'));
    await page.waitForFunction(() => Number(document.querySelector('.widget-network').dataset.step) >= 20, null, { timeout: 10000 });
    assert.notEqual(await pixelsOf(diagram.locator('canvas')), first, 'the columns follow the training');
    assert.match(await diagram.locator('canvas').getAttribute('aria-label'), /출력층: /);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-network-deep-375-ko.png'), fullPage: true });
    watch.assertClean('network widget fallback');
  } finally {
    await context.close();
  }
});

test('playground: the network card draws the running network unit by unit and follows the training', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(session.server.url('/embed.html?lang=en#widget=playground&dataset=circle&depth=3&width=4&activation=tanh&autoplay=0'), { waitUntil: 'load' });
    const card = page.locator('.vg-pg-card[data-part="network"]');
    await page.waitForFunction(() => document.querySelector('.vg-pg-card[data-part="network"] .net-diagram')?.dataset.kind === 'units');
    const canvas = card.locator('canvas');
    const atStart = await pixelsOf(canvas);
    await page.locator('.vg-pg-toolbar button').first().click();  // play
    await page.waitForFunction(() => Number(document.querySelector('.vg-pg-card[data-part="network"]').dataset.step) >= 50, null, { timeout: 10000 });
    // The view arrives a few times a second, beside the steps.
    await page.waitForFunction(([source, start]) => {
      const canvas = document.querySelector('.vg-pg-card[data-part="network"] canvas');
      return new Function(`return (${source})`)()(canvas) !== start;
    }, [digest.toString(), atStart], { timeout: 5000 });
    await card.screenshot({ path: join(SCREENSHOT_DIR, 'playground-network-card-1280-en.png') });
    watch.assertClean('playground network card');
  } finally {
    await context.close();
  }
});
