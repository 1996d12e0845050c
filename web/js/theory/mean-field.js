// The two halves of "theory beside the measurement": the gradient norm per hidden layer that the
// core's trainer measures at initialization, and the core's mean_field prediction of the same
// profile, anchored on the measured last hidden layer (the theory predicts ratios between layers).
const LEAKY_ALPHA = 0.01;  // the Config default, which the widgets keep

// One training step's telemetry is the gradient at the initial weights (the update comes after the
// measurement). Returns { gradWNorm: hidden layers 0..depth-1, qInput, inputDim }.
export async function measureAtInit(engine, config) {
  const trainer = await engine.createTrainer({ ...config, telemetry_every: 1, hist_bins: 4 });
  try {
    const snapshot = await trainer.step(1);
    const data = await trainer.data();
    // The theory's q_input: the mean squared input coordinate of the data fed to the network.
    let sumOfSquares = 0;
    for (const value of data.trainInputs) sumOfSquares += value * value;
    return {
      gradWNorm: Array.from(snapshot.telemetry.grad_w_norm.slice(0, config.depth)),
      qInput: sumOfSquares / data.trainInputs.length,
      inputDim: data.inputDim,
      width: config.width,
    };
  } finally {
    trainer.dispose();
  }
}

// { supported, chiStar, profile } with profile[l] the predicted ||dL/dW_l||. The core's
// grad_profile compares root-mean-square gradient entries; the Frobenius norm of layer 0, whose
// fan-in is the input dimension rather than the width, has sqrt(input_dim / width) of that size
// (theory.cpp's note on grad_profile).
export async function predictProfile(engine, config, sigmaW2, sigmaB2, measured) {
  const prediction = await engine.call('mean_field', [config.activation, LEAKY_ALPHA, sigmaW2, sigmaB2, config.depth, measured.qInput]);
  if (!prediction.supported) return { supported: false };
  const last = config.depth - 1;
  const anchor = measured.gradWNorm[last] / prediction.grad_profile[last];
  const firstLayerFactor = Math.sqrt(measured.inputDim / measured.width);
  const profile = Array.from(prediction.grad_profile, (value, layer) => value * anchor * (layer === 0 ? firstLayerFactor : 1));
  return { supported: true, chiStar: prediction.chi_star, chi: Array.from(prediction.chi), profile };
}
