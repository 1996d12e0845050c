// The playground from the keyboard alone (play, pause, single step, reset), and its state: controls
// changed, page reloaded -> same state; URL copied into a new page -> the same run, number for number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import {
  waitForPlayground, playgroundLatest, runFixedSteps, controlRow, playButton,
} from './article.mjs';

const session = useBrowserAndServer();

// Presses Tab until `locator` has the focus (at most `limit` presses): reaching a control by the
// keyboard is part of what is tested.
async function tabTo(page, locator, limit = 200) {
  const target = await locator.elementHandle();
  for (let press = 0; press < limit; press += 1) {
    if (await page.evaluate((element) => document.activeElement === element, target)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach ${locator} with Tab`);
}

// When pause is pressed the runner may hold one snapshot waiting for the next frame and one request
// in flight (it asks for the next steps as soon as a snapshot arrives, runner.js): both were taken
// before the pause and still land, so the count may move at most twice. Waits up to 3 s for each of
// those moves, then requires a quiet second; a third move at any point fails.
async function settledStep(page) {
  const atPause = (await playgroundLatest(page)).step;
  let step = atPause;
  for (let moves = 0; ; moves += 1) {
    const next = await page.waitForFunction(
      (shown) => { const now = window.__vgTest.playground.latest().step; return now !== shown ? now : null; },
      step, { timeout: moves < 2 ? 3000 : 1000, polling: 50 },
    ).then((handle) => handle.jsonValue(), () => null);
    if (next === null) break;
    assert.ok(moves < 2, `steps went on while paused: ${atPause} at pause, then ${step}, then ${next}`);
    step = next;
  }
  if (step !== atPause) console.log(`# the work in flight at pause landed: step ${atPause} -> ${step}`);
  return step;
}

const isPlaying = (page) => page.evaluate(() => document.querySelector('section.vg-pg').dataset.running === 'true');

test('play / pause / step / reset from the keyboard alone', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#depth=10&width=16&seed=3'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await waitForPlayground(page, { minStep: 1 });
    await page.mouse.move(0, 0);
    await page.locator('body').focus().catch(() => {});

    const play = playButton(page);
    await tabTo(page, play);
    if (await isPlaying(page)) {
      await page.keyboard.press('Space');  // pause the autoplay
      await page.waitForFunction(() => document.querySelector('section.vg-pg').dataset.running === 'false');
    }
    assert.equal(await play.getAttribute('aria-pressed'), 'false');
    const paused = await settledStep(page);
    await page.waitForTimeout(500);
    assert.equal((await playgroundLatest(page)).step, paused, 'steps went on while paused');

    await page.keyboard.press('Space');  // play
    await page.waitForFunction(() => document.querySelector('section.vg-pg').dataset.running === 'true');
    assert.equal(await play.getAttribute('aria-pressed'), 'true');
    await waitForPlayground(page, { minStep: paused + 2 });

    await page.keyboard.press('Enter');  // pause (Enter activates a button too)
    await page.waitForFunction(() => document.querySelector('section.vg-pg').dataset.running === 'false');
    const before = await settledStep(page);

    await page.keyboard.press('Tab');  // the Step button follows Play
    assert.equal(await page.evaluate(() => document.activeElement.textContent), await page.locator('.vg-pg-toolbar button').nth(1).textContent());
    await page.keyboard.press('Enter');
    await waitForPlayground(page, { step: before + 1 });
    await page.waitForFunction(() => !document.querySelectorAll('.vg-pg-toolbar button')[1].disabled);
    await page.keyboard.press('Space');
    await waitForPlayground(page, { step: before + 2 });

    await page.keyboard.press('Tab');  // Reset
    await page.keyboard.press('Enter');
    await waitForPlayground(page, { step: 0 });

    // The region's own shortcuts (the hint line names them): → one step, r reset, space play.
    await page.locator('section.vg-pg').focus();
    await page.keyboard.press('ArrowRight');
    await waitForPlayground(page, { step: 1 });
    await page.waitForFunction(() => !document.querySelectorAll('.vg-pg-toolbar button')[1].disabled);
    await page.keyboard.press('ArrowRight');
    await waitForPlayground(page, { step: 2 });
    await page.keyboard.press('r');
    await waitForPlayground(page, { step: 0 });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('section.vg-pg').dataset.running === 'true');
    await waitForPlayground(page, { minStep: 2 });
    watch.assertClean('keyboard');
  } finally {
    await context.close();
  }
});

