// Optimizers step over an explicit list of parameter blocks; their state is keyed by block index
// (never by address), and Adam's step counter advances once per training step, however many
// blocks are bound.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "config.h"

namespace vg {

template <typename Scalar>
struct ParamBlock {  // one parameter tensor viewed as a flat array
  Scalar* value;     // `size` entries
  Scalar* grad;      // `size` entries; step() may modify it in place (weight decay, clipping)
  Eigen::Index size;
  bool decay;        // L2 weight decay applies (weights: yes; biases and BN gamma/beta: no)
};

template <typename Scalar>
class Optimizer {
 public:
  // Reads kind, learning_rate, momentum, beta1, beta2, epsilon, clip_norm, weight_decay.
  explicit Optimizer(const Config& config);

  // Allocates the state once, one entry per block index, zero-initialized.
  void bind(std::vector<ParamBlock<Scalar>> blocks);

  // One training step over every bound block: grad += weight_decay * value (decay blocks), then
  // clip by global norm if clip_norm > 0, then update. Returns the global gradient norm before
  // clipping (after weight decay).
  Scalar step();

  std::int64_t steps_taken() const { return steps_taken_; }

 private:
  using Vector = Eigen::Array<Scalar, Eigen::Dynamic, 1>;

  OptimizerKind kind_;
  Scalar learning_rate_, momentum_, beta1_, beta2_, epsilon_;
  // 1 - beta computed in double: in float, 1 - 0.999f is off by 5e-5 relative.
  Scalar one_minus_beta1_, one_minus_beta2_;
  double beta1_double_, beta2_double_;  // Adam's bias corrections 1 - beta^t, in double
  double clip_norm_, weight_decay_;
  std::vector<ParamBlock<Scalar>> blocks_;
  std::vector<Vector> first_moment_;   // momentum velocity, Adam m; per block
  std::vector<Vector> second_moment_;  // AdaGrad sum of g^2, RMSProp/Adam average of g^2; per block
  std::int64_t steps_taken_ = 0;
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace vg
