#include "theory/graph_trace.h"

#include <algorithm>

#include "activations.h"
#include "datasets.h"
#include "loss.h"
#include "network.h"
#include "rng.h"

namespace vg {
namespace {

std::string limits_error(const Config& config, int examples) {
  const std::string message = validate(config);
  if (!message.empty()) return message;
  auto range = [](const char* name, int value, int hi) {
    return std::string(name) + " = " + std::to_string(value) + " is out of range: allowed 1.." + std::to_string(hi);
  };
  if (config.depth > kTraceMaxDepth) return range("depth", config.depth, kTraceMaxDepth);
  if (config.width > kTraceMaxWidth) return range("width", config.width, kTraceMaxWidth);
  if (examples < 1 || examples > kTraceMaxExamples) return range("examples", examples, kTraceMaxExamples);
  if (config.activation == Activation::Maxout) return "activation = maxout has no pointwise derivative to trace";
  if (config.batch_norm) return "batch_norm = true is not traced: the step-through graph has no batch norm node";
  if (config.residual_every != 0) return "residual_every = " + std::to_string(config.residual_every) + " is not traced: allowed 0";
  if (dataset_input_dim(config.dataset) != 2) return "dataset = digits is not traced: choose a 2-D data set";
  return "";
}

template <typename Derived>
std::vector<double> row_major(const Eigen::DenseBase<Derived>& values) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(values.size()));
  for (Eigen::Index r = 0; r < values.rows(); ++r)
    for (Eigen::Index c = 0; c < values.cols(); ++c) out.push_back(static_cast<double>(values(r, c)));
  return out;
}

}  // namespace

GraphTrace graph_trace(const Config& config, int examples) {
  GraphTrace trace;
  trace.error = limits_error(config, examples);
  if (!trace.error.empty()) return trace;

  // The data set's first training points (a larger set than needed keeps the split's shuffle).
  Config sized = config;
  sized.num_samples = std::max(config.num_samples, 4 * kTraceMaxExamples);
  const Dataset data = make_dataset(sized);
  if (data.train_size() < examples) {
    trace.error = "examples = " + std::to_string(examples) + " is out of range: the data set has " +
                  std::to_string(data.train_size()) + " training points";
    return trace;
  }
  const int input_dim = data.input_dim;
  ArrayXX<double> x(input_dim, examples);
  for (int e = 0; e < examples; ++e)
    for (int i = 0; i < input_dim; ++i) x(i, e) = data.train_x[static_cast<std::size_t>(e) * input_dim + i];
  trace.labels.assign(data.train_y.begin(), data.train_y.begin() + examples);

  // The reference: the core's own network, its forward and backward pass on these examples.
  NetworkShape shape = shape_of(config, input_dim, data.num_classes);
  shape.batch = examples;
  shape.inference_chunk = 1;
  Network<double> network(shape);
  Rng init_rng(config.seed);
  network.initialize(config.init, config.gain, config.identity_scale, config.bias_init, init_rng);
  network.forward_train(x, false);
  ArrayXX<double> reference_dlogits(network.logits().rows(), examples);
  loss_and_gradient(config.loss, network.logits(), trace.labels.data(), reference_dlogits);
  network.output_gradient() = reference_dlogits;
  network.backward(nullptr);
  trace.network_dW_first = row_major(network.dense(0).dW);

  // The trace: the same weights, one node at a time.
  const int depth = config.depth;
  const double leaky_alpha = config.leaky_alpha;
  std::vector<ArrayXX<double>> activations{x};  // a_0 = x, a_1, ..., a_depth
  std::vector<ArrayXX<double>> derivatives;     // phi'(z_l), l = 1..depth
  trace.layers.resize(static_cast<std::size_t>(depth) + 1);
  for (int l = 0; l <= depth; ++l) {
    const Dense<double>& dense = network.dense(l);
    GraphTraceLayer& layer = trace.layers[static_cast<std::size_t>(l)];
    layer.in = static_cast<int>(dense.W.cols());
    layer.out = static_cast<int>(dense.W.rows());
    layer.W = row_major(dense.W);
    layer.b = row_major(dense.b);
    const ArrayXX<double> z = ((dense.W * activations.back().matrix()).colwise() + dense.b.matrix()).array();
    layer.z = row_major(z);
    if (l == depth) {
      layer.a = layer.z;
      layer.dphi.assign(layer.z.size(), 1.0);
      activations.push_back(z);
      continue;
    }
    ArrayXX<double> a, dphi;
    activation_apply(config.activation, leaky_alpha, z, a, &dphi);
    layer.a = row_major(a);
    layer.dphi = row_major(dphi);
    activations.push_back(a);
    derivatives.push_back(dphi);
  }

  const ArrayXX<double>& logits = activations.back();
  ArrayXX<double> dlogits(logits.rows(), examples);
  trace.loss = loss_and_gradient(config.loss, logits, trace.labels.data(), dlogits);
  trace.dlogits = row_major(dlogits);

  // Backward: each node's gradient is the next node's gradient times the edge's local derivative.
  ArrayXX<double> dz = dlogits;  // the output layer: dL/dlogits, with phi' = 1
  for (int l = depth; l >= 0; --l) {
    GraphTraceLayer& layer = trace.layers[static_cast<std::size_t>(l)];
    ArrayXX<double> da = dz;
    if (l < depth) {
      const Dense<double>& above = network.dense(l + 1);
      da = (above.W.transpose() * dz.matrix()).array();
      dz = da * derivatives[static_cast<std::size_t>(l)];
    }
    layer.da = row_major(da);
    layer.dz = row_major(dz);
    layer.dW = row_major(dz.matrix() * activations[static_cast<std::size_t>(l)].matrix().transpose());
  }

  trace.input_dim = input_dim;
  trace.output_dim = static_cast<int>(logits.rows());
  trace.examples = examples;
  trace.inputs = row_major(x);
  return trace;
}

}  // namespace vg
