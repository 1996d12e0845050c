#include "hidden_layer.h"

#include "network.h"

namespace vg {

template <typename Scalar>
void HiddenLayer<Scalar>::allocate(const NetworkShape& shape, int in) {
  activation = shape.activation;
  leaky_alpha = static_cast<Scalar>(shape.leaky_alpha);
  batch_norm = shape.batch_norm;
  const int rows = shape.dense_rows();
  dense.allocate(in, rows);
  if (batch_norm) bn.allocate(rows, shape.batch);
  if (activation == Activation::Maxout) maxout.allocate(shape.width, shape.maxout_pieces, shape.batch);
  if (pointwise_derivative()) deriv.setZero(rows, shape.batch);
  act.setZero(shape.width, shape.batch);
}

template <typename Scalar>
LayerPass<Scalar> HiddenLayer<Scalar>::training_pass(ArrayXX<Scalar>& pre) {
  ArrayXX<Scalar>& sum = shortcut_from == kNoShortcut ? act : out;
  return {Columns<Scalar>(pre.data(), pre.rows(), pre.cols()), Columns<Scalar>(act.data(), act.rows(), act.cols()),
          Columns<Scalar>(sum.data(), sum.rows(), sum.cols()), pointwise_derivative() ? &deriv : nullptr,
          activation == Activation::Maxout ? &maxout.winner : nullptr};
}

template <typename Scalar>
void HiddenLayer<Scalar>::forward(const Eigen::Ref<const ArrayXX<Scalar>>& x, ForwardMode mode,
                                  LayerPass<Scalar> pass, const ConstColumns<Scalar>* shortcut,
                                  bool update_running_stats) {
  const auto normalize = [&](Columns<Scalar> z) {
    if (!batch_norm) return;
    if (mode == ForwardMode::Train)
      bn.forward_train(z, update_running_stats);
    else
      bn.forward_infer(z);
  };
  if (activation == Activation::Linear) {  // u is the output: no copy, no derivative
    dense.forward(x, pass.act);
    normalize(pass.act);
  } else {
    dense.forward(x, pass.pre);
    normalize(pass.pre);
    if (activation == Activation::Maxout)
      maxout.forward(pass.pre, pass.act, pass.winner);
    else
      activation_apply(activation, leaky_alpha, pass.pre, pass.act, pass.deriv);
  }
  if (shortcut) pass.out = pass.act + *shortcut;
}

template <typename Scalar>
const ArrayXX<Scalar>& HiddenLayer<Scalar>::backward(const ArrayXX<Scalar>& x, ArrayXX<Scalar>& da,
                                                     ArrayXX<Scalar>& du, ArrayXX<Scalar>* dx) {
  ArrayXX<Scalar>* dz = &da;  // dL/du, then dL/dz: in place where the shapes allow
  if (activation == Activation::Maxout) {
    maxout.backward(da, du);
    dz = &du;
  } else if (pointwise_derivative()) {
    da *= deriv;
  }
  if (batch_norm) bn.backward(*dz);
  dense.backward(x, *dz, dx);
  return *dz;
}

template <typename Scalar>
void HiddenLayer<Scalar>::jvp(const ArrayXX<Scalar>& dx, int k, const LayerPass<Scalar>& pass, ArrayXX<Scalar>& du,
                              ArrayXX<Scalar>& da, const ArrayXX<Scalar>* shortcut_tangent) const {
  ArrayXX<Scalar>& tangent_u = activation == Activation::Linear ? da : du;
  dense.jvp(dx, tangent_u);
  if (batch_norm) bn.jvp_infer(tangent_u);
  if (activation == Activation::Maxout) {
    maxout.jvp(*pass.winner, du, k, da);
  } else if (pointwise_derivative()) {
    da = du;
    for (Eigen::Index point = 0; point < pass.deriv->cols(); ++point)
      da.middleCols(point * k, k).colwise() *= pass.deriv->col(point);
  }
  if (shortcut_tangent) da += *shortcut_tangent;
}

template struct HiddenLayer<float>;
template struct HiddenLayer<double>;

}  // namespace vg
