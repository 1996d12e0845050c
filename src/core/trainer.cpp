#include "trainer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <new>

#include "batch_order.h"
#include "datasets.h"
#include "jacobian.h"
#include "loss.h"
#include "network.h"
#include "network_view.h"
#include "optimizer.h"
#include "telemetry.h"

namespace vg {
namespace {

// Independent streams from one seed: the data generator gets the seed itself; initialization and
// the batch order each get a seed derived by mixing in the stream number.
enum class Stream : std::uint64_t { Initialization = 1, BatchOrder = 2 };

std::uint64_t stream_seed(std::uint64_t seed, Stream stream) {
  Rng mixer(seed ^ (static_cast<std::uint64_t>(stream) * 0xD1B54A32D192ED03ULL));
  return mixer.next_u64();
}

template <typename Scalar>
bool block_is_finite(const Scalar* values, Eigen::Index size) {
  return Eigen::Map<const ArrayX<Scalar>>(values, size).allFinite();
}

}  // namespace

template <typename Scalar>
struct Trainer<Scalar>::Impl {
  Config config;
  bool configured = false;
  int input_dim = 0;
  int num_classes = 0;
  std::vector<Scalar> train_x, test_x;  // row-major n x input_dim (= column-major input_dim x n)
  std::vector<int> train_y, test_y;

  std::unique_ptr<Network<Scalar>> network;
  std::unique_ptr<Optimizer<Scalar>> optimizer;
  std::vector<ParamBlock<Scalar>> blocks;
  std::vector<int> blocks_of_layer_begin;  // blocks of layer l: [begin[l], begin[l+1])
  BatchOrder order;
  ArrayXX<Scalar> batch_x;                 // input_dim x B
  std::vector<int> batch_y;                // B
  // num_layers each, written by every backward (see ErrorSignalNorms); telemetry copies them.
  std::vector<Scalar> delta_norm, delta_rms, example_grad_w_rms;
  ErrorSignalNorms<Scalar> error_norms;
  TelemetryRecorder<Scalar> recorder;
  Telemetry<Scalar> telemetry;
  StepStats stats;
  std::vector<Scalar> grid;

