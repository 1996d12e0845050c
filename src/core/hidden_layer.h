// One hidden layer's pipeline, written once: dense (Maxout: width * pieces outputs) -> optional batch
// norm -> activation (Maxout: max over the pieces), then at a residual block's end + the block's input.
// Training, inference and the input-output Jacobian all go through forward; backward and jvp (the
// Jacobian-vector product at the point of the latest forward) sit beside it.
#pragma once

#include "layers.h"

namespace vg {

struct NetworkShape;  // network.h

inline constexpr int kNoShortcut = -1;

// Train: batch norm uses the batch's statistics and saves them for backward. Infer: it uses the
// running statistics (and jvp scales by them).
enum class ForwardMode { Train, Infer };

// Where one forward pass of a hidden layer writes (C columns each). Training passes the layer's own
// buffers and keeps phi' and the winners for backward; inference passes its ping-pong buffers and
// keeps nothing; the Jacobian keeps phi' and the winners of its points for jvp.
template <typename Scalar>
struct LayerPass {
  Columns<Scalar> pre;               // rows x C: u, the dense output after batch norm (Linear: unused, u is act)
  Columns<Scalar> act;               // width x C: phi(u)
  Columns<Scalar> out;               // width x C: act + shortcut at a block end (may be act: added in place)
  ArrayXX<Scalar>* deriv = nullptr;  // rows x C: phi'(u) for pointwise non-linear activations; null: not kept
  WinnerArray* winner = nullptr;     // width x C: Maxout's winning pieces; null: not kept
};

template <typename Scalar>
struct HiddenLayer {
  Activation activation = Activation::Linear;
  Scalar leaky_alpha = 0;
  bool batch_norm = false;
  Dense<Scalar> dense;      // in -> rows (rows = width * pieces for Maxout)
  BatchNorm<Scalar> bn;     // sized only with batch norm
  Maxout<Scalar> maxout;    // sized only for Maxout
  ArrayXX<Scalar> deriv;    // deriv: rows x B, phi'(u); sized only for pointwise non-linear activations
  ArrayXX<Scalar> act;      // act: width x B, phi(u) (u: the dense output, batch-normalized if on)
  ArrayXX<Scalar> out;      // out: width x B, act + shortcut; sized only at residual block ends
  int shortcut_from = kNoShortcut;  // hidden layer whose output this layer's shortcut adds
  bool starts_block = false;        // its input is a later layer's shortcut source

  // Sizes every buffer for input width `in` and the shape's batch (shortcuts are set by the network).
  void allocate(const NetworkShape& shape, int in);
  const ArrayXX<Scalar>& output() const { return shortcut_from == kNoShortcut ? act : out; }
  // The activation keeps phi'(u) for backward and jvp.
  bool pointwise_derivative() const {
    return activation != Activation::Linear && activation != Activation::Maxout;
  }
  // This layer's own buffers as a training pass writes them (pre: the network's rows x B scratch).
  LayerPass<Scalar> training_pass(ArrayXX<Scalar>& pre);

  // x: in x C -> pass.act (and pass.out = act + *shortcut at a block end; shortcut: width x C).
  // Train: C = B, batch statistics (the running ones move when update_running_stats).
  void forward(const Eigen::Ref<const ArrayXX<Scalar>>& x, ForwardMode mode, LayerPass<Scalar> pass,
               const ConstColumns<Scalar>* shortcut, bool update_running_stats = false);

  // After forward(Train): da (width x B) is dL/d(act), overwritten; du is the network's rows x B scratch
  // (Maxout). Fills dW, db (and dgamma, dbeta); dx = dL/dx unless null. Returns dL/dz, the dense
  // output's gradient (da itself or du), for the per-example norms.
  const ArrayXX<Scalar>& backward(const ArrayXX<Scalar>& x, ArrayXX<Scalar>& da, ArrayXX<Scalar>& du,
                                  ArrayXX<Scalar>* dx);

  // Tangents through the layer at the C points of the latest forward(Infer) with `pass` (its deriv and
  // winner kept): dx is in x (C * k), point e's k tangents in columns [e k, (e + 1) k); da receives
  // d(act)/dx dx (width x C k), plus shortcut_tangent at a block end. du: scratch.
  void jvp(const ArrayXX<Scalar>& dx, int k, const LayerPass<Scalar>& pass, ArrayXX<Scalar>& du,
           ArrayXX<Scalar>& da, const ArrayXX<Scalar>* shortcut_tangent) const;
};

extern template struct HiddenLayer<float>;
extern template struct HiddenLayer<double>;

}  // namespace vg
