#include "network.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "datasets.h"
#include "init.h"
#include "loss.h"
#include "norms.h"

namespace vg {

NetworkShape shape_of(const Config& config, int input_dim, int num_classes) {
  NetworkShape shape;
  shape.input_dim = input_dim;
  shape.output_dim = output_units(config.loss, num_classes);
  shape.depth = config.depth;
  shape.width = config.width;
  shape.batch = config.batch_size;
  shape.activation = config.activation;
  shape.leaky_alpha = config.leaky_alpha;
  shape.maxout_pieces = config.maxout_pieces;
  shape.batch_norm = config.batch_norm;
  shape.residual_every = config.residual_every;
  return shape;
}

template <typename Scalar>
Network<Scalar>::Network(const NetworkShape& shape) : shape_(shape) {
  const int rows = shape_.dense_rows();
  const int width = shape_.width;
  const int batch = shape_.batch;
  const int chunk = shape_.inference_chunk;
  hidden_.resize(static_cast<std::size_t>(shape_.depth));
  for (int l = 0; l < shape_.depth; ++l) hidden(l).allocate(shape_, l == 0 ? shape_.input_dim : width);
  // Residual blocks: layers start..start+k-1 for start = 1, 1+k, ...; complete blocks only.
  const int k = shape_.residual_every;
  if (k > 0) {
    for (int start = 1; start + k - 1 < shape_.depth; start += k) {
      HiddenLayer<Scalar>& end = hidden(start + k - 1);
      end.shortcut_from = start - 1;
      end.out.setZero(width, batch);
      hidden(start).starts_block = true;
    }
  }
  output_.allocate(width, shape_.output_dim);

  pre_.setZero(rows, batch);
  logits_.setZero(shape_.output_dim, batch);
  dlogits_.setZero(shape_.output_dim, batch);
  dh_.setZero(width, batch);
  dh_next_.setZero(width, batch);
  if (shape_.activation == Activation::Maxout) dpre_.setZero(rows, batch);
  if (k > 0) skip_grad_.setZero(width, batch);

  infer_input_.setZero(shape_.input_dim, chunk);
  infer_pre_.setZero(rows, chunk);
  infer_h_[0].setZero(width, chunk);
  infer_h_[1].setZero(width, chunk);
  if (k > 0) infer_skip_.setZero(width, chunk);
  infer_logits_.setZero(shape_.output_dim, chunk);
}

template <typename Scalar>
void Network<Scalar>::initialize(Init init, double gain, double identity_scale, double bias_init, Rng& rng) {
  const Scalar bias = static_cast<Scalar>(bias_init);
  for (int l = 0; l <= shape_.depth; ++l) {
    Dense<Scalar>& layer = dense(l);
    init_weights(layer.W, init, gain, identity_scale, rng);
    layer.b.setConstant(bias);
    layer.dW.setZero();
    layer.db.setZero();
  }
  if (shape_.batch_norm) {
    for (HiddenLayer<Scalar>& layer : hidden_) layer.bn.allocate(shape_.dense_rows(), shape_.batch);
  }
}

template <typename Scalar>
const ArrayXX<Scalar>& Network<Scalar>::forward_train(const ArrayXX<Scalar>& inputs, bool update_running_stats) {
  train_inputs_ = &inputs;
  const ArrayXX<Scalar>* x = &inputs;
  for (HiddenLayer<Scalar>& layer : hidden_) {
    const bool joins = layer.shortcut_from != kNoShortcut;
    const ArrayXX<Scalar>& block_input = joins ? hidden(layer.shortcut_from).output() : *x;
    const ConstColumns<Scalar> shortcut(block_input.data(), block_input.rows(), block_input.cols());
    layer.forward(*x, ForwardMode::Train, layer.training_pass(pre_), joins ? &shortcut : nullptr, update_running_stats);
    x = &layer.output();
  }
  output_.forward(*x, logits_);
  return logits_;
}

template <typename Scalar>
void Network<Scalar>::backward(const ErrorSignalNorms<Scalar>* norms) {
  // Norms of B times each column (see ErrorSignalNorms): mean = sum of column norms; the root mean
  // squares are sqrt(B) times the norm over the whole batch.
  const double batch = static_cast<double>(shape_.batch), root_batch = std::sqrt(batch);
  auto record = [&](int l, const ArrayXX<Scalar>& dz, const ArrayXX<Scalar>& input) {
    if (!norms) return;
    const auto index = static_cast<std::size_t>(l);
    if (norms->delta_mean) norms->delta_mean[index] = static_cast<Scalar>(column_norm_sum(dz));
    if (norms->delta_rms) norms->delta_rms[index] = static_cast<Scalar>(root_batch * frobenius_norm(dz));
    if (norms->grad_w_rms)
      norms->grad_w_rms[index] = static_cast<Scalar>(root_batch * column_outer_products_norm(dz, input));
  };
  const ArrayXX<Scalar>& last_hidden = hidden_.back().output();
  output_.backward(last_hidden, dlogits_, &dh_);
  record(shape_.depth, dlogits_, last_hidden);
  int pending_shortcut = kNoShortcut;  // the layer whose output waits for skip_grad_
  for (int l = shape_.depth - 1; l >= 0; --l) {
    HiddenLayer<Scalar>& layer = hidden(l);
    if (layer.shortcut_from != kNoShortcut) {
      skip_grad_ = dh_;
      pending_shortcut = layer.shortcut_from;
    }
    const ArrayXX<Scalar>& x = l == 0 ? *train_inputs_ : hidden(l - 1).output();
    record(l, layer.backward(x, dh_, dpre_, l > 0 ? &dh_next_ : nullptr), x);
    if (l > 0 && pending_shortcut == l - 1) {
      dh_next_ += skip_grad_;
      pending_shortcut = kNoShortcut;
    }
    dh_.swap(dh_next_);
  }
}

template <typename Scalar>
const ArrayXX<Scalar>& Network<Scalar>::forward_infer(int columns, const HiddenOutputVisitor<Scalar>* visit) {
  // Views of the buffers' first `columns` columns (contiguous in column-major storage): a split's
  // last, partly filled chunk costs its own columns only, and nothing is allocated.
  using View = Columns<Scalar>;
  const auto leading = [columns](ArrayXX<Scalar>& buffer) { return View(buffer.data(), buffer.rows(), columns); };
  const View input = leading(infer_input_);
  View pre = leading(infer_pre_);
  View h[2] = {leading(infer_h_[0]), leading(infer_h_[1])};
  View skip = leading(infer_skip_);
  View logits = leading(infer_logits_);
  const View* x = &input;
  for (int l = 0; l < shape_.depth; ++l) {
    HiddenLayer<Scalar>& layer = hidden(l);
    if (layer.starts_block) skip = *x;
    View& a = h[l % 2];
    const ConstColumns<Scalar> shortcut(skip.data(), skip.rows(), skip.cols());
    layer.forward(*x, ForwardMode::Infer, {pre, a, a}, layer.shortcut_from != kNoShortcut ? &shortcut : nullptr);
    if (visit) (*visit)(l, a);
    x = &a;
  }
  output_.forward(*x, logits);
  return infer_logits_;
}

template <typename Scalar>
std::vector<ParamBlock<Scalar>> Network<Scalar>::parameter_blocks() {
  std::vector<ParamBlock<Scalar>> blocks;
  auto add = [&blocks](auto& value, auto& grad, bool decay) {
    blocks.push_back(ParamBlock<Scalar>{value.data(), grad.data(), value.size(), decay});
  };
  for (int l = 0; l <= shape_.depth; ++l) {
    Dense<Scalar>& layer = dense(l);
    add(layer.W, layer.dW, true);
    add(layer.b, layer.db, false);
    if (shape_.batch_norm && l < shape_.depth) {
      BatchNorm<Scalar>& bn = hidden(l).bn;
      add(bn.gamma, bn.dgamma, false);
      add(bn.beta, bn.dbeta, false);
    }
  }
  return blocks;
}

template class Network<float>;
template class Network<double>;

// ---- Memory estimate --------------------------------------------------------------------------------

std::size_t estimated_memory_bytes(const Config& config, std::size_t scalar_size) {
  // In entries, in double so that absurd configs cannot overflow the arithmetic.
  const double input_dim = dataset_input_dim(config.dataset);
  const double num_classes = dataset_num_classes(config.dataset);
  const double samples = config.dataset == DatasetKind::Digits ? 1797.0 : std::max(config.num_samples, 0);
  const double depth = std::max(config.depth, 0);
  const double width = std::max(config.width, 0);
  const double batch = std::max(config.batch_size, 0);
  const double pieces = config.activation == Activation::Maxout ? std::max(config.maxout_pieces, 1) : 1;
  const double rows = width * pieces;
  const double outputs = output_units(config.loss, static_cast<int>(num_classes));
  const double chunk = NetworkShape{}.inference_chunk;
  double optimizer_copies = 0;  // optimizer state per parameter
  switch (config.optimizer) {
    case OptimizerKind::SGD: optimizer_copies = 0; break;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov:
    case OptimizerKind::AdaGrad:
    case OptimizerKind::RMSProp: optimizer_copies = 1; break;
    case OptimizerKind::Adam: optimizer_copies = 2; break;
  }
  const double weights = depth > 0 ? rows * input_dim + (depth - 1) * rows * width + outputs * width : 0;
  const double biases = depth * rows + outputs;
  const double bn_params = config.batch_norm ? 2 * depth * rows : 0;
  // value + gradient + optimizer state; weights also keep a pre-step copy for the update ratio.
  double entries = (weights + biases + bn_params) * (2 + optimizer_copies) + weights;
  // Batch norm: running mean/var, batch mean/inv_std, two scratch rows, and xhat (rows x B).
  if (config.batch_norm) entries += depth * rows * (6 + batch);
  // Per hidden layer: act, phi' (pointwise), Maxout winners (int), residual outputs.
  const bool pointwise = config.activation != Activation::Linear && config.activation != Activation::Maxout;
  entries += depth * width * batch;
  if (pointwise) entries += depth * rows * batch;
  if (config.residual_every > 0) entries += depth / config.residual_every * width * batch;
  double int_entries = config.activation == Activation::Maxout ? depth * width * batch : 0;
  // Training scratch: dense output, Maxout's dL/du, three width x B gradients, logits and their gradient.
  entries += 2 * rows * batch + 3 * width * batch + 2 * outputs * batch + input_dim * batch;
  // Inference pass.
  entries += chunk * (input_dim + rows + 3 * width + outputs);
  // The data as Scalar, plus the generator's double copy while configuring.
  entries += samples * input_dim * (1 + 8.0 / static_cast<double>(scalar_size));
  int_entries += samples + batch;
  // Telemetry (11 per-layer arrays and two histograms) and its scratch (largest W, largest act).
  entries += (depth + 1) * (11 + 2 * config.hist_bins) + std::max(rows * std::max(width, input_dim), width * batch);
  const double bytes = entries * static_cast<double>(scalar_size) + int_entries * sizeof(int);
  if (!(bytes < static_cast<double>(std::numeric_limits<std::size_t>::max()))) return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(bytes);
}

}  // namespace vg
