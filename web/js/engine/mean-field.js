// The two halves of "theory beside the measurement", both from the core's
// gradient_profile_at_init: the gradient norm per hidden layer its trainer measures at
// initialization (the step-0 telemetry: the gradient at the initial weights on the first batch)
// and the mean-field prediction of the same profile for that network and data (each layer's own
// fan-in and sigma_w2), placed on the measured last hidden layer (the theory predicts ratios).

// Resolves to { supported, measured, profile, firstToLast: { measured, predicted }, chiStar,
// sigmaW2 } for hidden layers 0..depth-1, or rejects with the config's validation message.
// sigmaB2: the variance of the theory's random biases that the config's bias_init stands for.
export async function gradientProfileAtInit(engine, config, sigmaB2) {
  return gradientProfileOf(await engine.call('gradient_profile_at_init', [config, sigmaB2]));
}

// The same shape from the core's answer: the free function's above, or a live run's
// run.gradientProfileAtInit(sigmaB2) (its step-0 telemetry, no second network). Throws its error.
export function gradientProfileOf(result) {
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
