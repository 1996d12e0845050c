#include "loss.h"

#include <algorithm>
#include <cmath>

#include "layers.h"

namespace vg {
namespace {

template <typename Scalar>
Scalar stable_sigmoid(Scalar s) {
  if (s >= 0) return Scalar(1) / (Scalar(1) + std::exp(-s));
  const Scalar e = std::exp(s);
  return e / (Scalar(1) + e);
}

// One example's loss; if `gradient` is given, writes dloss/dlogits times `gradient_scale` into it.
template <typename Scalar, typename Column, typename GradColumn>
Scalar example_loss(LossKind kind, const Column& logits, int label, GradColumn* gradient, Scalar gradient_scale) {
  const Eigen::Index units = logits.rows();
  switch (kind) {
    case LossKind::BinaryCrossEntropy: {
      // -y log(sigmoid(s)) - (1-y) log(1-sigmoid(s)) = max(s,0) - s y + log(1 + e^-|s|).
      const Scalar s = logits(0);
      const Scalar y = label == 1 ? Scalar(1) : Scalar(0);
      if (gradient) (*gradient)(0) = (stable_sigmoid(s) - y) * gradient_scale;
      return std::max(s, Scalar(0)) - s * y + std::log1p(std::exp(-std::abs(s)));
    }
    case LossKind::SoftmaxCrossEntropy: {
      const Scalar top = logits.maxCoeff();
      const Scalar log_sum_exp = top + std::log((logits - top).exp().sum());
      if (gradient) {
        *gradient = (logits - log_sum_exp).exp() * gradient_scale;
        (*gradient)(label) -= gradient_scale;
      }
      return log_sum_exp - logits(label);
    }
    case LossKind::MSE: {
      // Mean over the outputs of (s_c - onehot_c)^2.
      Scalar sum(0);
      const Scalar per_unit = Scalar(1) / static_cast<Scalar>(units);
      for (Eigen::Index unit = 0; unit < units; ++unit) {
        const Scalar error = logits(unit) - (unit == label ? Scalar(1) : Scalar(0));
        sum += error * error;
        if (gradient) (*gradient)(unit) = Scalar(2) * error * per_unit * gradient_scale;
      }
      return sum * per_unit;
    }
  }
  return Scalar(0);
}

}  // namespace

template <typename Scalar>
double loss_and_gradient(LossKind kind, const ArrayXX<Scalar>& logits, const int* labels, ArrayXX<Scalar>& dlogits) {
  const Eigen::Index batch = logits.cols();
  const Scalar scale = Scalar(1) / static_cast<Scalar>(batch);
  double sum = 0;
  for (Eigen::Index example = 0; example < batch; ++example) {
    auto gradient = dlogits.col(example);
    sum += example_loss(kind, logits.col(example), labels[example], &gradient, scale);
  }
  return sum / static_cast<double>(batch);
}

template <typename Scalar>
LossTotals loss_totals(LossKind kind, const ArrayXX<Scalar>& logits, const int* labels, int count) {
  LossTotals totals;
  using Column = decltype(logits.col(0));
  for (int example = 0; example < count; ++example) {
    totals.loss_sum += example_loss<Scalar, Column, ArrayX<Scalar>>(kind, logits.col(example), labels[example],
                                                                     nullptr, Scalar(1));
    if (predicted_class(kind, logits, example) == labels[example]) ++totals.correct;
  }
  return totals;
}

template <typename Scalar>
int predicted_class(LossKind kind, const ArrayXX<Scalar>& logits, Eigen::Index example) {
  if (kind == LossKind::BinaryCrossEntropy) return logits(0, example) > 0 ? 1 : 0;
  Eigen::Index best = 0;
  logits.col(example).maxCoeff(&best);
  return static_cast<int>(best);
}

template <typename Scalar>
Scalar class_one_probability(LossKind kind, const ArrayXX<Scalar>& logits, Eigen::Index example) {
  switch (kind) {
    case LossKind::BinaryCrossEntropy:
      return stable_sigmoid(logits(0, example));
    case LossKind::SoftmaxCrossEntropy:  // softmax share of class 1 = sigmoid(s1 - s0)
      return stable_sigmoid(logits(1, example) - logits(0, example));
    case LossKind::MSE:
      return std::clamp(logits(1, example), Scalar(0), Scalar(1));
  }
  return Scalar(0);
}

#define VG_INSTANTIATE_LOSS(Scalar)                                                                         \
  template double loss_and_gradient<Scalar>(LossKind, const ArrayXX<Scalar>&, const int*, ArrayXX<Scalar>&); \
  template LossTotals loss_totals<Scalar>(LossKind, const ArrayXX<Scalar>&, const int*, int);                \
  template int predicted_class<Scalar>(LossKind, const ArrayXX<Scalar>&, Eigen::Index);                      \
  template Scalar class_one_probability<Scalar>(LossKind, const ArrayXX<Scalar>&, Eigen::Index);
VG_INSTANTIATE_LOSS(float)
VG_INSTANTIATE_LOSS(double)

}  // namespace vg
