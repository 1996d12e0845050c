// 300 generated hostile URL hashes (hostile-hashes.mjs): each must leave a working page with a
// visible notice, no console error, no injected element and no script run. For speed one page is
// reused: most hashes arrive as hash changes (the playground listens for them); every 75th is a
// full page load of the article, and every 100th a full load of the embed page. The run is paused
// while hashes arrive (less work for a busy machine); the "still working" check takes single steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { waitForPlayground, playButton } from './article.mjs';
import {
  generateHostileHashes, hashSchemaFrom, CANARY_GLOBAL, INJECTED_MARKER,
} from './hostile-hashes.mjs';
import { PROPS } from '../../web/js/state.js';

const HASH_COUNT = 300;
const FULL_LOAD_EVERY = 75;
const EMBED_LOAD_EVERY = 100;
const BATCH = 10;  // hashes per round trip; the page is checked for a working run after each batch

const session = useBrowserAndServer();

// Anything a payload could have put in the DOM or run.
function injectionReport(page) {
  return page.evaluate(({ canary, marker }) => ({
    canary: window[canary],
    injected: document.querySelectorAll(
      `[${marker}], img[src="x"], iframe[srcdoc], [onerror], [onload], [ontoggle], [onclick], [onmouseover]`).length,
    polluted: ({}).polluted,
    scripts: [...document.scripts].filter((script) => !script.src).length,
  }), { canary: CANARY_GLOBAL, marker: INJECTED_MARKER });
}

// One round trip per batch of hashes (the machine may be busy): for each hash, clears the notices,
// sets the hash, waits in the page for the notice, and reports what a payload could have done.
function applyHashesInPage(page, hashes) {
  return page.evaluate(async ({ texts, canary, marker }) => {
    const reports = [];
    for (const text of texts) {
      const box = document.querySelector('.vg-pg-notices');
      if (box && !box.hidden) box.querySelector('button')?.click();
      window.location.hash = text;
      const deadline = performance.now() + 10000;
      let timedOut = false;
      while (!(box && !box.hidden && box.querySelectorAll('li').length > 0)) {
        if (performance.now() > deadline) {
          timedOut = true;
          break;
        }
        await new Promise((done) => setTimeout(done, 5));
      }
      const area = box?.getBoundingClientRect();
      reports.push({
        notice: !timedOut && box.checkVisibility() && area.width > 0 && area.height > 0,
        canary: window[canary],
        injected: document.querySelectorAll(
          `[${marker}], img[src="x"], iframe[srcdoc], [onerror], [onload], [ontoggle], [onclick], [onmouseover]`).length,
        polluted: ({}).polluted,
        scripts: [...document.scripts].filter((script) => !script.src).length,
      });
    }
    // Still a working page: the (paused) run takes a single step when asked. This also gives a payload
    // that would run late (an image's onerror) its chance before the last checks.
    const before = window.__vgTest.playground.latest()?.step;
    const stepButton = document.querySelectorAll('.vg-pg-toolbar button')[1];
    const deadline = performance.now() + 10000;
    let stepped = false;
    let nextClick = 0;
    while (!stepped && performance.now() < deadline) {
      if (performance.now() >= nextClick && stepButton && !stepButton.disabled) {
        stepButton.click();
        nextClick = performance.now() + 2000;  // a step in flight ignores further clicks anyway
      }
      await new Promise((done) => setTimeout(done, 20));
      stepped = before !== undefined && window.__vgTest.playground.latest()?.step > before;
    }
    return { reports, stepped, lateCanary: window[canary], lateInjected: document.querySelectorAll(`[${marker}]`).length };
  }, { texts: hashes, canary: CANARY_GLOBAL, marker: INJECTED_MARKER });
}

async function noticeShown(page) {
  await page.waitForFunction(() => {
    const box = document.querySelector('.vg-pg-notices');
    return box && !box.hidden && box.querySelectorAll('li').length > 0;
  }, null, { timeout: 10000 });
  assert.ok(await page.locator('.vg-pg-notices').isVisible(), 'notice box not visible');
}

// Runs `step` and names the hash in any failure.
async function at(where, step) {
  try {
    return await step();
  } catch (error) {
    error.message = `${where}: ${error.message}`;
    throw error;
  }
}

