// The metrics that presets.json's checks name, read off an engine snapshot (the same definitions as
// tests/core/test_presets.cpp reads off the CLI's telemetry file), and the evaluation of a check.
// Nothing is computed here beyond reading the core's numbers and one ratio.

// metric name -> value for one snapshot of a network with `depth` hidden layers. Non-finite values
// stay NaN, which fails every comparison (as null does in the C++ test).
export function metricsOf(snapshot, depth) {
  const { stats, telemetry } = snapshot;
  const grad = telemetry.grad_w_norm;
  return {
    first_layer_grad_norm: grad[0],
    first_to_last_grad_ratio: grad[0] / grad[depth - 1],
    top_hidden_act_mean: telemetry.act_mean[depth - 1],
    test_loss: stats.test_loss,
    diverged: stats.status === 'diverged' ? 1 : 0,
  };
}

// A check of presets.json against measured metrics ({ runId: { init, final } }, each a metricsOf
// result). Returns { holds, left, right } or null while a needed measurement is missing.
export function evaluateCheck(check, measured) {
  const left = measured[check.run]?.[check.at]?.[check.metric];
  if (left === undefined) return null;
  let right = check.value;
  if (check.other !== undefined) {
    const other = measured[check.other]?.[check.at]?.[check.metric];
    if (other === undefined) return null;
    right = check.times * other;
  }
  const holds = check.relation === '<' ? left < right : left > right;
  return { holds, left, right };
}
