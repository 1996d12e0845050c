// Inference mode against training mode: forward_infer equals forward_train when batch norm's running
// statistics are the batch's own; the running statistics follow their momentum update; batch norm at
// batch size 1; and the input Jacobian of non-linear nets against finite differences of forward_infer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <Eigen/SVD>

#include "jacobian.h"
#include "loss.h"
#include "network.h"
#include "random_parameters.h"
#include "rng.h"

namespace {

using vg::Activation;
using vg::ArrayXX;
using Net = vg::Network<double>;

constexpr Activation kEveryActivation[] = {Activation::Sigmoid, Activation::Tanh, Activation::ReLU,
                                           Activation::LeakyReLU, Activation::Maxout, Activation::ELU,
                                           Activation::SELU, Activation::GELU, Activation::Linear};

vg::NetworkShape shape_for(Activation activation, bool batch_norm, int residual_every, int batch) {
  vg::NetworkShape shape;
  shape.input_dim = 3;
  shape.output_dim = 2;
  shape.depth = 5;
  shape.width = 6;
  shape.batch = batch;
  shape.activation = activation;
  shape.leaky_alpha = 0.1;
  shape.maxout_pieces = 2;
  shape.batch_norm = batch_norm;
  shape.residual_every = residual_every;
  shape.inference_chunk = 16;
  return shape;
}

ArrayXX<double> random_inputs(int rows, int columns, std::uint64_t seed) {
  vg::Rng rng(seed);
  ArrayXX<double> inputs(rows, columns);
  for (Eigen::Index i = 0; i < inputs.size(); ++i) inputs(i) = rng.normal();
  return inputs;
}

const ArrayXX<double>& infer(Net& net, const ArrayXX<double>& inputs) {
  net.inference_input().leftCols(inputs.cols()) = inputs;
  return net.forward_infer(static_cast<int>(inputs.cols()));
}

// The last hidden layer's output for one input column, seen through forward_infer's visitor.
Eigen::VectorXd last_hidden(Net& net, const ArrayXX<double>& input) {
  Eigen::VectorXd seen;
  const vg::HiddenOutputVisitor<double> keep_last = [&](int layer, const Eigen::Ref<const ArrayXX<double>>& output) {
    if (layer == net.depth() - 1) seen = output.col(0).matrix();
  };
  net.inference_input().leftCols(1) = input;
  net.forward_infer(1, &keep_last);
  return seen;
}

}  // namespace

TEST_CASE("forward_infer equals forward_train, with batch norm's running statistics set to the batch's", "[inference]") {
  for (const Activation activation : kEveryActivation) {
    for (const bool batch_norm : {false, true}) {
      for (const int residual_every : {0, 2}) {
        INFO("activation " << vg::name_of(activation) << ", batch_norm " << batch_norm << ", residual_every "
                           << residual_every);
        Net net(shape_for(activation, batch_norm, residual_every, 9));
        vg_test::randomize_parameters(net, 21);
        const ArrayXX<double> inputs = random_inputs(3, 9, 22);
        const ArrayXX<double> trained = net.forward_train(inputs, false);
        if (batch_norm) {
          // Each layer sees the same input in both modes, so the batch's statistics make inference
          // normalize exactly as training did.
          for (int l = 0; l < net.depth(); ++l) {
            auto& bn = net.hidden(l).bn;
            bn.running_mean = bn.batch_mean;
            bn.running_var = bn.inv_std.square().inverse() - vg::BatchNorm<double>::kEpsilon;
          }
        }
        const ArrayXX<double> inferred = infer(net, inputs).leftCols(9);
        CHECK((inferred - trained).abs().maxCoeff() < 1e-12);
        // Inference must not depend on the other columns of its chunk: column by column is the same.
        for (int e = 0; e < 9; ++e) CHECK((infer(net, inputs.col(e)).col(0) - trained.col(e)).abs().maxCoeff() < 1e-12);
      }
    }
  }
}

TEST_CASE("batch norm's running statistics follow momentum 0.1 with the unbiased batch variance", "[inference]") {
  Net net(shape_for(Activation::Tanh, true, 0, 8));
  vg_test::randomize_parameters(net, 31);
  const ArrayXX<double> inputs = random_inputs(3, 8, 32);
  // The first layer's pre-activations, computed here from its weights.
  const ArrayXX<double> z =
      ((net.hidden(0).dense.W * inputs.matrix()).array().colwise() + net.hidden(0).dense.b).eval();
  const Eigen::ArrayXd mean = z.rowwise().mean();
  const Eigen::ArrayXd unbiased_var = (z.colwise() - mean).square().rowwise().sum() / 7.0;

  net.forward_train(inputs, false);  // evaluation passes leave the running statistics alone
  CHECK((net.hidden(0).bn.running_mean == 0.0).all());
  CHECK((net.hidden(0).bn.running_var == 1.0).all());

  net.forward_train(inputs, true);
  CHECK((net.hidden(0).bn.running_mean - 0.1 * mean).abs().maxCoeff() < 1e-14);
  CHECK((net.hidden(0).bn.running_var - (0.9 + 0.1 * unbiased_var)).abs().maxCoeff() < 1e-14);
  net.forward_train(inputs, true);
  CHECK((net.hidden(0).bn.running_mean - 0.19 * mean).abs().maxCoeff() < 1e-14);
  CHECK((net.hidden(0).bn.running_var - (0.81 + 0.19 * unbiased_var)).abs().maxCoeff() < 1e-14);

  // After many updates on one batch (the same input reaches every layer each time: the weights do not
  // change) each layer's running statistics are its batch statistics, the variance unbiased; with
  // the variance scaled back to the biased one, inference is training mode exactly.
  for (int i = 0; i < 400; ++i) net.forward_train(inputs, true);
  const ArrayXX<double> trained = net.forward_train(inputs, false);
  for (int l = 0; l < net.depth(); ++l) {
    INFO("layer " << l);
    auto& bn = net.hidden(l).bn;
    const Eigen::ArrayXd biased_var = bn.inv_std.square().inverse() - vg::BatchNorm<double>::kEpsilon;
    CHECK((bn.running_mean - bn.batch_mean).abs().maxCoeff() < 1e-12);
    CHECK((bn.running_var - biased_var * 8.0 / 7.0).abs().maxCoeff() < 1e-12);
    bn.running_var = biased_var;
  }
  CHECK((infer(net, inputs).leftCols(8) - trained).abs().maxCoeff() < 1e-10);
}