test('state: changed controls survive a reload; the URL in a new page reproduces the run', async () => {
  const { context, page, watch } = await session.openPage();
  const second = await session.openPage();
  try {
    await page.goto(session.server.url('/embed.html#widget=playground&depth=8&width=16'), { waitUntil: 'load' });
    await waitForPlayground(page, {});
    await controlRow(page, 'activation').locator('select').selectOption('tanh');
    await controlRow(page, 'optimizer').locator('select').selectOption('adam');
    const depthBox = controlRow(page, 'depth').locator('input[type="number"]');
    await depthBox.fill('12');
    await depthBox.press('Tab');
    const seedBox = controlRow(page, 'seed').locator('input').first();
    await seedBox.fill('4242');
    await seedBox.press('Tab');
    await page.waitForFunction(() => {
      const state = window.__vgTest.playground.latest()?.state;
      return state && state.activation === 'tanh' && state.optimizer === 'adam' && state.depth === 12 && state.seed === 4242
        && window.location.hash.includes('seed=4242');
    });
    // A run restarted by the last change shows no snapshot for a moment: wait for the next one.
    const wanted = (await waitForPlayground(page, {})).state;
    const url = page.url();
    assert.match(url, /activation=tanh/);
    assert.match(url, /depth=12/);
    assert.match(url, /seed=4242/);

    await page.reload({ waitUntil: 'load' });
    const reloaded = await waitForPlayground(page, {});
    assert.deepEqual(reloaded.state, wanted);
    assert.equal(await controlRow(page, 'activation').locator('select').inputValue(), 'tanh');
    assert.equal(await controlRow(page, 'optimizer').locator('select').inputValue(), 'adam');
    assert.equal(await depthBox.inputValue(), '12');

    await second.page.goto(url, { waitUntil: 'load' });
    await waitForPlayground(second.page, {});
    const [runA, runB] = [await runFixedSteps(page, 4), await runFixedSteps(second.page, 4)];
    assert.deepEqual(runB.state, runA.state);
    assert.equal(runB.loss, runA.loss);
    assert.deepEqual(runB.grad_w_norm, runA.grad_w_norm);
    assert.equal(runA.grad_w_norm.length, 13);
    console.log(`# same run in two pages: step ${runA.step} loss ${runA.loss} ‖dW1‖ ${runA.grad_w_norm[0]}`);
    watch.assertClean('state page');
    second.watch.assertClean('copied URL page');
  } finally {
    await context.close();
    await second.context.close();
  }
});

// The export buttons download the run in the CLI's formats (tests/node/schema-parity.test.js holds
// them to the CLI byte for byte): here, that the page's buttons deliver them with the core's columns.
test('the CSV and JSON export buttons download the run with every telemetry column', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/embed.html#widget=playground&depth=3&width=8&autoplay=0'), { waitUntil: 'load' });
    await waitForPlayground(page, { step: 0 });
    await runFixedSteps(page, 2);
    const download = async (index) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('.vg-pg-export button').nth(index).click()]);
      const stream = await file.createReadStream();
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
    };
    const csv = await download(0);
    assert.equal(csv.name, 'vg-telemetry.csv');
    const [header, ...rows] = csv.text.trim().split('\n');
    assert.equal(header, 'step,layer,loss,train_accuracy,test_accuracy,test_loss,grad_w_norm,grad_b_norm,delta_norm,'
      + 'act_mean,act_std,saturated_frac,dead_frac,weight_norm,update_ratio,delta_rms,example_grad_w_rms');
    assert.ok(rows.length >= 4 && rows.every((row) => row.split(',').length === 17), `${rows.length} rows`);
    const json = await download(1);
    const parsed = JSON.parse(json.text);
    assert.equal(parsed.format, 'vg-telemetry');
    assert.equal(parsed.records.at(-1).step, 2);
    assert.equal(parsed.records.at(-1).layers.grad_hist.length, 4);
    watch.assertClean('export');
  } finally {
    await context.close();
  }
});
