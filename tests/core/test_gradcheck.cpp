// Back-propagation against central differences, in double: every activation, with and without
// batch norm, without shortcuts and with shortcuts every 1 or 2 layers, for each loss, over every
// parameter block (W, b, batch norm gamma and beta).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "loss.h"
#include "network.h"
#include "rng.h"

namespace {

using vg::Activation;
using vg::ArrayXX;
using vg::LossKind;
using Net = vg::Network<double>;

// Fourth-order central difference with h = 1e-4: truncation error ~h^4 times the fifth
// derivative (large with batch norm over 5 examples, which is why h = 1e-3 was not enough) and
// rounding error ~1e-16 / h = 1e-12, both far below the 1e-6 tolerance.
constexpr double kStep = 1e-4;
constexpr double kTolerance = 1e-6;
// Entries whose true value is zero or tiny (the dense bias under batch norm, which the
// normalization cancels) are compared absolutely: rounding leaves ~1e-12 there.
constexpr double kAbsoluteFloor = 1e-10;

struct Problem {
  vg::NetworkShape shape;
  LossKind loss;
  ArrayXX<double> inputs;
  std::vector<int> labels;
};

Problem make_problem(Activation activation, bool batch_norm, int residual_every, LossKind loss, std::uint64_t seed) {
  Problem problem;
  const int classes = loss == LossKind::BinaryCrossEntropy ? 2 : 3;
  vg::NetworkShape& shape = problem.shape;
  shape.input_dim = 3;
  shape.output_dim = vg::output_units(loss, classes);
  shape.depth = 4;  // with residual_every = 2: one block (layers 1-2) and a tail layer without shortcut
  shape.width = 4;
  shape.batch = 5;
  shape.activation = activation;
  shape.leaky_alpha = 0.1;
  shape.maxout_pieces = 3;
  shape.batch_norm = batch_norm;
  shape.residual_every = residual_every;
  shape.inference_chunk = 8;
  problem.loss = loss;
  vg::Rng rng(seed);
  problem.inputs.resize(shape.input_dim, shape.batch);
  for (Eigen::Index i = 0; i < problem.inputs.size(); ++i) problem.inputs(i) = rng.normal();
  for (int e = 0; e < shape.batch; ++e) problem.labels.push_back(static_cast<int>(rng.below(classes)));
  return problem;
}

// Random weights and non-trivial biases and batch norm parameters, so every block matters.
void randomize(Net& net, std::uint64_t seed) {
  vg::Rng rng(seed);
  net.initialize(vg::Init::XavierNormal, 1.0, 1.0, 0.0, rng);
  for (int l = 0; l < net.num_layers(); ++l) {
    auto& b = net.dense(l).b;
    for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = 0.3 * rng.normal();
  }
  if (net.shape().batch_norm) {
    for (int l = 0; l < net.depth(); ++l) {
      auto& bn = net.hidden(l).bn;
      for (Eigen::Index i = 0; i < bn.gamma.size(); ++i) {
        bn.gamma(i) = 1.0 + 0.3 * rng.normal();
        bn.beta(i) = 0.3 * rng.normal();
      }
    }
  }
}

double loss_of(Net& net, const Problem& problem, ArrayXX<double>& scratch) {
  return vg::loss_and_gradient(problem.loss, net.forward_train(problem.inputs, false), problem.labels.data(), scratch);
}

// Which side of every kink the latest forward pass fell on: for ReLU-like activations whether phi'
// took its z > 0 value, for Maxout which piece won. A central difference is only valid when all
// its evaluations share the base point's pattern.
std::vector<int> kink_pattern(const Net& net) {
  std::vector<int> pattern;
  const Activation activation = net.shape().activation;
  double positive_slope = 1.0;
  if (activation == Activation::SELU) positive_slope = vg::kSeluLambda;
  const bool kinked = activation == Activation::ReLU || activation == Activation::LeakyReLU ||
                      activation == Activation::ELU || activation == Activation::SELU;
  for (int l = 0; l < net.depth(); ++l) {
    const auto& layer = net.hidden(l);
    if (activation == Activation::Maxout) {
      pattern.insert(pattern.end(), layer.maxout.winner.data(), layer.maxout.winner.data() + layer.maxout.winner.size());
    } else if (kinked) {
      for (Eigen::Index i = 0; i < layer.deriv.size(); ++i) pattern.push_back(layer.deriv(i) == positive_slope);
    }
  }
  return pattern;
}

struct CheckResult {
  int checked = 0;
  int skipped = 0;
  double worst_relative = 0;
  int failures = 0;
};

CheckResult check_gradients(Activation activation, bool batch_norm, int residual_every, LossKind loss,
                            std::uint64_t seed) {
  const Problem problem = make_problem(activation, batch_norm, residual_every, loss, seed);
  Net net(problem.shape);
  randomize(net, seed + 1000);
  ArrayXX<double> scratch(problem.shape.output_dim, problem.shape.batch);

  // Analytic gradients.
  vg::loss_and_gradient(problem.loss, net.forward_train(problem.inputs, false), problem.labels.data(),
                        net.output_gradient());
  net.backward(nullptr);
  const std::vector<int> base_pattern = kink_pattern(net);
  auto blocks = net.parameter_blocks();
  std::vector<std::vector<double>> analytic;
  for (const auto& block : blocks) analytic.emplace_back(block.grad, block.grad + block.size);

  CheckResult result;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    for (Eigen::Index i = 0; i < blocks[b].size; ++i) {
      double& value = blocks[b].value[i];
      const double original = value;
      double loss_at[4];
      const double offsets[4] = {-2 * kStep, -kStep, kStep, 2 * kStep};
      bool same_side = true;
      for (int k = 0; k < 4; ++k) {
        value = original + offsets[k];
        loss_at[k] = loss_of(net, problem, scratch);
        same_side = same_side && kink_pattern(net) == base_pattern;
      }
      value = original;
      if (!same_side) {
        ++result.skipped;
        continue;
      }
      const double numeric = (8 * (loss_at[2] - loss_at[1]) - (loss_at[3] - loss_at[0])) / (12 * kStep);
      const double exact = analytic[b][static_cast<std::size_t>(i)];
      const double scale = std::max(std::abs(numeric), std::abs(exact));
      const double difference = std::abs(numeric - exact);
      ++result.checked;
      if (scale > kAbsoluteFloor) result.worst_relative = std::max(result.worst_relative, difference / scale);
      if (difference > kTolerance * scale + kAbsoluteFloor) ++result.failures;
    }
  }
  return result;
}

