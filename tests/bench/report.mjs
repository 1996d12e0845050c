// Turns the JSON lines of one benchmark run into the table (steps/s per engine and workload, and the
// ratio to this core's WASM SIMD build in node), the targets of issue 5 (met or missed, never
// asserted) and results.json. Exits non-zero only when a figure is missing or not a positive number,
// i.e. when something in the benchmark broke.
//   node report.mjs LINES.jsonl [--out results.json] [--smoke]
import fs from 'node:fs';
import os from 'node:os';
import { loadWorkloads } from './harness.mjs';

// Table rows in order, with what each measures.
const kEngines = [
  ['native', 'core, native -O2 (x86-64 baseline: SSE2)'],
  ['native-march', 'core, native -O2 -march=native (ceiling)'],
  ['native-telemetry-every-step', 'core, native -O2, telemetry at every step'],
  ['wasm-simd', 'core, WASM SIMD in node'],
  ['wasm-nosimd', 'core, WASM without SIMD in node'],
  ['page-worker', "core, WASM in the page's worker (Chromium)"],
  ['tfjs-wasm', 'TensorFlow.js 4, wasm backend (node)'],
  ['tfjs-cpu', 'TensorFlow.js 4, cpu backend (node)'],
  ['convnetjs', 'ConvNetJS 0.3 (node)'],
  ['native-roofline', 'roofline: the step\'s GEMMs alone, native -O2'],
  ['native-march-roofline', 'roofline: GEMMs alone, native -march=native'],
  ['wasm-simd-roofline', 'roofline: GEMMs alone, WASM SIMD'],
  ['wasm-simd-eigen-roofline', "roofline: GEMMs alone, WASM SIMD with Eigen's product (before issue 16)"],
  ['wasm-nosimd-roofline', 'roofline: GEMMs alone, WASM without SIMD'],
];
const kReference = 'wasm-simd';

function parseArgs(argv) {
  const args = { lines: null, out: null, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--smoke') args.smoke = true;
    else args.lines = argv[i];
  }
  if (!args.lines) throw new Error('usage: node report.mjs LINES.jsonl [--out results.json] [--smoke]');
  return args;
}

