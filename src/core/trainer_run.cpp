// One run's work (Trainer::Impl): building the data and the network, a training step with its
// telemetry, the evaluation and the divergence checks. trainer.cpp is the public class around it.
#include "trainer_impl.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "datasets.h"

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
  stats.loss = forward_backward(false, true);
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
double Trainer<Scalar>::Impl::forward_backward(bool update_running_stats, bool measure_error_norms) {
  const ArrayXX<Scalar>& logits = network->forward_train(batch_x, update_running_stats);
  const double loss = loss_and_gradient(config.loss, logits, batch_y.data(), network->output_gradient());
  network->backward(measure_error_norms ? &error_norms : nullptr);
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
// The per-example norms are telemetry, so only a telemetry step measures them: in between they cost
// a quarter of a small network's step (W1). A step that diverges is shown all the same: before any
// update, backward is replayed with them (same forward state and weights: the same gradients); once
// its update has overflowed the weights they are gone, and the step's norms read NaN (not measured).
template <typename Scalar>
bool Trainer<Scalar>::Impl::take_one_step(bool telemetry_step) {
  fill_batch(order);
  const double loss = forward_backward(true, telemetry_step);
  ++stats.step;
  stats.loss = loss;

  int layer = -1;
  const char* what = "";
  bool diverged = find_non_finite(layer, what, loss);
  if (diverged && !telemetry_step) network->backward(&error_norms);
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
    if (diverged && !telemetry_step) {  // the norms came from the weights the update overwrote
      for (std::vector<Scalar>* norms : {&delta_norm, &delta_rms, &example_grad_w_rms})
        std::fill(norms->begin(), norms->end(), std::numeric_limits<Scalar>::quiet_NaN());
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

template struct Trainer<float>::Impl;
template struct Trainer<double>::Impl;

}  // namespace vg
