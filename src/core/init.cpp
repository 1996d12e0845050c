#include "init.h"

#include <algorithm>
#include <cmath>

#include <Eigen/QR>

namespace vg {
namespace {

Eigen::MatrixXd gaussian(Eigen::Index rows, Eigen::Index cols, double stddev, Rng& rng) {
  Eigen::MatrixXd draws(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) draws(i, j) = stddev * rng.normal();
  return draws;
}

Eigen::MatrixXd uniform(Eigen::Index rows, Eigen::Index cols, double bound, Rng& rng) {
  Eigen::MatrixXd draws(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) draws(i, j) = rng.uniform(-bound, bound);
  return draws;
}

// Q of a tall (rows >= cols) matrix's thin QR, each column's sign flipped to make diag(R) positive,
// so Q is uniformly (Haar) distributed rather than biased by the Householder convention.
Eigen::MatrixXd orthonormal_columns(const Eigen::MatrixXd& tall) {
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(tall);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(tall.rows(), tall.cols());
  const Eigen::VectorXd diagonal = qr.matrixQR().diagonal();
  for (Eigen::Index j = 0; j < q.cols(); ++j)
    if (diagonal(j) < 0) q.col(j) = -q.col(j);
  return q;
}

Eigen::MatrixXd orthogonal(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  const Eigen::MatrixXd draws = gaussian(rows, cols, 1.0, rng);
  if (rows >= cols) return orthonormal_columns(draws);
  return orthonormal_columns(draws.transpose()).transpose();  // wide: orthonormal rows
}

}  // namespace

template <typename Scalar>
void init_weights(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& W, Init init, double gain,
                  double identity_scale, Rng& rng) {
  const Eigen::Index rows = W.rows(), cols = W.cols();
  if (rows == 0 || cols == 0) return;
  const double fan_in = static_cast<double>(cols);
  const double fan_out = static_cast<double>(rows);
  Eigen::MatrixXd weights;
  switch (init) {
    case Init::Naive: weights = gaussian(rows, cols, 1.0, rng); break;
    case Init::Small: weights = gaussian(rows, cols, 0.01, rng); break;
    case Init::XavierUniform: weights = uniform(rows, cols, std::sqrt(6.0 / (fan_in + fan_out)), rng); break;
    case Init::XavierNormal: weights = gaussian(rows, cols, std::sqrt(2.0 / (fan_in + fan_out)), rng); break;
    case Init::HeNormal: weights = gaussian(rows, cols, std::sqrt(2.0 / fan_in), rng); break;
    case Init::LeCunNormal: weights = gaussian(rows, cols, std::sqrt(1.0 / fan_in), rng); break;
    case Init::Orthogonal: weights = orthogonal(rows, cols, rng); break;
    case Init::ScaledIdentity: weights = identity_scale * Eigen::MatrixXd::Identity(rows, cols); break;
  }
  W = (gain * weights).cast<Scalar>();
}

template void init_weights<float>(Eigen::MatrixXf&, Init, double, double, Rng&);
template void init_weights<double>(Eigen::MatrixXd&, Init, double, double, Rng&);

}  // namespace vg
