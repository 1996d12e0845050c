// Korean <-> English: the switch changes every visible string (widgets included) and the choice
// persists across a reload and a fresh visit. Text marked lang="ko" (the button offering Korean to
// an English reader) is Korean on purpose and is the only Hangul allowed in English mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { mountAllWidgets, waitForPlayground } from './article.mjs';

const session = useBrowserAndServer();

// Every visible text node (and the aria-label/placeholder/title of visible elements), with the
// language its closest [lang] ancestor declares.
function visibleTexts(page) {
  return page.evaluate(() => {
    const found = [];
    const isShown = (element) => {
      if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: false })) return false;
      // The visually hidden data tables (.vg-pg-sr-only) are read by screen readers: they count.
      return true;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, noscript, .katex-mathml')) continue;
      if (!isShown(parent)) continue;
      found.push({ text, lang: parent.closest('[lang]')?.getAttribute('lang') ?? '' });
    }
    for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (!isShown(element)) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const text = element.getAttribute(name)?.trim();
        if (text) found.push({ text, lang: element.closest('[lang]')?.getAttribute('lang') ?? '', attribute: name });
      }
    }
    found.push({ text: document.title, lang: document.documentElement.lang, attribute: 'title' });
    return found;
  });
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
// English prose: three or more Latin words in a row (maths, names like "ReLU" and numbers are not).
const ENGLISH_PROSE = /\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/;

async function switchLanguage(page) {
  await page.locator('[data-lang-switch]').first().click();
}

test('language switch ko <-> en changes every visible string and persists', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    await mountAllWidgets(page);
    await waitForPlayground(page, { minStep: 1 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    const korean = await visibleTexts(page);
    const koreanStrings = new Set(korean.filter((entry) => HANGUL.test(entry.text)).map((entry) => entry.text));
    assert.ok(koreanStrings.size > 100, `only ${koreanStrings.size} Korean strings on the Korean page`);

    await switchLanguage(page);
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForTimeout(300);  // widgets relabel on the language event; charts redraw next frame
    const english = await visibleTexts(page);
    const leftovers = english.filter((entry) => HANGUL.test(entry.text) && entry.lang !== 'ko');
    assert.deepEqual(leftovers.map((entry) => entry.text).slice(0, 20), [], 'Korean text left on the English page');
    const unchanged = english.filter((entry) => koreanStrings.has(entry.text) && entry.lang !== 'ko');
    assert.deepEqual(unchanged, []);
    assert.match(page.url(), /[?&]lang=en\b/);

    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await mountAllWidgets(page);
    const reloaded = await visibleTexts(page);
    assert.deepEqual(reloaded.filter((entry) => HANGUL.test(entry.text) && entry.lang !== 'ko').map((entry) => entry.text), []);

    // A fresh visit without ?lang remembers the choice (localStorage).
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    await mountAllWidgets(page);
    await switchLanguage(page);
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    await page.waitForTimeout(300);
    const englishProse = new Set(english.filter((entry) => ENGLISH_PROSE.test(entry.text) && entry.lang !== 'ko')
      .map((entry) => entry.text));
    const koreanAgain = await visibleTexts(page);
    const initialTexts = new Set(korean.map((entry) => entry.text));
    const englishLeft = koreanAgain.filter((entry) => englishProse.has(entry.text) && !initialTexts.has(entry.text));
    assert.deepEqual(englishLeft.map((entry) => entry.text), [], 'English prose left after switching back to Korean');
    console.log(`# language: ${koreanStrings.size} Korean strings, ${englishProse.size} English prose strings checked`);
    watch.assertClean('language switch');
  } finally {
    await context.close();
  }
});

// The language is chosen before the first paint (js/language-early.js in <head>), not when the
// page's modules run: with main.js held back, an English reader already reads English, and the
// visible text is what the modules will leave it (no switch, no move, once they run).
for (const [how, path, stored] of [
  ['?lang=en', '/index.html?lang=en', null],
  ['#lang=en (an embed link)', '/index.html#lang=en', null],
  ['a stored choice', '/index.html', 'en'],
  ['no choice (Korean)', '/index.html', null],
]) {
  test(`before any module runs, ${how} shows that language`, async () => {
    const { context, page } = await session.openPage();
    try {
      await page.route('**/js/main.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '// held back by the test' }));
      if (stored) await context.addInitScript((lang) => window.localStorage.setItem('vg.lang', lang), stored);
      await page.goto(session.server.url(path), { waitUntil: 'load' });
      const want = how.startsWith('no choice') ? 'ko' : 'en';
      assert.equal(await page.evaluate(() => document.documentElement.lang), want);
      const other = want === 'ko' ? 'en' : 'ko';
      assert.equal(await page.locator(`h1 [data-lang="${want}"]`).isVisible(), true);
      assert.equal(await page.locator(`h1 [data-lang="${other}"]`).isVisible(), false);
      assert.equal((await page.locator('.lang-switch').innerText()).trim(), want === 'ko' ? 'English' : '한국어');
      const otherShown = await page.locator(`[data-lang="${other}"]`).evaluateAll(
        (blocks) => blocks.filter((block) => block.checkVisibility()).length);
      assert.equal(otherShown, 0, `prose blocks in ${other} shown with main.js held back`);
      if (want === 'en') {
        const texts = (await visibleTexts(page)).filter((entry) => !entry.attribute);
        const korean = texts.filter((entry) => HANGUL.test(entry.text) && entry.lang !== 'ko');
        assert.deepEqual(korean.map((entry) => entry.text).slice(0, 10), [], 'Korean text with main.js held back');
      }
    } finally {
      await context.close();
    }
  });
}
