// The focused run of issue 16: WASM SIMD in node against native -O2, training steps and the GEMM
// rooflines, in alternating rounds (native, then WASM, per workload) so that both sides of each ratio
// see the same machine load. Prints one JSON line per round and workload, then one summary line per
// workload with the median ratios over the rounds. Extra roofline modules of build/bench-wasm/
// (e.g. simd_eigen, simd_eigen_regs16: tests/bench/wasm/CMakeLists.txt) are timed beside them.
//   node wasm_ratio.mjs [--only W1,W2] [--rounds N] [--rooflines simd_eigen,simd_eigen_regs16]
//                       [--runs N] [--run-seconds S] [--warmup-seconds S] [--cpu-clock]
// --cpu-clock times both sides with their process's CPU clock: on a loaded machine the ratio of work
// done, not of the share of a core each side happened to get.
// Needs build/native (vg-bench), web/generated and build/bench-wasm (bench.sh builds them).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadEngineBuild, loadRoofline, engineBuilds } from './engine_node.mjs';
import { benchTrainer, benchRoofline } from './bench_wasm_node.mjs';
import { printLine, repoDir, runBenchMain, selectedWorkloads } from './harness.mjs';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Splits this script's own flags from the harness's.
function parseArgs(argv) {
  const own = { rounds: 3, rooflines: [] };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') own.rounds = Number(argv[++i]);
    else if (argv[i] === '--rooflines') own.rooflines = argv[++i].split(',').filter(Boolean);
    else rest.push(argv[i]);
  }
  return { own, rest };
}

function nativeLines(workloadId, options) {
  const binary = path.join(repoDir, 'build/native/tests/bench/vg-bench');
  const output = execFileSync(binary, [
    '--engine', 'native', '--only', workloadId, '--runs', String(options.runs),
    '--run-seconds', String(options.runSeconds), '--min-run-seconds', String(options.minRunSeconds),
    '--warmup-seconds', String(options.warmupSeconds),
    ...(options.cpuClock ? ['--cpu-clock'] : []),
  ], { encoding: 'utf8' });
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

const { own, rest } = parseArgs(process.argv.slice(2));
process.argv = [...process.argv.slice(0, 2), ...rest];

runBenchMain(async (options) => {
  const simd = engineBuilds.find((build) => build.variant === 'simd');
  const Module = await loadEngineBuild(simd);
  const rooflines = { simd: await loadRoofline(simd) };
  for (const name of own.rooflines) {
    rooflines[name] = await loadRoofline({ roofline: `build/bench-wasm/roofline_${name}.cjs` });
  }
  const ratios = {};
  for (let round = 0; round < own.rounds; round++) {
    for (const workload of selectedWorkloads(options)) {
      const native = nativeLines(workload.id, options);
      const nativeTrain = native.find((line) => line.kind === 'train').steps_per_second;
      const nativeRoofline = native.find((line) => line.kind === 'roofline').steps_per_second;
      const { shape, ...train } = await benchTrainer(Module, 'wasm-simd', workload, options);
      const line = { kind: 'ratio-round', round, workload: workload.id, native_train: nativeTrain, wasm_train: train.steps_per_second, native_roofline: nativeRoofline };
      line.train_ratio = train.steps_per_second / nativeTrain;
      for (const [name, Roofline] of Object.entries(rooflines)) {
        const roofline = await benchRoofline(Roofline, name, workload, shape, options);
        line[`roofline_${name}`] = roofline.steps_per_second;
        line[`roofline_${name}_ratio`] = roofline.steps_per_second / nativeRoofline;
      }
      printLine(line);
      ratios[workload.id] ??= [];
      ratios[workload.id].push(line);
    }
  }
  for (const [workload, lines] of Object.entries(ratios)) {
    const summary = { kind: 'ratio-median', workload, rounds: lines.length };
    for (const key of Object.keys(lines[0]).filter((k) => k !== 'kind' && k !== 'round' && k !== 'workload')) {
      summary[key] = +median(lines.map((line) => line[key])).toPrecision(4);
    }
    summary.train_ratio_per_round = lines.map((line) => +line.train_ratio.toFixed(3));
    printLine(summary);
  }
});
