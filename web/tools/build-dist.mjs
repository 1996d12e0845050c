#!/usr/bin/env node
// Builds the two shippable forms of the page from web/ (after `build-wasm.sh build` made
// web/generated/ and web/vendor/):
//   dist/                           a static site for any static host (web/ minus build tools, our
//                                   ES modules bundled with code splitting (bundle-modules.mjs), our
//                                   minified styles inlined into each page);
//   dist/vanishing-gradients.html   ONE self-contained file that works from file:// with no server:
//                                   styles and scripts inlined, fonts and images as data: URLs,
//                                   ES modules bundled by esbuild; the engine worker starts from a
//                                   Blob URL and loads both Emscripten builds and their WASM from
//                                   data: URLs.
// In both, the formulas are typeset at build time into MathML (prerender-math.mjs): the shipped
// pages load no KaTeX. The sources in web/ keep typesetting at run time, for editing.
// Usage: node web/tools/build-dist.mjs [--out DIR]
import { cp, mkdir, readFile, rm, writeFile, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { prerenderMath, withoutRuntimeKatex } from './prerender-math.mjs';
import { attribute, bundleModules, BROWSER_TARGETS } from './bundle-modules.mjs';

const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(WEB_ROOT, '..');
const SINGLE_FILE_NAME = 'vanishing-gradients.html';

// Files of web/ that only serve development: the build tools. (The widgets' stand-alone pages,
// playground.html and theory.html, ship: they are small and useful on their own.) The build checks
// that no shipped page refers to a file left out.
const DEV_ONLY = [/^tools(\/|$)/, /^examples(\/|$)/, /(^|\/)README\.md$/];

// Data files the page fetches, inlined into the single file as <script type="application/json">
// blocks that the reading module looks for first (web/js/theory/preset-data.js).
const INLINE_DATA = [{ id: 'vg-presets-data', path: 'presets/presets.json' }];

// The engine client, its worker and the two Emscripten builds (web/js/engine/, src/wasm/README.md).
const ENGINE_CLIENT = 'js/engine/engine-client.js';
const ENGINE_WORKER = 'js/engine/engine-worker.js';
// What the worker paints the live strip's canvases with (it imports it: engine-client.js, painter).
const CELL_STRIP = 'js/charts/cell-strip.js';
// The page's early engine start (a plain script): left out of the single file, whose one bundle
// starts the engine itself from the inlined files (boot.js would look for them next to the page).
const ENGINE_START = 'js/engine/boot.js';
const CHART_JS = 'vendor/chart.umd.js';
const ENGINE_BUILDS = { simd: 'generated/vg_engine', nosimd: 'generated/vg_engine_nosimd' };

const FONT_MIME = { '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' };
const IMAGE_MIME = { '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.jpg': 'image/jpeg' };

function parseArgs(argv) {
  const options = { out: join(REPO_ROOT, 'dist') };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') options.out = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: build-dist.mjs [--out DIR])`);
  }
  return options;
}

function requireBuiltInputs() {
  const needed = [
    'index.html',
    CHART_JS,
    'vendor/katex/katex.min.css',
    ENGINE_START,
    ENGINE_CLIENT,
    ENGINE_WORKER,
    ...Object.values(ENGINE_BUILDS).flatMap((base) => [`${base}.js`, `${base}.wasm`]),
  ];
  const missing = needed.filter((path) => !existsSync(join(WEB_ROOT, path)));
  if (missing.length) {
    throw new Error(`missing in web/: ${missing.join(', ')} — run ./build-wasm.sh build first`);
  }
}

const posixPath = (path) => path.split(sep).join('/');

function isDevOnly(relativePath) {
  const path = posixPath(relativePath);
  return DEV_ONLY.some((pattern) => pattern.test(path));
}

async function copySite(outDir) {
  await rm(outDir, { recursive: true, force: true });
  await cp(WEB_ROOT, outDir, {
    recursive: true,
    filter: (source) => {
      const path = relative(WEB_ROOT, source);
      return path === '' || !isDevOnly(path);
    },
  });
}

// A page's formulas as MathML, and KaTeX's runtime files dropped from it once it has formulas.
function typesetPage(html) {
  const { html: typeset, count } = prerenderMath(html);
  return { html: count > 0 ? withoutRuntimeKatex(typeset) : typeset, count };
}

