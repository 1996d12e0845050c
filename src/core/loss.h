// The output layer's loss, computed from its logits (out x B, batch as columns) and integer labels:
// binary cross-entropy from one logit (stable for any logit), softmax cross-entropy, and the mean
// squared error against the one-hot target.
#pragma once

#include "activations.h"
#include "config.h"

namespace vg {

// Units of the output layer: one logit for BCE, one per class otherwise.
inline int output_units(LossKind kind, int num_classes) {
  return kind == LossKind::BinaryCrossEntropy ? 1 : num_classes;
}

// Mean loss over the batch's columns; writes dL/dlogits of that mean into dlogits (same shape).
template <typename Scalar>
double loss_and_gradient(LossKind kind, const ArrayXX<Scalar>& logits, const int* labels, ArrayXX<Scalar>& dlogits);

// Summed loss and correct predictions over the first `count` columns (for evaluation in chunks).
struct LossTotals {
  double loss_sum = 0;
  int correct = 0;
};
template <typename Scalar>
LossTotals loss_totals(LossKind kind, const ArrayXX<Scalar>& logits, const int* labels, int count);

// The predicted class of column `example`: logit > 0 for BCE, else the largest output.
template <typename Scalar>
int predicted_class(LossKind kind, const ArrayXX<Scalar>& logits, Eigen::Index example);

// The class-1 probability of column `example` in a 2-class problem: sigmoid of the logit (BCE), the
// softmax share (softmax), or the regressed one-hot entry clamped to [0, 1] (MSE).
template <typename Scalar>
Scalar class_one_probability(LossKind kind, const ArrayXX<Scalar>& logits, Eigen::Index example);

}  // namespace vg
