// The network view: each hidden unit's grid equals a forward pass at that grid point computed here by
// hand from the layers' weights (scalar activation formulas, batch norm's inference formula, the
// residual shortcuts), the output grid equals the logits (and predict_grid's probability), each
// link's sizes are |W| and |dL/dW| of the network's own gradient matrices, and networks too large or
// grids out of range are refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "loss.h"
#include "network_view.h"
#include "random_parameters.h"
#include "trainer.h"

namespace {

using vg::Activation;
using Net = vg::Network<double>;

double phi(Activation activation, double z) {
  switch (activation) {
    case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-z));
    case Activation::Tanh: return std::tanh(z);
    case Activation::ReLU: return z > 0 ? z : 0.0;
    default: return z;
  }
}

// The hidden layers' outputs (layer, unit) and the logits at input (x, y), by hand.
struct PointForward {
  std::vector<std::vector<double>> hidden;
  std::vector<double> logits;
};

PointForward forward_at(const Net& net, double x, double y) {
  const vg::NetworkShape& shape = net.shape();
  PointForward result;
  std::vector<double> h = {x, y};
  for (int l = 0; l <= shape.depth; ++l) {
    const vg::Dense<double>& dense = net.dense(l);
    std::vector<double> z(static_cast<std::size_t>(dense.W.rows()));
    for (Eigen::Index j = 0; j < dense.W.rows(); ++j) {
      z[j] = dense.b(j);
      for (Eigen::Index i = 0; i < dense.W.cols(); ++i) z[j] += dense.W(j, i) * h[i];
    }
    if (l == shape.depth) {
      result.logits = z;
      break;
    }
    const vg::HiddenLayer<double>& layer = net.hidden(l);
    std::vector<double> a(z.size());
    for (std::size_t j = 0; j < z.size(); ++j) {
      double u = z[j];
      if (shape.batch_norm) {
        u = layer.bn.gamma(j) * (u - layer.bn.running_mean(j)) / std::sqrt(layer.bn.running_var(j) + vg::BatchNorm<double>::kEpsilon) +
            layer.bn.beta(j);
      }
      a[j] = phi(shape.activation, u);
    }
    if (layer.shortcut_from != vg::kNoShortcut) {
      const std::vector<double>& skip = result.hidden[static_cast<std::size_t>(layer.shortcut_from)];
      for (std::size_t j = 0; j < a.size(); ++j) a[j] += skip[j];
    }
    result.hidden.push_back(a);
    h = a;
  }
  return result;
}

vg::NetworkShape small_shape(Activation activation, bool batch_norm, int residual_every) {
  vg::NetworkShape shape;
  shape.input_dim = 2;
  shape.output_dim = 1;
  shape.depth = 5;
  shape.width = 4;
  shape.batch = 16;
  shape.activation = activation;
  shape.batch_norm = batch_norm;
  shape.residual_every = residual_every;
  shape.inference_chunk = 64;  // smaller than the grid: the view is filled chunk by chunk
  return shape;
}

// A few training steps' worth of state: running statistics moved, the latest backward's dW filled.
void forward_backward_on_random_batch(Net& net, std::uint64_t seed) {
  vg::Rng rng(seed);
  vg::ArrayXX<double> inputs(2, net.shape().batch);
  std::vector<int> labels(static_cast<std::size_t>(net.shape().batch));
  for (int round = 0; round < 3; ++round) {
    for (Eigen::Index e = 0; e < inputs.cols(); ++e) {
      inputs(0, e) = rng.normal();
      inputs(1, e) = rng.normal();
      labels[static_cast<std::size_t>(e)] = inputs(0, e) * inputs(1, e) > 0 ? 1 : 0;
    }
    const vg::ArrayXX<double>& logits = net.forward_train(inputs, true);
    vg::loss_and_gradient(vg::LossKind::BinaryCrossEntropy, logits, labels.data(), net.output_gradient());
    net.backward(nullptr);
  }
}

vg::Config spiral_config(int depth, int width) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Spiral;
  config.depth = depth;
  config.width = width;
  config.activation = Activation::Tanh;
  config.init = vg::Init::XavierNormal;
  config.batch_size = 32;
  config.seed = 7;
  return config;
}

}  // namespace

