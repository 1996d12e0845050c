// The mean-field prediction of the gradient norm per layer (issue 6) for the playground's running
// config, drawn dashed over what it predicts: each example's own gradient ‖∂L_e/∂W_l‖, RMS over the
// batch, measured at initialization (the batch-mean gradient the chart's solid lines show is smaller
// where examples cancel, so the theory is not drawn over it). Around it the finite-width band: the
// range of that measurement over BAND_SEEDS other seeds at this width and batch. The maths is the
// core's (the run's own gradient_profile_at_init, read from its step-0 telemetry, and profile_band).
// The theory's random biases of variance σ_b² are matched, as in the phase diagram, by biases that
// all start at b = sqrt(σ_b²), so σ_b² = bias_init².
//
// Memory: the measurement is the live run's step 0, so no second network competes with the run for
// its engine's heap; the band builds one small network at a time (BAND_WORK_LIMIT), on the page's
// engine, not the playground's (the core refuses it when it does not fit: then it is left out).
//
// The theory module is imported on demand: the overlay is an extra, and if it cannot be had the
// measured chart stands alone rather than the whole playground failing to load.

export const BAND_SEEDS = 16;
// The band costs BAND_SEEDS initializations with one forward/backward and one evaluation each;
// above this many multiply-adds (depth · width² · (batch + samples)) per seed it is left out so the
// page's engine, which the other widgets share, stays responsive.
const BAND_WORK_LIMIT = 4e8;
const DIGITS_SAMPLES = 1797;

function bandWork(config) {
  const samples = config.dataset === 'digits' ? DIGITS_SAMPLES : config.num_samples;
  return config.depth * config.width * config.width * (config.batch_size + samples);
}

// Mean-field theory describes plain dense networks: not batch norm, residual connections or maxout.
export function theoryDescribes(config) {
  return !config.batch_norm && !(config.residual_every > 0) && config.activation !== 'maxout';
}

// { supported, measured, profile, bandLow, bandHigh, bandSeeds, width, chiStar } or
// { supported: false }. measured: the per-example profile at initialization; profile: the prediction
// placed on its last hidden layer; bandLow/bandHigh: null when the band was not computed.
// run: the playground's fresh run, before its first step (the request is queued at once, ahead of
// any step); bandEngine: where the band's networks are built.
export async function predictGradientProfile(run, bandEngine, config) {
  const sigmaB2 = config.bias_init ** 2;
  const atInit = run.gradientProfileAtInit(sigmaB2);
  const band = bandWork(config) <= BAND_WORK_LIMIT
    ? bandEngine.call('profile_band', [config, sigmaB2, BAND_SEEDS]).catch(() => null)
    : null;
  const [answer, bandResult, { gradientProfileOf }] = await Promise.all([atInit, band, import('../engine/mean-field.js')]);
  const result = gradientProfileOf(answer);
  if (!result.supported) return { supported: false };
  const bandUsable = bandResult && !bandResult.error && bandResult.low.length === result.profile.length;
  return {
    supported: true,
    measured: result.measured,
    profile: result.profile,
    bandLow: bandUsable ? result.profile.map((value, i) => value * bandResult.low[i]) : null,
    bandHigh: bandUsable ? result.profile.map((value, i) => value * bandResult.high[i]) : null,
    bandSeeds: BAND_SEEDS,
    width: config.width,
    chiStar: result.chiStar,
  };
}
