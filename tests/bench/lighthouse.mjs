// The Lighthouse stage of the benchmark (issue 11): Lighthouse 12.2.3 (tests/bench/package.json)
// drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium; headless, fresh profile per run)
// against dist/ served by static_server.mjs (gzip, long cache headers, 127.0.0.1). Mobile preset
// (simulated slow 4G, 4x CPU slowdown) and desktop preset, each the median of N runs (default 3).
// Prints the table, the targets (reported, never asserted) and where the main thread's time went,
// and writes them to results.json under the key "lighthouse" (the file's other keys are kept).
//   node tests/bench/lighthouse.mjs [--runs N] [--page /index.html] [--root DIR] [--out FILE | --no-out]
// (--root serves another build than dist/, e.g. an older one to compare with.)
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { TraceProcessor } from 'lighthouse/core/lib/tracehouse/trace-processor.js';
import { DIST_ROOT, startStaticServer } from './static_server.mjs';
import { mergeIntoResults } from './results_file.mjs';
import { commitOf } from './readme_block.mjs';
import { topLevelTaskTimes } from './trace_thread_time.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const kChromeFlags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const kCategories = ['performance', 'accessibility', 'best-practices', 'seo'];
const kPresets = { mobile: undefined, desktop: desktopConfig };  // undefined: Lighthouse's default (mobile)

// Issue 11's targets, on the mobile preset unless said otherwise.
const kTargets = [
  { preset: 'mobile', key: 'performance', label: 'performance score', goal: 0.95, atLeast: true },
  { preset: 'mobile', key: 'lcp_ms', label: 'largest contentful paint, ms', goal: 2000 },
  { preset: 'mobile', key: 'tbt_ms', label: 'total blocking time, ms', goal: 150 },
  { preset: 'mobile', key: 'main_thread_ms', label: 'main-thread work, ms', goal: 1500 },
  { preset: 'mobile', key: 'dom_elements', label: 'DOM elements at load', goal: 4000 },
  { preset: 'mobile', key: 'unused_js_kib', label: 'unused JavaScript at load, KiB', goal: 60 },
  ...['accessibility', 'best_practices', 'seo'].map((key) => (
    { preset: 'desktop', key, label: `desktop ${key.replace('_', ' ')} score`, goal: 1, atLeast: true })),
];

