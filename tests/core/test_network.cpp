// Closed forms: the activations' peak slopes, the deep linear net W = a I (output and gradients are
// exact powers of a), float overflow/underflow at 852 layers, and the Jacobian spectrum of linear nets.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <Eigen/SVD>

#include "activations.h"
#include "theory/explain.h"
#include "trainer.h"

namespace {

double relative_difference(double value, double expected) { return std::abs(value - expected) / std::abs(expected); }

template <typename Scalar>
vg::Config linear_config(vg::Init init, int depth, int width) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Spiral;
  config.activation = vg::Activation::Linear;
  config.init = init;
  config.depth = depth;
  config.width = width;
  config.batch_size = 16;
  config.loss = vg::LossKind::BinaryCrossEntropy;
  config.seed = 11;
  return config;
}

}  // namespace

TEST_CASE("sigmoid' peaks at exactly 1/4 and tanh' at exactly 1, at z = 0", "[network]") {
  vg::ArrayXX<double> z = vg::ArrayXX<double>::Zero(1, 1), value, slope;
  vg::activation_apply(vg::Activation::Sigmoid, 0.01, z, value, &slope);
  CHECK(value(0, 0) == 0.5);
  CHECK(slope(0, 0) == 0.25);
  vg::activation_apply(vg::Activation::Tanh, 0.01, z, value, &slope);
  CHECK(value(0, 0) == 0.0);
  CHECK(slope(0, 0) == 1.0);
  // And they are the maxima: every other sampled z gives a smaller slope.
  for (const vg::Activation activation : {vg::Activation::Sigmoid, vg::Activation::Tanh}) {
    const std::vector<double> curve = vg::activation_curve(activation, 0.01, -6, 6, 121);
    REQUIRE(curve.size() == 3 * 121);
    for (std::size_t i = 0; i < 121; ++i)
      if (curve[3 * i] != 0.0) CHECK(curve[3 * i + 2] < vg::max_derivative(activation));
  }
}

TEST_CASE("linear net W = a I: output and gradients are exact powers of a", "[network]") {
  // Hidden layers and the output layer are all a I, x = (1, ..., 1) of width n, L = 0.5 ||y||^2:
  // layer l (0-based) outputs a^(l+1) x, so ||y|| = a^(L+1) sqrt(n); dL/dz_l = a^(L-l) y, so every
  // layer's weight gradient dL/dz_l h_(l-1)^T = a^(2L+1) x x^T has norm a^(2L+1) n. Each extra layer
  // multiplies the output by a and the first layer's gradient by a^2 (a for the backward chain, a
  // for the larger output it starts from).
  const int width = 4;
  for (const double a : {1.5, 0.5}) {
    for (const int depth : {10, 50}) {
      INFO("a = " << a << ", L = " << depth);
      const std::vector<double> probe = vg::linear_net_probe<double>(a, depth, width);
      REQUIRE(probe.size() == 2 * static_cast<std::size_t>(depth + 1));
      for (int l = 0; l <= depth; ++l) {
        CHECK(relative_difference(probe[2 * l], std::pow(a, l + 1) * std::sqrt(width)) < 1e-10);
        CHECK(relative_difference(probe[2 * l + 1], std::pow(a, 2 * depth + 1) * width) < 1e-10);
      }
    }
  }
}

TEST_CASE("linear net in float at 852 layers overflows to inf (a = 1.5) and underflows to 0 (a = 0.5)", "[network]") {
  const int depth = 852;
  const std::vector<double> exploding = vg::linear_net_probe<float>(1.5, depth, 16);
  REQUIRE(exploding.size() == 2 * (depth + 1));
  CHECK(std::isfinite(exploding[0]));
  CHECK(std::isinf(exploding[2 * depth]));      // the output
  CHECK(std::isinf(exploding[1]));              // the first layer's gradient
  const std::vector<double> vanishing = vg::linear_net_probe<float>(0.5, depth, 16);
  REQUIRE(vanishing.size() == 2 * (depth + 1));
  CHECK(vanishing[0] > 0);
  CHECK(vanishing[2 * depth] == 0.0);
  CHECK(vanishing[1] == 0.0);
  // The same net in double stays finite: 1.5^853 = 1e150 and 0.5^853 = 7e-257.
  CHECK(std::isfinite(vg::linear_net_probe<double>(1.5, depth, 16)[2 * depth]));
  CHECK(vg::linear_net_probe<double>(0.5, depth, 16)[2 * depth] > 0);
}

TEST_CASE("linear_net_probe rejects arguments outside its limits", "[network]") {
  CHECK(vg::linear_net_probe<float>(1.5, 0, 16).empty());
  CHECK(vg::linear_net_probe<float>(1.5, 1001, 16).empty());
  CHECK(vg::linear_net_probe<float>(1.5, 10, 0).empty());
  CHECK(vg::linear_net_probe<float>(1.5, 10, 257).empty());
  CHECK(vg::linear_net_probe<float>(std::nan(""), 10, 16).empty());
}

TEMPLATE_TEST_CASE("Jacobian of a linear net with orthogonal init has all singular values 1", "[network]", float, double) {
  const double tolerance = std::is_same<TestType, float>::value ? 1e-5 : 1e-10;
  for (const int width : {2, 16}) {
    vg::Trainer<TestType> trainer;
    REQUIRE(trainer.configure(linear_config<TestType>(vg::Init::Orthogonal, 30, width)) == "");
    const std::vector<double> values = trainer.jacobian_singular_values(8);
    REQUIRE(values.size() == 8 * 2);  // min(width, input_dim = 2) per input
    for (const double value : values) CHECK(std::abs(value - 1.0) < tolerance);
  }
}

TEST_CASE("Jacobian of a two-layer linear net is the product of its weights", "[network]") {
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(linear_config<double>(vg::Init::XavierNormal, 2, 5)) == "");
  const auto dump = trainer.dump_first_batch();
  REQUIRE(dump.layers.size() == 3);
  const Eigen::MatrixXd w0 = Eigen::Map<const Eigen::Matrix<double, 5, 2, Eigen::RowMajor>>(dump.layers[0].weights.data());
  const Eigen::MatrixXd w1 = Eigen::Map<const Eigen::Matrix<double, 5, 5, Eigen::RowMajor>>(dump.layers[1].weights.data());
  const Eigen::VectorXd expected = Eigen::JacobiSVD<Eigen::MatrixXd>(w1 * w0).singularValues();
  const std::vector<double> values = trainer.jacobian_singular_values(3);
  REQUIRE(values.size() == 6);
  // The same matrix at every input; the pooled values are sorted descending.
  for (int e = 0; e < 3; ++e) {
    CHECK(std::abs(values[e] - expected(0)) < 1e-12);
    CHECK(std::abs(values[3 + e] - expected(1)) < 1e-12);
  }
}

TEST_CASE("Jacobian requests beyond the bounds return nothing", "[network]") {
  vg::Trainer<float> trainer;
  CHECK(trainer.jacobian_singular_values(4).empty());  // not configured
  vg::Config config = linear_config<float>(vg::Init::XavierNormal, 3, 200);
  config.init = vg::Init::XavierNormal;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.jacobian_singular_values(4).empty());  // width > 128
  config.width = 8;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.jacobian_singular_values(0).empty());
  CHECK(trainer.jacobian_singular_values(17).empty());
  CHECK(trainer.jacobian_singular_values(16).size() == 32);
}
