// The input-output Jacobian's spectrum against free probability (theory.h,
// jacobian_spectrum_prediction): closed forms for linear networks, and the widget's configurations
// (digits, width 64, depth 20, 16 inputs, float as on the page) measured by the core, orthogonal
// against Gaussian weights. What the article says about dynamical isometry rests on these.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

#include "config.h"
#include "theory/spectrum.h"
#include "theory/theory.h"
#include "theory/theory_config.h"
#include "trainer.h"

namespace {

vg::MeanFieldNetwork linear_network(double sigma_w2, int depth) {
  vg::MeanFieldNetwork network;
  network.activation = vg::Activation::Linear;
  network.sigma_w2_first = network.sigma_w2 = sigma_w2;
  network.depth = depth;
  network.input_dim = network.width = 8;
  return network;
}

// The widget's task (web/js/widgets/jacobian.js TASK) with one of its presets.
vg::Config widget_config(vg::Activation activation, vg::Init init, std::uint64_t seed) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Digits;
  config.loss = vg::LossKind::SoftmaxCrossEntropy;
  config.width = 64;
  config.depth = 20;
  config.batch_size = 32;
  config.learning_rate = 0.05;
  config.bias_init = 0;
  config.activation = activation;
  config.init = init;
  config.seed = seed;
  return config;
}

constexpr int kInputs = 16;

struct Measured {
  double mean_sq = 0, normalized_variance = 0;
};

Measured measure(const vg::Config& config) {
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  const std::vector<double> values = trainer.jacobian_singular_values(kInputs);
  REQUIRE(values.size() == static_cast<std::size_t>(kInputs * 64));
  const vg::SpectrumSummary summary = vg::spectrum_histogram({values}).spectra[0];
  return {summary.mean_sq, summary.sq_normalized_variance};
}

}  // namespace

TEST_CASE("Jacobian spectrum theory: linear networks in closed form", "[theory][spectrum]") {
  for (int depth : {1, 5, 20}) {
    for (double sigma_w2 : {0.5, 1.0, 1.5}) {
      INFO("depth " << depth << ", sigma_w2 " << sigma_w2);
      const std::vector<double> q_inputs = {0.3, 2.0};
      // Orthogonal: J = sigma_w^L times an orthogonal matrix, every s^2 = sigma_w2^L exactly.
      const vg::JacobianSpectrumPrediction orthogonal =
          vg::jacobian_spectrum_prediction(linear_network(sigma_w2, depth), q_inputs, true);
      REQUIRE(orthogonal.supported);
      CHECK(orthogonal.mean_sq == Approx(std::pow(sigma_w2, depth)).epsilon(1e-12));
      CHECK(std::abs(orthogonal.normalized_variance) < 1e-12);
      // Gaussian: a product of L free Marchenko-Pastur factors at aspect ratio 1, each adding 1.
      const vg::JacobianSpectrumPrediction gaussian =
          vg::jacobian_spectrum_prediction(linear_network(sigma_w2, depth), q_inputs, false);
      CHECK(gaussian.mean_sq == Approx(std::pow(sigma_w2, depth)).epsilon(1e-12));
      CHECK(gaussian.normalized_variance == Approx(depth).epsilon(1e-12));
    }
  }
}

TEST_CASE("Jacobian spectrum theory: the widget's networks measured against free probability",
          "[theory][spectrum]") {
  struct Case {
    const char* name;
    vg::Activation activation;
    vg::Init init;
  };
  for (const Case& c : {Case{"orthogonal + tanh", vg::Activation::Tanh, vg::Init::Orthogonal},
                        Case{"Gaussian (Xavier) + tanh", vg::Activation::Tanh, vg::Init::XavierNormal},
                        Case{"orthogonal + linear", vg::Activation::Linear, vg::Init::Orthogonal}}) {
    for (std::uint64_t seed : {1, 2, 3}) {
      const vg::Config config = widget_config(c.activation, c.init, seed);
      const vg::JacobianSpectrumTheory theory = vg::jacobian_spectrum_theory<float>(config, kInputs);
      REQUIRE(theory.error == "");
      REQUIRE(theory.prediction.supported);
      const Measured measured = measure(config);
      std::printf("%s, seed %d: E[s^2] predicted %.4g measured %.4g; Var[s^2]/E[s^2]^2 predicted %.4g measured %.4g\n",
                  c.name, static_cast<int>(seed), theory.prediction.mean_sq, measured.mean_sq,
                  theory.prediction.normalized_variance, measured.normalized_variance);
      INFO(c.name << ", seed " << seed);
      // Orthogonal: the spread is the activation's alone, and 64 units already follow the theory
      // closely. Gaussian: products of Gaussian matrices fluctuate from one draw of the weights to the
      // next (their log-norm's variance grows like depth / width), so one network at width 64 is held
      // to the prediction more loosely.
      const bool orthogonal = c.init == vg::Init::Orthogonal;
      CHECK(measured.mean_sq == Approx(theory.prediction.mean_sq).epsilon(orthogonal ? 0.1 : 0.5));
      CHECK(measured.normalized_variance ==
            Approx(theory.prediction.normalized_variance).epsilon(orthogonal ? 0.1 : 0.35).margin(1e-10));
      if (c.activation == vg::Activation::Tanh) {
        // What the article says: orthogonal keeps the spread narrow, Gaussian adds about one per
        // layer; and at this depth, with the digits' q (about 0.2) and sigma_b2 = 0, the mean of
        // s^2 ends well below one.
        CHECK(measured.normalized_variance < (orthogonal ? 1.0 : 1e9));
        CHECK(measured.normalized_variance > (orthogonal ? 0.0 : 10.0));
        CHECK(measured.mean_sq < 0.3);
      }
    }
  }
}

TEST_CASE("Jacobian spectrum theory: the digits' inputs have q near 0.2", "[theory][spectrum]") {
  const vg::ConfigMeanField theory =
      vg::mean_field_for_config(widget_config(vg::Activation::Tanh, vg::Init::Orthogonal, 1), 0.0);
  CHECK(theory.q_input > 0.15);
  CHECK(theory.q_input < 0.25);
}
