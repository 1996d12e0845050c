// The article loads cleanly (no console error or warning, nothing fetched from another origin), every
// section's widget draws data and what it computes responds to its controls, it works under a strict CSP header, and the
// non-SIMD build forced by ?nosimd=1 is the one that runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer, STRICT_CSP } from './harness.mjs';
import {
  mountAllWidgets, waitForWidgetRendered, widgetFingerprint, waitForPlayground, engineInfo, controlRow,
} from './article.mjs';

const session = useBrowserAndServer({ strictCspServer: true });

// Operates the widget the way a reader would and waits for what it computed to change (the data its
// charts plot, the pixels of its other canvases: harness.mjs __e2eFingerprint, never the control's
// own echo): first its first slider (keyboard), then its first select (a new choice), then its first
// button (a widget such as the sweep only acts on its Start button). The first control that changes
// `target` passes; `target` is the widget itself unless it drives another one (the presets list
// loads a pair of runs into the A/B widget).
async function operateAndExpectChange(page, widget, name, target = widget) {
  const attempts = [
    ['slider', widget.locator('input[type="range"]:visible').first(), async (slider) => {
      await slider.focus();
      const atMax = await slider.evaluate((input) => Number(input.value) >= Number(input.max));
      for (let press = 0; press < 5; press += 1) await page.keyboard.press(atMax ? 'ArrowLeft' : 'ArrowRight');
    }],
    ['select', widget.locator('select:visible').first(), async (select) => {
      const values = await select.locator('option:not([disabled])').evaluateAll((options) => options.map((option) => option.value));
      const current = await select.inputValue();
      await select.selectOption(values.find((value) => value !== current));
    }],
    ['button', widget.locator('button:visible:not([disabled])').first(), (button) => button.click()],
  ];
  const tried = [];
  // A button may be a play/pause toggle (the live strip's): a Pause that lands between two of its
  // ticks leaves nothing changed, so a button gets a second press (Continue), which must move it.
  const pressesOf = (kind) => (kind === 'button' ? 2 : 1);
  for (const [kind, control, operate] of attempts) {
    if ((await control.count()) === 0) continue;
    for (let press = 0; press < pressesOf(kind); press += 1) {
      const before = await widgetFingerprint(target);
      await operate(control);
      tried.push(kind);
      const changed = await page.waitForFunction(
        ({ element, previous }) => window.__e2eFingerprint(element) !== previous,
        { element: await target.elementHandle(), previous: before },
        { timeout: 8000, polling: 100 },
      ).then(() => true, () => false);
      if (changed) return kind;
    }
  }
  assert.fail(`widget "${name}" did not change after operating its ${tried.join(', ') || 'controls (none found)'}`);
}

// Every chart of the widget on show plots at least one finite value: data drawn, not axes alone.
// Waits for it: a control may restart the widget's computation (a slider clears a run's series).
async function assertDataDrawn(page, widget, name) {
  const everyChartHasData = (root) => [...root.querySelectorAll('canvas')]
    .filter((canvas) => canvas.checkVisibility())
    .map((canvas) => window.__e2eChartData(canvas))
    .filter(Boolean)
    .every((datasets) => datasets.flat().some((point) => Number.isFinite(typeof point === 'number' ? point : point?.y ?? point?.v)));
  const drawn = await page.waitForFunction(everyChartHasData, await widget.elementHandle(), { timeout: 20000, polling: 200 })
    .then(() => true, () => false);
  assert.ok(drawn, `widget "${name}": a chart plots no finite value 20 s after its controls were operated`);
}

test('article loads with no console errors/warnings and no request outside its origin', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    await mountAllWidgets(page);
    await waitForPlayground(page, { minStep: 1 });
    await watch.collectCspViolations();
    watch.assertClean('article');
    const wasm = session.server.served.filter((entry) => entry.path.endsWith('.wasm'));
    assert.ok(wasm.length >= 1, 'no .wasm was fetched');
  } finally {
    await context.close();
  }
});

