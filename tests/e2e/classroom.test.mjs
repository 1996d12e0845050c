// The classroom tools (issue 12) in the browser. backprop-steps: stepping forward and back from the
// keyboard and the buttons, the chain-rule product reaching the core's gradient, its own hash
// parameters (and a clear message for bad ones), both languages, and a screenshot at 375 and 1280 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowserAndServer, SCREENSHOT_DIR, ensureDir } from './harness.mjs';

const session = useBrowserAndServer();

async function openBackpropSteps(page, hash, query = '') {
  await page.goto('about:blank');
  await page.goto(session.server.url(`/embed.html${query}#widget=backprop-steps&${hash}`), { waitUntil: 'load' });
  const widget = page.locator('.widget-backprop-steps');
  await widget.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('.widget-backprop-steps')?.dataset.steps) > 0);
  return widget;
}

const stepOf = (widget) => widget.evaluate((element) => Number(element.dataset.step));

test('backprop-steps: step forward and back by keyboard, then the chain product equals the core gradient', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    const depth = 4;
    const widget = await openBackpropSteps(page, `depth=${depth}&width=1&examples=1&activation=sigmoid`, '?lang=en');
    // x, z and a per layer, ŷ, L forward; then L, ŷ, a and z per layer backward, then W[1].
    assert.equal(await widget.getAttribute('data-steps'), String(2 * (2 * depth + 3)));
    assert.equal(await stepOf(widget), 0);

    const graph = widget.locator('.bp-graph');
    await graph.focus();
    for (let press = 0; press < 3; press += 1) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('.widget-backprop-steps').dataset.step === '3');
    assert.match(await widget.locator('.bp-caption').innerText(), /Step 4 of 22 · forward: the value of z\[2\]/);
    assert.match(await widget.locator('.bp-formula').innerText(), /z\[2\] = \(.+\)\(.+\) \+ \(.+\) = /);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await stepOf(widget), 2);
    assert.equal(await widget.locator('.bp-chain .chip').count(), 0, 'no factor before the backward pass');

    // Walk the backward pass with the step button: one chip per local derivative.
    const stepButton = widget.locator('button.bp-step');
    while ((await widget.getAttribute('data-phase')) === 'forward') await stepButton.click();
    let previous = 0;
    while (!(await stepButton.isDisabled())) {
      await stepButton.click();
      const chips = await widget.locator('.bp-chain .chip').count();
      assert.ok(chips >= previous, 'the chain only grows going backward');
      previous = chips;
    }
    assert.equal(await widget.getAttribute('data-phase'), 'done');
    // ∂L/∂ŷ, then W and φ′ of every layer, then the input.
    assert.equal(previous, 2 * depth + 2);
    assert.equal(await widget.locator('.bp-chain .chip-small').count(), depth, 'every sigmoid factor is ≤ 1/4');
    const readout = widget.locator('.widget-readout');
    const product = Number(await readout.getAttribute('data-product'));
    const core = Number(await readout.getAttribute('data-core'));
    assert.ok(Number.isFinite(product) && product !== 0);
    assert.ok(Math.abs(product - core) <= 1e-6 * Math.abs(core), `${product} vs ${core}`);
    assert.match(await readout.innerText(), /they agree/);

    // Home and End from the keyboard; the back button steps back one.
    await graph.focus();
    await page.keyboard.press('Home');
    assert.equal(await stepOf(widget), 0);
    await page.keyboard.press('End');
    assert.equal(await stepOf(widget), 2 * (2 * depth + 3) - 1);
    await widget.locator('button.bp-back').click();
    assert.equal(await stepOf(widget), 2 * (2 * depth + 3) - 2);
    watch.assertClean('backprop-steps');
  } finally {
    await context.close();
  }
});

test('backprop-steps: its hash parameters, a wider network, play, Korean, bad values named', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 375, height: 800 } });
  try {
    let widget = await openBackpropSteps(page, 'depth=2&width=3&examples=3&activation=tanh&step=99', '?lang=ko');
    assert.equal(await widget.getAttribute('data-steps'), String(2 * (2 * 2 + 3)));
    assert.equal(await widget.getAttribute('data-phase'), 'done', 'step=99 clamps to the last step');
    const readout = widget.locator('.widget-readout');
    assert.match(await readout.innerText(), /일치합니다/);
    assert.equal(await widget.locator('.bp-node-z').count(), 2 * 3);
    await ensureDir(SCREENSHOT_DIR);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-backprop-steps-375-ko.png'), fullPage: true });

    // Play slowly from the start: the step advances on its own, and pause stops it.
    await widget.locator('button.bp-start').click();
    await widget.locator('button.bp-play').click();
    await page.waitForFunction(() => Number(document.querySelector('.widget-backprop-steps').dataset.step) >= 2, null, { timeout: 10000 });
    await widget.locator('button.bp-play').click();
    const paused = await stepOf(widget);
    await page.waitForTimeout(2000);
    assert.equal(await stepOf(widget), paused, 'pause stops the playback');

    widget = await openBackpropSteps(page, 'depth=99&activation=swish%3Cb%3E&width=2', '?lang=en');
    const status = widget.locator('.widget-status');
    await status.waitFor();
    const text = await status.innerText();
    assert.match(text, /depth = "99".*default 4.*1\.\.6/s);
    assert.match(text, /activation = "swish<b>"/);
    assert.equal(await widget.locator('.widget-status b').count(), 0, 'hash text is never markup');
    assert.equal(await widget.getAttribute('data-steps'), String(2 * (2 * 4 + 3)));
    watch.assertClean('backprop-steps hash');
  } finally {
    await context.close();
  }
});

