// Layout at a 375 px phone and a 1280 px desktop: no horizontal scrolling, every control of every
// widget inside the viewport and reachable (not covered), and a screenshot of each section saved
// under build/screenshots/ for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowserAndServer, SCREENSHOT_DIR, ensureDir } from './harness.mjs';
import { mountAllWidgets, waitForWidgetRendered, waitForPlayground, sectionIds, controlRow } from './article.mjs';

const STICKY_HEADER_OFF = '.site-header { position: static !important; }';

const session = useBrowserAndServer({ prepare: () => ensureDir(SCREENSHOT_DIR) });

// Controls of the widgets that are on show but stick out of the viewport sideways, are too small to
// hit, or are covered by something else at their centre.
function unusableControls(page) {
  return page.evaluate(async () => {
    const problems = [];
    const controls = document.querySelectorAll('[data-widget] input, [data-widget] select, [data-widget] button, [data-widget] summary');
    for (const control of controls) {
      if (!control.checkVisibility()) continue;
      if (control.closest('.vg-pg-sr-only')) continue;
      const box = control.getBoundingClientRect();
      const name = `${control.tagName.toLowerCase()}#${control.id || ''}.${control.className} "${(control.textContent || control.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
      if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
        problems.push(`${name} sticks out: ${Math.round(box.left)}..${Math.round(box.right)}`);
        continue;
      }
      if (box.width < 16 || box.height < 16) {
        problems.push(`${name} too small: ${Math.round(box.width)}×${Math.round(box.height)}`);
        continue;
      }
      control.scrollIntoView({ block: 'center', behavior: 'instant' });
      const after = control.getBoundingClientRect();
      const hit = document.elementFromPoint(after.left + after.width / 2, after.top + after.height / 2);
      if (!hit || !(hit === control || control.contains(hit) || hit.closest('label')?.control === control || hit.control === control)) {
        problems.push(`${name} covered by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'}`);
      }
    }
    return problems;
  });
}

for (const width of [375, 1280]) {
  test(`${width} px: no horizontal scrolling, controls usable, screenshots of each section`, async () => {
    const { context, page, watch } = await session.openPage({ viewport: { width, height: 800 } });
    try {
      await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
      await mountAllWidgets(page);
      await waitForPlayground(page, { minStep: 1 });
      for (const widget of await page.locator('[data-widget]').all()) {
        await widget.scrollIntoViewIfNeeded();
        await waitForWidgetRendered(widget);
      }
      // Open the playground's collapsed group so its controls are checked too.
      await page.locator('section.vg-pg details summary').first().click();
      const overflow = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        innerWidth: window.innerWidth,
        widest: [...document.querySelectorAll('body *')]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && element.checkVisibility())
          .slice(0, 5)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className} right=${Math.round(element.getBoundingClientRect().right)}`),
      }));
      assert.ok(overflow.scrollWidth <= overflow.innerWidth,
        `horizontal scrolling at ${width} px: scrollWidth ${overflow.scrollWidth} > ${overflow.innerWidth}; ${overflow.widest.join('; ')}`);
      assert.deepEqual(await unusableControls(page), []);

      if (width === 375) {
        // Usable means usable: a tap on a select and the keyboard on the depth slider still work.
        await controlRow(page, 'activation').locator('select').selectOption('relu');
        await page.waitForFunction(() => window.__vgTest.playground.latest()?.state.activation === 'relu');
        await controlRow(page, 'depth').locator('input[type="range"]').focus();
        await page.keyboard.press('Home');
        await page.waitForFunction(() => window.__vgTest.playground.latest()?.state.depth === 1);
      }

      const ids = await sectionIds(page);
      assert.ok(ids.length >= 8, `only ${ids.length} sections: ${ids.join(', ')}`);
      for (const id of ids) {
        const section = page.locator(`section#${id}`);
        await section.scrollIntoViewIfNeeded();
        await page.waitForTimeout(50);
        // The sticky site header would be painted over the middle of a tall section's capture.
        await section.screenshot({ path: join(SCREENSHOT_DIR, `${id}-${width}.png`), style: STICKY_HEADER_OFF });
      }
      console.log(`# screenshots: ${ids.length} sections at ${width} px in build/screenshots/`);
      watch.assertClean(`layout ${width}`);
    } finally {
      await context.close();
    }
  });
}

// The live strip at the top keeps its height when it mounts (css/widgets.css reserves it), so the
// text below does not jump and the sections below are not rendered ahead for nothing. Its module is
// held back until the reserved box has been measured. English wraps differently on phones, hence
// the allowance (22 px measured at 412 px; the unreserved box jumped about 170 px).
for (const [width, lang] of [[375, 'ko'], [412, 'ko'], [1280, 'ko'], [412, 'en'], [1280, 'en']]) {
  test(`${width} px, ${lang}: the live strip keeps its height when it mounts`, async () => {
    const { context, page, watch } = await session.openPage({ viewport: { width, height: 800 } });
    try {
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await context.route('**/js/widgets/gradient-strip.js', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(session.server.url(`/index.html${lang === 'en' ? '?lang=en' : ''}`), { waitUntil: 'domcontentloaded' });
      const strip = page.locator('[data-widget="gradient-strip"]');
      const before = await strip.evaluate((element) => element.getBoundingClientRect().height);
      release();
      await page.waitForFunction(() => document.querySelector('.strip-readout')?.textContent.trim());
      const after = await strip.evaluate((element) => element.getBoundingClientRect().height);
      assert.ok(Math.abs(after - before) <= 24, `the strip went from ${before} px before it mounted to ${after} px`);
      watch.assertClean(`strip ${width} ${lang}`);
    } finally {
      await context.close();
    }
  });
}