function readLines(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function formatRate(value) {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toPrecision(2);
}

// One cell per engine and workload: steps/s, ratio, or the reason it does not run.
function collect(lines, workloadIds) {
  const cells = {};
  const problems = [];
  for (const line of lines.filter((l) => l.workload)) {
    cells[line.engine] ??= {};
    if (line.kind === 'unsupported') {
      cells[line.engine][line.workload] = { unsupported: line.reason };
    } else if (line.kind === 'skipped') {
      cells[line.engine][line.workload] = { skipped: line.reason };
    } else if (!(line.steps_per_second > 0) || !Number.isFinite(line.steps_per_second)) {
      problems.push(`${line.engine} ${line.workload}: steps/s = ${line.steps_per_second}`);
    } else {
      const rates = line.run_rates ?? [line.steps_per_second];
      cells[line.engine][line.workload] = {
        steps_per_second: line.steps_per_second,
        spread: (Math.max(...rates) - Math.min(...rates)) / line.steps_per_second,
        ...(line.divergence_resets && { divergence_resets: line.divergence_resets }),
        ...(line.gflops && { gflops: line.gflops }),
      };
    }
  }
  for (const [engine, byWorkload] of Object.entries(cells)) {
    for (const id of workloadIds) if (!byWorkload[id]) problems.push(`${engine} ${id}: no figure`);
  }
  return { cells, problems };
}

function ratiosTo(cells, reference) {
  const ratios = {};
  for (const [engine, byWorkload] of Object.entries(cells)) {
    ratios[engine] = {};
    for (const [id, cell] of Object.entries(byWorkload)) {
      const base = cells[reference]?.[id]?.steps_per_second;
      if (cell.steps_per_second && base) ratios[engine][id] = cell.steps_per_second / base;
    }
  }
  return ratios;
}

function tableText(cells, ratios, workloadIds) {
  const header = ['engine', ...workloadIds.map((id) => `${id} steps/s (× ${kReference})`)];
  const rows = kEngines.filter(([engine]) => cells[engine]).map(([engine, label]) => [
    label,
    ...workloadIds.map((id) => {
      const cell = cells[engine][id];
      if (cell.unsupported) return 'n/a';
      if (cell.skipped) return '–';
      const ratio = ratios[engine][id];
      return `${formatRate(cell.steps_per_second)}${ratio ? ` (${ratio.toFixed(2)}×)` : ''}`;
    }),
  ]);
  const line = (cols) => `| ${cols.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// Issue 5's targets: each with its measured value(s) and whether it is met. Missing figures: skipped.
function targets(cells, page, multirun) {
  const rate = (engine, id) => cells[engine]?.[id]?.steps_per_second;
  const results = [];
  const ratioTarget = (name, numerator, denominator, ids, goal) => {
    for (const id of ids) {
      const a = rate(numerator, id), b = rate(denominator, id);
      if (a && b) results.push({ target: `${name} ${id} ≥ ${goal}×`, measured: +(a / b).toFixed(2), met: a / b >= goal });
    }
  };
  ratioTarget('wasm-simd / native', 'wasm-simd', 'native', ['W1', 'W2'], 0.75);
  ratioTarget('issue 16: wasm-simd / native', 'wasm-simd', 'native', ['W1', 'W2', 'W3', 'W4'], 0.85);
  ratioTarget('wasm-simd / tfjs-wasm', 'wasm-simd', 'tfjs-wasm', ['W1', 'W3'], 10);
  ratioTarget('wasm-simd / tfjs-wasm', 'wasm-simd', 'tfjs-wasm', ['W4'], 3);
  ratioTarget('wasm-simd / convnetjs', 'wasm-simd', 'convnetjs', ['W1', 'W2', 'W3', 'W4'], 20);
  const absolute = (name, value, goal, atLeast) => {
    if (value === undefined || value === null) return;
    results.push({ target: `${name} ${atLeast ? '≥' : '<'} ${goal}`, measured: value, met: atLeast ? value >= goal : value < goal });
  };
  absolute('page worker W3 steps/s (telemetry on)', rate('page-worker', 'W3') && +rate('page-worker', 'W3').toFixed(1), 60, true);
  absolute('page frames/s training W1', page?.fps?.W1, 55, true);
  absolute('page frames/s training W2', page?.fps?.W2, 55, true);
  absolute('time to first gradient chart, ms', page?.first_chart_ms, 1000, false);
  absolute('article + WASM gzip, kB (1000 bytes)', page?.transfer && +(page.transfer.total_gzip_bytes / 1000).toFixed(1), 600, false);
  for (const line of multirun) {
    for (const where of ['article', 'embed']) {
      const ratio = line[`${where}_over_node`];
      results.push({ target: `issue 16: ${line.widget} in ${where === 'article' ? 'the article' : 'embed.html'} / node ≤ 2×`, measured: ratio, met: ratio <= 2 });
    }
  }
  return results;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    // The machine is shared: load averages over the run say how noisy the figures are.
    loadavg_1_5_15_min: os.loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const lines = readLines(args.lines);
  const workloads = loadWorkloads();
  const ranIds = workloads.map((w) => w.id).filter((id) => lines.some((l) => l.workload === id));
  const { cells, problems } = collect(lines, ranIds);
  const page = lines.find((l) => l.kind === 'page');
  const multirun = lines.filter((l) => l.kind === 'multirun');
  const ratios = ratiosTo(cells, kReference);
  const targetResults = targets(cells, page, multirun);
  const spreads = Object.values(cells).flatMap((byId) => Object.values(byId).map((c) => c.spread).filter(Number.isFinite));

  const table = tableText(cells, ratios, ranIds);
  const unsupported = Object.entries(cells).flatMap(([engine, byId]) => Object.entries(byId)
    .filter(([, c]) => c.unsupported).map(([id, c]) => `${engine} ${id}: ${c.unsupported}`));
  const out = [];
  if (args.smoke) out.push('SMOKE RUN: one very short timed run each; the figures only show that every engine works.');
  out.push(table, '');
  if (unsupported.length) out.push(`n/a: ${unsupported.join('; ')}`);
  if (page) {
    const kB = (bytes) => `${(bytes / 1000).toFixed(0)} kB`;
    out.push(`page: article + WASM ${kB(page.transfer.total_raw_bytes)} raw, ${kB(page.transfer.total_gzip_bytes)} gzip `
      + `(WASM ${kB(page.transfer.wasm_raw_bytes)} raw, ${kB(page.transfer.wasm_gzip_bytes)} gzip; ${page.transfer.files} files; gzip by kind: `
      + `${Object.entries(page.transfer.gzip_bytes_by_kind).map(([kind, bytes]) => `${kind} ${kB(bytes)}`).join(', ')}); `
      + `first gradient chart ${page.first_chart_ms} ms in the article, ${page.playground_page_first_chart_ms} ms in playground.html; `
      + `frames/s ${Object.entries(page.fps).map(([id, fps]) => `${id} ${fps}`).join(', ')}; `
      + `WASM memory ${page.wasm_memory_bytes ? `${(page.wasm_memory_bytes / 2 ** 20).toFixed(1)} MiB` : 'not captured'}`);
  }
  if (multirun.length) {
    out.push(`multi-run widgets, wall seconds from the click to done (median of ${multirun[0].runs}; `
      + `${multirun[0].hardware_concurrency} cores seen by the page): ${multirun.map((l) => `${l.widget} node ${l.node_seconds}, `
      + `article ${l.article_seconds} (${l.article_over_node}×), embed ${l.embed_seconds} (${l.embed_over_node}×)`).join('; ')}`);
  }
  const m = machine();
  out.push(`machine: ${m.cpu}, ${m.cores} cores, load average ${m.loadavg_1_5_15_min.join(' / ')} (1/5/15 min); `
    + `median spread of the timed runs ${(100 * (spreads.length ? median(spreads) : 0)).toFixed(0)}% of the median`);
  if (!args.smoke) {
    out.push('', 'targets (issues 5 and 16):');
    for (const t of targetResults) out.push(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.measured}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);

  if (args.out) {
    const round = (x) => +x.toPrecision(4);
    const results = {
      generated: new Date().toISOString(),
      mode: args.smoke ? 'smoke' : 'full',
      machine: m,
      workloads: workloads.filter((w) => ranIds.includes(w.id)).map(({ id, title }) => ({ id, title })),
      reference_engine: kReference,
      engines: Object.fromEntries(kEngines.filter(([e]) => cells[e]).map(([engine, label]) => [engine, {
        label,
        steps_per_second: Object.fromEntries(Object.entries(cells[engine]).map(([id, c]) => [id, c.steps_per_second ? round(c.steps_per_second) : null])),
        ratio_to_reference: Object.fromEntries(Object.entries(ratios[engine]).map(([id, r]) => [id, round(r)])),
      }])),
      unsupported,
      page: page ? { ...page, engine: undefined, kind: undefined } : null,
      multirun: multirun.map((line) => ({ ...line, engine: undefined, kind: undefined })),
      targets: targetResults,
      table,
    };
    fs.writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  }
  if (problems.length) {
    process.stderr.write(`report: broken figures:\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
}

main();
