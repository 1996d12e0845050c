// Draw your own data (issue 12, tool 3) in the browser: points drawn by mouse and keyboard are what
// the core trains on (the config read back from the trainer holds them), they round-trip through the
// URL hash (the widget's in embed.html, the playground's in the article), and a hash whose points do
// not decode gives a notice while the page keeps working. Screenshots at 375 and 1280 px, ko and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowserAndServer, SCREENSHOT_DIR, ensureDir } from './harness.mjs';
import { encodePoints, decodePoints } from '../../web/js/points-codec.js';

const session = useBrowserAndServer();

// Clicks the plane at (fx, fy), fractions of its box from the top left; button 'left' or 'right'.
// The plane is brought into view first: a click at a point outside the viewport reaches nothing.
async function clickPlane(page, canvas, fx, fy, button = 'left') {
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height, { button });
}

const pointsOf = (widget) => widget.getAttribute('data-points');

test('draw-data: drawn points are trained on and round-trip through the address (1280 px, en)', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(session.server.url('/embed.html?lang=en#widget=draw-data&depth=2'), { waitUntil: 'load' });
    const widget = page.locator('.widget-draw-data');
    const canvas = widget.locator('canvas');
    await canvas.waitFor();
    // Without points in the address the plane opens on the circle set, trained; the reader clears it.
    await page.waitForFunction(() => document.querySelector('.widget-draw-data').dataset.trainedPoints?.length === 100 * 4, null, { timeout: 20000 });
    await widget.locator('button.dd-clear').click();
    assert.equal(await pointsOf(widget), '');
    assert.ok(await widget.locator('button.dd-train').isDisabled(), 'nothing to train on yet');

    // Three of class A on the left, three of class B on the right.
    for (const fy of [0.2, 0.5, 0.8]) await clickPlane(page, canvas, 0.25, fy);
    await widget.locator('button.dd-class-1').click();
    for (const fy of [0.2, 0.5, 0.8]) await clickPlane(page, canvas, 0.75, fy);
    assert.equal((await pointsOf(widget)).length, 6 * 4);
    // Drag the last B point down and right, then right-click the first A point away.
    const before = decodePoints(await pointsOf(widget)).points;
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + 0.75 * box.width, box.y + 0.8 * box.height);
    await page.mouse.down();
    await page.mouse.move(box.x + 0.8 * box.width, box.y + 0.9 * box.height, { steps: 4 });
    await page.mouse.up();
    await clickPlane(page, canvas, 0.25, 0.2, 'right');
    // Keyboard: the cross-hair starts at (0, 0); two steps left and Enter add an A point at (-0.5, 0).
    await canvas.focus();
    await page.keyboard.press('a');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    assert.equal((await pointsOf(widget)).length, 6 * 4);
    await page.keyboard.press('Delete');  // removes the point under the cross-hair
    assert.equal((await pointsOf(widget)).length, 5 * 4);
    await page.keyboard.press('Enter');
    const drawn = await pointsOf(widget);
    assert.equal(drawn.length, 6 * 4);
    assert.ok(drawn.endsWith(encodePoints([{ x: -0.5, y: 0, label: 0 }])), 'the keyboard point comes last');
    const after = decodePoints(drawn).points;
    assert.deepEqual(after.slice(0, 4), before.slice(1, 5), 'the right-click removed the first point only');
    assert.equal(after[4].label, 1);
    assert.ok(after[4].x > before[5].x + 0.4 && after[4].y < before[5].y - 1, `the dragged point moved: ${JSON.stringify([before[5], after[4]])}`);
    assert.match(await widget.locator('.dd-count').innerText(), /6 points \(A 3, B 3; at most 200\)/);

    await widget.locator('button.dd-train').click();
    await page.waitForFunction(() => document.querySelector('.widget-draw-data').dataset.trainedPoints !== undefined, null, { timeout: 20000 });
    assert.equal(await widget.getAttribute('data-trained-points'), drawn, 'the core trained on exactly the drawn points');
    assert.match(await widget.locator('.widget-readout').innerText(), /Trained 600 steps: training accuracy .*%, test accuracy .*% \(trained on the 5 filled points, tested on the 1 hollow ones\)/);
    const hash = await page.evaluate(() => window.location.hash);
    assert.ok(hash.includes(`points=${drawn}`), hash);
    await ensureDir(SCREENSHOT_DIR);
    await widget.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-draw-data-1280-en.png') });

    // The address reopens the same points (in Korean), and train=1 trains them at once.
    await page.goto('about:blank');
    await page.goto(session.server.url(`/embed.html?lang=ko${hash}&train=1`), { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('.widget-draw-data')?.dataset.trainedPoints !== undefined, null, { timeout: 20000 });
    assert.equal(await page.locator('.widget-draw-data').getAttribute('data-trained-points'), drawn);
    assert.match(await page.locator('.widget-draw-data .widget-readout').innerText(), /600단계 학습 끝/);
    watch.assertClean('draw-data');
  } finally {
    await context.close();
  }
});

