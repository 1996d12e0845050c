// Shared pieces of the end-to-end tests: a static file server started by the test itself on
// 127.0.0.1, the headless Chromium launch (Debian's /usr/bin/chromium, never a downloaded browser),
// and collectors that fail a test on console errors/warnings, page errors, CSP violations and any
// request that leaves the page's own origin.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// VG_E2E_WEB_ROOT points the tests at another copy of the site (e.g. a dist folder) without edits.
export const WEB_ROOT = process.env.VG_E2E_WEB_ROOT ? resolve(process.env.VG_E2E_WEB_ROOT) : join(REPO_ROOT, 'web');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'build', 'screenshots');

// The policy a strict blog host would send; issue 4 names this one.
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

// Serves `root` read-only. `csp` adds a Content-Security-Policy header to every response.
// Returns { origin, url(path), served, close() }; `served` lists every path requested, with status.
export async function startServer({ root = WEB_ROOT, csp = null } = {}) {
  const rootDir = resolve(root);
  const served = [];
  const server = createServer(async (request, response) => {
    const pathname = decodeRequestPath(request.url);
    const filePath = pathname === null ? null : normalize(join(rootDir, pathname));
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (csp) headers['Content-Security-Policy'] = csp;
    if (filePath === null || (filePath !== rootDir && !filePath.startsWith(rootDir + sep))) {
      served.push({ path: request.url, status: 400 });
      response.writeHead(400, headers).end('bad path');
      return;
    }
    let target = filePath;
    try {
      if ((await stat(target)).isDirectory()) target = join(target, 'index.html');
      const info = await stat(target);
      headers['Content-Type'] = MIME_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
      headers['Content-Length'] = info.size;
      served.push({ path: pathname, status: 200 });
      response.writeHead(200, headers);
      if (request.method === 'HEAD') response.end();
      else createReadStream(target).pipe(response);
    } catch {
      served.push({ path: pathname, status: 404 });
      response.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    served,
    url: (path = '/') => origin + (path.startsWith('/') ? path : '/' + path),
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

function decodeRequestPath(rawUrl) {
  try {
    return decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
  } catch {
    return null;
  }
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
];

// playwright's launch() gives every browser a fresh temporary profile (--user-data-dir) that it
// deletes on close; contexts made from it are isolated from each other (own storage, own cache).
export async function launchBrowser({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

const withoutHash = (url) => url.split('#')[0];

// The URL (without its hash) of the document that issued a request, or '' for a worker's request.
function documentOf(request) {
  try {
    return withoutHash(request.frame().url());
  } catch {
    return '';
  }
}

// Collects everything that should never happen on the page. `allowedOrigins` are the origins a
// request may go to ('null' for file:// pages). data: and blob: URLs stay inside the page.
export function watchPage(page, { allowedOrigins }) {
  const problems = { console: [], pageErrors: [], foreignRequests: [], failedRequests: [], csp: [] };
  const allowed = new Set(allowedOrigins);
  const onConsole = (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    const location = message.location();
    problems.console.push(`${type}: ${message.text()} @ ${location?.url ?? ''}:${location?.lineNumber ?? ''}`);
  };
  const onRequest = (request) => {
    if (request.isNavigationRequest()) navigations += 1;
    navigationsAtStart.set(request, navigations);
    documentAtStart.set(request, documentOf(request));
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    let origin;
    try {
      const parsed = new URL(url);
      origin = parsed.protocol === 'file:' ? 'null' : parsed.origin;
    } catch {
      origin = url;
    }
    if (!allowed.has(origin)) problems.foreignRequests.push(url);
  };
  // A navigation (a reload, a new URL) aborts what the document it replaces still had in flight: not
  // a fault. Any other aborted request is one (a fetch the page cancelled, a resource the browser gave
  // up on), so each request remembers how many navigations had started when it did, and which
  // document (URL without its hash) its frame showed. A fetch the old document starts after the next
  // navigation began is aborted when that navigation commits, which may be reported before the
  // commit: such aborts are judged when the test asks (assertClean), against the document shown then.
  let navigations = 0;
  const navigationsAtStart = new WeakMap();
  const documentAtStart = new WeakMap();
  const abortedPending = [];
  const onRequestFailed = (request) => {
    const failure = request.failure()?.errorText ?? '';
    const replaced = navigations > (navigationsAtStart.get(request) ?? navigations);
    if (failure.includes('ERR_ABORTED') && replaced) return;
    const text = `${request.url()} ${failure}`;
    if (failure.includes('ERR_ABORTED') && documentAtStart.get(request)) {
      abortedPending.push({ text, document: documentAtStart.get(request) });
    } else {
      problems.failedRequests.push(text);
    }
  };
  const settleAborted = () => {
    const current = withoutHash(page.url());
    for (const { text, document } of abortedPending.splice(0)) {
      if (document === current) problems.failedRequests.push(text);
    }
  };
  const onResponse = (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()} HTTP ${response.status()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', (error) => problems.pageErrors.push(String(error?.stack ?? error)));
  page.on('request', onRequest);
  page.on('requestfailed', onRequestFailed);
  page.on('response', onResponse);
  page.on('worker', (worker) => worker.on?.('console', onConsole));
  return {
    problems,
    // Reads the CSP violations the init script (installPageProbes) recorded in the page. A page that
    // cannot be read (closed, crashed, probes missing) is a failure, never "no violations".
    async collectCspViolations() {
      const found = await page.evaluate(() => window.__e2eCspViolations ?? null);
      assert.ok(Array.isArray(found), 'the page has no CSP violation probe (installPageProbes not applied)');
      problems.csp.push(...found);
      return found;
    },
    reset() {
      for (const list of Object.values(problems)) list.length = 0;
      abortedPending.length = 0;
    },
    assertClean(what = 'page') {
      settleAborted();
      const summary = Object.entries(problems)
        .filter(([, list]) => list.length > 0)
        .map(([kind, list]) => `${kind}:\n  ${list.slice(0, 12).join('\n  ')}`)
        .join('\n');
      assert.equal(summary, '', `${what} had problems:\n${summary}`);
    },
  };
}

// Runs before any page script: records CSP violations (they also show as console errors, but the
// event names the directive) so a test can read them, and gives tests a way to read a canvas's
// pixels through a copy (reading the page's own canvases again and again makes Chromium warn).
export async function installPageProbes(context) {
  await context.addInitScript(() => {
    window.__e2eCspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__e2eCspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
    window.__e2eCanvasPixels = (canvas) => {
      if (!canvas.width || !canvas.height) return null;
      const copy = new OffscreenCanvas(canvas.width, canvas.height);
      const context = copy.getContext('2d', { willReadFrequently: true });
      context.drawImage(canvas, 0, 0);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    // The data a Chart.js chart plots (its visible datasets), or null for a canvas Chart.js does not own.
    window.__e2eChartData = (canvas) => {
      const chart = window.Chart?.getChart?.(canvas);
      if (!chart) return null;
      return chart.data.datasets.filter((dataset, index) => chart.isDatasetVisible(index)).map((dataset) => dataset.data);
    };
    // A fingerprint of what an element computed, not of its controls' echo: the data its Chart.js
    // charts plot (the numbers the core returned) and a sample of the pixels of its other canvases
    // (heatmaps, diagrams), the markup of its SVG drawings (their shapes and the numbers written into
    // them), and the text of elements marked data-computed (numbers the core returned, laid out as
    // text). Other text is left out: a slider's <output> changes whether or not the widget does
    // anything with the value.
    window.__e2eFingerprint = (root) => {
      const parts = [];
      for (const svg of root.querySelectorAll('svg')) parts.push(svg.innerHTML);
      for (const computed of root.querySelectorAll('[data-computed]')) parts.push(computed.textContent);
      for (const canvas of root.querySelectorAll('canvas')) {
        const data = window.__e2eChartData(canvas);
        if (data) {
          parts.push(JSON.stringify(data));
          continue;
        }
        const pixels = window.__e2eCanvasPixels(canvas);
        if (!pixels) continue;
        let hash = 0;
        for (let i = 0; i < pixels.length; i += 4 * 13) hash = (Math.imul(hash, 31) + pixels[i] + 7 * pixels[i + 1] + 13 * pixels[i + 2]) | 0;
        parts.push(String(hash));
      }
      return parts.join('\u0000');
    };
  });
}

// Registers node:test before/after hooks that give the test file one browser and a static server of
// `root` (plus, with `strictCspServer`, a second one sending STRICT_CSP), closed after its last test.
// `prepare` runs first (e.g. building the folder to serve). The hooks run after the file's top level,
// so the returned object reads what they made through getters; `openPage(options)` opens a page on
// the plain server's origin.
export function useBrowserAndServer({ root = WEB_ROOT, strictCspServer = false, prepare } = {}) {
  const running = {};
  before(async () => {
    await prepare?.();
    [running.browser, running.server, running.cspServer] = await Promise.all([
      launchBrowser(),
      startServer({ root }),
      strictCspServer ? startServer({ root, csp: STRICT_CSP }) : null,
    ]);
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.close();
    await running.cspServer?.close();
  });
  return {
    get browser() { return running.browser; },
    get server() { return running.server; },
    get cspServer() { return running.cspServer; },
    openPage: (options = {}) => openPage(running.browser, { origin: running.server.origin, ...options }),
  };
}

// One isolated context + page with the collectors attached.
export async function openPage(browser, { origin, viewport = { width: 1280, height: 900 }, reducedMotion } = {}) {
  const context = await browser.newContext({ viewport, reducedMotion, serviceWorkers: 'block' });
  await installPageProbes(context);
  const page = await context.newPage();
  const watch = watchPage(page, { allowedOrigins: [origin] });
  return { context, page, watch };
}

// True when a canvas is drawn: at least three distinct colours over some non-transparent pixels,
// and for a Chart.js chart whose datasets hold points, a finite one among them (a chart of NaNs
// draws axes only). A chart with no points yet (the sweep before its Start button) counts as drawn
// here; load.test.mjs requires data in every chart after operating the widget. A cleared or
// never-drawn canvas fails.
export async function canvasIsDrawn(locator) {
  return locator.evaluate((canvas) => {
    const pixels = window.__e2eCanvasPixels(canvas);
    if (!pixels) return false;
    const data = window.__e2eChartData(canvas);
    const finite = (point) => Number.isFinite(typeof point === 'number' ? point : point?.y ?? point?.v);
    const points = data ? data.flatMap((values) => (Array.isArray(values) ? values : [])) : [];
    if (points.length > 0 && !points.some(finite)) return false;
    const colours = new Set();
    let opaque = 0;
    for (let i = 0; i < pixels.length; i += 4 * 7) {
      if (pixels[i + 3] === 0) continue;
      opaque += 1;
      colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      if (colours.size > 2 && opaque > 20) return true;
    }
    return false;
  });
}

export async function ensureDir(path) {
  await mkdir(path, { recursive: true });
  return path;
}

// Lets a test read the engine worker's WebAssembly memory. The worker keeps its module in module
// scope (nothing global to read), so the test serves the worker script with a short prelude that
// records every WebAssembly.Memory the module exports; the worker's own code follows unchanged.
const WASM_MEMORY_PRELUDE = `{
  const remember = (result) => {
    const instance = result.instance ?? result;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory) (self.__e2eWasmMemories ??= []).push(value);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original(...args).then(remember);
  }
}
`;

export async function instrumentWorkerWasmMemory(context, workerPattern = '**/js/engine/engine-worker.js') {
  await context.route(workerPattern, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: WASM_MEMORY_PRELUDE + (await response.text()) });
  });
}

// Bytes of WebAssembly memory held by the page's engine worker named `workerName` (its Worker name:
// 'vg-engine' for the page's engine, 'vg-engine-playground' for the article's playground's own).
export async function workerWasmMemoryBytes(page, workerName = 'vg-engine') {
  const named = [];
  for (const worker of page.workers().filter((candidate) => candidate.url().includes('engine-worker'))) {
    const found = await worker.evaluate(() => ({
      name: self.name,
      sizes: (self.__e2eWasmMemories ?? []).map((memory) => memory.buffer.byteLength),
    })).catch(() => null);  // a worker that ended meanwhile
    if (found) named.push(found);
  }
  const worker = named.find((candidate) => candidate.name === workerName);
  if (!worker) throw new Error(`no engine worker named "${workerName}" (found: ${named.map((w) => w.name).join(', ') || 'none'})`);
  if (worker.sizes.length === 0) throw new Error('the worker has instantiated no WebAssembly memory (instrumentWorkerWasmMemory not applied?)');
  return worker.sizes.reduce((sum, bytes) => sum + bytes, 0);
}

// The page's retained JS heap: the smallest of several "collect garbage, then read the heap in use"
// readings (CDP HeapProfiler + Runtime.getHeapUsage). A page that is drawing allocates between the
// collection and the reading, so single readings scatter by a megabyte; the minimum does not.
export async function pageHeapProbe(page, { readings = 5 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  return {
    async heapUsedBytes() {
      let smallest = Infinity;
      for (let reading = 0; reading < readings; reading += 1) {
        await cdp.send('HeapProfiler.collectGarbage');
        smallest = Math.min(smallest, (await cdp.send('Runtime.getHeapUsage')).usedSize);
      }
      return smallest;
    },
    // The bytes of the page's JavaScript objects after a full GC, from a heap snapshot: without the
    // compiled code (V8 keeps compiling hot functions for minutes, which is not data the page holds)
    // and without the browser's native objects (the DOM).
    async jsObjectBytes() {
      await cdp.send('HeapProfiler.collectGarbage');
      const chunks = [];
      const onChunk = (event) => chunks.push(event.chunk);
      cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
      try {
        await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      } finally {
        cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      }
      const { snapshot, nodes } = JSON.parse(chunks.join(''));
      const fields = snapshot.meta.node_fields;
      const typeNames = snapshot.meta.node_types[fields.indexOf('type')];
      const excluded = new Set(['code', 'native'].map((name) => typeNames.indexOf(name)));
      const typeAt = fields.indexOf('type');
      const sizeAt = fields.indexOf('self_size');
      let bytes = 0;
      for (let node = 0; node < nodes.length; node += fields.length) {
        if (!excluded.has(nodes[node + typeAt])) bytes += nodes[node + sizeAt];
      }
      return bytes;
    },
    close: () => cdp.detach().catch(() => {}),
  };
}