test('backprop-steps: screenshot in the article at 1280 px', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(session.server.url('/index.html?lang=en#chain'), { waitUntil: 'load' });
    const mount = page.locator('[data-widget="backprop-steps"]');
    await mount.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-widget="backprop-steps"]')?.dataset.state === 'ready');
    await page.waitForFunction(() => Number(document.querySelector('[data-widget="backprop-steps"]').dataset.steps) > 0);
    await mount.locator('button.bp-end').click();
    await ensureDir(SCREENSHOT_DIR);
    await mount.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-backprop-steps-1280-en.png') });
    watch.assertClean('backprop-steps in the article');
  } finally {
    await context.close();
  }
});

// Drags from (x0, y0) to (x1, y1), in fractions of the chart's box.
async function dragOnChart(page, svg, [x0, y0], [x1, y1]) {
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1) {
    const share = i / 10;
    await page.mouse.move(box.x + (x0 + (x1 - x0) * share) * box.width, box.y + (y0 + (y1 - y0) * share) * box.height);
  }
  await page.mouse.up();
}

test('predict: a drawn guess is scored against the core and round-trips through the URL', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(session.server.url('/embed.html?lang=en#widget=predict&q=sigmoid-20'), { waitUntil: 'load' });
    const widget = page.locator('.widget-predict');
    await widget.waitFor();
    const flat = new Array(20).fill('0').join('_');
    assert.equal(await widget.getAttribute('data-guess'), flat);

    // Draw a line falling towards the input: low on the left, rising to the right.
    const svg = widget.locator('.pr-svg');
    await dragOnChart(page, svg, [0.02, 0.75], [0.9, 0.35]);
    const drawn = await widget.getAttribute('data-guess');
    assert.notEqual(drawn, flat);
    const decades = drawn.split('_').map((tenths) => Number(tenths) / 10);
    assert.equal(decades.length, 20);
    assert.ok(decades[0] < decades[15], `the drawn guess should rise to the right: ${drawn}`);
    assert.equal(decades[19], 0, 'the last hidden layer is the reference');
    // The address carries the guess (embed.html only).
    assert.ok((await page.evaluate(() => window.location.hash)).includes(`guess=${drawn}`));

    // Keyboard: focus the chart, move to layer 1, raise it by two half-decades.
    await svg.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const raised = (await widget.getAttribute('data-guess')).split('_').map((tenths) => Number(tenths) / 10);
    assert.ok(Math.abs(raised[0] - (decades[0] + 1)) < 1e-9, `${raised[0]} vs ${decades[0]} + 1`);

    await widget.locator('button.pr-reveal').click();
    await page.waitForFunction(() => document.querySelector('.widget-predict').dataset.mae !== undefined);
    const mae = Number(await widget.getAttribute('data-mae'));
    assert.ok(Number.isFinite(mae) && mae > 0);
    const text = await widget.locator('.widget-readout').innerText();
    assert.match(text, /Mean absolute error .* decades \(over 19 layers\)/);
    assert.match(text, /You expected the first layer’s gradient at .*10⁻.* times the last hidden layer’s; it was .*10⁻.* times/);
    assert.equal(await widget.locator('.pr-measured').count(), 1);
    await ensureDir(SCREENSHOT_DIR);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-predict-1280-en.png'), fullPage: true });

    // A student's link: the same guess, revealed, gives the same score.
    const hash = await page.evaluate(() => window.location.hash);
    assert.match(hash, /reveal=1/);
    const sentGuess = await widget.getAttribute('data-guess');
    await page.goto('about:blank');
    await page.goto(session.server.url(`/embed.html?lang=ko${hash}`), { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('.widget-predict')?.dataset.mae !== undefined);
    assert.equal(await page.locator('.widget-predict').getAttribute('data-guess'), sentGuess);
    assert.equal(Number(await page.locator('.widget-predict').getAttribute('data-mae')), mae);
    assert.match(await page.locator('.widget-predict .widget-readout').innerText(), /평균 절대 오차/);
    watch.assertClean('predict');
  } finally {
    await context.close();
  }
});

test('predict: an unreadable guess in the address is named and the chart starts flat (375 px)', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 375, height: 800 } });
  try {
    await page.goto(session.server.url('/embed.html?lang=en#widget=predict&q=identity-1.5&guess=1_2_x&reveal=1'), { waitUntil: 'load' });
    const widget = page.locator('.widget-predict');
    await widget.waitFor();
    assert.match(await widget.locator('.widget-status').innerText(), /guess could not be read.*50 integers/s);
    assert.equal(await widget.getAttribute('data-guess'), new Array(50).fill('0').join('_'));
    assert.equal(await widget.getAttribute('data-mae'), null, 'nothing is revealed from a bad link');
    await ensureDir(SCREENSHOT_DIR);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classroom-predict-375-en.png'), fullPage: true });
    watch.assertClean('predict bad hash');
  } finally {
    await context.close();
  }
});
