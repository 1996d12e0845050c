// How many training steps one request to the worker should ask for. A request costs a fixed part
// (the telemetry and evaluation measured once, on its last step, plus the round trip) and a part
// per step: time ≈ fixedMs + k · perStepMs. Dividing a request's time by k would charge the fixed
// part to every step, so on deep nets (where it is several steps' worth) k would stay at 1 and
// every step would pay for a full telemetry pass. Instead the two parts are fitted by least
// squares over recent requests, which are made with at least two different k on purpose.

const WINDOW = 12;           // recent requests in the fit
const PROBE_EVERY = 4;       // every 4th request uses a larger k, so the fit sees two k values
const FIXED_SHARE = 1 / 3;   // the fixed part may take at most this share of a request
const MAX_GROWTH = 4;        // k grows at most 4x per request (one noisy timing cannot run away)

export function createStepCost({ maxSteps }) {
  let samples = [];   // { steps, ms }
  let fixedMs = 0;
  let perStepMs = null;
  let chosen = 1;     // the k of the latest request
  let requests = 0;

  function fit() {
    const n = samples.length;
    const meanK = samples.reduce((sum, s) => sum + s.steps, 0) / n;
    const meanMs = samples.reduce((sum, s) => sum + s.ms, 0) / n;
    let covariance = 0;
    let variance = 0;
    for (const s of samples) {
      covariance += (s.steps - meanK) * (s.ms - meanMs);
      variance += (s.steps - meanK) ** 2;
    }
    const slope = variance > 0 ? covariance / variance : NaN;
    const intercept = meanMs - slope * meanK;
    if (Number.isFinite(slope) && slope > 0 && intercept >= 0) {
      perStepMs = slope;
      fixedMs = intercept;
      return;
    }
    // One k only, or noise that tilts the line: the per-step time through the origin, an upper
    // bound on the true one (it carries the fixed part), so k errs on the small side.
    const sumKMs = samples.reduce((sum, s) => sum + s.steps * s.ms, 0);
    const sumKK = samples.reduce((sum, s) => sum + s.steps * s.steps, 0);
    perStepMs = Math.max(sumKMs / sumKK, 1e-3);
    fixedMs = 0;
  }

  return {
    get fixedMs() { return fixedMs; },
    get perStepMs() { return perStepMs; },
    // A finished request of `steps` steps that took `ms` milliseconds.
    record(steps, ms) {
      if (!(steps >= 1) || !(ms >= 0)) return;
      samples.push({ steps, ms });
      if (samples.length > WINDOW) samples.shift();
      fit();
    },
    // Steps for the next request so that it takes about targetMs, or longer when the fixed part
    // alone would take more than FIXED_SHARE of that.
    next(targetMs) {
      requests += 1;
      const distinctK = new Set(samples.map((s) => s.steps)).size;
      let k;
      if (perStepMs === null) {
        k = 1;
      } else if (distinctK < 2) {
        k = chosen * 2;  // bootstrap: a second k value for the fit
      } else {
        const budget = Math.max(targetMs, fixedMs / FIXED_SHARE);
        k = Math.round((budget - fixedMs) / perStepMs);
        if (requests % PROBE_EVERY === 0) k += Math.max(1, Math.round(k / 2));
      }
      const largestSeen = samples.reduce((most, s) => Math.max(most, s.steps), 1);
      k = Math.max(1, Math.min(maxSteps, largestSeen * MAX_GROWTH, k));
      chosen = k;
      return k;
    },
    reset() {
      samples = [];
      fixedMs = 0;
      perStepMs = null;
      chosen = 1;
      requests = 0;
    },
  };
}