test('draw-data: points that do not decode are named and the plane still works (375 px, ko)', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 375, height: 800 } });
  try {
    await page.goto(session.server.url('/embed.html?lang=ko#widget=draw-data&points=AA*A'), { waitUntil: 'load' });
    const widget = page.locator('.widget-draw-data');
    await widget.locator('.dd-address').waitFor();
    assert.match(await widget.locator('.dd-address').innerText(), /점 목록\(points\)을 해석할 수 없어/);
    assert.equal(await pointsOf(widget), '', 'the plane starts empty');
    await widget.locator('.dd-start').selectOption('xor');
    await page.waitForFunction(() => document.querySelector('.widget-draw-data').dataset.points.length === 100 * 4);
    await clickPlane(page, widget.locator('canvas'), 0.5, 0.5);
    assert.equal((await pointsOf(widget)).length, 101 * 4);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no sideways scrolling at 375 px (scrollWidth ${width})`);
    await ensureDir(SCREENSHOT_DIR);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-draw-data-375-ko.png'), fullPage: true });
    watch.assertClean('draw-data bad hash');
  } finally {
    await context.close();
  }
});

test('playground: drawn points in the hash are trained on; bad ones give a notice and the spiral', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    const points = [[-3, 2, 0], [-2, -3, 0], [-4, 0.5, 0], [3, 1, 1], [2.5, -2, 1], [4, 4, 1], [0.5, 5, 0], [1, -5, 1]]
      .map(([x, y, label]) => ({ x, y, label }));
    await page.goto(session.server.url(`/embed.html?lang=en#widget=playground&dataset=custom&depth=3&points=${encodePoints(points)}`), { waitUntil: 'load' });
    await page.waitForFunction(() => window.__vgTest?.playground?.latest()?.trained?.dataset === 'custom', null, { timeout: 20000 });
    const trained = await page.evaluate(() => Array.from(window.__vgTest.playground.latest().trained.points));
    assert.deepEqual(trained, points.flatMap((p) => [p.x, p.y, p.label]));
    const card = page.locator('.vg-pg-draw');
    assert.match(await card.locator('.dd-count').innerText(), /8 points \(A 4, B 4/);
    // A click on the plane adds a point: the run restarts on 9 points, and the hash carries them.
    await clickPlane(page, page.locator('.vg-pg-square canvas'), 0.9, 0.1);
    await page.waitForFunction(() => window.__vgTest.playground.latest()?.trained?.points?.length === 27, null, { timeout: 20000 });
    await page.evaluate(() => window.__vgTest.playground.whenIdle());  // the hash is written once the run is reconciled
    const hash = await page.evaluate(() => window.location.hash);
    const sent = await page.evaluate(() => Array.from(window.__vgTest.playground.latest().trained.points));
    assert.ok(hash.includes(`points=${encodePoints(Array.from({ length: 9 }, (_, k) => ({ x: sent[3 * k], y: sent[3 * k + 1], label: sent[3 * k + 2] })))}`));
    await ensureDir(SCREENSHOT_DIR);
    await page.locator('.vg-pg-square').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'playground-draw-1280-en.png') });

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('about:blank');
    await page.goto(session.server.url('/embed.html?lang=ko#widget=playground&dataset=custom&points=AAA'), { waitUntil: 'load' });
    await page.waitForFunction(() => window.__vgTest?.playground?.latest()?.trained, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => window.__vgTest.playground.latest().trained.dataset), 'spiral');
    const notices = await page.locator('.vg-pg-notices').innerText();
    assert.match(notices, /점 목록\(points\)을 해석할 수 없어/);
    assert.match(notices, /직접 그린 점이 없어 기본 데이터셋/);
    // The drawing mode starts from the spiral on show.
    await page.locator('.vg-pg-draw-start').click();
    await page.waitForFunction(() => window.__vgTest.playground.latest()?.trained?.dataset === 'custom', null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => window.__vgTest.playground.latest().trained.points.length), 200 * 3);
    await page.locator('.vg-pg-square').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'playground-draw-375-ko.png') });
    watch.assertClean('playground drawing');
  } finally {
    await context.close();
  }
});