TEST_CASE("each unit's grid is the forward pass at that grid point", "[network_view]") {
  struct Case {
    Activation activation;
    bool batch_norm;
    int residual_every;
  };
  for (const Case c : {Case{Activation::Tanh, false, 0}, Case{Activation::Sigmoid, true, 0},
                       Case{Activation::ReLU, false, 2}, Case{Activation::ReLU, true, 2}}) {
    Net net(small_shape(c.activation, c.batch_norm, c.residual_every));
    vg_test::randomize_parameters(net, 11);
    forward_backward_on_random_batch(net, 12);
    const int res = 12;
    const vg::PlaneGrid grid{res, -1.5, 2.0, -1.0, 0.5};
    const vg::NetworkView view = vg::network_view(net, res, grid.x0, grid.x1, grid.y0, grid.y1);
    REQUIRE(view.error.empty());
    for (const int point : {0, 1, 11, 12, 77, 143}) {
      INFO("activation " << vg::name_of(c.activation) << ", batch norm " << c.batch_norm << ", point " << point);
      const PointForward expected = forward_at(net, grid.x(point), grid.y(point));
      for (int l = 0; l < view.depth; ++l)
        for (int j = 0; j < view.width; ++j)
          CHECK(view.unit_outputs[(static_cast<std::size_t>(l) * view.width + j) * res * res + point] ==
                Approx(expected.hidden[l][j]).epsilon(1e-12).margin(1e-12));
      CHECK(view.output_logits[point] == Approx(expected.logits[0]).epsilon(1e-12).margin(1e-12));
    }
    // The grid runs from (x0, y0) at point 0 to (x1, y1) at the last point.
    CHECK(grid.x(res - 1) == Approx(2.0));
    CHECK(grid.y(res * res - 1) == Approx(0.5));
  }
}

TEST_CASE("links carry |W| and |dL/dW| of the network's own matrices; Maxout pools its pieces", "[network_view]") {
  for (const Activation activation : {Activation::Tanh, Activation::Maxout}) {
    Net net(small_shape(activation, false, 0));
    vg_test::randomize_parameters(net, 21);
    forward_backward_on_random_batch(net, 22);
    const vg::NetworkView view = vg::network_view(net, 8, -1, 1, -1, 1);
    REQUIRE(view.error.empty());
    REQUIRE(view.link_begin.size() == static_cast<std::size_t>(net.num_layers() + 1));
    const int pieces = activation == Activation::Maxout ? net.shape().maxout_pieces : 1;
    for (int l = 0; l < net.num_layers(); ++l) {
      const vg::Dense<double>& dense = net.dense(l);
      const int units = l == net.depth() ? 1 : net.shape().width;
      const int in = static_cast<int>(dense.W.cols());
      REQUIRE(view.link_begin[l + 1] - view.link_begin[l] == units * in);
      for (int j = 0; j < units; ++j) {
        for (int i = 0; i < in; ++i) {
          double w2 = 0, g2 = 0;
          const int rows = l == net.depth() ? 1 : pieces;
          for (int p = 0; p < rows; ++p) {
            w2 += dense.W(p * units + j, i) * dense.W(p * units + j, i);
            g2 += dense.dW(p * units + j, i) * dense.dW(p * units + j, i);
          }
          const std::size_t link = static_cast<std::size_t>(view.link_begin[l] + j * in + i);
          CHECK(view.weight_abs[link] == Approx(std::sqrt(w2)).epsilon(1e-14));
          CHECK(view.grad_abs[link] == Approx(std::sqrt(g2)).epsilon(1e-14));
          CHECK(view.grad_abs[link] > 0);
        }
      }
    }
  }
}

TEST_CASE("the trainer's view: its gradients are the step's, its output the decision grid", "[network_view]") {
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(spiral_config(3, 5)).empty());
  const vg::Trainer<double>::GradientDump dump = trainer.dump_first_batch();
  const int res = 24;
  const vg::NetworkView view = trainer.network_view(res, -1.2, 1.2, -1.1, 1.3);
  REQUIRE(view.error.empty());
  CHECK(view.depth == 3);
  CHECK(view.width == 5);
  CHECK(view.output_dim == 1);
  CHECK(view.unit_outputs.size() == static_cast<std::size_t>(3 * 5 * res * res));
  CHECK(view.output_logits.size() == static_cast<std::size_t>(res * res));
  REQUIRE(view.link_begin == std::vector<int>{0, 10, 35, 60, 65});
  for (std::size_t l = 0; l < dump.layers.size(); ++l) {
    const auto& layer = dump.layers[l];
    for (std::size_t k = 0; k < layer.grad_weights.size(); ++k) {
      CHECK(view.grad_abs[view.link_begin[l] + k] == std::abs(layer.grad_weights[k]));
      CHECK(view.weight_abs[view.link_begin[l] + k] == std::abs(layer.weights[k]));
    }
  }
  // The output grid is the decision boundary's logit.
  const std::vector<double>& grid = trainer.predict_grid(res, -1.2, 1.2, -1.1, 1.3);
  for (int point = 0; point < res * res; point += 37)
    CHECK(grid[point] == Approx(1.0 / (1.0 + std::exp(-view.output_logits[point]))).epsilon(1e-12));
  // A step changes the weights, so the units' grids, and leaves its own gradients in the view.
  trainer.step(5);
  const vg::NetworkView later = trainer.network_view(res, -1.2, 1.2, -1.1, 1.3);
  CHECK(later.grad_abs != view.grad_abs);
  CHECK(later.unit_outputs != view.unit_outputs);
}

