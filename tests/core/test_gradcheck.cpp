// Back-propagation against central differences, in double and in float: every activation, with and
// without batch norm, without shortcuts and with shortcuts every 1 or 2 layers, for each loss, over
// every parameter block (W, b, batch norm gamma and beta), on a small shape and on a deeper,
// non-square one over several seeds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "loss.h"
#include "network.h"
#include "random_parameters.h"
#include "rng.h"

namespace {

using vg::Activation;
using vg::ArrayXX;
using vg::LossKind;
using Net = vg::Network<double>;

// Fourth-order central difference with h = 1e-5: truncation error ~h^4 times the fifth derivative
// (large with batch norm over a few examples: h = 1e-3 was not enough), rounding error ~1e-16 |L| / h
// ~ 1e-11, both far below the 1e-6 tolerance; a small h also keeps most differences of the deep ReLU
// nets with batch norm (hundreds of kinks that every parameter moves) on one side of every kink.
constexpr double kStep = 1e-5;
constexpr double kTolerance = 1e-6;
// Entries whose true value is zero or tiny (the dense bias under batch norm, which the normalization
// cancels) are compared absolutely, against the largest gradient entry of the network: rounding
// leaves up to 1.1e-10 of it there (measured over every variant).
constexpr double kAbsoluteFloor = 1e-9;

struct ProblemSize {
  int input_dim, width, depth, batch;
};
constexpr ProblemSize kSmall{3, 4, 4, 5};  // residual_every = 2: one block (layers 1-2), a tail layer
constexpr ProblemSize kDeep{5, 7, 6, 11};

struct Problem {
  vg::NetworkShape shape;
  LossKind loss;
  ArrayXX<double> inputs;
  std::vector<int> labels;
};

Problem make_problem(Activation activation, bool batch_norm, int residual_every, LossKind loss, std::uint64_t seed,
                     const ProblemSize& size) {
  Problem problem;
  const int classes = loss == LossKind::BinaryCrossEntropy ? 2 : 3;
  vg::NetworkShape& shape = problem.shape;
  shape.input_dim = size.input_dim;
  shape.output_dim = vg::output_units(loss, classes);
  shape.depth = size.depth;
  shape.width = size.width;
  shape.batch = size.batch;
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

using BlockValues = std::vector<std::vector<double>>;  // one vector per parameter block

// Every parameter's gradient by back-propagation in the scalar type of `net`, which holds the same
// parameters as the double network (rounded for float).
template <typename Scalar>
BlockValues analytic_gradients(vg::Network<Scalar>& net, const Problem& problem) {
  const ArrayXX<Scalar> inputs = problem.inputs.cast<Scalar>();
  vg::loss_and_gradient(problem.loss, net.forward_train(inputs, false), problem.labels.data(), net.output_gradient());
  net.backward(nullptr);
  BlockValues gradients;
  for (const auto& block : net.parameter_blocks()) {
    gradients.emplace_back();
    for (Eigen::Index i = 0; i < block.size; ++i) gradients.back().push_back(static_cast<double>(block.grad[i]));
  }
  return gradients;
}

struct NumericGradients {
  BlockValues value;                        // fourth-order central differences
  std::vector<std::vector<bool>> near_kink;  // the difference straddles a kink: not comparable
};

NumericGradients numeric_gradients(Net& net, const Problem& problem) {
  ArrayXX<double> scratch(problem.shape.output_dim, problem.shape.batch);
  loss_of(net, problem, scratch);
  const std::vector<int> base_pattern = kink_pattern(net);
  NumericGradients numeric;
  for (const auto& block : net.parameter_blocks()) {
    numeric.value.emplace_back();
    numeric.near_kink.emplace_back();
    for (Eigen::Index i = 0; i < block.size; ++i) {
      double& value = block.value[i];
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
      numeric.value.back().push_back((8 * (loss_at[2] - loss_at[1]) - (loss_at[3] - loss_at[0])) / (12 * kStep));
      numeric.near_kink.back().push_back(!same_side);
    }
  }
  return numeric;
}

struct CheckResult {
  int checked = 0;
  int skipped = 0;
  double worst_relative = 0;  // over entries above the absolute floor
  double worst_absolute = 0;  // |numeric - exact| / largest, over the entries below it
  int failures = 0;
};

// An entry fails when |numeric - exact| > relative * max(|numeric|, |exact|) + absolute_floor * largest,
// `largest` the network's largest |numeric| entry.
CheckResult compare(const BlockValues& exact, const NumericGradients& numeric, double relative, double absolute_floor) {
  double largest = 0;
  for (const auto& block : numeric.value)
    for (const double value : block) largest = std::max(largest, std::abs(value));
  const double floor = absolute_floor * largest;
  CheckResult result;
  for (std::size_t b = 0; b < exact.size(); ++b) {
    for (std::size_t i = 0; i < exact[b].size(); ++i) {
      if (numeric.near_kink[b][i]) {
        ++result.skipped;
        continue;
      }
      const double scale = std::max(std::abs(numeric.value[b][i]), std::abs(exact[b][i]));
      const double difference = std::abs(numeric.value[b][i] - exact[b][i]);
      ++result.checked;
      if (scale > floor)
        result.worst_relative = std::max(result.worst_relative, difference / scale);
      else
        result.worst_absolute = std::max(result.worst_absolute, difference / largest);
      if (difference > relative * scale + floor) ++result.failures;
    }
  }
  return result;
}

// Float back-propagation against the same (double) differences: float keeps ~7 digits, and the
// rounding grows with depth and with the cancellations inside batch norm's backward (an entry that
// is exactly 0 in double comes out near 1e-6 of the largest in float). Measured worst over every
// variant of both sizes: 2.3e-3 relative on entries above the floor, 1.4e-6 of the largest entry
// below it; 1e-2 relative plus 1e-5 of the largest entry is float precision for these depths (the
// double check, at 1e-6, is the one that catches the 0.1% mutants).
constexpr double kFloatTolerance = 1e-2;
constexpr double kFloatAbsoluteFloor = 1e-5;

struct VariantResult {
  CheckResult in_double, in_float;
};

// `corrupt_relative` scales one analytic entry (the second hidden layer's W, entry 1) by
// (1 + corrupt_relative): the checker must catch a gradient that is slightly wrong.
VariantResult check_variant(Activation activation, bool batch_norm, int residual_every, LossKind loss,
                            std::uint64_t seed, const ProblemSize& size, double corrupt_relative = 0) {
  const Problem problem = make_problem(activation, batch_norm, residual_every, loss, seed, size);
  Net net(problem.shape);
  vg_test::randomize_parameters(net, seed + 1000);
  BlockValues exact = analytic_gradients(net, problem);
  const int second_layer_weights = batch_norm ? 4 : 2;
  exact[second_layer_weights][1] *= 1 + corrupt_relative;

  vg::Network<float> float_net(problem.shape);
  auto float_blocks = float_net.parameter_blocks();
  const auto blocks = net.parameter_blocks();
  for (std::size_t b = 0; b < blocks.size(); ++b)
    for (Eigen::Index i = 0; i < blocks[b].size; ++i) float_blocks[b].value[i] = static_cast<float>(blocks[b].value[i]);
  const BlockValues float_exact = analytic_gradients(float_net, problem);

  const NumericGradients numeric = numeric_gradients(net, problem);
  return {compare(exact, numeric, kTolerance, kAbsoluteFloor),
          compare(float_exact, numeric, kFloatTolerance, kFloatAbsoluteFloor)};
}

void require_clean(const VariantResult& result) {
  INFO("double: checked " << result.in_double.checked << ", skipped near a kink " << result.in_double.skipped
                          << ", worst relative error " << result.in_double.worst_relative);
  INFO("double: worst absolute error below the floor, over the largest entry " << result.in_double.worst_absolute);
  INFO("float: worst relative error " << result.in_float.worst_relative << ", worst absolute error below the floor "
                                      << result.in_float.worst_absolute);
  CHECK(result.in_double.failures == 0);
  CHECK(result.in_float.failures == 0);
  // The check must actually cover the parameters: kinks may exclude only a few coordinates.
  CHECK(result.in_double.skipped * 10 <= result.in_double.checked);
}

void check_every_variant(Activation activation) {
  for (const bool batch_norm : {false, true}) {
    for (const int residual_every : {0, 1, 2}) {
      for (const LossKind loss : {LossKind::BinaryCrossEntropy, LossKind::SoftmaxCrossEntropy, LossKind::MSE}) {
        INFO("small: activation " << vg::name_of(activation) << ", batch_norm " << batch_norm << ", residual_every "
                                  << residual_every << ", loss " << vg::name_of(loss));
        require_clean(check_variant(activation, batch_norm, residual_every, loss, 7, kSmall));
      }
      // The deep size on three seeds, each seed with another loss.
      const LossKind losses[3] = {LossKind::BinaryCrossEntropy, LossKind::SoftmaxCrossEntropy, LossKind::MSE};
      for (std::uint64_t seed = 11; seed < 14; ++seed) {
        const LossKind loss = losses[seed % 3];
        INFO("deep: activation " << vg::name_of(activation) << ", batch_norm " << batch_norm << ", residual_every "
                                 << residual_every << ", loss " << vg::name_of(loss) << ", seed " << seed);
        require_clean(check_variant(activation, batch_norm, residual_every, loss, seed, kDeep));
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
  // The checker itself: one analytic entry off by 1e-5 relative (ten times the tolerance) must be the
  // one failure, in every variant of layout; the same entry unchanged passes.
  for (const bool batch_norm : {false, true}) {
    for (const int residual_every : {0, 2}) {
      INFO("batch_norm " << batch_norm << ", residual_every " << residual_every);
      const VariantResult right = check_variant(Activation::Tanh, batch_norm, residual_every,
                                                LossKind::SoftmaxCrossEntropy, 3, kSmall);
      CHECK(right.in_double.failures == 0);
      const VariantResult wrong = check_variant(Activation::Tanh, batch_norm, residual_every,
                                                LossKind::SoftmaxCrossEntropy, 3, kSmall, 1e-5);
      CHECK(wrong.in_double.failures == 1);
    }
  }
}