function parseArgs(argv) {
  const args = { runs: 3, page: '/index.html', root: DIST_ROOT, out: join(BENCH_DIR, 'results.json') };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--page') args.page = argv[++i];
    else if (argv[i] === '--root') args.root = resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--no-out') args.out = null;
    else throw new Error(`unknown argument ${argv[i]} (usage: lighthouse.mjs [--runs N] [--page PATH] [--root DIR] [--out FILE | --no-out])`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a positive integer');
  return args;
}

async function runLighthouse(url, preset) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'vg-lighthouse-'));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: kChromeFlags,
    userDataDir,
    logLevel: 'silent',
  });
  try {
    // The screenshots score nothing and, on a busy machine, are what times out first.
    const flags = {
      port: chrome.port, logLevel: 'error', onlyCategories: kCategories,
      skipAudits: ['screenshot-thumbnails', 'final-screenshot'], disableFullPageScreenshot: true,
    };
    const result = await lighthouse(url, flags, kPresets[preset]);
    if (result.lhr.runtimeError) throw new Error(`${preset}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    return { lhr: result.lhr, mainThread: mainThreadTimesOf(result.artifacts.Trace) };
  } finally {
    await chrome.kill();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

// The page's main thread in the run's trace (the thread Lighthouse's main-thread work is measured
// on, its top-level tasks as Lighthouse counts them): wall and CPU time, unthrottled.
function mainThreadTimesOf(trace) {
  const { mainThreadEvents } = TraceProcessor.processTrace(trace);
  return topLevelTaskTimes(mainThreadEvents, (event) => TraceProcessor.isScheduleableTask(event));
}

// A run that fails (a protocol timeout when the machine is overloaded) is run again, twice at most;
// the failure is printed, never hidden.
async function runWithRetry(url, preset, attempts = 3) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runLighthouse(url, preset);
    } catch (error) {
      if (attempt >= attempts) throw error;
      process.stderr.write(`lighthouse: ${preset} run failed (${error.message}); running it again\n`);
    }
  }
}

// The figures of one run. main_thread_cpu_ms is the main thread's own CPU time over the same tasks
// as main_thread_ms, times the same simulated slowdown: what main_thread_ms would read if the main
// thread never waited for a core (on a 2-core machine shared with Lighthouse, Chromium's software
// compositor and the page's workers it reads much lower; tests/bench/README.md, ninth pass).
function figuresOf({ lhr, mainThread }) {
  const slowdown = lhr.configSettings.throttling.cpuSlowdownMultiplier;
  const audit = (id) => lhr.audits[id];
  const parts = Object.fromEntries((audit('mainthread-work-breakdown').details?.items ?? [])
    .map((item) => [item.groupLabel ?? item.group, item.duration]));
  const bootup = (audit('bootup-time').details?.items ?? []).map((item) => ({ url: item.url, ms: item.total }));
  const unused = (audit('unused-javascript').details?.items ?? []).map((item) => ({ url: item.url, bytes: item.wastedBytes }));
  return {
    performance: lhr.categories.performance.score,
    accessibility: lhr.categories.accessibility.score,
    best_practices: lhr.categories['best-practices'].score,
    seo: lhr.categories.seo.score,
    fcp_ms: audit('first-contentful-paint').numericValue,
    lcp_ms: audit('largest-contentful-paint').numericValue,
    tbt_ms: audit('total-blocking-time').numericValue,
    speed_index_ms: audit('speed-index').numericValue,
    cls: audit('cumulative-layout-shift').numericValue,
    main_thread_ms: audit('mainthread-work-breakdown').numericValue,
    main_thread_parts_ms: parts,
    main_thread_cpu_ms: mainThread.cpu_ms === null ? null : mainThread.cpu_ms * slowdown,
    dom_elements: audit('dom-size').numericValue,
    unused_js_kib: (audit('unused-javascript').details?.overallSavingsBytes ?? 0) / 1024,
    scripts_by_cpu_ms: bootup,
    unused_js_by_url: unused,
  };
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Median of every figure over the runs; the per-URL lists come from the run whose
// performance score is the median one.
function medianFigures(runs) {
  const result = {};
  for (const key of Object.keys(runs[0])) {
    if (runs.some((run) => typeof run[key] === 'number')) result[key] = median(runs.map((run) => run[key]));
  }
  const groups = new Set(runs.flatMap((run) => Object.keys(run.main_thread_parts_ms)));
  result.main_thread_parts_ms = Object.fromEntries([...groups]
    .map((group) => [group, median(runs.map((run) => run.main_thread_parts_ms[group] ?? 0))])
    .sort((a, b) => b[1] - a[1]));
  const middle = [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(runs.length / 2)];
  result.scripts_by_cpu_ms = middle.scripts_by_cpu_ms.slice(0, 5);
  result.unused_js_by_url = middle.unused_js_by_url.slice(0, 5);
  result.runs = runs.map((run) => ({ performance: run.performance, lcp_ms: run.lcp_ms, tbt_ms: run.tbt_ms,
    main_thread_ms: run.main_thread_ms, main_thread_cpu_ms: run.main_thread_cpu_ms }));
  return result;
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const score = (value) => (value === null ? 'n/a' : value.toFixed(2));

function mainThreadText(figures) {
  const parts = Object.entries(figures.main_thread_parts_ms).slice(0, 3)
    .map(([group, ms]) => `${group.toLowerCase()} ${seconds(ms)}`).join(', ');
  return `${seconds(figures.main_thread_ms)} (${parts})`;
}

const cpuText = (figures) => (typeof figures.main_thread_cpu_ms === 'number' ? seconds(figures.main_thread_cpu_ms) : 'n/a');

function tableText(byPreset) {
  const { mobile, desktop } = byPreset;
  const rows = [
    ['performance score', score(mobile.performance), score(desktop.performance), '≥ 0.95'],
    ['largest contentful paint', seconds(mobile.lcp_ms), seconds(desktop.lcp_ms), '≤ 2.0 s'],
    ['total blocking time', `${mobile.tbt_ms.toFixed(0)} ms`, `${desktop.tbt_ms.toFixed(0)} ms`, '≤ 150 ms'],
    ['main-thread work', mainThreadText(mobile), mainThreadText(desktop), '≤ 1.5 s'],
    ['main-thread CPU time (the same tasks, waiting left out)', cpuText(mobile), cpuText(desktop), ''],
    ['DOM elements at load', mobile.dom_elements.toLocaleString('en'), desktop.dom_elements.toLocaleString('en'), '≤ 4,000'],
    ['unused JavaScript at load', `${mobile.unused_js_kib.toFixed(0)} KiB`, `${desktop.unused_js_kib.toFixed(0)} KiB`, '≤ 60 KiB'],
    ['first contentful paint', seconds(mobile.fcp_ms), seconds(desktop.fcp_ms), ''],
    ['accessibility / best practices / SEO',
      [mobile.accessibility, mobile.best_practices, mobile.seo].map(score).join(' / '),
      [desktop.accessibility, desktop.best_practices, desktop.seo].map(score).join(' / '), 'desktop 1.00 each'],
  ];
  const line = (cols) => `| ${cols.join(' | ')} |`;
  return [line(['metric', 'mobile', 'desktop', 'target']), line(['---', '---', '---', '---']), ...rows.map(line)].join('\n');
}

function targetResults(byPreset) {
  return kTargets.map(({ preset, key, label, goal, atLeast }) => {
    const measured = byPreset[preset][key];
    const rounded = +measured.toFixed(key.endsWith('_ms') || key === 'dom_elements' ? 0 : 2);
    return { target: `${label} ${atLeast ? '≥' : '≤'} ${goal}`, measured: rounded, met: atLeast ? measured >= goal : measured <= goal };
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(args.root, args.page))) throw new Error(`${join(args.root, args.page)} is missing: run ./build-wasm.sh dist first`);
  const server = await startStaticServer({ root: args.root });
  const byPreset = {};
  try {
    for (const preset of Object.keys(kPresets)) {
      const runs = [];
      for (let i = 0; i < args.runs; i += 1) {
        process.stderr.write(`lighthouse: ${preset} run ${i + 1}/${args.runs} of ${args.page}\n`);
        runs.push(figuresOf(await runWithRetry(server.url(args.page), preset)));
      }
      byPreset[preset] = medianFigures(runs);
    }
  } finally {
    await server.close();
  }
  const table = tableText(byPreset);
  const targets = targetResults(byPreset);
  const out = [`Lighthouse 12.2.3, dist${args.page}, median of ${args.runs} runs per preset; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`, table, '', 'targets (issue 11):'];
  for (const t of targets) out.push(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.measured}`);
  out.push('', 'where the mobile main thread goes (median run): scripts by CPU time');
  for (const { url, ms } of byPreset.mobile.scripts_by_cpu_ms) out.push(`  ${ms.toFixed(0).padStart(6)} ms  ${url.replace(/^https?:\/\/[^/]+/, '')}`);
  out.push('unused JavaScript at load, by file');
  for (const { url, bytes } of byPreset.mobile.unused_js_by_url) out.push(`  ${(bytes / 1024).toFixed(0).padStart(6)} KiB ${url.replace(/^https?:\/\/[^/]+/, '')}`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.out) {
    await mergeIntoResults(args.out, 'lighthouse', {
      generated: new Date().toISOString(),
      ...commitOf(),
      lighthouse: '12.2.3',
      page: `dist${args.page}`,
      runs_per_preset: args.runs,
      // The machine may be shared: its load says how much of the main-thread time is waiting.
      loadavg_1_5_15_min: loadavg().map((x) => +x.toFixed(2)),
      presets: byPreset,
      targets,
      table,
    });
  }
}

main().catch((error) => {
  console.error(`lighthouse: ${error.stack ?? error.message}`);
  process.exit(1);
});
