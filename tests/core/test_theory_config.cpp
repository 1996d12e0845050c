// The config-level theory (theory_config.h), the critical sigma_w2, the gain for a sigma_w2 and the
// spectrum summary (spectrum.h). The profile against the real network is in test_theory_vs_network.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "config.h"
#include "datasets.h"
#include "theory/spectrum.h"
#include "theory/theory.h"
#include "theory/theory_config.h"
#include "trainer.h"

namespace {

vg::Config small_config() {
  vg::Config config;
  config.dataset = vg::DatasetKind::Moons;
  config.num_samples = 200;
  config.depth = 8;
  config.width = 16;
  config.activation = vg::Activation::Tanh;
  config.init = vg::Init::XavierUniform;
  return config;
}

}  // namespace

TEST_CASE("critical sigma_w2: ReLU 2, tanh 1 at sigma_b2 = 0, linear 1", "[theory]") {
  CHECK(vg::critical_sigma_w2(vg::Activation::ReLU, 0.01, 0.0) == Approx(2.0).margin(1e-6));
  CHECK(vg::critical_sigma_w2(vg::Activation::ReLU, 0.01, 0.7) == Approx(2.0).margin(1e-6));
  CHECK(vg::critical_sigma_w2(vg::Activation::Tanh, 0.01, 0.0) == Approx(1.0).margin(1e-6));
  CHECK(vg::critical_sigma_w2(vg::Activation::Linear, 0.01, 0.0) == Approx(1.0).margin(1e-6));
  CHECK(vg::critical_sigma_w2(vg::Activation::Linear, 0.01, 0.5) == Approx(1.0).margin(1e-6));
  // Leaky ReLU: E[phi'^2] = (1 + alpha^2) / 2.
  CHECK(vg::critical_sigma_w2(vg::Activation::LeakyReLU, 0.2, 0.0) == Approx(2 / 1.04).margin(1e-6));
}

TEST_CASE("critical sigma_w2: chi_star = 1 there, and tanh's line moves right with sigma_b2", "[theory]") {
  for (double sigma_b2 : {0.05, 0.3, 1.0}) {
    const double critical = vg::critical_sigma_w2(vg::Activation::Tanh, 0, sigma_b2);
    INFO("sigma_b2 = " << sigma_b2 << ", critical sigma_w2 = " << critical);
    REQUIRE(std::isfinite(critical));
    CHECK(critical > 1);
    // Just below: ordered; just above: chaotic (read off chi_grid, which shares the fixed point).
    const std::vector<double> around = vg::chi_grid(vg::Activation::Tanh, 0, critical * 0.99, critical * 1.01,
                                                    sigma_b2, sigma_b2, 2);
    REQUIRE(around.size() == 4);
    CHECK(around[0] < 1);
    CHECK(around[1] > 1);
  }
  CHECK(vg::critical_sigma_w2(vg::Activation::Tanh, 0, 0.3) < vg::critical_sigma_w2(vg::Activation::Tanh, 0, 1.0));
  const std::vector<double> line = vg::critical_line(vg::Activation::Tanh, 0, 0.0, 1.0, 3);
  REQUIRE(line.size() == 3);
  CHECK(line[0] == Approx(1.0).margin(1e-6));
  CHECK(line[2] == vg::critical_sigma_w2(vg::Activation::Tanh, 0, 1.0));
}

TEST_CASE("critical sigma_w2: NaN for Maxout and bad sigma_b2", "[theory]") {
  CHECK(std::isnan(vg::critical_sigma_w2(vg::Activation::Maxout, 0.01, 0.0)));
  CHECK(std::isnan(vg::critical_sigma_w2(vg::Activation::Tanh, 0.01, -1.0)));
  CHECK(std::isnan(vg::critical_sigma_w2(vg::Activation::Tanh, 0.01, std::numeric_limits<double>::infinity())));
  CHECK(vg::critical_line(vg::Activation::Maxout, 0.01, 0, 1, 4).empty());
  CHECK(vg::critical_line(vg::Activation::Tanh, 0.01, 0, 1, 0).empty());
}

TEST_CASE("gain_for_sigma_w2 inverts sigma_w2_of", "[theory]") {
  vg::Config config;
  for (vg::Init init : {vg::Init::HeNormal, vg::Init::XavierUniform, vg::Init::Orthogonal, vg::Init::Naive}) {
    config.init = init;
    config.gain = 0.37;  // ignored
    const double gain = vg::gain_for_sigma_w2(config, 1.7, 32, 32);
    config.gain = gain;
    CHECK(vg::sigma_w2_of(config, 32, 32) == Approx(1.7).epsilon(1e-12));
  }
  config.init = vg::Init::HeNormal;
  CHECK(vg::gain_for_sigma_w2(config, 2.0, 32, 32) == Approx(1.0).epsilon(1e-15));
  CHECK(std::isnan(vg::gain_for_sigma_w2(config, -1.0, 32, 32)));
  config.init = vg::Init::ScaledIdentity;
  config.identity_scale = 0;
  CHECK(std::isnan(vg::gain_for_sigma_w2(config, 1.0, 32, 32)));
}

