#include "telemetry.h"

#include <algorithm>
#include <cmath>

#include "norms.h"

namespace vg {
namespace {

// Adds every finite or infinite value to `num_bins` equal bins over [lo, hi]; values outside clamp
// into the end bins, NaN is not counted. Four interleaved integer tallies keep consecutive values
// that land in the same bin (a saturated layer) from waiting on each other's increment.
template <typename Derived, typename Scalar>
void add_to_histogram(const Eigen::DenseBase<Derived>& values, Scalar lo, Scalar hi, Scalar* bins, int num_bins,
                      std::vector<int>& tallies) {
  std::fill(tallies.begin(), tallies.begin() + 4 * num_bins, 0);
  int* tally[4] = {&tallies[0], &tallies[num_bins], &tallies[2 * num_bins], &tallies[3 * num_bins]};
  const Scalar scale = static_cast<Scalar>(num_bins) / (hi - lo);
  const Scalar last = static_cast<Scalar>(num_bins - 1);
  const Derived& array = values.derived();
  const Eigen::Index count = array.size();
  for (Eigen::Index i = 0; i < count; ++i) {
    Scalar position = (array.coeff(i) - lo) * scale;
    if (!(position >= Scalar(0))) {
      if (std::isnan(position)) continue;
      position = Scalar(0);
    }
    if (position > last) position = last;
    ++tally[i & 3][static_cast<int>(position)];
  }
  for (int bin = 0; bin < num_bins; ++bin)
    bins[bin] += static_cast<Scalar>(tally[0][bin] + tally[1][bin] + tally[2][bin] + tally[3][bin]);
}

}  // namespace

template <typename Scalar>
void TelemetryRecorder<Scalar>::allocate(Telemetry<Scalar>& telemetry, const Network<Scalar>& network,
                                         int hist_bins) {
  const int layers = network.num_layers();
  telemetry.num_layers = layers;
  telemetry.hist_bins = hist_bins;
  for (const auto& array : kTelemetryArrays<Scalar>)
    (telemetry.*array.member).assign(static_cast<std::size_t>(layers) * (array.histogram ? hist_bins : 1), Scalar(0));
  double lo = 0, hi = 1;
  activation_range(network.shape().activation, lo, hi);
  telemetry.act_hist_lo = static_cast<Scalar>(lo);
  telemetry.act_hist_hi = static_cast<Scalar>(hi);

  weights_before_.resize(static_cast<std::size_t>(layers));
  Eigen::Index largest = 0;
  for (int l = 0; l < layers; ++l) {
    weights_before_[static_cast<std::size_t>(l)] = network.dense(l).W;
    largest = std::max(largest, network.dense(l).W.size());
  }
  log_magnitude_.setZero(largest);
  tallies_.assign(4 * static_cast<std::size_t>(hist_bins), 0);
}

template <typename Scalar>
void TelemetryRecorder<Scalar>::clear(Telemetry<Scalar>& telemetry) {
  for (const auto& array : kTelemetryArrays<Scalar>)
    std::fill((telemetry.*array.member).begin(), (telemetry.*array.member).end(), Scalar(0));
}

template <typename Scalar>
void TelemetryRecorder<Scalar>::record_gradients_and_activations(Telemetry<Scalar>& telemetry,
                                                                 const Network<Scalar>& network,
                                                                 const ErrorSignalNorms<Scalar>& norms) {
  const Activation activation = network.shape().activation;
  const Scalar saturation_threshold = static_cast<Scalar>(0.01 * max_derivative(activation));
  const int bins = telemetry.hist_bins;
  const double inv_ln10 = 1.0 / std::log(10.0);
  std::fill(telemetry.act_hist.begin(), telemetry.act_hist.end(), Scalar(0));
  std::fill(telemetry.grad_hist.begin(), telemetry.grad_hist.end(), Scalar(0));

  for (int l = 0; l < network.num_layers(); ++l) {
    const std::size_t index = static_cast<std::size_t>(l);
    const bool is_output = l == network.depth();
    const Dense<Scalar>& dense = network.dense(l);
    telemetry.grad_w_norm[index] = static_cast<Scalar>(frobenius_norm(dense.dW));
    telemetry.grad_b_norm[index] = static_cast<Scalar>(frobenius_norm(dense.db));
    telemetry.delta_norm[index] = norms.delta_mean[index];
    telemetry.delta_rms[index] = norms.delta_rms[index];
    telemetry.example_grad_w_rms[index] = norms.grad_w_rms[index];

    // The layer's output: phi(u) for hidden layers (before any shortcut), the logits for the output.
    const ArrayXX<Scalar>& act = is_output ? network.logits() : network.hidden(l).act;
    const double mean = act.template cast<double>().mean();
    const double variance = (act.template cast<double>() - mean).square().mean();
    telemetry.act_mean[index] = static_cast<Scalar>(mean);
    telemetry.act_std[index] = static_cast<Scalar>(std::sqrt(variance));
    telemetry.saturated_frac[index] = 0;
    telemetry.dead_frac[index] = 0;
    if (!is_output && saturates(activation)) {
      const ArrayXX<Scalar>& deriv = network.hidden(l).deriv;
      telemetry.saturated_frac[index] =
          static_cast<Scalar>(static_cast<double>((deriv < saturation_threshold).count()) / deriv.size());
    }
    if (!is_output && can_die(activation)) {
      const Eigen::Index dead = (act == Scalar(0)).rowwise().all().count();
      telemetry.dead_frac[index] = static_cast<Scalar>(static_cast<double>(dead) / act.rows());
    }
    add_to_histogram(act, telemetry.act_hist_lo, telemetry.act_hist_hi, &telemetry.act_hist[index * bins], bins, tallies_);

    // log10 |dL/dW| per entry; exact zeros give -inf, which clamps into bin 0.
    const Eigen::Index count = dense.dW.size();
    const Eigen::Map<const ArrayX<Scalar>> gradient(dense.dW.data(), count);
    log_magnitude_.head(count) = gradient.abs().log() * static_cast<Scalar>(inv_ln10);
    add_to_histogram(log_magnitude_.head(count), telemetry.grad_hist_lo, telemetry.grad_hist_hi,
                     &telemetry.grad_hist[index * bins], bins, tallies_);
  }
}

template <typename Scalar>
void TelemetryRecorder<Scalar>::snapshot_weights(const Network<Scalar>& network) {
  for (int l = 0; l < network.num_layers(); ++l) weights_before_[static_cast<std::size_t>(l)] = network.dense(l).W;
}

template <typename Scalar>
void TelemetryRecorder<Scalar>::record_weights(Telemetry<Scalar>& telemetry, const Network<Scalar>& network) const {
  for (int l = 0; l < network.num_layers(); ++l) {
    const std::size_t index = static_cast<std::size_t>(l);
    const Matrix<Scalar>& before = weights_before_[index];
    const Matrix<Scalar>& after = network.dense(l).W;
    const double before_norm = frobenius_norm(before);
    telemetry.weight_norm[index] = static_cast<Scalar>(frobenius_norm(after));
    telemetry.update_ratio[index] =
        before_norm > 0 ? static_cast<Scalar>(frobenius_norm(after - before) / before_norm) : Scalar(0);
  }
}

template class TelemetryRecorder<float>;
template class TelemetryRecorder<double>;

}  // namespace vg