TEST_CASE("batch norm at batch size 1: outputs beta, passes no gradient back, stays finite", "[inference]") {
  for (const Activation activation : {Activation::Tanh, Activation::ReLU, Activation::Maxout}) {
    INFO("activation " << vg::name_of(activation));
    Net net(shape_for(activation, true, 2, 1));
    vg_test::randomize_parameters(net, 41);
    const ArrayXX<double> inputs = random_inputs(3, 1, 42);
    const ArrayXX<double> logits = net.forward_train(inputs, true);
    REQUIRE(logits.allFinite());
    // One example normalizes to zero: every batch-normalized pre-activation is beta, whatever the input.
    CHECK(net.hidden(0).bn.xhat.isZero(0.0));
    const ArrayXX<double> other_logits = net.forward_train(random_inputs(3, 1, 43), true);
    CHECK((other_logits - logits).abs().maxCoeff() == 0.0);
    // The running variance takes the batch variance as is (0: no unbiasing by B/(B-1) = 1/0).
    CHECK(net.hidden(0).bn.running_var.allFinite());
    CHECK((net.hidden(0).bn.running_var - 0.81).abs().maxCoeff() < 1e-15);

    const int label = 1;
    vg::loss_and_gradient(vg::LossKind::SoftmaxCrossEntropy, net.logits(), &label, net.output_gradient());
    net.backward(nullptr);
    for (int l = 0; l < net.depth(); ++l) {
      INFO("layer " << l);
      CHECK(net.hidden(l).dense.dW.isZero(0.0));
      CHECK(net.hidden(l).bn.dgamma.isZero(0.0));
      CHECK(net.hidden(l).bn.dbeta.allFinite());
    }
    double largest_dbeta = 0;  // beta still learns
    for (int l = 0; l < net.depth(); ++l) largest_dbeta = std::max(largest_dbeta, net.hidden(l).bn.dbeta.abs().maxCoeff());
    CHECK(largest_dbeta > 0);
    CHECK(net.dense(net.depth()).dW.cwiseAbs().maxCoeff() > 0);
  }
}

TEST_CASE("Jacobian singular values of non-linear nets match finite differences of forward_infer", "[inference]") {
  constexpr double kStep = 1e-5;
  for (const Activation activation : {Activation::Sigmoid, Activation::Tanh, Activation::LeakyReLU,
                                      Activation::Maxout, Activation::GELU, Activation::SELU}) {
    for (const bool batch_norm : {false, true}) {
      for (const int residual_every : {0, 2}) {
        INFO("activation " << vg::name_of(activation) << ", batch_norm " << batch_norm << ", residual_every "
                           << residual_every);
        Net net(shape_for(activation, batch_norm, residual_every, 16));
        vg_test::randomize_parameters(net, 51);
        if (batch_norm) net.forward_train(random_inputs(3, 16, 52), true);  // running statistics away from (0, 1)
        const int count = 4;
        const ArrayXX<double> points = random_inputs(3, count, 53);
        const std::vector<double> values = vg::input_jacobian_singular_values(net, points.data(), count);
        REQUIRE(values.size() == static_cast<std::size_t>(3 * count));

        std::vector<double> expected;
        for (int e = 0; e < count; ++e) {
          Eigen::MatrixXd jacobian(6, 3);
          for (int i = 0; i < 3; ++i) {
            ArrayXX<double> up = points.col(e), down = points.col(e);
            up(i) += kStep;
            down(i) -= kStep;
            jacobian.col(i) = (last_hidden(net, up) - last_hidden(net, down)) / (2 * kStep);
          }
          const Eigen::VectorXd singular = Eigen::JacobiSVD<Eigen::MatrixXd>(jacobian).singularValues();
          expected.insert(expected.end(), singular.data(), singular.data() + singular.size());
        }
        std::sort(expected.begin(), expected.end(), std::greater<double>());
        for (std::size_t i = 0; i < values.size(); ++i) {
          INFO("singular value " << i);
          CHECK(values[i] == Approx(expected[i]).epsilon(1e-6).margin(1e-9));
        }
      }
    }
  }
}
