// Every number the prose quotes (<span data-quote=…> in web/index.html) equals the figure it quotes:
// the core's figure, read from the page after web/js/quotes.js wrote it in, for the engine's kinds;
// the arithmetic itself for pow/sqrt. The text compared is the HTML's own, so a sentence whose number
// drifted from the engine fails here, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useBrowserAndServer, WEB_ROOT } from './harness.mjs';
import { formatQuote, arithmeticQuote } from '../../web/js/ui/quote-format.js';

const session = useBrowserAndServer();

async function quotesInSource() {
  const html = await readFile(join(WEB_ROOT, 'index.html'), 'utf8');
  return [...html.matchAll(/<span class="quote" data-quote="([^"]+)" data-format="([^"]+)">([^<]*)<\/span>/g)]
    .map(([, quote, format, text]) => ({ quote, format, text }));
}

test('every quoted number in the prose matches the figure it quotes', async () => {
  const written = await quotesInSource();
  assert.ok(written.length >= 16, `only ${written.length} quotes found in index.html`);
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    const engineKinds = written.filter(({ quote }) => arithmeticQuote(quote.split(':')[0], []) === null);
    // A section's quotes are filled as the reader comes near it: read the article down to the end.
    const sections = page.locator('.section:has([data-quote])');
    for (let index = 0; index < await sections.count(); index += 1) {
      await sections.nth(index).scrollIntoViewIfNeeded();
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    }
    await page.waitForFunction((count) => document.querySelectorAll('[data-quote-state="live"]').length >= count,
      engineKinds.length, { timeout: 60000 });
    const onPage = await page.locator('[data-quote]').evaluateAll((elements) => elements.map((element) => ({
      quote: element.dataset.quote, text: element.textContent, value: element.dataset.value,
    })));
    assert.equal(onPage.length, written.length, 'the page and index.html list different quotes');
    const mismatches = [];
    written.forEach((source, index) => {
      const [kind, ...args] = source.quote.split(':');
      assert.equal(onPage[index].quote, source.quote);
      const arithmetic = arithmeticQuote(kind, args);
      const figure = arithmetic ?? Number(onPage[index].value);
      const expected = formatQuote(figure, source.format);
      if (source.text !== expected) mismatches.push(`${source.quote}: the prose says "${source.text}", the figure is ${figure} → "${expected}"`);
    });
    assert.deepEqual(mismatches, []);
    watch.assertClean('article');
  } finally {
    await context.close();
  }
});

// One Korean word for "exploding" (폭발), in the prose and in every widget's strings.
test('the Korean text uses one word for exploding', async () => {
  const { readdir } = await import('node:fs/promises');
  const files = ['index.html', ...(await readdir(join(WEB_ROOT, 'js'), { recursive: true }))
    .filter((name) => name.endsWith('.js')).map((name) => join('js', name))];
  const offenders = [];
  for (const file of files) {
    if ((await readFile(join(WEB_ROOT, file), 'utf8')).includes('폭주')) offenders.push(file);
  }
  assert.deepEqual(offenders, [], 'these files say 폭주 where the article says 폭발');
});