const char* loss_name(LossKind loss) { return vg::name_of(loss); }

void check_every_variant(Activation activation) {
  for (const bool batch_norm : {false, true}) {
    for (const int residual_every : {0, 1, 2}) {
      for (const LossKind loss : {LossKind::BinaryCrossEntropy, LossKind::SoftmaxCrossEntropy, LossKind::MSE}) {
        INFO("activation " << vg::name_of(activation) << ", batch_norm " << batch_norm << ", residual_every "
                           << residual_every << ", loss " << loss_name(loss));
        const CheckResult result = check_gradients(activation, batch_norm, residual_every, loss, 7);
        INFO("checked " << result.checked << ", skipped near a kink " << result.skipped << ", worst relative error "
                        << result.worst_relative);
        CHECK(result.failures == 0);
        // The check must actually cover the parameters: kinks may exclude only a few coordinates.
        CHECK(result.skipped * 10 <= result.checked);
      }
    }
  }
}

}  // namespace

TEST_CASE("gradient check: sigmoid", "[gradcheck]") { check_every_variant(Activation::Sigmoid); }
TEST_CASE("gradient check: tanh", "[gradcheck]") { check_every_variant(Activation::Tanh); }
TEST_CASE("gradient check: relu", "[gradcheck]") { check_every_variant(Activation::ReLU); }
TEST_CASE("gradient check: leaky_relu", "[gradcheck]") { check_every_variant(Activation::LeakyReLU); }
TEST_CASE("gradient check: maxout", "[gradcheck]") { check_every_variant(Activation::Maxout); }
TEST_CASE("gradient check: elu", "[gradcheck]") { check_every_variant(Activation::ELU); }
TEST_CASE("gradient check: selu", "[gradcheck]") { check_every_variant(Activation::SELU); }
TEST_CASE("gradient check: gelu", "[gradcheck]") { check_every_variant(Activation::GELU); }
TEST_CASE("gradient check: linear", "[gradcheck]") { check_every_variant(Activation::Linear); }

TEST_CASE("a wrong gradient fails the check", "[gradcheck]") {
  // The checker itself: perturbing one analytic entry by 1e-5 relative must be caught.
  const Problem problem = make_problem(Activation::Tanh, false, 0, LossKind::SoftmaxCrossEntropy, 3);
  Net net(problem.shape);
  randomize(net, 4);
  ArrayXX<double> scratch(problem.shape.output_dim, problem.shape.batch);
  vg::loss_and_gradient(problem.loss, net.forward_train(problem.inputs, false), problem.labels.data(),
                        net.output_gradient());
  net.backward(nullptr);
  const double exact = net.hidden(1).dense.dW(2, 1);
  double& weight = net.hidden(1).dense.W(2, 1);
  const double original = weight;
  weight = original + kStep;
  const double up = loss_of(net, problem, scratch);
  weight = original - kStep;
  const double down = loss_of(net, problem, scratch);
  weight = original;
  const double numeric = (up - down) / (2 * kStep);
  const double relative = std::abs(numeric - exact * (1 + 1e-5)) / std::abs(exact);
  CHECK(relative > kTolerance);
}
