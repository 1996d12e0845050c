// The mean-field prediction against the real network: for wide layers (width 256), averaged over
// seeds, the per-layer profiles the Trainer measures at initialization follow theory.h.
//
// Each seed gives one example (batch 1: the theory is per example) of the two-Gaussians data and a
// fresh network; its step-0 telemetry is compared with the prediction for that example's q_input.
// Profiles: ||dL/dW_l|| (the prediction's grad_profile), the error signal ||dL/dz_l|| (sqrt of the
// product of chi) and the layer outputs' size (from q). The theory predicts expected squares, so per
// layer the test compares sqrt(sum over seeds of measured^2 / sum of predicted^2) (see ProfileSums).
// The prediction is the config-level one (theory_config.h), which gives the first layer its own
// fan-in and, with Xavier, its own sigma_w2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "config.h"
#include "datasets.h"
#include "theory/theory.h"
#include "theory/theory_config.h"
#include "trainer.h"

namespace {

constexpr int kWidth = 256;
constexpr int kDepth = 12;
constexpr int kSeeds = 16;

struct ProfileDeviation {
  // Measured / predicted per hidden layer, for the profile's shape across layers.
  std::vector<double> weight_gradient;  // ||dL/dW_l||_F
  std::vector<double> error_signal;     // ||dL/dz_l|| (telemetry delta_norm)
  std::vector<double> activation_size;  // RMS of the layer's output vs sqrt((q_{l+1} - sigma_b2) / sigma_w2)
  double worst = 0;                     // largest deviation of all of the above from 1, as a factor - 1
};

// One profile over the seeds. Each seed's measured profile is first divided by its geometric-mean
// ratio to the prediction (the profiles are relative, and anchoring them on one noisy layer would
// shift a whole seed); then sums of squares are compared, since the theory predicts expected squares.
class ProfileSums {
 public:
  explicit ProfileSums(std::size_t layers)
      : measured_(layers), predicted_(layers), measured_sq_(layers, 0.0), predicted_sq_(layers, 0.0) {}
  void set(std::size_t l, double measured, double predicted) {
    measured_[l] = measured;
    predicted_[l] = predicted;
  }
  void end_seed() {
    double log_scale = 0;
    for (std::size_t l = 0; l < measured_.size(); ++l) log_scale += std::log(measured_[l] / predicted_[l]);
    const double scale = std::exp(log_scale / static_cast<double>(measured_.size()));
    for (std::size_t l = 0; l < measured_.size(); ++l) {
      measured_sq_[l] += std::pow(measured_[l] / scale, 2);
      predicted_sq_[l] += std::pow(predicted_[l], 2);
    }
  }
  std::vector<double> factors() const {  // measured / predicted per layer
    std::vector<double> out;
    for (std::size_t l = 0; l < measured_.size(); ++l) out.push_back(std::sqrt(measured_sq_[l] / predicted_sq_[l]));
    return out;
  }

 private:
  std::vector<double> measured_, predicted_, measured_sq_, predicted_sq_;
};

ProfileDeviation measure(vg::Activation activation, vg::Init init) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Gaussians;
  config.num_samples = 20;
  config.test_fraction = 0;  // nothing to evaluate but the 20 training points
  config.depth = kDepth;
  config.width = kWidth;
  config.activation = activation;
  config.init = init;
  config.batch_size = 1;
  config.loss = vg::LossKind::BinaryCrossEntropy;
  const int input_dim = vg::dataset_input_dim(config.dataset);

