// The input-output Jacobian of a network's last hidden layer, d h_L / d x, at given inputs, in
// inference mode (Pennington, Schoenholz & Ganguli 2017: its singular value spectrum shows whether
// a deep network is near dynamical isometry).
#pragma once

#include <vector>

#include "network.h"

namespace vg {

// Singular values of d h_L / d x at each of `num_inputs` inputs (row-major num_inputs x input_dim),
// min(width, input_dim) per input, pooled and sorted descending. Forward mode: the tangents of all
// inputs travel together through one matrix product per layer.
template <typename Scalar>
std::vector<double> input_jacobian_singular_values(Network<Scalar>& network, const Scalar* inputs, int num_inputs);

extern template std::vector<double> input_jacobian_singular_values<float>(Network<float>&, const float*, int);
extern template std::vector<double> input_jacobian_singular_values<double>(Network<double>&, const double*, int);

}  // namespace vg
