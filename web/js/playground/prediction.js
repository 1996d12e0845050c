// The mean-field prediction of the gradient norm per layer (issue 6) for the playground's current
// config, drawn dashed over the measured profile. The maths is the core's (mean_field,
// sigma_w2_of); ../theory/mean-field.js measures the profile at initialization and anchors the
// prediction on it. The theory's random biases of variance σ_b² are matched, as in the phase
// diagram, by biases that all start at b = sqrt(σ_b²), so σ_b² = bias_init².
import { measureAtInit, predictProfile } from '../theory/mean-field.js';

// { supported, profile, chiStar, beyondTheory } or { supported: false }.
export async function predictGradientProfile(engine, config) {
  if (config.activation === 'maxout') return { supported: false };
  const sigmaW2 = await engine.call('sigma_w2_of', [config, config.width, config.width]);
  if (!Number.isFinite(sigmaW2)) return { supported: false };
  const measured = await measureAtInit(engine, config);
  const predicted = await predictProfile(engine, config, sigmaW2, config.bias_init ** 2, measured);
  if (!predicted.supported) return { supported: false };
  return {
    supported: true,
    profile: predicted.profile,
    chiStar: predicted.chiStar,
    beyondTheory: config.batch_norm || config.residual_every > 0,
  };
}
