// The multilayer perceptron: `depth` hidden layers of `width` units, then the output layer.
//
// Hidden layer l (hidden_layer.h): dense (Maxout: width * pieces outputs) -> optional batch norm ->
// activation (Maxout: max over the pieces). With residual_every = k, the hidden layers after the first form
// blocks of k layers (1..k, k+1..2k, ...; a shorter tail gets no shortcut), and each block's last
// layer outputs act + (the block's input): h <- h + F(h). The first layer maps input_dim -> width,
// so the shortcuts start after it. The output layer is dense: width -> output_dim (the logits).
//
// Everything is allocated once by the constructor, for one fixed training batch size and one
// fixed inference chunk size, so forward, backward and inference never allocate.
#pragma once

#include <functional>
#include <vector>

#include "hidden_layer.h"
#include "layers.h"
#include "optimizer.h"
#include "rng.h"

namespace vg {

struct NetworkShape {
  int input_dim = 1;
  int output_dim = 1;
  int depth = 1;
  int width = 1;
  int batch = 1;  // columns of every training forward/backward
  Activation activation = Activation::Linear;
  double leaky_alpha = 0.01;
  int maxout_pieces = 2;
  bool batch_norm = false;
  int residual_every = 0;
  // Columns of one inference pass at most: a split's last chunk computes only its own columns
  // (forward_infer(columns)), so a larger chunk wastes nothing and packs each weight matrix for
  // the product fewer times (W3's evaluation: 2% fewer instructions than 64 columns).
  int inference_chunk = 256;

  // Rows of a hidden layer's dense output.
  int dense_rows() const { return activation == Activation::Maxout ? width * maxout_pieces : width; }
};

// The shape a Config asks for, given the data's input_dim and number of classes.
NetworkShape shape_of(const Config& config, int input_dim, int num_classes);

// Per-layer norms of each example's own error signal and gradient, which backward can write
// (num_layers entries each; a null pointer is not written). z_l is layer l's dense output and L_e
// example e's own loss, so dL_e/dz_l is B times column e of dL/dz_l for the batch-mean loss L, and
// dL_e/dW_l = dL_e/dz_l a_{l-1,e}^T (a_{l-1,e}: the layer's input for e). Mean-field theory predicts
// these, not the batch-mean gradient, in which examples partly cancel. Nothing per example is
// stored: ||dL_e/dW_l||_F = ||dL_e/dz_l|| ||a_{l-1,e}||.
template <typename Scalar>
struct ErrorSignalNorms {
  Scalar* delta_mean = nullptr;     // mean over the batch of ||dL_e/dz_l||
  Scalar* delta_rms = nullptr;      // root mean square over the batch of ||dL_e/dz_l||
  Scalar* grad_w_rms = nullptr;     // root mean square over the batch of ||dL_e/dW_l||_F
};

// Sees each hidden layer's output (width x columns) as forward_infer computes it (the view of the
// network draws every unit's output; nothing else keeps the layers before the last).
template <typename Scalar>
using HiddenOutputVisitor = std::function<void(int layer, const Eigen::Ref<const ArrayXX<Scalar>>& output)>;

template <typename Scalar>
class Network {
 public:
  explicit Network(const NetworkShape& shape);

  const NetworkShape& shape() const { return shape_; }
  int depth() const { return shape_.depth; }
  int num_layers() const { return shape_.depth + 1; }  // hidden layers, then the output layer

  // Weights by the scheme (hidden layers in order, then the output layer), every bias = bias_init,
  // batch norm gamma = 1, beta = 0 and fresh running statistics.
  void initialize(Init init, double gain, double identity_scale, double bias_init, Rng& rng);

  // ---- Training mode (batch statistics) ----
  // inputs: input_dim x batch. Saves what backward needs and returns the logits (output_dim x batch).
  // The inputs must stay alive and unchanged until backward.
  const ArrayXX<Scalar>& forward_train(const ArrayXX<Scalar>& inputs, bool update_running_stats);
  const ArrayXX<Scalar>& logits() const { return logits_; }
  // dL/dlogits (output_dim x batch), written by the loss before backward.
  ArrayXX<Scalar>& output_gradient() { return dlogits_; }
  // Fills every parameter gradient, and the per-example norms asked for (may be null).
  void backward(const ErrorSignalNorms<Scalar>* norms);

  // ---- Inference mode (batch norm running statistics) ----
  // The caller fills the first `columns` (1..inference_chunk) columns of inference_input()
  // (input_dim x inference_chunk), then forward_infer(columns) computes those columns only and
  // returns the logits buffer (output_dim x inference_chunk) whose first `columns` columns are valid.
  // `visit`, if given, sees each hidden layer's output on the way.
  ArrayXX<Scalar>& inference_input() { return infer_input_; }
  const ArrayXX<Scalar>& forward_infer(int columns, const HiddenOutputVisitor<Scalar>* visit = nullptr);

  // Every parameter tensor, in a fixed order: per hidden layer W, b (then gamma, beta with batch
  // norm), then the output layer's W, b. Weights decay; biases and batch norm parameters do not.
  std::vector<ParamBlock<Scalar>> parameter_blocks();

  HiddenLayer<Scalar>& hidden(int l) { return hidden_[static_cast<std::size_t>(l)]; }
  const HiddenLayer<Scalar>& hidden(int l) const { return hidden_[static_cast<std::size_t>(l)]; }
  // The dense part of layer l in the Telemetry indexing (depth = the output layer).
  Dense<Scalar>& dense(int l) { return l == shape_.depth ? output_ : hidden(l).dense; }
  const Dense<Scalar>& dense(int l) const { return l == shape_.depth ? output_ : hidden(l).dense; }

 private:
  NetworkShape shape_;
  std::vector<HiddenLayer<Scalar>> hidden_;
  Dense<Scalar> output_;
  const ArrayXX<Scalar>* train_inputs_ = nullptr;

  ArrayXX<Scalar> pre_;        // pre_: rows x B, the dense output before the activation (scratch)
  ArrayXX<Scalar> logits_;     // logits_: output_dim x B
  ArrayXX<Scalar> dlogits_;    // dlogits_: output_dim x B
  ArrayXX<Scalar> dh_, dh_next_;  // width x B: dL/d(layer output), ping-pong during backward
  ArrayXX<Scalar> dpre_;       // dpre_: rows x B, Maxout's dL/du
  ArrayXX<Scalar> skip_grad_;  // skip_grad_: width x B, dL/d(block output) waiting for the block input

  ArrayXX<Scalar> infer_input_;   // input_dim x C
  ArrayXX<Scalar> infer_pre_;     // rows x C
  ArrayXX<Scalar> infer_h_[2];    // width x C, ping-pong
  ArrayXX<Scalar> infer_skip_;    // width x C: the current block's input
  ArrayXX<Scalar> infer_logits_;  // output_dim x C
};

extern template class Network<float>;
extern template class Network<double>;

}  // namespace vg
