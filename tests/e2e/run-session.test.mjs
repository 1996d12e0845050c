// The playground trains exactly what it shows (issue 9): on every way a reader arrives at it, once the
// session's queue is idle, the config the engine trains (read back from the core with
// Trainer.config(), the hook's `trained`) equals the controls on the page and the URL hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { sectionIds, waitForPlayground, playButton, noticeTexts } from './article.mjs';

const session = useBrowserAndServer();

const BN_PRESET = { depth: 30, activation: 'sigmoid', init: 'naive', batch_norm: true };
const BN_BUTTON = 'button[data-preset-id="sigmoid-naive-30-batch-norm"]:visible';

// In the page: the playground's controls, the URL hash and the engine's read-back, compared field
// by field for every engine field the core reports. Returns null while anything is pending or
// differs (with `want`, the trained config must also hold those values), else what it compared.
function invariantInPage({ want }) {
  const latest = window.__vgTest?.playground?.latest();
  if (!latest || !latest.idle || !latest.trained) return null;
  const same = (shown, trained) => {
    if (typeof trained === 'boolean') return shown === trained || shown === String(trained) || shown === (trained ? '1' : '0');
    if (typeof trained === 'number') {
      const value = Number(shown);
      return Number.isFinite(value) && Math.abs(value - trained) <= 1e-6 * Math.max(1, Math.abs(trained));
    }
    return String(shown) === String(trained);
  };
  const controls = {};
  for (const row of document.querySelectorAll('.vg-pg-control[data-field]')) {
    const select = row.querySelector('select');
    const checkbox = row.querySelector('input[type="checkbox"]');
    const box = row.querySelector('input[type="number"], input[type="text"]');
    controls[row.dataset.field] = select ? select.value : checkbox ? checkbox.checked : box?.value;
  }
  const hash = Object.fromEntries(new URLSearchParams(window.location.hash.slice(1)));
  const differences = [];
  for (const [name, trained] of Object.entries(latest.trained)) {
    if (!(name in latest.state)) continue;  // engine-only fields (telemetry_every, hist_bins)
    if (name in controls && !same(controls[name], trained)) differences.push(`control ${name}=${controls[name]} trained ${trained}`);
    if (!same(hash[name], trained)) differences.push(`hash ${name}=${hash[name]} trained ${trained}`);
  }
  for (const [name, value] of Object.entries(want ?? {})) {
    if (!same(value, latest.trained[name])) differences.push(`want ${name}=${value} trained ${latest.trained[name]}`);
  }
  window.__e2eLastDifferences = differences;
  return differences.length === 0 ? { trained: latest.trained, step: latest.step, playing: latest.playing } : null;
}

async function expectInvariant(page, want = {}, { timeout = 30000 } = {}) {
  try {
    const handle = await page.waitForFunction(invariantInPage, { want }, { timeout, polling: 100 });
    return await handle.jsonValue();
  } catch (error) {
    const differences = await page.evaluate(() => window.__e2eLastDifferences ?? ['no idle snapshot with a read-back']);
    assert.fail(`controls, hash and trained config never agreed: ${differences.slice(0, 8).join('; ')} (${error.message.split('\n')[0]})`);
  }
}

// After a preset the run plays from step 0 and says so on its button.
async function expectPlaying(page, fromStep = 0) {
  await waitForPlayground(page, { minStep: fromStep + 2 });
  assert.equal(await playButton(page).getAttribute('aria-pressed'), 'true', 'a preset must leave the run playing');
}

// Batch norm keeps the first layer's gradient within a few decades of the last (without it,
// sigmoid + naive init at depth 30 gives ~1e-14 at layer 1: the reported defect).
async function expectBatchNormGradients(page) {
  const latest = await waitForPlayground(page, { minStep: 3 });
  assert.equal(latest.grad_w_norm.length, 31, `the engine trains ${latest.grad_w_norm.length - 1} layers, not 30`);
  const ratio = latest.grad_w_norm[0] / latest.grad_w_norm[30];
  assert.ok(ratio > 1e-3, `first/last layer gradient ${ratio.toExponential(2)}: batch norm is not what trains`);
}

test('#fixes then the "sigmoid + naive init + batch norm" preset (before the playground mounted)', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#fixes'), { waitUntil: 'load' });
    await page.locator(BN_BUTTON).click();
    await expectInvariant(page, BN_PRESET);
    await expectBatchNormGradients(page);
    await expectPlaying(page);
    watch.assertClean('#fixes + BN preset');
  } finally {
    await context.close();
  }
});

