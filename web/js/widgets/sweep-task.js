// The sweep widget's work (sweep.js), in a module of its own so that the benchmark replays exactly
// the same runs in node (tests/bench/multirun_figures.mjs): the task, the swept values, and how a
// point is trained (step 1 for the values at initialization, then chunks of CHUNK steps).
export const TASK = { dataset: 'moons', num_samples: 400, noise: 0.15, seed: 3, width: 16, loss: 'bce', optimizer: 'sgd', learning_rate: 0.05, batch_size: 32 };
export const SWEEPS = {
  depth: { values: [2, 5, 10, 20, 30, 50, 100, 150, 200], field: 'depth', fixed: { gain: 1 } },
  gain: { values: [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3], field: 'gain', fixed: { depth: 30 } },
};
export const STEP_CHOICES = [100, 200, 400];
export const CHUNK = 50;  // steps per engine call, so a cancel takes effect quickly

// The engine config of one sweep point.
export function pointConfig(kind, value, { activation, init }) {
  const sweep = SWEEPS[kind];
  return { ...TASK, activation, init, ...sweep.fixed, [sweep.field]: value, telemetry_every: CHUNK, hist_bins: 4 };
}
