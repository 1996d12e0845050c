// Arriving on a section lands on its heading: every table-of-contents link, and every #section in
// the address, puts the section's heading 0–40 px below the sticky header at 375 and 1280 px, and
// keeps it there while the figures above it mount and grow. A hash of playground fields lands on
// the playground.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';

const session = useBrowserAndServer();
const WIDTHS = [{ width: 375, height: 812 }, { width: 1280, height: 900 }];
const MAX_GAP_PX = 40;

// Waits for main.js's landing to finish (data-landing="done"), then for the layout to be still.
async function landed(page) {
  await page.waitForFunction(() => document.documentElement.dataset.landing === 'done', null, { timeout: 30000 });
  await page.waitForTimeout(300);
}

// Pixels between the sticky header's bottom and the target's heading top.
function gapBelowHeader(page, id) {
  return page.evaluate((targetId) => {
    const target = document.getElementById(targetId);
    const heading = target.matches('section') ? target.querySelector(':scope > h2') ?? target : target;
    return heading.getBoundingClientRect().top - document.querySelector('.site-header').getBoundingClientRect().bottom;
  }, id);
}

for (const viewport of WIDTHS) {
  test(`${viewport.width} px: every table-of-contents link lands on its heading`, async () => {
    const { context, page, watch } = await session.openPage({ viewport });
    try {
      await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
      const targets = await page.locator('.toc a').evaluateAll((links) => links.map((link) => link.getAttribute('href').slice(1)));
      assert.ok(targets.length >= 8);
      const misses = [];
      for (const id of targets) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator(`.toc a[href="#${id}"]`).click();
        await landed(page);
        const gap = await gapBelowHeader(page, id);
        if (!(gap >= 0 && gap <= MAX_GAP_PX)) misses.push(`#${id}: heading ${gap.toFixed(0)} px below the header`);
      }
      assert.deepEqual(misses, []);
      watch.assertClean('TOC jumps');
    } finally {
      await context.close();
    }
  });

  test(`${viewport.width} px: every #section address lands on its heading`, async () => {
    const misses = [];
    const { context, page, watch } = await session.openPage({ viewport });
    try {
      await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
      const ids = await page.locator('main section[id]').evaluateAll((sections) => sections.map((section) => section.id));
      for (const id of ids.filter((candidate) => candidate !== 'intro')) {
        // A query of its own makes each arrival a fresh document load (a hash alone would scroll the
        // open one), and a real navigation request, so the harness knows what it aborted.
        await page.goto(session.server.url(`/index.html?arrival=${id}#${id}`), { waitUntil: 'load' });
        await landed(page);
        const gap = await gapBelowHeader(page, id);
        if (!(gap >= 0 && gap <= MAX_GAP_PX)) misses.push(`#${id}: heading ${gap.toFixed(0)} px below the header`);
      }
      assert.deepEqual(misses, []);
      watch.assertClean('#section arrivals');
    } finally {
      await context.close();
    }
  });
}

test('a hash of playground fields lands on the playground', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(session.server.url('/index.html#depth=30&activation=relu&init=he_normal'), { waitUntil: 'load' });
    await landed(page);
    const top = await page.locator('#playground').evaluate((element) => element.closest('figure').getBoundingClientRect().top);
    const headerBottom = await page.locator('.site-header').evaluate((element) => element.getBoundingClientRect().bottom);
    assert.ok(top - headerBottom >= 0 && top - headerBottom <= MAX_GAP_PX, `playground ${top - headerBottom} px below the header`);
    watch.assertClean('playground hash arrival');
  } finally {
    await context.close();
  }
});

// Back and forward are arrivals too: the browser's own restoring of the old scroll offset landed
// elsewhere, since sections far from the screen have an estimated height until they come near.
test('back and forward land on the #section and on the playground their addresses name', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(session.server.url('/index.html?visit=1#fixes'), { waitUntil: 'load' });
    await landed(page);
    await page.goto(session.server.url('/index.html?visit=2#depth=30&activation=relu&init=he_normal'), { waitUntil: 'load' });
    await landed(page);
    await page.goBack({ waitUntil: 'load' });
    await landed(page);
    const sectionGap = await gapBelowHeader(page, 'fixes');
    assert.ok(sectionGap >= 0 && sectionGap <= MAX_GAP_PX, `back: #fixes heading ${sectionGap} px below the header`);
    await page.goForward({ waitUntil: 'load' });
    await landed(page);
    const top = await page.locator('#playground').evaluate((element) => element.closest('figure').getBoundingClientRect().top);
    const headerBottom = await page.locator('.site-header').evaluate((element) => element.getBoundingClientRect().bottom);
    assert.ok(top - headerBottom >= 0 && top - headerBottom <= MAX_GAP_PX, `forward: playground ${top - headerBottom} px below the header`);
    await page.waitForFunction(() => window.__vgTest?.playground?.latest()?.trained?.depth === 30, null, { timeout: 30000 });
    watch.assertClean('back and forward');
  } finally {
    await context.close();
  }
});

// Pixels between the sticky header's bottom and the playground's figure.
function playgroundGap(page) {
  return page.evaluate(() => document.querySelector('#playground').closest('figure').getBoundingClientRect().top
    - document.querySelector('.site-header').getBoundingClientRect().bottom);
}

// A preset sent to the playground before it has mounted is an arrival too: the playground mounts,
// trains it, and lands under the header. The playground once also scrolled itself into view
// (smoothly), racing the page's landing: about one load in four ended 550-700 px lower. So a few
// loads each.
test('375 px: a recipe button clicked before the playground has mounted lands on it', async () => {
  for (let load = 0; load < 4; load += 1) {
    const { context, page, watch } = await session.openPage({ viewport: { width: 375, height: 812 } });
    try {
      await page.goto(session.server.url(`/index.html?load=${load}#fixes`), { waitUntil: 'load' });
      await page.waitForTimeout(600);  // the reader reads the recipe first; the playground is still far
      assert.notEqual(await page.locator('#playground').getAttribute('data-state'), 'ready', 'the playground mounted before the click');
      await page.locator('button[data-preset-id="sigmoid-naive-30-batch-norm"]:visible').click();
      await page.waitForFunction(() => window.__vgTest?.playground?.latest()?.trained?.batch_norm === true, null, { timeout: 30000 });
      await landed(page);
      const gap = await playgroundGap(page);
      assert.ok(gap >= 0 && gap <= MAX_GAP_PX, `load ${load}: playground ${gap} px below the header`);
      watch.assertClean(`recipe button, load ${load}`);
    } finally {
      await context.close();
    }
  }
});

test('375 px: the drawn points sent to a playground that has not mounted yet train there', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 375, height: 812 } });
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    await page.locator('[data-widget="draw-data"]').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.waitForFunction(() => document.querySelector('[data-widget="draw-data"]').dataset.state === 'ready', null, { timeout: 30000 });
    assert.notEqual(await page.locator('#playground').getAttribute('data-state'), 'ready', 'the playground mounted before the click');
    await page.locator('.dd-playground:visible').click();
    await page.waitForFunction(() => window.__vgTest?.playground?.latest()?.trained?.dataset === 'custom', null, { timeout: 30000 });
    await landed(page);
    const gap = await playgroundGap(page);
    assert.ok(gap >= 0 && gap <= MAX_GAP_PX, `playground ${gap} px below the header`);
    watch.assertClean('drawn points to the playground');
  } finally {
    await context.close();
  }
});
