// embed.html takes each widget's own parameters from the hash (web/js/widgets/params.js, the README's
// embed table): every parameter of every widget, set to a non-default value, shows up in that
// widget's controls; a value out of range is named in a notice; #lang=en works like ?lang=en; and in
// an <iframe sandbox="allow-scripts"> (no allow-same-origin) the frame says which flag it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer } from './harness.mjs';
import { waitForWidgetRendered } from './article.mjs';

const session = useBrowserAndServer();

// One non-default value per parameter. Choice parameters show as a <select>'s value, numbers as a
// range input's value; ab's preset as its loaded experiment's title, summary's autoplay as its button.
const CASES = [
  { widget: 'descent', hash: 'lr_exponent=-2&steps=200', ranges: ['-2', '200'] },
  { widget: 'neuron-graph', hash: 'activation=tanh&x=-1&w=2&b=0.5&y=0', selects: ['tanh'], ranges: ['-1', '2', '0.5', '0'] },
  { widget: 'chain', hash: 'activation=relu&depth=5&weight=1.5&bias=-1&input=1', selects: ['relu'], ranges: ['5', '1.5', '-1', '1'] },
  { widget: 'activation', hash: 'activation=leaky_relu&leaky_alpha=0.2&z=-3', selects: ['leaky_relu'], ranges: ['-3'] },
  { widget: 'linear-net', hash: 'a=0.5&depth=852', ranges: ['0.5', '852'] },
  { widget: 'summary', hash: 'depth=10&autoplay=0', selects: ['10'], text: { ko: '학습 시작', en: 'Start training' } },
  { widget: 'phase-diagram', hash: 'activation=relu&init=he_normal&gain=0.5&depth=40', selects: ['relu', 'he_normal'], ranges: ['0.5', '40'] },
  { widget: 'jacobian', hash: 'depth=7', ranges: ['7'] },
  { widget: 'ab', hash: 'preset=he2016', text: { ko: '56층', en: 'depth 56' } },
  { widget: 'sweep', hash: 'kind=gain&activation=tanh&init=xavier_normal&steps=100', selects: ['gain', 'tanh', 'xavier_normal', '100'] },
];

async function controlValues(page) {
  return page.locator('#embed-root').evaluate((root) => ({
    selects: [...root.querySelectorAll('select')].map((select) => select.value),
    ranges: [...root.querySelectorAll('input[type="range"]')].map((input) => String(Number(input.value))),
    text: root.innerText,
  }));
}

// The widgets alternate between #lang=ko and #lang=en, so both languages are covered in one pass.
test('every widget takes its own parameters from the hash, in either language', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 900, height: 900 } });
  try {
    for (const [index, entry] of CASES.entries()) {
      const lang = index % 2 === 0 ? 'ko' : 'en';
      await page.goto('about:blank');
      await page.goto(session.server.url(`/embed.html#widget=${entry.widget}&${entry.hash}&lang=${lang}`), { waitUntil: 'load' });
      await waitForWidgetRendered(page.locator('#embed-root'), { name: entry.widget, timeout: 30000 });
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${entry.widget}: page language`);
      const wanted = entry.text?.[lang];
      if (wanted) await page.locator('#embed-root').getByText(wanted).first().waitFor({ timeout: 30000 });
      const shown = await controlValues(page);
      for (const value of entry.selects ?? []) assert.ok(shown.selects.includes(value), `${entry.widget}: no select shows ${value} (${shown.selects})`);
      for (const value of entry.ranges ?? []) assert.ok(shown.ranges.includes(value), `${entry.widget}: no slider at ${value} (${shown.ranges})`);
      assert.equal(await page.locator('.embed-notice').count(), 0, `${entry.widget}: a valid hash got a notice`);
      // Subscripts are set as subscripts (σ_w² shows as σ with a lowered w), never as raw underscores.
      assert.doesNotMatch(shown.text, /[σ∂a-zA-Z]_[a-zA-Z0-9](?![a-zA-Z0-9_])/, `${entry.widget}: a raw underscore in the text`);
    }
    watch.assertClean('embeds with parameters');
  } finally {
    await context.close();
  }
});

test('a parameter out of range is named, and the widget keeps its default', async () => {
  const { context, page, watch } = await session.openPage({ viewport: { width: 900, height: 900 } });
  try {
    await page.goto(session.server.url('/embed.html#widget=linear-net&a=7&depth=852&lang=en'), { waitUntil: 'load' });
    await waitForWidgetRendered(page.locator('#embed-root'), { name: 'linear-net' });
    const notice = await page.locator('.embed-notice').innerText();
    assert.match(notice, /a = "7"/);
    assert.match(notice, /0\.5 … 1\.5/);
    const shown = await controlValues(page);
    assert.ok(shown.ranges.includes('1.5') && shown.ranges.includes('852'), String(shown.ranges));
    watch.assertClean('refused parameter');
  } finally {
    await context.close();
  }
});

test('#lang=en shows the article in English like ?lang=en', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html#lang=en'), { waitUntil: 'load' });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('h1 [data-lang="en"]').isVisible(), true);
    assert.equal(await page.locator('h1 [data-lang="ko"]').isVisible(), false);
    watch.assertClean('#lang=en');
  } finally {
    await context.close();
  }
});

for (const lang of ['ko', 'en']) {
  test(`in <iframe sandbox="allow-scripts"> the embed names the flag it needs (${lang})`, async () => {
    const { context, page } = await session.openPage();
    try {
      const source = session.server.url(`/embed.html#widget=chain&lang=${lang}`);
      await page.setContent(`<iframe sandbox="allow-scripts" src="${source}" width="600" height="400"></iframe>`);
      const frame = page.frameLocator('iframe');
      const message = frame.locator('.embed-sandboxed');
      await message.waitFor({ timeout: 15000 });
      assert.match(await message.innerText(), /allow-same-origin/);
      assert.match(await message.innerText(), lang === 'en' ? /cannot run in this frame/ : /실행될 수 없습니다/);
      // With the flag the same embed works.
      await page.setContent(`<iframe sandbox="allow-scripts allow-same-origin" src="${source}" width="600" height="600"></iframe>`);
      const root = page.frameLocator('iframe').locator('#embed-root .widget-mounted');
      await root.locator('canvas').first().waitFor({ timeout: 30000 });
      assert.equal(await page.frameLocator('iframe').locator('.embed-sandboxed').count(), 0);
    } finally {
      await context.close();
    }
  });
}
