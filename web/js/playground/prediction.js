// The mean-field prediction of the gradient norm per layer (issue 6) for the playground's current
// config, drawn dashed over the measured profile. The maths is the core's
// (gradient_profile_at_init, through ../theory/mean-field.js). The theory's random biases of
// variance σ_b² are matched, as in the phase diagram, by biases that all start at b = sqrt(σ_b²),
// so σ_b² = bias_init².
//
// The theory module is imported on demand: the overlay is an extra, and if it cannot be had the
// measured chart stands alone rather than the whole playground failing to load.

// { supported, profile, chiStar, beyondTheory } or { supported: false }.
export async function predictGradientProfile(engine, config) {
  const { gradientProfileAtInit } = await import('../theory/mean-field.js');
  const result = await gradientProfileAtInit(engine, config, config.bias_init ** 2);
  if (!result.supported) return { supported: false };
  return {
    supported: true,
    profile: result.profile,
    chiStar: result.chiStar,
    beyondTheory: config.batch_norm || config.residual_every > 0,
  };
}
