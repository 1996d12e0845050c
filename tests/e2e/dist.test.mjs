// The shippable builds (web/tools/build-dist.mjs): the static dist folder served by a plain static
// server works, and the single self-contained HTML file works from a file:// URL with no server,
// fetching nothing but itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stat, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, useBrowserAndServer, installPageProbes, watchPage } from './harness.mjs';
import { mountAllWidgets, waitForWidgetRendered, waitForPlayground } from './article.mjs';

// Built here rather than in dist/, so a test run never replaces a dist/ someone is about to ship.
const OUT_DIR = join(REPO_ROOT, 'build', 'e2e-dist');
const SINGLE_FILE = join(OUT_DIR, 'vanishing-gradients.html');

async function buildDist() {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'web', 'tools', 'build-dist.mjs'), '--out', OUT_DIR]);
  console.log(stdout.trim().split('\n').map((line) => `# ${line}`).join('\n'));
}

const session = useBrowserAndServer({ root: OUT_DIR, prepare: buildDist });

// Formulas in the article's source (\( … \) and \[ … \]), typeset by KaTeX at run time in web/.
const SOURCE_FORMULAS = [...readFileSync(join(REPO_ROOT, 'web', 'index.html'), 'utf8')
  .matchAll(/\\\[[\s\S]*?\\\]|\\\([\s\S]*?\\\)/g)].length;
// Records the engine report ({ variant, simdInUse }) every worker of the page sends back: the shipped
// pages bundle their engine client, so a test cannot import it by URL.
async function recordEngineReports(context) {
  await context.addInitScript(() => {
    window.__e2eEngineReports = [];
    const find = (value, depth) => {
      if (!value || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > 3) return;
      if (typeof value.variant === 'string' && typeof value.simdInUse === 'string') {
        window.__e2eEngineReports.push({ variant: value.variant, simdInUse: value.simdInUse });
      } else {
        for (const inner of Object.values(value)) find(inner, depth + 1);
      }
    };
    window.Worker = class extends window.Worker {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (event) => find(event.data, 0));
      }
    };
  });
}

