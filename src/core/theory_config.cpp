#include "theory_config.h"

#include <cstddef>

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
  const Dataset data = make_dataset(config.dataset, config.num_samples, config.noise, config.test_fraction, config.seed);
  return mean_field_for_config(config, sigma_b2, mean_square(data.train_x));
}

template <typename Scalar>
GradientProfileAtInit gradient_profile_at_init(const Config& config, double sigma_b2) {
  GradientProfileAtInit out;
  Trainer<Scalar> trainer;
  out.error = trainer.configure(config);
  if (!out.error.empty()) {
    out.theory.prediction.supported = false;
    return out;
  }
  trainer.step(1);  // telemetry of the first step: the gradient at the initial weights
  const auto& grad_w_norm = trainer.telemetry().grad_w_norm;
  const auto depth = static_cast<std::size_t>(config.depth);
  out.measured.assign(grad_w_norm.begin(), grad_w_norm.begin() + static_cast<std::ptrdiff_t>(depth));
  const double last = out.measured[depth - 1];
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

}  // namespace vg