// Typesets every shipped page; KaTeX's vendored files go too when no page still loads them.
async function typesetPages(outDir) {
  let formulas = 0;
  let katexStillUsed = false;
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(outDir, entry.name);
    const { html, count } = typesetPage(await readFile(path, 'utf8'));
    formulas += count;
    katexStillUsed ||= html.includes('vendor/katex/');
    if (count > 0) await writeFile(path, html);
  }
  if (!katexStillUsed) await rm(join(outDir, 'vendor', 'katex'), { recursive: true, force: true });
  return formulas;
}

// Our own styles and the scripts left out of the bundles (loaded by URL), minified one file at a
// time. The bundles, vendored and generated files are minified already.
const MINIFIED_DIRS = [{ dir: 'js', loader: 'js' }, { dir: 'css', loader: 'css' }];

async function minifyOwnFiles(outDir, alreadyMinified) {
  let before = 0;
  let after = 0;
  for (const { dir, loader } of MINIFIED_DIRS) {
    for (const entry of await readdir(join(outDir, dir), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || extname(entry.name) !== `.${loader}`) continue;
      const path = join(entry.parentPath ?? entry.path, entry.name);
      if (alreadyMinified.has(posixPath(relative(outDir, path)))) continue;
      const source = await readFile(path, 'utf8');
      const { code } = await transform(source, { loader, minify: true, target: 'es2022', charset: 'utf8' });
      before += Buffer.byteLength(source);
      after += Buffer.byteLength(code);
      await writeFile(path, code);
    }
  }
  return { before, after };
}

