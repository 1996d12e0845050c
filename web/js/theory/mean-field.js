// The two halves of "theory beside the measurement", both from the core's
// gradient_profile_at_init: the gradient norm per hidden layer its trainer measures at
// initialization (one step: the telemetry of the first step is the gradient at the initial weights)
// and the mean-field prediction of the same profile for that network and data (each layer's own
// fan-in and sigma_w2), placed on the measured last hidden layer (the theory predicts ratios).

// Resolves to { supported, measured, profile, firstToLast: { measured, predicted }, chiStar,
// sigmaW2 } for hidden layers 0..depth-1, or rejects with the config's validation message.
// sigmaB2: the variance of the theory's random biases that the config's bias_init stands for.
export async function gradientProfileAtInit(engine, config, sigmaB2) {
  const result = await engine.call('gradient_profile_at_init', [config, sigmaB2]);
  if (result.error) throw new Error(result.error);
  const { theory } = result;
  return {
    supported: theory.supported,
    measured: Array.from(result.measured),
    profile: Array.from(result.predicted),
    // The prediction is relative to the last hidden layer, so its first entry is the ratio itself.
    firstToLast: { measured: result.measured_first_to_last, predicted: theory.grad_profile[0] },
    chiStar: theory.chi_star,
    sigmaW2: theory.sigma_w2,
  };
}
