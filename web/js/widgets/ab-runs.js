// The A/B widget's default pair and pacing (ab.js), in a module of its own so that the benchmark
// replays the same runs in node (tests/bench/multirun_figures.mjs).
// The pair's ids, in the order of their runs, charts' datasets and engines.
export const RUNS = ['a', 'b'];
export const STEPS_PER_TICK = 10;
export const DEFAULT_STEPS = 400;
export const DEFAULT_CONFIGS = {
  a: { dataset: 'moons', depth: 20, width: 32, activation: 'sigmoid', init: 'xavier_uniform', learning_rate: 0.1, seed: 1 },
  b: { dataset: 'moons', depth: 20, width: 32, activation: 'relu', init: 'he_normal', learning_rate: 0.1, seed: 1 },
};

// The engine config of one run: the page measures telemetry once per tick.
export function engineConfig(config) {
  return { ...config, telemetry_every: STEPS_PER_TICK, hist_bins: 4 };
}