async function mountPlayground(page) {
  await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
  await waitForPlayground(page, {});
  if ((await playButton(page).getAttribute('aria-pressed')) === 'true') await playButton(page).click();
}

test(`${HASH_COUNT} hostile hashes: working page, visible notice, no console error, nothing injected or run`, async () => {
  const hashes = generateHostileHashes(hashSchemaFrom(PROPS), { count: HASH_COUNT });
  assert.equal(hashes.length, HASH_COUNT);
  const { context, page, watch } = await session.openPage();
  const embed = await session.openPage();
  const counts = { hashChange: 0, articleLoad: 0, embedLoad: 0 };
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    await mountPlayground(page);
    const clean = await injectionReport(page);
    assert.equal(clean.injected, 0);
    const inlineScripts = clean.scripts;

    const describe = (index) => {
      const hash = hashes[index];
      return `hash #${index} (${hash.slice(0, 80)}${hash.length > 80 ? '…' : ''})`;
    };
    for (let start = 0; start < hashes.length; start += BATCH) {
      const batch = [];
      for (let index = start; index < Math.min(start + BATCH, hashes.length); index += 1) {
        const hash = hashes[index];
        const where = describe(index);
        if (index % EMBED_LOAD_EVERY === EMBED_LOAD_EVERY - 1) {
          await at(`embed ${where}`, async () => {
            await embed.page.goto('about:blank');
            await embed.page.goto(session.server.url(`/embed.html#widget=playground&${hash}`), { waitUntil: 'load' });
            await waitForPlayground(embed.page, {});
            await noticeShown(embed.page);
          });
          const report = await injectionReport(embed.page);
          assert.deepEqual(report, { canary: undefined, injected: 0, polluted: undefined, scripts: 0 }, where);
          embed.watch.assertClean(`embed ${where}`);
          counts.embedLoad += 1;
        } else if (index % FULL_LOAD_EVERY === 0) {
          await at(where, async () => {
            await page.goto('about:blank');
            await page.goto(session.server.url(`/index.html#${hash}`), { waitUntil: 'load' });
            await mountPlayground(page);
            await noticeShown(page);
          });
          const report = await injectionReport(page);
          assert.deepEqual(report, { canary: undefined, injected: 0, polluted: undefined, scripts: inlineScripts }, where);
          counts.articleLoad += 1;
        } else {
          batch.push(index);
        }
      }
      const { reports, stepped, lateCanary, lateInjected } = await applyHashesInPage(page, batch.map((index) => hashes[index]));
      reports.forEach((report, k) => assert.deepEqual(report,
        { notice: true, canary: undefined, injected: 0, polluted: undefined, scripts: inlineScripts }, describe(batch[k])));
      assert.deepEqual({ stepped, lateCanary, lateInjected }, { stepped: true, lateCanary: undefined, lateInjected: 0 },
        `batch from ${describe(start)}: the run must still step, nothing may run late`);
      counts.hashChange += batch.length;
      watch.assertClean(`batch from ${describe(start)}`);
    }
    console.log(`# hostile hashes: ${hashes.length} (${counts.hashChange} as hash changes, ${counts.articleLoad} article loads, ${counts.embedLoad} embed loads)`);
  } finally {
    await context.close();
    await embed.context.close();
  }
});

test('embed page with a hostile widget name shows the list of valid names, nothing injected', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    for (const name of [`"><img src=x ${INJECTED_MARKER} onerror="window.${CANARY_GLOBAL}=1">`, '<script>1</script>', '%E0%A4%A', '__proto__', 'x'.repeat(5000)]) {
      await page.goto('about:blank');
      await page.goto(session.server.url(`/embed.html#widget=${name}`), { waitUntil: 'load' });
      const message = page.locator('.embed-message[role="alert"]');
      await message.waitFor({ state: 'visible' });
      assert.ok((await message.locator('li').count()) >= 6, 'the message lists the valid widget names');
      const report = await injectionReport(page);
      assert.deepEqual(report, { canary: undefined, injected: 0, polluted: undefined, scripts: 0 });
    }
    watch.assertClean('embed hostile widget names');
  } finally {
    await context.close();
  }
});
