// The shipped site's ES modules bundled by esbuild with code splitting (build-dist.mjs): each page's
// module entry becomes one file and every lazily imported widget one chunk (modules two of them share
// go to shared chunks, so each module still runs once), all in dist/js/. A phone then fetches and
// evaluates a few files instead of dozens of small ones (Lighthouse mobile: the page's main thread
// spent most of its first 0.7 s on module loading tasks).
// - Scripts no page module imports (the engine worker, boot.js, embed-sandbox.js) stay where they
//   were, minified one by one by build-dist.mjs; the strip's painter (cell-strip.js) is bundled and
//   kept too, since the worker loads it by URL.
// - import.meta.url of each source module is rewritten to the module's own old address, computed
//   from its chunk's (every chunk sits in js/, so './engine/engine-client.js' from there is where that
//   module used to be): its `new URL('../../generated/…', import.meta.url)` still finds its files.
// - Each page's <link rel="modulepreload"> to a source module becomes preloads of the chunk that now
//   holds it and of that chunk's static imports (inside <template id="playground-modules"> too, which
//   boot.js preloads later); chunks the page's own entry imports statically are preloaded with it.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

// Bundled, and loaded by URL too (the engine worker imports the strip's painter): kept as a file
// (path relative to js/).
const KEPT_BY_URL = ['charts/cell-strip.js'];

// The browsers the shipped scripts are compiled for (here and in build-dist.mjs's single file).
export const BROWSER_TARGETS = ['chrome100', 'firefox100', 'safari15'];

const posix = (path) => path.split(sep).join('/');

// Rewrites import.meta.url in every module under jsRoot to that module's address before bundling.
function ownAddressPlugin(jsRoot) {
  return {
    name: 'own-address',
    setup(builder) {
      builder.onLoad({ filter: /\.js$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromJs = posix(relative(jsRoot, path));
        if (fromJs.startsWith('..')) throw new Error(`bundle: ${path} reads import.meta.url outside js/`);
        const address = `new URL(${JSON.stringify(`./${fromJs}`)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', address), loader: 'js' };
      });
    },
  };
}

async function removeEmptyFolders(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await removeEmptyFolders(join(dir, entry.name));
  }
  if ((await readdir(dir)).length === 0) await rm(dir, { recursive: true });
}

// The value of attribute `name` in an HTML start tag (quoted or not), or null.
export function attribute(tag, name) {
  const match = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return match ? (match[2] ?? match[3] ?? match[4]) : null;
}

// The module entry of every page (its <script type="module" src>), by page file name.
async function pageEntries(outDir) {
  const entries = new Map();
  for (const name of await readdir(outDir)) {
    if (!name.endsWith('.html')) continue;
    const html = await readFile(join(outDir, name), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => tag)
      .filter((tag) => (attribute(tag, 'type') ?? '').toLowerCase() === 'module' && attribute(tag, 'src'));
    if (scripts.length > 1) throw new Error(`bundle: ${name} has ${scripts.length} module scripts; expected one`);
    if (scripts.length === 1) entries.set(name, attribute(scripts[0], 'src'));
  }
  return entries;
}

// From esbuild's metafile (paths relative to absWorkingDir, web/): which output holds each source
// module and each output's static imports, as site paths ('js/widgets/playground.js' -> 'js/chunk-X.js').
function chunkGraph(metafile, webRoot, outDir) {
  const site = (path) => posix(relative(outDir, resolve(webRoot, path)));
  const outputOf = new Map();
  const staticImports = new Map();
  for (const [outPath, output] of Object.entries(metafile.outputs)) {
    if (outPath.endsWith('.map')) continue;
    staticImports.set(site(outPath), output.imports.filter((i) => i.kind === 'import-statement').map((i) => site(i.path)));
    for (const input of Object.keys(output.inputs)) outputOf.set(posix(input), site(outPath));
  }
  const closure = (start) => {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      (staticImports.get(file) ?? []).forEach(visit);
    };
    visit(start);
    return seen;
  };
  return { outputOf, closure, outputs: [...staticImports.keys()] };
}

const preloadLink = (site) => `<link rel="modulepreload" href="${site}">`;

// One page's preloads translated from source modules to chunks (see the header).
function rewritePreloads(html, entrySite, graph, sourceOf) {
  const loadedByEntry = graph.closure(entrySite);
  const alreadyPreloaded = new Set(loadedByEntry);
  const chunksFor = (href) => {
    const output = graph.outputOf.get(sourceOf(href));
    if (!output) throw new Error(`bundle: a page preloads ${href}, which no bundle holds`);
    return [...graph.closure(output)].filter((site) => !alreadyPreloaded.has(site));
  };
  const outsideTemplate = [];
  const translateLinks = (text, collect) => text.replace(/[ \t]*<link rel="modulepreload" href="([^"]+)">\n?/g, (whole, href) => {
    for (const site of chunksFor(href)) {
      alreadyPreloaded.add(site);
      collect(site);
    }
    return '';
  });
  const template = html.match(/(<template id="playground-modules">)([\s\S]*?)(<\/template>)/);
  let result = template ? html.replace(template[0], '\u0000TEMPLATE\u0000') : html;
  result = translateLinks(result, (site) => outsideTemplate.push(site));
  if (template) {
    const later = [];
    translateLinks(template[2], (site) => later.push(site));
    result = result.replace('\u0000TEMPLATE\u0000', `${template[1]}\n    ${later.map(preloadLink).join('\n    ')}\n  ${template[3]}`);
  }
  // The entry's own static chunks first (the parser meets them before any widget's), then the rest.
  const atLoad = [...[...loadedByEntry].filter((site) => site !== entrySite), ...outsideTemplate];
  if (atLoad.length === 0) return result;
  const entryTag = result.match(new RegExp(`<script type="module" src="${entrySite.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"></script>`));
  if (!entryTag) throw new Error(`bundle: cannot find the module script of ${entrySite}`);
  return result.replace(entryTag[0], `${entryTag[0]}\n  ${atLoad.map(preloadLink).join('\n  ')}`);
}

// Bundles web/js's page entries into outDir/js (which held the copied, unbundled sources until now)
// and rewrites the pages' preloads. Returns the outputs (site paths) and how many modules they hold.
export async function bundleModules(webRoot, outDir) {
  const jsRoot = join(webRoot, 'js');
  const entries = await pageEntries(outDir);
  const sources = [...new Set(entries.values())];
  for (const src of sources) {
    if (!/^js\/[^/]+\.js$/.test(src)) throw new Error(`bundle: module entry ${src} is not directly in js/`);
  }
  const outJs = join(outDir, 'js');
  const result = await build({
    entryPoints: sources.map((src) => join(webRoot, src)),
    outdir: outJs,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunk-[hash]',
    minify: true,
    legalComments: 'none',
    target: BROWSER_TARGETS,
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: webRoot,
    plugins: [ownAddressPlugin(jsRoot)],
  });
  const graph = chunkGraph(result.metafile, webRoot, outDir);
  // The copied sources the bundles now hold go, but for those also loaded by URL; the rest (classic
  // scripts, the worker) were never imported and stay.
  for (const source of graph.outputOf.keys()) {
    if (!KEPT_BY_URL.includes(posix(relative('js', source)))) await rm(join(outDir, source));
  }
  await removeEmptyFolders(outJs);
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
  }
  const sourceOf = (href) => posix(href).replace(/^\.\//, '');
  for (const [page, src] of entries) {
    const path = join(outDir, page);
    await writeFile(path, rewritePreloads(await readFile(path, 'utf8'), src, graph, sourceOf));
  }
  return { outputs: graph.outputs, modules: graph.outputOf.size };
}