  std::string build(const Config& new_config);
  void restart();
  void fill_batch(BatchOrder& source);
  double forward_backward(bool update_running_stats);
  void measure(bool update_applied);
  void evaluate();
  LossTotals evaluate_split(const std::vector<Scalar>& x, const std::vector<int>& y);
  bool find_non_finite(int& layer, const char*& what, double loss) const;
  bool take_one_step(bool telemetry_step);
  void record_forward_norms();
};

template <typename Scalar>
std::string Trainer<Scalar>::Impl::build(const Config& new_config) {
  config = new_config;
  Dataset data = make_dataset(config);
  if (data.train_size() == 0) return "the training split is empty: raise num_samples or lower test_fraction";
  input_dim = data.input_dim;
  num_classes = data.num_classes;
  train_x.assign(data.train_x.begin(), data.train_x.end());
  test_x.assign(data.test_x.begin(), data.test_x.end());
  train_y = std::move(data.train_y);
  test_y = std::move(data.test_y);

  network = std::make_unique<Network<Scalar>>(shape_of(config, input_dim, num_classes));
  blocks = network->parameter_blocks();
  const int blocks_per_hidden = config.batch_norm ? 4 : 2;
  blocks_of_layer_begin.clear();
  for (int l = 0; l <= config.depth + 1; ++l) blocks_of_layer_begin.push_back(l * blocks_per_hidden);
  blocks_of_layer_begin.back() = static_cast<int>(blocks.size());
  batch_x.setZero(input_dim, config.batch_size);
  batch_y.assign(static_cast<std::size_t>(config.batch_size), 0);
  for (std::vector<Scalar>* norms : {&delta_norm, &delta_rms, &example_grad_w_rms})
    norms->assign(static_cast<std::size_t>(network->num_layers()), Scalar(0));
  error_norms = {delta_norm.data(), delta_rms.data(), example_grad_w_rms.data()};
  recorder.allocate(telemetry, *network, config.hist_bins);
  configured = true;
  restart();
  return "";
}

// Back to step 0: weights, optimizer state and batch order from the seed, then the step-0
// measurement on the first batch (no update).
template <typename Scalar>
void Trainer<Scalar>::Impl::restart() {
  Rng init_rng(stream_seed(config.seed, Stream::Initialization));
  network->initialize(config.init, config.gain, config.identity_scale, config.bias_init, init_rng);
  optimizer.reset();  // its state is freed before the fresh one is allocated (the WASM heap is capped)
  optimizer = std::make_unique<Optimizer<Scalar>>(config);
  optimizer->bind(blocks);
  order = BatchOrder(static_cast<int>(train_y.size()), stream_seed(config.seed, Stream::BatchOrder));
  stats = StepStats{};
  TelemetryRecorder<Scalar>::clear(telemetry);

  BatchOrder peek = order;
  fill_batch(peek);
  stats.loss = forward_backward(false);
  measure(false);
  evaluate();
}

template <typename Scalar>
void Trainer<Scalar>::Impl::fill_batch(BatchOrder& source) {
  const Eigen::Map<const ArrayXX<Scalar>> inputs(train_x.data(), input_dim, static_cast<Eigen::Index>(train_y.size()));
  for (int column = 0; column < config.batch_size; ++column) {
    const int example = source.next();
    batch_x.col(column) = inputs.col(example);
    batch_y[static_cast<std::size_t>(column)] = train_y[static_cast<std::size_t>(example)];
  }
}

template <typename Scalar>
double Trainer<Scalar>::Impl::forward_backward(bool update_running_stats) {
  const ArrayXX<Scalar>& logits = network->forward_train(batch_x, update_running_stats);
  const double loss = loss_and_gradient(config.loss, logits, batch_y.data(), network->output_gradient());
  network->backward(&error_norms);
  return loss;
}

// Telemetry of the latest forward/backward; the weights part compares with the snapshot taken
// before the update (or reports a zero update).
template <typename Scalar>
void Trainer<Scalar>::Impl::measure(bool update_applied) {
  recorder.record_gradients_and_activations(telemetry, *network, error_norms);
  if (!update_applied) recorder.snapshot_weights(*network);
  recorder.record_weights(telemetry, *network);
}

template <typename Scalar>
LossTotals Trainer<Scalar>::Impl::evaluate_split(const std::vector<Scalar>& x, const std::vector<int>& y) {
  LossTotals totals;
  const int count = static_cast<int>(y.size());
  const int chunk = network->shape().inference_chunk;
  ArrayXX<Scalar>& input = network->inference_input();
  for (int start = 0; start < count; start += chunk) {
    const int columns = std::min(chunk, count - start);
    input.leftCols(columns) = Eigen::Map<const ArrayXX<Scalar>>(x.data() + static_cast<std::size_t>(start) * input_dim,
                                                                input_dim, columns);
    const LossTotals part = loss_totals(config.loss, network->forward_infer(columns), y.data() + start, columns);
    totals.loss_sum += part.loss_sum;
    totals.correct += part.correct;
  }
  return totals;
}

template <typename Scalar>
void Trainer<Scalar>::Impl::evaluate() {
  const LossTotals train = evaluate_split(train_x, train_y);
  stats.train_accuracy = static_cast<double>(train.correct) / static_cast<double>(train_y.size());
  if (test_y.empty()) {
    stats.test_accuracy = 0;
    stats.test_loss = 0;
    return;
  }
  const LossTotals test = evaluate_split(test_x, test_y);
  stats.test_accuracy = static_cast<double>(test.correct) / static_cast<double>(test_y.size());
  stats.test_loss = test.loss_sum / static_cast<double>(test_y.size());
}

// The first layer (Telemetry indexing) holding a non-finite value after forward/backward: a
// non-finite loss is traced to the first layer whose activations overflowed (else the output
// layer's loss); a finite loss with a non-finite gradient names the first such layer.
template <typename Scalar>
bool Trainer<Scalar>::Impl::find_non_finite(int& layer, const char*& what, double loss) const {
  const int depth = config.depth;
  if (!std::isfinite(loss)) {
    for (int l = 0; l < depth; ++l) {
      if (!network->hidden(l).output().allFinite()) {
        layer = l;
        what = "activations";
        return true;
      }
    }
    layer = depth;
    what = "loss";
    return true;
  }
  for (int l = 0; l <= depth; ++l) {
    for (int b = blocks_of_layer_begin[l]; b < blocks_of_layer_begin[l + 1]; ++b) {
      if (!block_is_finite(blocks[b].grad, blocks[b].size)) {
        layer = l;
        what = "gradients";
        return true;
      }
    }
  }
  return false;
}

// ||a_l|| per example (double: float squares of values near float's maximum would overflow), averaged
// over the batch, for each hidden layer up to the first one holding a non-finite value.
template <typename Scalar>
void Trainer<Scalar>::Impl::record_forward_norms() {
  stats.forward_norm.clear();
  for (int l = 0; l < config.depth; ++l) {
    const ArrayXX<Scalar>& output = network->hidden(l).output();
    double norm_sum = 0;
    bool finite = true;
    for (Eigen::Index column = 0; column < output.cols() && finite; ++column) {
      double squares = 0;
      for (Eigen::Index row = 0; row < output.rows(); ++row) {
        const double value = static_cast<double>(output(row, column));
        if (!std::isfinite(value)) finite = false;
        squares += value * value;
      }
      norm_sum += std::sqrt(squares);
    }
    if (!finite || !std::isfinite(norm_sum)) {
      stats.forward_norm.push_back(std::numeric_limits<double>::infinity());
      return;
    }
    stats.forward_norm.push_back(norm_sum / static_cast<double>(output.cols()));
  }
}

// One training step. Returns false when the run diverged in it (then no update was applied if the
// loss or a gradient was non-finite, and the telemetry shows that step).
template <typename Scalar>
bool Trainer<Scalar>::Impl::take_one_step(bool telemetry_step) {
  fill_batch(order);
  const double loss = forward_backward(true);
  ++stats.step;
  stats.loss = loss;

  int layer = -1;
  const char* what = "";
  bool diverged = find_non_finite(layer, what, loss);
  if (!diverged) {
    if (telemetry_step) {
      recorder.record_gradients_and_activations(telemetry, *network, error_norms);
      recorder.snapshot_weights(*network);
    }
    optimizer->step();
    for (int l = 0; l <= config.depth && !diverged; ++l) {
      for (int b = blocks_of_layer_begin[l]; b < blocks_of_layer_begin[l + 1]; ++b) {
        if (!block_is_finite(blocks[b].value, blocks[b].size)) {
          diverged = true;
          layer = l;
          what = "weights";
          break;
        }
      }
    }
    if (!diverged && telemetry_step) {
      recorder.record_weights(telemetry, *network);
      evaluate();
    }
  }
  if (diverged) {
    measure(false);
    stats.status = RunStatus::Diverged;
    stats.diverged_step = stats.step;
    stats.diverged_layer = layer;
    stats.message = "diverged at step " + std::to_string(stats.step) + ", first non-finite value in layer " +
                    std::to_string(layer) + " (" + what + ")";
    stats.diverged_part = what;
    stats.diverged_cause = stats.step == 1 ? "init" : "optimization";
    record_forward_norms();
    return false;
  }
  return true;
}

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
  dump.loss = run.forward_backward(false);
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
