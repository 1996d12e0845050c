#include "optimizer.h"

#include <cmath>

namespace vg {

template <typename Scalar>
Optimizer<Scalar>::Optimizer(const Config& config)
    : kind_(config.optimizer),
      learning_rate_(static_cast<Scalar>(config.learning_rate)),
      momentum_(static_cast<Scalar>(config.momentum)),
      beta1_(static_cast<Scalar>(config.beta1)),
      beta2_(static_cast<Scalar>(config.beta2)),
      epsilon_(static_cast<Scalar>(config.epsilon)),
      one_minus_beta1_(static_cast<Scalar>(1.0 - config.beta1)),
      one_minus_beta2_(static_cast<Scalar>(1.0 - config.beta2)),
      beta1_double_(config.beta1),
      beta2_double_(config.beta2),
      clip_norm_(config.clip_norm),
      weight_decay_(config.weight_decay) {}

template <typename Scalar>
void Optimizer<Scalar>::bind(std::vector<ParamBlock<Scalar>> blocks) {
  blocks_ = std::move(blocks);
  const bool needs_first = kind_ == OptimizerKind::Momentum || kind_ == OptimizerKind::Nesterov ||
                           kind_ == OptimizerKind::Adam;
  const bool needs_second = kind_ == OptimizerKind::AdaGrad || kind_ == OptimizerKind::RMSProp ||
                            kind_ == OptimizerKind::Adam;
  first_moment_.assign(blocks_.size(), Vector());
  second_moment_.assign(blocks_.size(), Vector());
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (needs_first) first_moment_[i] = Vector::Zero(blocks_[i].size);
    if (needs_second) second_moment_[i] = Vector::Zero(blocks_[i].size);
  }
  steps_taken_ = 0;
}

template <typename Scalar>
Scalar Optimizer<Scalar>::step() {
  using Map = Eigen::Map<Vector>;
  const Scalar weight_decay = static_cast<Scalar>(weight_decay_);

  // Weight decay first, so that clipping bounds the gradient actually applied. The squared norm is
  // summed in double: a float gradient of 1e20 would otherwise overflow to inf when squared.
  double squared_norm = 0;
  for (auto& block : blocks_) {
    Map grad(block.grad, block.size);
    if (block.decay && weight_decay_ > 0) grad += weight_decay * Map(block.value, block.size);
    squared_norm += grad.template cast<double>().square().sum();
  }
  const double global_norm = std::sqrt(squared_norm);

  // A non-finite norm is left alone: scaling by 0 would hide the divergence the trainer reports.
  if (clip_norm_ > 0 && std::isfinite(global_norm) && global_norm > clip_norm_) {
    const Scalar scale = static_cast<Scalar>(clip_norm_ / global_norm);
    for (auto& block : blocks_) Map(block.grad, block.size) *= scale;
  }

  ++steps_taken_;
  // Adam's bias corrections use the step count t, which advances once per step() (not per block).
  const double t = static_cast<double>(steps_taken_);
  const Scalar first_correction = static_cast<Scalar>(1.0 - std::pow(beta1_double_, t));
  const Scalar second_correction = static_cast<Scalar>(1.0 - std::pow(beta2_double_, t));

  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    Map value(blocks_[i].value, blocks_[i].size);
    Map grad(blocks_[i].grad, blocks_[i].size);
    Vector& first = first_moment_[i];
    Vector& second = second_moment_[i];
    switch (kind_) {
      case OptimizerKind::SGD:
        value -= learning_rate_ * grad;
        break;
      case OptimizerKind::Momentum:
        first = momentum_ * first + grad;
        value -= learning_rate_ * first;
        break;
      case OptimizerKind::Nesterov:  // PyTorch's form: the step looks ahead along the new velocity
        first = momentum_ * first + grad;
        value -= learning_rate_ * (grad + momentum_ * first);
        break;
      case OptimizerKind::AdaGrad:
        second += grad.square();
        value -= learning_rate_ * grad / (second.sqrt() + epsilon_);
        break;
      case OptimizerKind::RMSProp:
        second = beta2_ * second + one_minus_beta2_ * grad.square();
        value -= learning_rate_ * grad / (second.sqrt() + epsilon_);
        break;
      case OptimizerKind::Adam:
        first = beta1_ * first + one_minus_beta1_ * grad;
        second = beta2_ * second + one_minus_beta2_ * grad.square();
        value -= learning_rate_ * (first / first_correction) / ((second / second_correction).sqrt() + epsilon_);
        break;
    }
  }
  return static_cast<Scalar>(global_norm);
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace vg
