// The step-through backprop trace: the product of the factors the page displays (dL/dlogits, each
// W^T, each phi'(z), the input) equals the gradient Network<double>::backward computes for W[1], and
// both match central finite differences of the loss recomputed from the displayed weights.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "activations.h"
#include "loss.h"
#include "theory/graph_trace.h"

namespace {

vg::Config small_config(vg::Activation activation, int depth, int width, vg::LossKind loss, std::uint64_t seed) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Spiral;
  config.activation = activation;
  config.depth = depth;
  config.width = width;
  config.loss = loss;
  config.seed = seed;
  config.init = vg::Init::XavierNormal;
  config.bias_init = 0.1;
  return config;
}

// dL/dW[1] rebuilt from the displayed factors only: for each example, start at dL/dlogits, multiply
// by W^T of the layer above and by phi'(z) of each hidden layer down to layer 1, then by the input.
std::vector<double> product_of_factors(const vg::GraphTrace& trace) {
  const int n = trace.examples;
  const int depth = static_cast<int>(trace.layers.size()) - 1;
  std::vector<double> dW(trace.layers[0].W.size(), 0.0);
  for (int e = 0; e < n; ++e) {
    std::vector<double> g(static_cast<std::size_t>(trace.output_dim));
    for (int u = 0; u < trace.output_dim; ++u) g[u] = trace.dlogits[u * n + e];
    for (int l = depth - 1; l >= 0; --l) {
      const vg::GraphTraceLayer& above = trace.layers[static_cast<std::size_t>(l) + 1];
      const vg::GraphTraceLayer& layer = trace.layers[static_cast<std::size_t>(l)];
      std::vector<double> next(static_cast<std::size_t>(layer.out), 0.0);
      for (int i = 0; i < layer.out; ++i) {
        for (int k = 0; k < above.out; ++k) next[i] += above.W[k * above.in + i] * g[k];
        next[i] *= layer.dphi[i * n + e];
      }
      g = next;
    }
    for (int i = 0; i < trace.layers[0].out; ++i)
      for (int j = 0; j < trace.input_dim; ++j) dW[i * trace.input_dim + j] += g[i] * trace.inputs[j * n + e];
  }
  return dW;
}

// The loss recomputed from the displayed weights and inputs, with W[1](i, j) shifted by h.
double loss_with_shift(const vg::Config& config, const vg::GraphTrace& trace, int i, int j, double h) {
  const int n = trace.examples;
  vg::ArrayXX<double> a(trace.input_dim, n);
  for (int r = 0; r < trace.input_dim; ++r)
    for (int e = 0; e < n; ++e) a(r, e) = trace.inputs[r * n + e];
  const int depth = static_cast<int>(trace.layers.size()) - 1;
  for (int l = 0; l <= depth; ++l) {
    const vg::GraphTraceLayer& layer = trace.layers[static_cast<std::size_t>(l)];
    vg::ArrayXX<double> z(layer.out, n);
    for (int r = 0; r < layer.out; ++r)
      for (int e = 0; e < n; ++e) {
        double sum = layer.b[r];
        for (int k = 0; k < layer.in; ++k) {
          const double w = layer.W[r * layer.in + k] + (l == 0 && r == i && k == j ? h : 0.0);
          sum += w * a(k, e);
        }
        z(r, e) = sum;
      }
    if (l == depth) {
      a = z;
    } else {
      vg::ArrayXX<double> next;
      vg::activation_apply<double>(config.activation, config.leaky_alpha, z, next, nullptr);
      a = next;
    }
  }
  vg::ArrayXX<double> unused(a.rows(), a.cols());
  return vg::loss_and_gradient(config.loss, a, trace.labels.data(), unused);
}

}  // namespace

