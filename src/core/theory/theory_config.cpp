#include "theory/theory_config.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "datasets.h"
#include "trainer.h"

namespace vg {
namespace {

template <typename Values>
double mean_square(const Values& values) {
  double sum = 0;
  for (const auto value : values) sum += static_cast<double>(value) * static_cast<double>(value);
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

// The hidden layers' entries of a telemetry array (the last entry is the output layer's).
template <typename Scalar>
std::vector<double> hidden_layers(const std::vector<Scalar>& values) {
  return std::vector<double>(values.begin(), values.end() - 1);
}

}  // namespace

ConfigMeanField mean_field_for_config(const Config& config, double sigma_b2, double q_input) {
  ConfigMeanField out;
  out.q_input = q_input;
  if (!validate(config).empty()) {
    out.prediction.supported = false;
    return out;
  }
  const int input_dim = dataset_input_dim(config.dataset);
  out.sigma_w2_first = sigma_w2_of(config, input_dim, config.width);
  out.sigma_w2 = sigma_w2_of(config, config.width, config.width);
  MeanFieldNetwork network;
  network.activation = config.activation;
  network.leaky_alpha = config.leaky_alpha;
  network.sigma_w2_first = out.sigma_w2_first;
  network.sigma_w2 = out.sigma_w2;
  network.sigma_b2 = sigma_b2;
  network.depth = config.depth;
  network.input_dim = input_dim;
  network.width = config.width;
  network.q_input = q_input;
  out.prediction = mean_field(network);
  return out;
}

ConfigMeanField mean_field_for_config(const Config& config, double sigma_b2) {
  if (!validate(config).empty()) return mean_field_for_config(config, sigma_b2, 0.0);
  const Dataset data = make_dataset(config);
  return mean_field_for_config(config, sigma_b2, mean_square(data.train_x));
}

template <typename Scalar>
GradientProfileAtInit gradient_profile_at_init(const Config& config, double sigma_b2) {
  Trainer<Scalar> trainer;
  const std::string error = trainer.configure(config);
  if (!error.empty()) {
    GradientProfileAtInit out;
    out.error = error;
    out.theory.prediction.supported = false;
    return out;
  }
  return gradient_profile_of(trainer, sigma_b2);
}

template <typename Scalar>
GradientProfileAtInit gradient_profile_of(const Trainer<Scalar>& trainer, double sigma_b2) {
  GradientProfileAtInit out;
  const Config& config = trainer.config();
  const auto& per_example = trainer.telemetry().example_grad_w_rms;
  if (trainer.stats().step != 0 || config.depth < 1 || per_example.size() != static_cast<std::size_t>(config.depth) + 1) {
    out.error = "the gradient at initialization is read at step 0 of a configured run (after configure or reset)";
    out.theory.prediction.supported = false;
    return out;
  }
  // The step-0 telemetry (Trainer's restart): the gradient at the initial weights on the first batch.
  out.measured = hidden_layers(per_example);
  out.measured_batch_mean = hidden_layers(trainer.telemetry().grad_w_norm);
  const double last = out.measured.back();
  out.measured_first_to_last = out.measured[0] / last;
  out.theory = mean_field_for_config(config, sigma_b2, mean_square(trainer.train_inputs()));
  if (out.theory.prediction.supported) {
    out.predicted = out.theory.prediction.grad_profile;
    for (double& value : out.predicted) value *= last;
  }
  return out;
}

template GradientProfileAtInit gradient_profile_at_init<float>(const Config&, double);
template GradientProfileAtInit gradient_profile_at_init<double>(const Config&, double);
template GradientProfileAtInit gradient_profile_of<float>(const Trainer<float>&, double);
template GradientProfileAtInit gradient_profile_of<double>(const Trainer<double>&, double);

template <typename Scalar>
ProfileBand profile_band(const Config& config, double sigma_b2, int seeds) {
  ProfileBand out;
  out.error = validate(config);
  if (!out.error.empty() || seeds < 1 || seeds > kMaxProfileBandSeeds) return out;
  const MeanFieldPrediction prediction = mean_field_for_config(config, sigma_b2).prediction;
  if (!prediction.supported) {
    out.error = "no mean-field prediction for this config";
    return out;
  }
  const auto depth = static_cast<std::size_t>(config.depth);
  out.low.assign(depth, std::numeric_limits<double>::infinity());
  out.high.assign(depth, -std::numeric_limits<double>::infinity());
  Config seeded = config;
  for (int s = 1; s <= seeds; ++s) {
    seeded.seed = config.seed + static_cast<std::uint64_t>(s);
    Trainer<Scalar> trainer;
    trainer.configure(seeded);  // measures the gradient at the initial weights (step 0)
    const std::vector<double> measured = hidden_layers(trainer.telemetry().example_grad_w_rms);
    for (std::size_t l = 0; l < depth; ++l) {
      // NaN (an overflowed or empty measurement) fails both comparisons and leaves the band as is.
      const double ratio = measured[l] / measured[depth - 1] / prediction.grad_profile[l];
      if (ratio < out.low[l]) out.low[l] = ratio;
      if (ratio > out.high[l]) out.high[l] = ratio;
    }
  }
  return out;
}

template <typename Scalar>
JacobianSpectrumTheory jacobian_spectrum_theory(const Config& config, int num_inputs) {
  JacobianSpectrumTheory out;
  Trainer<Scalar> trainer;
  out.error = trainer.configure(config);
  const int input_dim = trainer.input_dim();
  if (!out.error.empty() || config.init == Init::ScaledIdentity || config.batch_norm || config.residual_every > 0 ||
      config.width != input_dim || num_inputs < 1) {
    out.prediction.supported = false;
    return out;
  }
  MeanFieldNetwork shape;
  shape.activation = config.activation;
  shape.leaky_alpha = config.leaky_alpha;
  shape.sigma_w2_first = sigma_w2_of(config, input_dim, config.width);
  shape.sigma_w2 = sigma_w2_of(config, config.width, config.width);
  shape.sigma_b2 = config.bias_init * config.bias_init;  // as elsewhere: every bias starts at b
  shape.depth = config.depth;
  shape.input_dim = input_dim;
  shape.width = config.width;
  const auto& inputs = trainer.train_inputs();
  const int count = std::min(num_inputs, static_cast<int>(inputs.size()) / input_dim);
  std::vector<double> q_inputs;
  for (int e = 0; e < count; ++e) {
    const std::vector<Scalar> one(inputs.begin() + static_cast<std::ptrdiff_t>(e) * input_dim,
                                  inputs.begin() + static_cast<std::ptrdiff_t>(e + 1) * input_dim);
    q_inputs.push_back(mean_square(one));
  }
  out.prediction = jacobian_spectrum_prediction(shape, q_inputs, config.init == Init::Orthogonal);
  return out;
}

template JacobianSpectrumTheory jacobian_spectrum_theory<float>(const Config&, int);
template JacobianSpectrumTheory jacobian_spectrum_theory<double>(const Config&, int);

template ProfileBand profile_band<float>(const Config&, double, int);
template ProfileBand profile_band<double>(const Config&, double, int);

}  // namespace vg