// The first section, the one with the preset buttons, the playground's own and the last: arriving
// above, at and below the playground (landing.test.mjs lands on every section).
test('a #section jump to sections above, at and below the playground, then a preset button', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    const ids = await sectionIds(page);
    assert.ok(ids.length >= 6, `sections: ${ids.join(', ')}`);
    const withPresets = await page.evaluate(() => document.querySelector('button[data-preset-id]')?.closest('section[id]')?.id);
    const withPlayground = await page.evaluate(() => document.querySelector('[data-widget="playground"]')?.closest('section[id]')?.id);
    const chosen = [...new Set([ids[0], withPresets, withPlayground, ids.at(-1)])];
    assert.equal(chosen.filter((id) => ids.includes(id)).length, chosen.length, `sections ${chosen.join(', ')}`);
    for (const id of chosen) {
      await page.goto(session.server.url(`/index.html?jump=${id}#${id}`), { waitUntil: 'load' });
      await page.locator(BN_BUTTON).click();
      await expectInvariant(page, BN_PRESET);
      assert.equal((await waitForPlayground(page, { minStep: 1 })).grad_w_norm.length, 31, `after #${id}`);
    }
    watch.assertClean('section jumps');
  } finally {
    await context.close();
  }
});

test('a preset after the playground has mounted and trained', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#depth'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    const before = await waitForPlayground(page, { minStep: 5 });
    assert.equal(before.trained.depth, 20);
    await page.locator(BN_BUTTON).click();
    await expectInvariant(page, BN_PRESET);
    await expectBatchNormGradients(page);
    await expectPlaying(page);
    watch.assertClean('preset after mount');
  } finally {
    await context.close();
  }
});

test('table-of-contents clicks, then a preset; the hash keeps the state, not the section', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    await page.locator('nav.toc a[href="#depth"]').click();
    // The section's text comes first: the reader scrolls on to its playground.
    await page.waitForFunction(() => document.documentElement.dataset.landing === 'done');
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await waitForPlayground(page, { minStep: 1 });
    await page.locator('nav.toc a[href="#fixes"]').click();
    await page.locator(BN_BUTTON).click();
    const agreed = await expectInvariant(page, BN_PRESET);
    assert.equal(agreed.trained.batch_norm, true);
    assert.ok(!page.url().includes('#fixes'), page.url());
    watch.assertClean('TOC');
  } finally {
    await context.close();
  }
});

test('back and forward between two shared links', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#depth=6&width=12&activation=tanh&seed=4'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await expectInvariant(page, { depth: 6, width: 12, activation: 'tanh', seed: 4 });
    await page.evaluate(() => { window.location.hash = '#depth=9&width=8&activation=relu&init=he_normal&seed=4'; });
    await expectInvariant(page, { depth: 9, width: 8, activation: 'relu', init: 'he_normal' });
    await page.goBack();
    await expectInvariant(page, { depth: 6, width: 12, activation: 'tanh' });
    await page.goForward();
    await expectInvariant(page, { depth: 9, width: 8, activation: 'relu' });
    watch.assertClean('back/forward');
  } finally {
    await context.close();
  }
});

test('a language switch mid-run keeps the run, the controls and the hash', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#depth=8&width=16&activation=relu&init=he_normal&seed=2'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    const before = await waitForPlayground(page, { minStep: 3 });
    await page.locator('[data-lang-switch]').first().click();
    const after = await expectInvariant(page, { depth: 8, width: 16, activation: 'relu' });
    assert.ok(after.step >= before.step, 'the language switch restarted the run');
    await page.locator('.vg-pg-control[data-field="activation"] select').selectOption('tanh');
    await expectInvariant(page, { depth: 8, activation: 'tanh' });
    watch.assertClean('language switch');
  } finally {
    await context.close();
  }
});

test('20 rapid preset clicks end on the last one, playing', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#fixes'), { waitUntil: 'load' });
    const buttons = page.locator('button[data-preset-id]:visible');
    const count = await buttons.count();
    assert.ok(count >= 4, `${count} preset buttons`);
    // 19 presets in a scrambled order, then batch norm (some presets diverge on purpose: the last
    // one must train, so "playing" can be checked).
    for (let i = 0; i < 19; i += 1) await buttons.nth((i * 7) % count).dispatchEvent('click');
    await page.locator(BN_BUTTON).dispatchEvent('click');
    await expectInvariant(page, BN_PRESET);
    await expectBatchNormGradients(page);
    await expectPlaying(page);
    watch.assertClean('rapid presets');
  } finally {
    await context.close();
  }
});

test('hash edits while training: the last one is what trains', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#depth=5&width=8&seed=1'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await waitForPlayground(page, { minStep: 2 });
    await page.evaluate(async () => {
      for (const depth of [11, 3, 17, 4, 13]) {
        window.location.hash = `#depth=${depth}&width=8&seed=1&activation=tanh`;
        await new Promise((done) => setTimeout(done, 30));
      }
    });
    await expectInvariant(page, { depth: 13, width: 8, activation: 'tanh' });
    watch.assertClean('hash edits');
  } finally {
    await context.close();
  }
});