TEST_CASE("the view refuses large networks, other data sets and grids out of range", "[network_view]") {
  vg::Trainer<double> unconfigured;
  CHECK_THAT(unconfigured.network_view(24, -1, 1, -1, 1).error, Catch::Contains("configure"));
  const auto error_of = [](const vg::Config& config, int res, double x1) {
    vg::Trainer<double> trainer;
    REQUIRE(trainer.configure(config).empty());
    return trainer.network_view(res, -1, x1, -1, 1).error;
  };
  CHECK(error_of(spiral_config(8, 8), 24, 1).empty());
  CHECK_THAT(error_of(spiral_config(9, 8), 24, 1), Catch::Contains("depth 9"));
  CHECK_THAT(error_of(spiral_config(8, 9), 24, 1), Catch::Contains("width 9"));
  vg::Config digits = spiral_config(2, 4);
  digits.dataset = vg::DatasetKind::Digits;
  digits.loss = vg::LossKind::SoftmaxCrossEntropy;
  CHECK_THAT(error_of(digits, 24, 1), Catch::Contains("2-D"));
  CHECK_THAT(error_of(spiral_config(2, 4), 1, 1), Catch::Contains("res = 1"));
  CHECK_THAT(error_of(spiral_config(2, 4), 65, 1), Catch::Contains("res = 65"));
  CHECK_THAT(error_of(spiral_config(2, 4), 24, std::nan("")), Catch::Contains("extent"));
  CHECK_THAT(error_of(spiral_config(2, 4), 24, -1), Catch::Contains("extent"));
  const vg::NetworkView refused = [] {
    vg::Trainer<double> trainer;
    (void)trainer.configure(spiral_config(9, 2));
    return trainer.network_view(24, -1, 1, -1, 1);
  }();
  CHECK(refused.unit_outputs.empty());
  CHECK(refused.grad_abs.empty());
}

// The article's sentence under the `network` widget (web/index.html, section 4), on the widget's
// default run (web/js/widgets/network.js: circle, 6 sigmoid layers of 5, Xavier, SGD 0.1, batch 32)
// and seeds 1..32: over its 3000 steps the first hidden layer's gradient is typically (the median
// over the steps, sampled every 10th) more than a hundred times smaller than the last hidden layer's.
TEST_CASE("the network widget's default run: the first layer's gradient is typically 100x below the last's", "[network_view]") {
  vg::Config config;
  config.dataset = vg::DatasetKind::Circle;
  config.num_samples = 300;
  config.noise = 0.1;
  config.depth = 6;
  config.width = 5;
  config.activation = Activation::Sigmoid;
  config.init = vg::Init::XavierNormal;
  config.learning_rate = 0.1;
  config.batch_size = 32;
  config.telemetry_every = 10;
  double smallest_median = INFINITY;
  for (std::uint64_t seed = 1; seed <= 32; ++seed) {
    config.seed = seed;
    vg::Trainer<float> trainer;
    REQUIRE(trainer.configure(config).empty());
    std::vector<double> ratios;
    for (int chunk = 0; chunk < 300; ++chunk) {
      trainer.step(10);
      const std::vector<float>& norms = trainer.telemetry().grad_w_norm;
      ratios.push_back(static_cast<double>(norms[5]) / static_cast<double>(norms[0]));
    }
    std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2, ratios.end());
    smallest_median = std::min(smallest_median, ratios[ratios.size() / 2]);
  }
  INFO("smallest median ratio over the seeds: " << smallest_median);
  CHECK(smallest_median > 100);
}