// Our (minified) stylesheets inlined into every page that links them: a phone on a slow network
// paints after the HTML alone instead of waiting one more round trip for five small CSS files
// (11 kB gzip together). They use no url(), so nothing resolves differently once inline.
async function inlineOwnStylesheets(outDir) {
  let pages = 0;
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html') || entry.name === SINGLE_FILE_NAME) continue;
    const path = join(outDir, entry.name);
    let html = await readFile(path, 'utf8');
    const links = [...html.matchAll(/<link\b[^>]*>/gi)].map(([tag]) => tag)
      .filter((tag) => (attribute(tag, 'rel') ?? '').toLowerCase() === 'stylesheet' && /^css\//.test(attribute(tag, 'href') ?? ''));
    if (links.length === 0) continue;
    const css = await Promise.all(links.map((tag) => readFile(join(outDir, attribute(tag, 'href')), 'utf8')));
    // One <style> where the first link was, in the links' order (the cascade stays the same).
    html = html.replace(links[0], `<style>${styleSafe(css.join('\n'))}</style>`);
    for (const tag of links.slice(1)) html = html.replace(new RegExp(`[ \\t]*${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n?`), '');
    await writeFile(path, html);
    pages += 1;
  }
  // Every page has its styles inline now; the files would only be dead weight.
  for (const entry of await readdir(outDir)) {
    if (entry.endsWith('.html') && (await readFile(join(outDir, entry), 'utf8')).match(/href=["']?css\//)) return pages;
  }
  await rm(join(outDir, 'css'), { recursive: true, force: true });
  return pages;
}

function dataUrl(mime, bytes) {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

// KaTeX's stylesheet lists woff2, woff and ttf for each face; every browser that runs WASM reads
// woff2, so only that one is inlined (a third of the bytes).
async function inlineCss(cssPath) {
  const css = await readFile(cssPath, 'utf8');
  const base = dirname(cssPath);
  const withoutFallbacks = css.replace(/src:\s*([^;}]*)/g, (whole, sources) => {
    const woff2 = sources.split(/,(?=\s*url\()/).filter((source) => source.includes('.woff2'));
    return woff2.length ? `src:${woff2.join(',')}` : whole;
  });
  const urls = [...withoutFallbacks.matchAll(/url\((['"]?)([^'")]+)\1\)/g)];
  let result = withoutFallbacks;
  for (const [whole, , target] of urls) {
    if (target.startsWith('data:')) continue;
    const file = resolve(base, target.split(/[?#]/)[0]);
    const mime = FONT_MIME[extname(file)] ?? IMAGE_MIME[extname(file)];
    if (!mime) throw new Error(`cannot inline ${target} from ${cssPath}`);
    result = result.split(whole).join(`url(${dataUrl(mime, await readFile(file))})`);
  }
  return result;
}

// Text placed inside <script>…</script> must not close the element early.
function scriptSafe(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function styleSafe(css) {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

async function bundle(options) {
  const result = await build({
    bundle: true,
    write: false,
    minify: true,
    legalComments: 'none',
    target: BROWSER_TARGETS,
    logLevel: 'warning',
    ...options,
  });
  return result.outputFiles[0].text;
}

// The hook that makes the page's engine client start its worker from a Blob URL and load each
// Emscripten build and its WASM from data: URLs (engine-client.js setEngineUrls). A page opened from
// file:// has an opaque origin: a worker started from one of its Blob URLs cannot fetch or import
// the page's other Blob URLs, but data: URLs load anywhere.
async function engineHook() {
  const text = (path) => readFile(join(WEB_ROOT, path), 'utf8');
  const modules = {};
  for (const [variant, base] of Object.entries(ENGINE_BUILDS)) {
    modules[variant] = {
      js: dataUrl('text/javascript', await readFile(join(WEB_ROOT, `${base}.js`))),
      wasm: dataUrl('application/wasm', await readFile(join(WEB_ROOT, `${base}.wasm`))),
    };
  }
  const painter = dataUrl('text/javascript', await readFile(join(WEB_ROOT, CELL_STRIP)));
  return `import { setEngineUrls } from ${JSON.stringify(join(WEB_ROOT, ENGINE_CLIENT))};
const worker = URL.createObjectURL(new Blob([${JSON.stringify(await text(ENGINE_WORKER))}], { type: 'text/javascript' }));
setEngineUrls({ worker, modules: ${JSON.stringify(modules)}, painter: ${JSON.stringify(painter)} });
`;
}

function virtualModule(specifier, contents) {
  return {
    name: 'virtual-module',
    setup(builder) {
      builder.onResolve({ filter: /^\.\/vg-single-file-hooks\.js$/ }, () => ({ path: specifier, namespace: 'virtual' }));
      builder.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents, resolveDir: WEB_ROOT, loader: 'js' }));
    },
  };
}

// The page's module entry bundled (the widget registry's dynamic imports included), preceded by the
// engine hook.
async function bundlePage(entryPath, hook) {
  return bundle({
    format: 'esm',
    stdin: {
      contents: `import './vg-single-file-hooks.js';\nimport ${JSON.stringify(entryPath)};\n`,
      resolveDir: WEB_ROOT,
      sourcefile: 'vg-single-file-page.js',
    },
    plugins: [virtualModule('./vg-single-file-hooks.js', hook)],
  });
}

function localFile(htmlDir, reference) {
  if (!reference || /^[a-z]+:/i.test(reference) || reference.startsWith('//')) return null;
  return resolve(htmlDir, reference.split(/[?#]/)[0]);
}

// Rewrites index.html into one file. Every local stylesheet, script and image is inlined; a local
// reference that cannot be inlined stops the build (it would break from file://).
async function buildSingleFile(htmlPath) {
  const htmlDir = dirname(htmlPath);
  let { html } = typesetPage(await readFile(htmlPath, 'utf8'));
  const hook = await engineHook();

  const replacements = [];
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase();
    const file = localFile(htmlDir, attribute(tag, 'href'));
    if (!file) continue;
    if (rel === 'stylesheet') {
      replacements.push([tag, `<style>${styleSafe(await inlineCss(file))}</style>`]);
    } else if (rel.includes('icon') && IMAGE_MIME[extname(file)]) {
      replacements.push([tag, tag.replace(attribute(tag, 'href'), dataUrl(IMAGE_MIME[extname(file)], await readFile(file)))]);
    } else if (rel === 'modulepreload' || rel === 'preload' || rel === 'prefetch') {
      replacements.push([tag, '']);  // everything is inline; nothing to preload
    } else {
      throw new Error(`single file: cannot inline <link rel="${rel}"> to ${file}`);
    }
  }
  for (const match of html.matchAll(/<script\b[^>]*>\s*<\/script>/gi)) {
    const tag = match[0];
    const file = localFile(htmlDir, attribute(tag, 'src'));
    if (!file) continue;
    if (file === join(WEB_ROOT, ENGINE_START)) {
      replacements.push([tag, '']);
      continue;
    }
    const isModule = (attribute(tag, 'type') ?? '').toLowerCase() === 'module';
    const code = isModule ? await bundlePage(file, hook) : await readFile(file, 'utf8');
    replacements.push([tag, `<script${isModule ? ' type="module"' : ''}>${scriptSafe(code)}</script>`]);
  }
  for (const match of html.matchAll(/<img\b[^>]*>/gi)) {
    const tag = match[0];
    const source = attribute(tag, 'src');
    const file = localFile(htmlDir, source);
    if (!file) continue;
    const mime = IMAGE_MIME[extname(file)];
    if (!mime) throw new Error(`single file: cannot inline image ${file}`);
    replacements.push([tag, tag.replace(source, dataUrl(mime, await readFile(file)))]);
  }
  for (const [from, to] of replacements) html = html.split(from).join(to);
  // main.js loads Chart.js by URL when the first widget comes near; here it has no URL to load
  // from, so it comes inline (main.js then finds window.Chart set).
  const chartJs = `<script>${scriptSafe(await readFile(join(WEB_ROOT, CHART_JS), 'utf8'))}</script>`;
  const dataBlocks = [chartJs];
  for (const { id, path } of INLINE_DATA) {
    const json = JSON.stringify(JSON.parse(await readFile(join(WEB_ROOT, path), 'utf8')));
    dataBlocks.push(`<script type="application/json" id="${id}">${scriptSafe(json)}</script>`);
  }
  if (!html.includes('</body>')) throw new Error('single file: index.html has no </body>');
  html = html.replace('</body>', `${dataBlocks.join('\n')}\n</body>`);
  const leftover = html.match(/\s(?:src|href)\s*=\s*["']?(?!data:|#|https?:|mailto:|blob:)[^"'\s>]+\.(?:js|css|wasm|png|svg|woff2?|ttf|json)\b/i);
  if (leftover) throw new Error(`single file still references a local file: ${leftover[0].trim()}`);
  return html;
}

// Every local src/href of every shipped page must exist in the output (a dev-only file left out by
// mistake, or a typo, fails the build instead of a reader's page).
async function checkLocalReferences(outDir) {
  const missing = [];
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html') || entry.name === SINGLE_FILE_NAME) continue;
    const html = await readFile(join(outDir, entry.name), 'utf8');
    for (const match of html.matchAll(/\s(?:src|href)\s*=\s*["']([^"'#?]+)/gi)) {
      const file = localFile(outDir, match[1]);
      if (file && !existsSync(file)) missing.push(`${entry.name} -> ${match[1]}`);
    }
  }
  if (missing.length) throw new Error(`dist pages refer to missing files: ${missing.join(', ')}`);
}

async function sizeOf(path) {
  return (await stat(path)).size;
}

async function totalSize(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += await sizeOf(join(entry.parentPath ?? entry.path, entry.name));
  }
  return total;
}

async function main() {
  const { out } = parseArgs(process.argv.slice(2));
  requireBuiltInputs();
  console.log(`dist: copying web/ to ${relative(REPO_ROOT, out) || out} (without the build tools)`);
  await copySite(out);
  console.log(`dist: typeset ${await typesetPages(out)} formulas as MathML`);
  const bundled = await bundleModules(WEB_ROOT, out);
  console.log(`dist: bundled ${bundled.modules} modules into ${bundled.outputs.length} files`);
  await checkLocalReferences(out);
  const { before, after } = await minifyOwnFiles(out, new Set(bundled.outputs));
  console.log(`dist: minified our scripts and styles: ${(before / 1024).toFixed(0)} kB -> ${(after / 1024).toFixed(0)} kB`);
  console.log(`dist: inlined our stylesheets into ${await inlineOwnStylesheets(out)} pages`);
  console.log(`dist: bundling ${SINGLE_FILE_NAME}`);
  const singleFile = await buildSingleFile(join(WEB_ROOT, 'index.html'));
  await mkdir(out, { recursive: true });
  const singlePath = join(out, SINGLE_FILE_NAME);
  await writeFile(singlePath, singleFile);
  const mib = (bytes) => `${(bytes / 1048576).toFixed(2)} MiB`;
  console.log(`dist: site ${mib(await totalSize(out))} in ${relative(REPO_ROOT, out)}/, single file ${mib(await sizeOf(singlePath))}`);
}

main().catch((error) => {
  console.error(`build-dist: ${error.message}`);
  process.exit(1);
});
