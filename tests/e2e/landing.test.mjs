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