async function checkArticle(page, watch, what) {
  await mountAllWidgets(page);
  for (const widget of await page.locator('[data-widget]').all()) {
    await widget.scrollIntoViewIfNeeded();
    await waitForWidgetRendered(widget);
  }
  const latest = await waitForPlayground(page, { minStep: 1 });
  assert.ok(Number.isFinite(latest.loss), `${what}: loss ${latest.loss}`);
  // Every formula of the source ships typeset as MathML (build time), none as TeX, and no KaTeX loads.
  // (A display formula broken into parts at \allowbreak is one formula in several <math>.)
  const maths = await page.evaluate(() => ({
    math: document.querySelectorAll('main math:not(.math-parts > math)').length + document.querySelectorAll('main .math-parts').length,
    katex: document.querySelectorAll('.katex, script[src*="katex"], link[href*="katex"]').length,
    tex: /\\\(|\\\[/.test(document.querySelector('main').textContent),
    typeset: typeof window.renderMathInElement,
  }));
  assert.equal(maths.math, SOURCE_FORMULAS, `${what}: ${maths.math} formulas as MathML, the source has ${SOURCE_FORMULAS}`);
  assert.deepEqual([maths.katex, maths.tex, maths.typeset], [0, false, 'undefined'], `${what}: KaTeX or TeX left: ${JSON.stringify(maths)}`);
  // A fraction is laid out as one (numerator above denominator), not as a run of text.
  const fraction = await page.evaluate(() => {
    const mfrac = [...document.querySelectorAll('main mfrac')].find((element) => element.checkVisibility());
    mfrac.scrollIntoView({ block: 'center' });
    const [top, bottom] = [...mfrac.children].map((child) => child.getBoundingClientRect());
    return { above: top.bottom <= bottom.top + 1, height: mfrac.getBoundingClientRect().height };
  });
  assert.ok(fraction.above && fraction.height > 0, `${what}: MathML not laid out: ${JSON.stringify(fraction)}`);
  watch.assertClean(what);
}

test('dist/ served by a static server works (article and embed), without the build tools', async () => {
  const { server } = session;
  const { context, page, watch } = await session.openPage();
  try {
    await assert.rejects(stat(join(OUT_DIR, 'tools')), 'dist/ must not ship web/tools/');
    await page.goto(server.url('/index.html'), { waitUntil: 'load' });
    await checkArticle(page, watch, 'dist/index.html');
    await page.goto(server.url('/embed.html#widget=activation'), { waitUntil: 'load' });
    await waitForWidgetRendered(page.locator('#embed-root'), { name: 'dist embed' });
    watch.assertClean('dist/embed.html');
    assert.ok(!server.served.some((entry) => entry.status !== 200), JSON.stringify(server.served.filter((entry) => entry.status !== 200)));
  } finally {
    await context.close();
  }
});

// MathML Core never breaks a formula across lines; the long display formulas are built in parts
// that wrap (web/tools/prerender-math.mjs, \allowbreak). On a 360 px phone every display formula then
// fits its column in both languages (eight scrolled sideways at 375 px before, their ends hidden),
// and on a desktop the parts of each stay on one line.
test('display formulas fit a 360 px phone, and keep to one line on a desktop', async () => {
  const { server } = session;
  for (const [width, path] of [[360, '/index.html'], [360, '/index.html?lang=en'], [1280, '/index.html?lang=en']]) {
    const { context, page, watch } = await session.openPage({ viewport: { width, height: 740 } });
    try {
      await page.goto(server.url(path), { waitUntil: 'load' });
      const layout = await page.evaluate(() => {
        // sections off screen skip their layout (content-visibility: auto): lay them all out
        for (const section of document.querySelectorAll('main section')) section.style.contentVisibility = 'visible';
        const shown = (selector) => [...document.querySelectorAll(selector)].filter((element) => element.checkVisibility());
        const tooWide = shown('main .math-display').filter((box) => box.scrollWidth > box.clientWidth + 1)
          .map((box) => `${box.scrollWidth} > ${box.clientWidth}: ${box.textContent.slice(0, 40)}`);
        const rows = shown('main .math-parts').map((parts) => {
          const boxes = [...parts.children].map((math) => math.getBoundingClientRect());
          // a part starts a new row when it lies wholly below the part before it
          return 1 + boxes.slice(1).filter((box, i) => box.top >= boxes[i].bottom - 0.5).length;
        });
        return { tooWide, rows };
      });
      const what = `${path} at ${width} px`;
      assert.ok(layout.rows.length >= 8, `${what}: ${layout.rows.length} formulas in parts`);
      if (width < 400) {
        assert.deepEqual(layout.tooWide, [], `${what}: formulas wider than the column`);
        assert.ok(layout.rows.some((rows) => rows >= 3), `${what}: no formula wrapped to three lines: ${layout.rows}`);
      } else {
        assert.ok(layout.rows.every((rows) => rows === 1), `${what}: parts on ${layout.rows} rows`);
      }
      watch.assertClean(what);
    } finally {
      await context.close();
    }
  }
});

// dist/ bundles the modules (web/tools/bundle-modules.mjs) and translates index.html's preloads to
// the bundles: the live strip starts with no script the page did not name up front, and the
// playground's template names only bundles its mount fetches.
test('dist/index.html preloads the bundles the strip and the playground need', async () => {
  const { server } = session;
  const { context, page, watch } = await session.openPage();
  try {
    const html = await readFile(join(OUT_DIR, 'index.html'), 'utf8');
    const template = html.match(/<template id="playground-modules">([\s\S]*?)<\/template>/)[1];
    const preloadsIn = (text) => [...text.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((match) => `/${match[1]}`);
    const atLoad = preloadsIn(html.replace(template, ''));
    const later = preloadsIn(template);
    assert.ok(atLoad.length > 0 && later.length > 0, `preloads at load ${atLoad.length}, in the template ${later.length}`);
    assert.ok(atLoad.concat(later).every((path) => /^\/js\/[^/]+\.js$/.test(path)), JSON.stringify(atLoad.concat(later)));
    const scriptsServed = () => server.served.map((entry) => entry.path).filter((path) => path.endsWith('.js'));
    const byUrl = new Set(['/js/main.js', '/js/engine/boot.js', '/js/engine/engine-worker.js', '/js/charts/cell-strip.js',
      '/generated/vg_engine.js', '/generated/vg_engine_nosimd.js']);

    const first = server.served.length;
    await page.goto(server.url('/index.html'), { waitUntil: 'load' });
    await page.waitForFunction(() => Number(document.querySelector('[data-widget="gradient-strip"]')?.dataset.step) > 0, null, { timeout: 30000 });
    const stripScripts = scriptsServed().slice(first);
    assert.deepEqual(stripScripts.filter((path) => !byUrl.has(path) && !atLoad.includes(path)), [], 'fetched for the strip without a preload');

    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await waitForPlayground(page, { minStep: 1 });
    // (Widgets mounted before it share some bundles with it, its neighbours mount with it, and the
    // prediction imports its maths lazily: the page fetches more than the template names, never less.)
    const fetched = new Set(scriptsServed().slice(first));
    assert.deepEqual(later.filter((path) => !fetched.has(path)), [], 'preloaded for the playground, never fetched');
    watch.assertClean('dist/index.html preloads');
  } finally {
    await context.close();
  }
});

test('single self-contained HTML file works from file:// and loads nothing else', async () => {
  const size = (await stat(SINGLE_FILE)).size;
  console.log(`# single file: ${(size / 1048576).toFixed(2)} MiB (${size} bytes)`);
  const html = await readFile(SINGLE_FILE, 'utf8');
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/i, 'the single file still loads a script by URL');
  assert.doesNotMatch(html, /<link[^>]+rel=["']?stylesheet/i, 'the single file still links a stylesheet');

  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await installPageProbes(context);
  await recordEngineReports(context);
  const page = await context.newPage();
  const watch = watchPage(page, { allowedOrigins: [] });
  const fileUrl = pathToFileURL(SINGLE_FILE).href;
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  try {
    await page.goto(fileUrl, { waitUntil: 'load' });
    // The document itself is the one file:// request; remove it before the origin check.
    watch.problems.foreignRequests.splice(0, watch.problems.foreignRequests.length,
      ...watch.problems.foreignRequests.filter((url) => url !== fileUrl));
    await checkArticle(page, watch, 'single file');
    const info = await page.evaluate(() => window.__vgTest?.playground ? 'ok' : 'missing');
    assert.equal(info, 'ok');
    const outside = requested.filter((url) => url !== fileUrl && !url.startsWith('data:') && !url.startsWith('blob:'));
    assert.deepEqual(outside, [], 'the single file fetched other resources');
    // One report per engine worker (the playground's, and the multi-run widgets' own): all SIMD.
    const simdReports = await page.evaluate(() => window.__e2eEngineReports);
    assert.ok(simdReports.length >= 1, 'no engine worker reported');
    assert.deepEqual([...new Set(simdReports.map((report) => report.variant))], ['simd'], JSON.stringify(simdReports));
    for (const report of simdReports) assert.match(report.simdInUse, /\bSSE2\b/);

    // The non-SIMD build is inside too and runs when forced: the worker reports which one it started.
    await page.goto(`${fileUrl}?nosimd=1`, { waitUntil: 'load' });
    await page.locator('[data-widget="playground"]').scrollIntoViewIfNeeded();
    await waitForPlayground(page, { minStep: 1 });
    const reports = await page.evaluate(() => window.__e2eEngineReports);
    assert.ok(reports.length >= 1, 'no engine worker reported with ?nosimd=1');
    assert.deepEqual([...new Set(reports.map((report) => report.variant))], ['nosimd'], `?nosimd=1 ran ${JSON.stringify(reports)}`);
    for (const report of reports) assert.doesNotMatch(report.simdInUse, /SSE/);
    watch.problems.foreignRequests.splice(0, watch.problems.foreignRequests.length,
      ...watch.problems.foreignRequests.filter((url) => !url.startsWith(fileUrl)));
    watch.assertClean('single file ?nosimd=1');
  } finally {
    await context.close();
  }
});

test('dist engine reports its build variant through the client', async () => {
  const { server } = session;
  const { context, page, watch } = await session.openPage();
  await recordEngineReports(context);
  try {
    await page.goto(server.url('/embed.html?nosimd=1#widget=playground&depth=3'), { waitUntil: 'load' });
    await waitForPlayground(page, { minStep: 1 });
    const reports = await page.evaluate(() => window.__e2eEngineReports);
    assert.ok(reports.length >= 1, 'no engine worker reported');
    assert.deepEqual([...new Set(reports.map((report) => report.variant))], ['nosimd'], JSON.stringify(reports));
    watch.assertClean('dist nosimd');
  } finally {
    await context.close();
  }
});

// The recipe buttons name their configs by id (web/js/playground/recipes.js, bundled into the one
// file): in English, from file://, a button below the playground works before the playground mounts.
test('single file: an English recipe button runs its config before the playground has mounted', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await installPageProbes(context);
  const page = await context.newPage();
  const fileUrl = pathToFileURL(SINGLE_FILE).href;
  const watch = watchPage(page, { allowedOrigins: [] });
  try {
    await page.goto(`${fileUrl}?lang=en#fixes`, { waitUntil: 'load' });
    const button = page.locator('button[data-preset-id="sigmoid-naive-30-batch-norm"]:visible');
    assert.match(await button.textContent(), /^Playground: sigmoid \+ naive init \+ batch norm$/);
    assert.equal(await page.evaluate(() => window.__vgTest?.playground?.latest() ?? null), null, 'the playground mounted before the click');
    await button.click();
    const trained = await page.waitForFunction(() => {
      const trainedConfig = window.__vgTest?.playground?.latest()?.trained;
      return trainedConfig?.batch_norm === true && trainedConfig.depth === 30 && trainedConfig.init === 'naive' ? trainedConfig : null;
    }, null, { timeout: 30000, polling: 100 });
    assert.equal((await trained.jsonValue()).activation, 'sigmoid');
    watch.problems.foreignRequests.splice(0, watch.problems.foreignRequests.length,
      ...watch.problems.foreignRequests.filter((url) => !url.startsWith(fileUrl)));
    watch.assertClean('single file recipe button');
  } finally {
    await context.close();
  }
});