  const std::size_t layers = kDepth, last = layers - 1;
  ProfileSums weight(layers), error(layers), size(last);
  for (int seed = 1; seed <= kSeeds; ++seed) {
    config.seed = static_cast<std::uint64_t>(seed);
    vg::Trainer<double> trainer;
    const std::string message = trainer.configure(config);
    INFO(message);
    REQUIRE(message.empty());
    const vg::Trainer<double>::GradientDump dump = trainer.dump_first_batch();
    REQUIRE(dump.inputs.size() == static_cast<std::size_t>(input_dim));
    double q_input = 0;
    for (double x : dump.inputs) q_input += x * x / input_dim;

    const vg::ConfigMeanField theory = vg::mean_field_for_config(config, 0.0, q_input);
    const vg::MeanFieldPrediction& p = theory.prediction;
    REQUIRE(p.supported);
    const vg::Telemetry<double>& t = trainer.telemetry();
    for (std::size_t l = 0; l < layers; ++l) {
      weight.set(l, t.grad_w_norm[l] / t.grad_w_norm[last], p.grad_profile[l]);
      error.set(l, t.delta_norm[l] / t.delta_norm[last], p.delta_profile[l]);
      if (l < last) {
        const double mean_square = t.act_std[l] * t.act_std[l] + t.act_mean[l] * t.act_mean[l];
        size.set(l, std::sqrt(mean_square), std::sqrt(p.q[l + 1] / theory.sigma_w2));
      }
    }
    weight.end_seed();
    error.end_seed();
    size.end_seed();
  }
  ProfileDeviation out;
  auto collect = [&out](const ProfileSums& sums, std::vector<double>& factors) {
    factors = sums.factors();
    for (double factor : factors) out.worst = std::max(out.worst, std::max(factor, 1 / factor) - 1);
  };
  collect(weight, out.weight_gradient);
  collect(error, out.error_signal);
  collect(size, out.activation_size);
  return out;
}

// The rows, for the failure message (and `vg-tests -s`).
std::string describe(const char* name, const ProfileDeviation& d) {
  char line[64];
  std::string text = name;
  std::snprintf(line, sizeof line, ": measured / predicted, layer 0 first; worst %.1f%%\n", 100 * d.worst);
  text += line;
  auto row = [&](const char* label, const std::vector<double>& factors) {
    text += label;
    for (double factor : factors) {
      std::snprintf(line, sizeof line, " %.3f", factor);
      text += line;
    }
    text += "\n";
  };
  row("  ||dL/dW||", d.weight_gradient);
  row("  ||delta||", d.error_signal);
  row("  RMS(a)   ", d.activation_size);
  return text;
}

}  // namespace

// The tolerance. Seeds 1..16 measure worst deviations of 5.5% (ReLU), 3.9% (tanh, LeCun) and 3.7%
// (tanh, He); other sets of 16 seeds reached 12%; with 96 seeds the deviations drop to 6% (ReLU) and
// 3% (tanh), the finite-width part. The predicted profiles span a factor 7 (tanh, LeCun: the error
// signal at layer 0 is 0.15 of the last layer's) and 2.8 (tanh, He: ||dL/dW_0|| is 2.8 times the
// last layer's), so 15% separates a right prediction from a wrong one.
constexpr double kProfileTolerance = 0.15;

TEST_CASE("mean field vs network: ReLU with He init (critical: flat profiles)", "[theory]") {
  // ReLU is positively homogeneous and the biases are zero, so any other sigma_w2 (e.g. LeCun's
  // chi = 1/2) scales measurement and prediction alike: this one case covers them all.
  const ProfileDeviation d = measure(vg::Activation::ReLU, vg::Init::HeNormal);
  INFO(describe("relu he_normal", d));
  CHECK(d.worst < kProfileTolerance);
}

TEST_CASE("mean field vs network: tanh with LeCun init (ordered, saturating start)", "[theory]") {
  const ProfileDeviation d = measure(vg::Activation::Tanh, vg::Init::LeCunNormal);
  INFO(describe("tanh lecun_normal", d));
  CHECK(d.worst < kProfileTolerance);
}

TEST_CASE("mean field vs network: tanh with He init (chaotic: gradients grow towards the input)", "[theory]") {
  const ProfileDeviation d = measure(vg::Activation::Tanh, vg::Init::HeNormal);
  INFO(describe("tanh he_normal", d));
  CHECK(d.worst < kProfileTolerance);
}

TEST_CASE("mean field vs network: tanh with Xavier init (the first layer has its own sigma_w2)", "[theory]") {
  // Xavier gives the 2-input first layer sigma_w2 = 2 * 2 / (2 + 256), 1/64 of the others' 1: the
  // profile is right only if the prediction uses each layer's own fan-in and variance.
  const ProfileDeviation d = measure(vg::Activation::Tanh, vg::Init::XavierNormal);
  INFO(describe("tanh xavier_normal", d));
  CHECK(d.worst < kProfileTolerance);
}