TEST_CASE("mean_field(network) with equal layers is mean_field; the first layer's own shape enters", "[theory]") {
  const vg::MeanFieldPrediction plain = vg::mean_field(vg::Activation::Tanh, 0.01, 1.3, 0.1, 6, 0.8);
  vg::MeanFieldNetwork network;
  network.activation = vg::Activation::Tanh;
  network.sigma_w2_first = network.sigma_w2 = 1.3;
  network.sigma_b2 = 0.1;
  network.depth = 6;
  network.input_dim = network.width = 32;
  network.q_input = 0.8;
  const vg::MeanFieldPrediction same = vg::mean_field(network);
  REQUIRE(same.supported);
  for (std::size_t l = 0; l < 6; ++l) {
    CHECK(same.q[l] == plain.q[l]);
    CHECK(same.grad_profile[l] == Approx(plain.grad_profile[l]).epsilon(1e-14));
    CHECK(same.delta_profile[l] == Approx(plain.delta_profile[l]).epsilon(1e-14));
  }
  // Layer 0 has input_dim columns: its Frobenius norm scales with sqrt(input_dim / width).
  network.input_dim = 2;
  const vg::MeanFieldPrediction narrow = vg::mean_field(network);
  CHECK(narrow.grad_profile[0] == Approx(plain.grad_profile[0] * std::sqrt(2.0 / 32)).epsilon(1e-14));
  CHECK(narrow.grad_profile[1] == Approx(plain.grad_profile[1]).epsilon(1e-14));
  // The first layer's variance sets q_0 only.
  network.sigma_w2_first = 0.5;
  CHECK(vg::mean_field(network).q[0] == Approx(0.5 * 0.8 + 0.1).epsilon(1e-15));
  CHECK(vg::mean_field(network).chi_star == Approx(plain.chi_star).epsilon(1e-9));
}

TEST_CASE("mean_field_for_config reads the config: data, first layer, width", "[theory]") {
  vg::Config config = small_config();
  const vg::ConfigMeanField theory = vg::mean_field_for_config(config, 0.0);
  REQUIRE(theory.prediction.supported);
  const vg::Dataset data = vg::make_dataset(config.dataset, config.num_samples, config.noise, config.test_fraction, config.seed);
  double sum = 0;
  for (double x : data.train_x) sum += x * x;
  CHECK(theory.q_input == Approx(sum / data.train_x.size()).epsilon(1e-14));
  CHECK(theory.sigma_w2_first == Approx(2.0 * 2 / (2 + 16)).epsilon(1e-14));
  CHECK(theory.sigma_w2 == Approx(1.0).epsilon(1e-14));
  CHECK(theory.prediction.q[0] == Approx(theory.sigma_w2_first * theory.q_input).epsilon(1e-14));
  CHECK(theory.prediction.grad_profile.size() == 8);
  CHECK(theory.prediction.grad_profile.back() == 1);

  config.activation = vg::Activation::Maxout;
  CHECK_FALSE(vg::mean_field_for_config(config, 0.0).prediction.supported);
  config.activation = vg::Activation::Tanh;
  config.depth = 0;  // invalid
  CHECK_FALSE(vg::mean_field_for_config(config, 0.0).prediction.supported);
}

