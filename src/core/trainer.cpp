// The public class: configure, reset and step a run (trainer_run.cpp does the work), and what a run
// is asked besides training: its statistics, telemetry and data, the decision grid, the network view,
// the Jacobian's spectrum and the first step's gradients.
#include "trainer.h"

#include <algorithm>
#include <exception>
#include <new>

#include "jacobian.h"
#include "network_view.h"
#include "trainer_impl.h"

namespace vg {

// ---- The public class --------------------------------------------------------------------------------

template <typename Scalar>
Trainer<Scalar>::Trainer() : impl_(std::make_unique<Impl>()) {}
template <typename Scalar>
Trainer<Scalar>::~Trainer() = default;
template <typename Scalar>
Trainer<Scalar>::Trainer(Trainer&&) noexcept = default;
template <typename Scalar>
Trainer<Scalar>& Trainer<Scalar>::operator=(Trainer&&) noexcept = default;

template <typename Scalar>
std::string Trainer<Scalar>::configure(const Config& config) {
  const std::string invalid = validate(config);
  if (!invalid.empty()) return invalid;
  // The previous run is freed before the new one is built, so a reconfigure never needs the memory
  // of both runs at once (the WASM heap is capped). A failed build leaves the trainer unconfigured.
  impl_.reset();
  std::string problem;
  try {
    impl_ = std::make_unique<Impl>();
    problem = impl_->build(config);
  } catch (const std::bad_alloc&) {
    problem = "out of memory while building the network: lower depth, width or batch_size";
  } catch (const std::exception& error) {
    problem = std::string("could not build the run: ") + error.what();
  }
  if (!problem.empty()) impl_ = std::make_unique<Impl>();
  return problem;
}

template <typename Scalar>
void Trainer<Scalar>::reset() {
  if (impl_->configured) impl_->restart();
}

template <typename Scalar>
int Trainer<Scalar>::step(int n) {
  Impl& run = *impl_;
  if (!run.configured || run.stats.status == RunStatus::Diverged || n <= 0) return 0;
  run.stats.status = RunStatus::Running;
  const int every = std::max(run.config.telemetry_every, 1);
  for (int i = 0; i < n; ++i) {
    const bool telemetry_step = i == n - 1 || (run.stats.step + 1) % every == 0;
    if (!run.take_one_step(telemetry_step)) return i + 1;
  }
  return n;
}

template <typename Scalar>
const Config& Trainer<Scalar>::config() const {
  return impl_->config;
}
template <typename Scalar>
const StepStats& Trainer<Scalar>::stats() const {
  return impl_->stats;
}
template <typename Scalar>
const Telemetry<Scalar>& Trainer<Scalar>::telemetry() const {
  return impl_->telemetry;
}
template <typename Scalar>
int Trainer<Scalar>::input_dim() const {
  return impl_->input_dim;
}
template <typename Scalar>
int Trainer<Scalar>::num_classes() const {
  return impl_->num_classes;
}
template <typename Scalar>
const std::vector<Scalar>& Trainer<Scalar>::train_inputs() const {
  return impl_->train_x;
}
template <typename Scalar>
const std::vector<int>& Trainer<Scalar>::train_labels() const {
  return impl_->train_y;
}
template <typename Scalar>
const std::vector<Scalar>& Trainer<Scalar>::test_inputs() const {
  return impl_->test_x;
}
template <typename Scalar>
const std::vector<int>& Trainer<Scalar>::test_labels() const {
  return impl_->test_y;
}

template <typename Scalar>
const std::vector<Scalar>& Trainer<Scalar>::predict_grid(int res, double x0, double x1, double y0, double y1) {
  Impl& run = *impl_;
  run.grid.clear();
  constexpr int kMaxResolution = 1024;
  const PlaneGrid plane{res, x0, x1, y0, y1};
  if (!run.configured || run.input_dim != 2 || res < 1 || res > kMaxResolution || !plane.finite()) return run.grid;
  const int points = res * res;
  run.grid.resize(static_cast<std::size_t>(points));
  Network<Scalar>& network = *run.network;
  const int chunk = network.shape().inference_chunk;
  for (int start = 0; start < points; start += chunk) {
    const int columns = std::min(chunk, points - start);
    plane.fill(network.inference_input(), start, columns);
    const ArrayXX<Scalar>& logits = network.forward_infer(columns);
    for (int column = 0; column < columns; ++column) {
      run.grid[static_cast<std::size_t>(start + column)] =
          run.num_classes == 2 ? class_one_probability(run.config.loss, logits, column)
                               : static_cast<Scalar>(predicted_class(run.config.loss, logits, column));
    }
  }
  return run.grid;
}

template <typename Scalar>
NetworkView Trainer<Scalar>::network_view(int res, double x0, double x1, double y0, double y1) {
  Impl& run = *impl_;
  if (!run.configured) {
    NetworkView refused;
    refused.error = "the trainer has no run: configure it first";
    return refused;
  }
  return vg::network_view(*run.network, res, x0, x1, y0, y1);
}

template <typename Scalar>
std::vector<double> Trainer<Scalar>::jacobian_singular_values(int num_inputs) {
  Impl& run = *impl_;
  constexpr int kMaxJacobianWidth = 128;  // bounds the cost (one SVD of width x input_dim per input)
  constexpr int kMaxJacobianInputs = 16;
  const int available = static_cast<int>(run.train_y.size());
  if (!run.configured || run.config.width > kMaxJacobianWidth || num_inputs < 1 || num_inputs > kMaxJacobianInputs)
    return {};
  return input_jacobian_singular_values(*run.network, run.train_x.data(), std::min(num_inputs, available));
}

template <typename Scalar>
typename Trainer<Scalar>::GradientDump Trainer<Scalar>::dump_first_batch() {
  Impl& run = *impl_;
  GradientDump dump;
  if (!run.configured || run.stats.step != 0) return dump;
  BatchOrder peek = run.order;
  run.fill_batch(peek);
  dump.loss = run.forward_backward(false, true);
  dump.batch = run.config.batch_size;
  dump.input_dim = run.input_dim;
  // batch_x is input_dim x B column-major, which is B x input_dim row-major.
  dump.inputs.assign(run.batch_x.data(), run.batch_x.data() + run.batch_x.size());
  dump.labels = run.batch_y;
  const auto row_major = [](const Matrix<Scalar>& m) {
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(m.size()));
    for (Eigen::Index r = 0; r < m.rows(); ++r)
      for (Eigen::Index c = 0; c < m.cols(); ++c) values.push_back(static_cast<double>(m(r, c)));
    return values;
  };
  const auto to_vector = [](const ArrayX<Scalar>& a) { return std::vector<double>(a.data(), a.data() + a.size()); };
  Network<Scalar>& network = *run.network;
  for (int l = 0; l < network.num_layers(); ++l) {
    const Dense<Scalar>& dense = network.dense(l);
    LayerDump layer;
    layer.rows = static_cast<int>(dense.W.rows());
    layer.cols = static_cast<int>(dense.W.cols());
    layer.weights = row_major(dense.W);
    layer.biases = to_vector(dense.b);
    layer.grad_weights = row_major(dense.dW);
    layer.grad_biases = to_vector(dense.db);
    if (run.config.batch_norm && l < network.depth()) {
      const BatchNorm<Scalar>& bn = network.hidden(l).bn;
      layer.bn_gamma = to_vector(bn.gamma);
      layer.bn_beta = to_vector(bn.beta);
      layer.grad_bn_gamma = to_vector(bn.dgamma);
      layer.grad_bn_beta = to_vector(bn.dbeta);
    }
    dump.layers.push_back(std::move(layer));
  }
  return dump;
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace vg