TEST_CASE("graph trace: the product of the displayed factors is the core's dL/dW[1]", "[graph_trace]") {
  struct Case {
    vg::Activation activation;
    int depth, width, examples;
    vg::LossKind loss;
    vg::Init init;
  };
  const Case cases[] = {
      {vg::Activation::Sigmoid, 6, 1, 1, vg::LossKind::BinaryCrossEntropy, vg::Init::XavierNormal},
      {vg::Activation::Tanh, 3, 4, 4, vg::LossKind::BinaryCrossEntropy, vg::Init::XavierNormal},
      // He init and 4 examples: a 3-wide ReLU net with Xavier weights is often dead on 2 examples.
      {vg::Activation::ReLU, 4, 3, 4, vg::LossKind::SoftmaxCrossEntropy, vg::Init::HeNormal},
      {vg::Activation::GELU, 2, 2, 3, vg::LossKind::MSE, vg::Init::XavierNormal},
      {vg::Activation::ELU, 5, 2, 4, vg::LossKind::BinaryCrossEntropy, vg::Init::XavierNormal},
      {vg::Activation::LeakyReLU, 1, 4, 1, vg::LossKind::BinaryCrossEntropy, vg::Init::XavierNormal},
  };
  for (std::uint64_t seed : {1u, 7u, 42u}) {
    for (const Case& c : cases) {
      vg::Config config = small_config(c.activation, c.depth, c.width, c.loss, seed);
      config.init = c.init;
      const vg::GraphTrace trace = vg::graph_trace(config, c.examples);
      INFO("activation " << vg::name_of(c.activation) << " depth " << c.depth << " width " << c.width << " seed " << seed);
      REQUIRE(trace.error.empty());
      REQUIRE(trace.layers.size() == static_cast<std::size_t>(c.depth) + 1);
      const std::vector<double> product = product_of_factors(trace);
      REQUIRE(product.size() == trace.network_dW_first.size());
      double largest = 0;
      for (double value : trace.network_dW_first) largest = std::max(largest, std::abs(value));
      REQUIRE(largest > 0);
      for (std::size_t k = 0; k < product.size(); ++k) {
        CHECK(product[k] == Approx(trace.network_dW_first[k]).margin(1e-6 * largest + 1e-12));
        CHECK(trace.layers[0].dW[k] == Approx(trace.network_dW_first[k]).margin(1e-12));
      }
    }
  }
}

TEST_CASE("graph trace: dL/dW[1] matches central finite differences of the loss", "[graph_trace]") {
  for (vg::Activation activation : {vg::Activation::Sigmoid, vg::Activation::Tanh, vg::Activation::SELU}) {
    const vg::Config config = small_config(activation, 4, 3, vg::LossKind::BinaryCrossEntropy, 3);
    const vg::GraphTrace trace = vg::graph_trace(config, 4);
    REQUIRE(trace.error.empty());
    CHECK(loss_with_shift(config, trace, 0, 0, 0.0) == Approx(trace.loss).epsilon(1e-12));
    const double h = 1e-5;
    for (int i = 0; i < trace.layers[0].out; ++i)
      for (int j = 0; j < trace.input_dim; ++j) {
        const double numeric = (loss_with_shift(config, trace, i, j, h) - loss_with_shift(config, trace, i, j, -h)) / (2 * h);
        CHECK(trace.network_dW_first[i * trace.input_dim + j] == Approx(numeric).margin(1e-8));
      }
  }
}

TEST_CASE("graph trace: one sigmoid unit per layer multiplies in factors sigma' <= 1/4", "[graph_trace]") {
  const vg::Config config = small_config(vg::Activation::Sigmoid, 6, 1, vg::LossKind::BinaryCrossEntropy, 5);
  const vg::GraphTrace trace = vg::graph_trace(config, 1);
  REQUIRE(trace.error.empty());
  double product = trace.dlogits[0];
  for (int l = 5; l >= 0; --l) {
    CHECK(trace.layers[l].dphi[0] <= 0.25);
    CHECK(trace.layers[l].dphi[0] > 0);
    product *= trace.layers[l + 1].W[0] * trace.layers[l].dphi[0];
    CHECK(trace.layers[l].dz[0] == Approx(product).epsilon(1e-12));
  }
  CHECK(product * trace.inputs[0] == Approx(trace.network_dW_first[0]).epsilon(1e-9));
}

TEST_CASE("graph trace: out-of-range requests name the field and the allowed range", "[graph_trace]") {
  vg::Config config = small_config(vg::Activation::Tanh, 7, 2, vg::LossKind::BinaryCrossEntropy, 1);
  CHECK(vg::graph_trace(config, 2).error == "depth = 7 is out of range: allowed 1..6");
  config.depth = 3;
  config.width = 5;
  CHECK(vg::graph_trace(config, 2).error == "width = 5 is out of range: allowed 1..4");
  config.width = 2;
  CHECK(vg::graph_trace(config, 0).error == "examples = 0 is out of range: allowed 1..4");
  CHECK(vg::graph_trace(config, 5).error == "examples = 5 is out of range: allowed 1..4");
  config.activation = vg::Activation::Maxout;
  CHECK(!vg::graph_trace(config, 2).error.empty());
  config.activation = vg::Activation::Tanh;
  config.batch_norm = true;
  CHECK(!vg::graph_trace(config, 2).error.empty());
  config.batch_norm = false;
  config.dataset = vg::DatasetKind::Digits;
  CHECK(!vg::graph_trace(config, 2).error.empty());
  config.dataset = vg::DatasetKind::Xor;
  config.depth = 0;
  CHECK(vg::graph_trace(config, 2).error.find("depth = 0") == 0);
  CHECK(vg::graph_trace(config, 2).layers.empty());
}
