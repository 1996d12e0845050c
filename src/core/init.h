// Weight initialization schemes (Config::init), each times a gain.
#pragma once

#include <Eigen/Core>

#include "config.h"
#include "rng.h"

namespace vg {

// Fills W (out x in, already sized; fan_in = cols, fan_out = rows) by the scheme, then multiplies
// by gain. Draws in double from rng in column-major order, then casts, so float and double runs
// start identical up to rounding. Orthogonal: QR of a Gaussian matrix with the sign fix
// (Q * sign(diag R)); rectangular gives orthonormal columns (tall) or rows (wide). ScaledIdentity:
// identity_scale * eye(out, in), drawing nothing (validate() enforces square hidden layers).
template <typename Scalar>
void init_weights(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& W, Init init, double gain,
                  double identity_scale, Rng& rng);

extern template void init_weights<float>(Eigen::MatrixXf&, Init, double, double, Rng&);
extern template void init_weights<double>(Eigen::MatrixXd&, Init, double, double, Rng&);

}  // namespace vg
