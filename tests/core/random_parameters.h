// Test networks whose every parameter block matters: Xavier weights, non-zero biases, and batch norm
// scales and shifts away from (1, 0), so a block a computation forgets changes its result.
#pragma once

#include <cstdint>

#include "network.h"
#include "rng.h"

namespace vg_test {

inline void randomize_parameters(vg::Network<double>& net, std::uint64_t seed) {
  vg::Rng rng(seed);
  net.initialize(vg::Init::XavierNormal, 1.0, 1.0, 0.0, rng);
  for (int l = 0; l < net.num_layers(); ++l) {
    auto& b = net.dense(l).b;
    for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = 0.3 * rng.normal();
  }
  if (!net.shape().batch_norm) return;
  for (int l = 0; l < net.depth(); ++l) {
    auto& bn = net.hidden(l).bn;
    for (Eigen::Index i = 0; i < bn.gamma.size(); ++i) {
      bn.gamma(i) = 1.0 + 0.3 * rng.normal();
      bn.beta(i) = 0.3 * rng.normal();
    }
  }
}

}  // namespace vg_test