test('every section widget draws data and what it computes responds to its controls', async () => {
  const { context, page, watch } = await session.openPage();
  try {
    await page.goto(session.server.url('/index.html'), { waitUntil: 'load' });
    const names = await mountAllWidgets(page);
    for (const required of ['descent', 'chain', 'activation', 'playground', 'linear-net', 'summary',
      'phase-diagram', 'jacobian', 'ab', 'sweep', 'presets']) {
      assert.ok(names.includes(required), `no "${required}" widget on the page (found ${names.join(', ')})`);
    }
    const widgets = page.locator('[data-widget]');
    for (let index = 0; index < names.length; index += 1) {
      const widget = widgets.nth(index);
      await widget.scrollIntoViewIfNeeded();
      await waitForWidgetRendered(widget);
      if (names[index] === 'playground') {
        // The playground's first control row: a new activation restarts the run with it.
        const select = controlRow(page, 'activation').locator('select');
        await select.selectOption('tanh');
        await waitForPlayground(page, {});
        await page.waitForFunction(() => window.__vgTest.playground.latest()?.state.activation === 'tanh');
      } else if (names[index] === 'presets') {
        await operateAndExpectChange(page, widget, names[index], page.locator('[data-widget="ab"]'));
      } else {
        await operateAndExpectChange(page, widget, names[index]);
      }
      await assertDataDrawn(page, widget, names[index]);
    }
    watch.assertClean('widgets');
  } finally {
    await context.close();
  }
});

test(`strict CSP header (${STRICT_CSP}): page works, no violation`, async () => {
  const { context, page, watch } = await session.openPage({ origin: session.cspServer.origin });
  try {
    const response = await page.goto(session.cspServer.url('/index.html'), { waitUntil: 'load' });
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
    await mountAllWidgets(page);
    for (const widget of await page.locator('[data-widget]').all()) {
      await widget.scrollIntoViewIfNeeded();
      await waitForWidgetRendered(widget);
    }
    const latest = await waitForPlayground(page, { minStep: 1 });
    assert.ok(Number.isFinite(latest.loss));
    const violations = await watch.collectCspViolations();
    assert.deepEqual(violations, []);
    watch.assertClean('article under CSP');
  } finally {
    await context.close();
  }
});

test('?nosimd=1 runs the non-SIMD build; the default runs the SIMD build', async () => {
  for (const [query, variant, wasmFile] of [['?nosimd=1', 'nosimd', 'vg_engine_nosimd.wasm'], ['', 'simd', 'vg_engine.wasm']]) {
    const { context, page, watch } = await session.openPage();
    try {
      const servedBefore = session.server.served.length;
      await page.goto(session.server.url(`/embed.html${query}#widget=playground&depth=5`), { waitUntil: 'load' });
      const latest = await waitForPlayground(page, { minStep: 1 });
      assert.ok(Number.isFinite(latest.loss), `${variant}: loss ${latest.loss}`);
      const info = await engineInfo(page);
      assert.equal(info.variant, variant);
      const wasm = session.server.served.slice(servedBefore).filter((entry) => entry.path.endsWith('.wasm')).map((entry) => entry.path);
      assert.deepEqual(wasm, [`/generated/${wasmFile}`]);
      watch.assertClean(`embed${query}`);
    } finally {
      await context.close();
    }
  }
});

// A browser without WebAssembly (or Workers): one message in the page's language, at the top and in
// each widget, and no console error; the prose stays readable.
for (const [missing, lang, pattern] of [['WebAssembly', 'en', /does not support WebAssembly/], ['Worker', 'ko', /Web Worker를 쓸 수 없어/]]) {
  test(`without ${missing} (${lang}): the page says what is missing, in its language, without a console error`, async () => {
    const { context, page, watch } = await session.openPage();
    try {
      await context.addInitScript((name) => { delete window[name]; }, missing);
      await page.goto(session.server.url(`/index.html?lang=${lang}`), { waitUntil: 'load' });
      const banner = page.locator('#engine-banner');
      await banner.waitFor({ state: 'visible' });
      assert.match(await banner.innerText(), pattern);
      await page.waitForFunction(() => document.querySelector('[data-widget][data-state="error"]'));
      assert.match(await page.locator('[data-widget][data-state="error"]').first().innerText(), pattern);
      // textContent, not innerText: sections off screen skip layout (content-visibility), and
      // innerText leaves skipped text out although it is there to scroll to.
      assert.ok(await page.locator('main').isVisible(), 'the article is shown');
      assert.ok((await page.locator('main').evaluate((main) => main.textContent.length)) > 5000, 'the prose is still there');
      watch.assertClean(`no ${missing}`);
    } finally {
      await context.close();
    }
  });
}
