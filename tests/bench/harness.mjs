// What the JavaScript engines of the benchmark share: the workloads, the command line and the timing
// method (the same as timing.h natively: warm up in calls of 1, 2, 4, ... steps, size each timed run
// (one call) from the warm-up rate and grow it until one run lasts at least minRunSeconds, report the
// median steps/s of several timed runs, redone longer if one came out shorter). Each engine prints one JSON line per workload.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoDir = path.resolve(benchDir, '../..');

export function loadWorkloads() {
  return JSON.parse(fs.readFileSync(path.join(benchDir, 'workloads.json'), 'utf8')).workloads;
}

const usage = 'options: [--smoke] [--only W1,W3] [--runs N] [--run-seconds S] [--min-run-seconds S] [--warmup-seconds S] [--cpu-clock]';

// Full runs by default; --smoke: one short run per workload, a check that everything works.
export function parseBenchArgs(argv = process.argv.slice(2)) {
  const options = { warmupSeconds: 0.5, runSeconds: 0.6, minRunSeconds: 0.5, runs: 5, only: [], smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value; ${usage}`);
      return argv[++i];
    };
    if (flag === '--smoke') Object.assign(options, { warmupSeconds: 0.01, runSeconds: 0.01, minRunSeconds: 0.005, runs: 1, smoke: true });
    else if (flag === '--only') options.only = value().split(',').filter(Boolean);
    else if (flag === '--runs') options.runs = Number(value());
    else if (flag === '--run-seconds') options.runSeconds = Number(value());
    else if (flag === '--min-run-seconds') options.minRunSeconds = Number(value());
    else if (flag === '--warmup-seconds') options.warmupSeconds = Number(value());
    else if (flag === '--cpu-clock') options.cpuClock = true;
    else throw new Error(`unknown flag ${flag}; ${usage}`);
  }
  if (!(options.runs >= 1)) throw new Error('--runs must be at least 1');
  return options;
}

export function selectedWorkloads(options) {
  return loadWorkloads().filter((w) => options.only.length === 0 || options.only.includes(w.id));
}

// Slow engines check only these workloads in a --smoke run; the others get a 'skipped' line.
export const kSmokeWorkloads = ['W1'];

export function skippedBySmoke(options, engine, workload, smokeWorkloads = kSmokeWorkloads) {
  if (!options.smoke || smokeWorkloads.includes(workload.id)) return false;
  printLine({ engine, workload: workload.id, kind: 'skipped', reason: 'not run by --smoke' });
  return true;
}

// The process's CPU time (user + system, every thread) in milliseconds.
function cpuMilliseconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const kMaxResizes = 3;

// takeSteps(n) performs exactly n training steps (synchronously, or returns a promise). The warm-up
// rate can be far off (a first call that compiles, a machine busy for a moment), so the run size is
// checked with an untimed sizing run and grown until one run lasts at least minRunSeconds: no timed
// run is a single fast step. cpuClock: time with the process's CPU time instead of the wall clock,
// as timing.h does. Returns the median rate, each run's rate and length, and every step taken.
export async function measureStepsPerSecond(takeSteps, { warmupSeconds, runSeconds, minRunSeconds, runs, cpuClock = false }) {
  const now = cpuClock ? cpuMilliseconds : () => performance.now();
  let totalSteps = 0;
  const timed = async (steps) => {
    const start = now();
    await takeSteps(steps);
    totalSteps += steps;
    return (now() - start) / 1000;
  };
  let warmupSteps = 0;
  const warmupStart = now();
  for (let callSteps = 1; warmupSteps === 0 || now() - warmupStart < warmupSeconds * 1000; callSteps *= 2) {
    await timed(callSteps);
    warmupSteps += callSteps;
  }
  const warmupRate = warmupSteps / ((now() - warmupStart) / 1000);

  // Runs are sized for runSeconds, or minRunSeconds if that is longer (sized for the shorter, the
  // loop below would grow a run by one step at a time).
  const targetSeconds = Math.max(runSeconds, minRunSeconds);
  let stepsPerRun = Math.max(1, Math.floor(warmupRate * targetSeconds));
  for (let seconds = await timed(stepsPerRun); seconds < minRunSeconds; seconds = await timed(stepsPerRun)) {
    stepsPerRun = Math.max(stepsPerRun + 1, Math.ceil(stepsPerRun * targetSeconds / Math.max(seconds, 1e-6)));
  }
  // A timed run can still come out shorter than minRunSeconds when the machine was busy while the run
  // was sized and freed up after: then every timed run is redone, sized from the shortest, at most
  // kMaxResizes times (as timing.h does; shortest_run_seconds in results.json shows what remained).
  let runRates = [];
  let runSecondsMeasured = [];
  for (let resize = 0; ; resize++) {
    runRates = [];
    runSecondsMeasured = [];
    for (let run = 0; run < runs; run++) {
      const seconds = await timed(stepsPerRun);
      runSecondsMeasured.push(+seconds.toFixed(4));
      runRates.push(stepsPerRun / seconds);
    }
    const shortest = Math.min(...runSecondsMeasured);
    if (shortest >= minRunSeconds || resize === kMaxResizes) break;
    stepsPerRun = Math.max(stepsPerRun + 1, Math.ceil(stepsPerRun * targetSeconds / Math.max(shortest, 1e-6)));
  }
  const sorted = [...runRates].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    steps_per_second: median, run_rates: runRates, steps_per_run: stepsPerRun, run_seconds: runSecondsMeasured,
    total_steps: totalSteps,
  };
}

// Units per layer as the core builds the MLP (roofline.h mlp_layer_sizes): input, depth x width, then
// one logit for binary cross-entropy or one per class.
export function mlpLayerSizes(config, inputDim, numClasses) {
  const outputs = config.loss === 'bce' ? 1 : numClasses;
  return [inputDim, ...Array(config.depth).fill(config.width), outputs];
}

export function printLine(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

// Runs main(options) with the parsed command line; any error prints one line and exits non-zero.
export function runBenchMain(main) {
  main(parseBenchArgs()).catch((error) => {
    process.stderr.write(`${path.basename(process.argv[1])}: ${error.stack || error}\n`);
    process.exit(1);
  });
}