TEST_CASE("gradient_profile_at_init: the Trainer's first telemetry and the prediction placed on it", "[theory]") {
  const vg::Config config = small_config();
  const vg::GradientProfileAtInit result = vg::gradient_profile_at_init<double>(config, 0.0);
  REQUIRE(result.error.empty());
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(config).empty());
  trainer.step(1);
  REQUIRE(result.measured.size() == 8);
  // measured: each example's own gradient (what the theory predicts); measured_batch_mean: the batch mean's.
  for (std::size_t l = 0; l < 8; ++l) {
    CHECK(result.measured[l] == trainer.telemetry().example_grad_w_rms[l]);
    CHECK(result.measured_batch_mean[l] == trainer.telemetry().grad_w_norm[l]);
  }
  CHECK(result.measured_first_to_last == result.measured[0] / result.measured[7]);
  // The Trainer holds the training split make_dataset gives: the same q_input as the config alone.
  const vg::ConfigMeanField alone = vg::mean_field_for_config(config, 0.0);
  CHECK(result.theory.q_input == Approx(alone.q_input).epsilon(1e-14));
  REQUIRE(result.predicted.size() == 8);
  CHECK(result.predicted[7] == result.measured[7]);
  for (std::size_t l = 0; l < 8; ++l)
    CHECK(result.predicted[l] == Approx(alone.prediction.grad_profile[l] * result.measured[7]).epsilon(1e-12));

  // A live run at step 0 gives the same result from its step-0 telemetry, without a second network;
  // after a reset too, and never once it has stepped.
  vg::Trainer<double> live;
  REQUIRE(live.configure(config).empty());
  for (int pass = 0; pass < 2; ++pass) {
    const vg::GradientProfileAtInit read = vg::gradient_profile_of(live, 0.0);
    REQUIRE(read.error.empty());
    CHECK(read.measured == result.measured);
    CHECK(read.measured_batch_mean == result.measured_batch_mean);
    CHECK(read.predicted == result.predicted);
    live.step(1);
    CHECK_FALSE(vg::gradient_profile_of(live, 0.0).error.empty());
    CHECK(vg::gradient_profile_of(live, 0.0).measured.empty());
    live.reset();
  }
  CHECK_FALSE(vg::gradient_profile_of(vg::Trainer<double>{}, 0.0).error.empty());

  vg::Config maxout = config;
  maxout.activation = vg::Activation::Maxout;
  const vg::GradientProfileAtInit unsupported = vg::gradient_profile_at_init<float>(maxout, 0.0);
  CHECK(unsupported.error.empty());
  CHECK(unsupported.measured.size() == 8);
  CHECK(unsupported.predicted.empty());
  vg::Config invalid = config;
  invalid.width = 0;
  const vg::GradientProfileAtInit refused = vg::gradient_profile_at_init<float>(invalid, 0.0);
  CHECK_FALSE(refused.error.empty());
  CHECK(refused.measured.empty());
}

TEST_CASE("spectrum histogram: shared half-decade bins, zeros and overflow apart, figures", "[theory]") {
  const double inf = std::numeric_limits<double>::infinity();
  // log10: 0, 0, 0.3010 (all in [0, 0.5)), -1, -2.5 (an edge: the bin above it), and a zero, a float underflow, an Inf.
  const std::vector<double> first{1.0, 1.0, 2.0, 0.1, std::pow(10.0, -2.5), 0.0, 1e-20, inf};
  const std::vector<double> second{30.0};  // log10 1.477: widens the shared bins to [-2.5, 1.5)
  const vg::SpectrumHistogram histogram = vg::spectrum_histogram({first, second});
  REQUIRE(histogram.bin_edges_log10.size() == 9);
  CHECK(histogram.bin_edges_log10.front() == -2.5);
  CHECK(histogram.bin_edges_log10.back() == 1.5);
  CHECK(histogram.below_edge_log10 == -2.5);
  REQUIRE(histogram.spectra.size() == 2);
  const vg::SpectrumSummary& a = histogram.spectra[0];
  CHECK(a.count == 8);
  CHECK(a.zeros == 1);
  CHECK(a.below == 2);  // the zero and 1e-20
  CHECK(a.non_finite == 1);
  CHECK(a.counts == std::vector<double>{1, 0, 0, 1, 0, 3, 0, 0});
  CHECK(a.min == 0);
  CHECK(a.max == 2);
  CHECK(a.mean == Approx((1 + 1 + 2 + 0.1 + std::pow(10.0, -2.5) + 1e-20) / 7).epsilon(1e-14));
  const double logs[] = {0, 0, std::log10(2.0), -1, -2.5, -20};
  double mean = 0, square = 0;
  for (double log : logs) mean += log / 6;
  for (double log : logs) square += (log - mean) * (log - mean) / 6;
  CHECK(a.log10_mean == Approx(mean).epsilon(1e-12));
  CHECK(a.log10_std == Approx(std::sqrt(square)).epsilon(1e-12));
  CHECK(a.log10_range == inf);
  const vg::SpectrumSummary& b = histogram.spectra[1];
  CHECK(b.counts == std::vector<double>{0, 0, 0, 0, 0, 0, 0, 1});
  CHECK(b.log10_std == 0);
  CHECK(b.log10_range == 0);

  const vg::SpectrumHistogram empty = vg::spectrum_histogram({{}});
  CHECK(empty.bin_edges_log10.empty());
  CHECK(empty.below_edge_log10 == vg::kSpectrumLowestEdge);
  REQUIRE(empty.spectra.size() == 1);
  CHECK(std::isnan(empty.spectra[0].mean));
  CHECK(std::isnan(empty.spectra[0].log10_std));
}