test('a refused hash: the notice names the field, the URL shows what runs, valid fields stay', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html?lang=en#depth=1000&width=256&batch_size=1024&activation=relu&init=he_normal&seed=7'),
      { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    const agreed = await expectInvariant(page, { activation: 'relu', init: 'he_normal', seed: 7 });
    assert.ok(agreed.trained.depth !== 1000 || agreed.trained.width !== 256 || agreed.trained.batch_size !== 1024);
    const notices = (await noticeTexts(page)).join('\n');
    assert.match(notices, /Depth/, notices);
    assert.match(notices, /MiB/, notices);
    // SGD at width 256, batch 1024: the validator's deepest (tests/core/test_config.cpp).
    assert.match(notices, /the deepest network that fits is depth 67/, notices);
    assert.ok(!page.url().includes('depth=1000'), page.url());
    await waitForPlayground(page, { minStep: 2 });
    watch.assertClean('refused hash');
  } finally {
    await context.close();
  }
});

test('the Korean page words a refusal in Korean', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html?lang=ko#depth=1000&width=256&batch_size=1024'), { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await expectInvariant(page);
    const notices = (await noticeTexts(page)).join('\n');
    assert.match(notices, /메모리 한도/, notices);
    assert.match(notices, /가장 깊은 신경망은 깊이 67입니다/, notices);
    assert.doesNotMatch(notices, /would need|budget/, notices);
    watch.assertClean('Korean refusal');
  } finally {
    await context.close();
  }
});

test('W = 1.5·I at depth 852, width 32: overflow at init is named as such, with the forward norms', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    const hash = 'activation=linear&init=scaled_identity&identity_scale=1.5&depth=852&width=32&loss=mse';
    for (const lang of ['ko', 'en']) {
      await page.goto(session.server.url(`/index.html?lang=${lang}#${hash}`), { waitUntil: 'load' });
      await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
      const latest = await waitForPlayground(page, { status: 'diverged' });
      assert.equal(latest.step, 1);
      assert.equal(latest.trained.width, 32, 'scaled identity must run at width 32 (a·[I 0])');
      const banner = await page.locator('.vg-pg-banner').innerText();
      // The core's first non-finite layer (0-based) near 1.5^k · |x| = 3.4e38, shown numbered from 1.
      const named = banner.match(/(\d+)층|layer (\d+)/);
      const layer = Number(named?.[1] ?? named?.[2]);
      assert.ok(layer > 150 && layer < 260, banner);
      if (lang === 'ko') {
        assert.match(banner, /폭발하는 기울기 그 자체/, banner);
        // No English sentence (the word "float", the type's name, is the only Latin word).
        assert.deepEqual(banner.match(/[A-Za-z]{3,}/g), ['float'], `English in the Korean banner: ${banner}`);
      } else {
        assert.match(banner, /exploding gradient itself/, banner);
        assert.doesNotMatch(banner, /Lower the learning rate/, banner);
      }
      const forward = page.locator('.vg-pg-forward');
      assert.ok(await forward.isVisible(), 'the forward-norm chart is shown after the overflow');
      const rows = await forward.locator('table tr').count();
      assert.ok(rows > 100, `${rows} rows of forward norms`);
      assert.equal((await noticeTexts(page)).length, 0, 'the config was refused');
    }
    watch.assertClean('identity 852');
  } finally {
    await context.close();
  }
});

// Reset and Step clicked together (a reader's double action, or a test's): the Step must step the
// reset run, so the page shows step 1 and the engine is at step 1, not a step-1 frame covered by
// the reset's step 0 while the engine has moved on.
test('Reset then Step at once: the page shows step 1, and one more Step shows step 2', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/embed.html#widget=playground&depth=4&seed=5&autoplay=0'), { waitUntil: 'load' });
    await waitForPlayground(page, { step: 0 });
    await page.waitForFunction(() => window.__vgTest.playground.latest()?.idle === true);
    await page.evaluate(() => {
      const buttons = document.querySelectorAll('.vg-pg-toolbar button');
      buttons[2].click();  // Reset
      buttons[1].click();  // Step, before the reset came back
    });
    await page.waitForFunction(() => window.__vgTest.playground.latest()?.idle === true);
    await page.waitForTimeout(500);  // a late frame would land here
    assert.equal((await waitForPlayground(page, {})).step, 1, 'the Step clicked during the reset is the one shown');
    await page.locator('.vg-pg-toolbar button').nth(1).click();
    await waitForPlayground(page, { step: 2 }, { timeout: 10000 });
    watch.assertClean('reset then step');
  } finally {
    await context.close();
  }
});
