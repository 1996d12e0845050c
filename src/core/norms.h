// Norms that stay honest at the ends of the floating-point range: a finite tensor never reports an
// infinite norm and a non-zero one never reports zero. Float values are squared in double (which
// holds any float squared); double values fall back to Eigen's scaled stableNorm when the plain
// sum of squares overflows or underflows.
#pragma once

#include <cmath>
#include <type_traits>

#include <Eigen/Core>

namespace vg {

// A plain double sum of squares went wrong: infinite from finite values, or zero from non-zero ones.
template <typename Derived>
bool needs_rescaling(double result, const Eigen::DenseBase<Derived>& values) {
  if (std::is_same<typename Derived::Scalar, float>::value) return false;
  return (std::isinf(result) && values.derived().allFinite()) || (result == 0.0 && !values.derived().isZero(0));
}

template <typename Derived>
double frobenius_norm(const Eigen::DenseBase<Derived>& values) {
  const double norm = values.derived().template cast<double>().matrix().norm();
  if (needs_rescaling(norm, values)) {
    // Rare (values beyond 1e154 or below 1e-154), so the copy does not matter.
    const Eigen::MatrixXd copy = values.derived().template cast<double>().matrix();
    return copy.stableNorm();
  }
  return norm;
}

// Sum over the columns of their Euclidean norms, with the same guarantees.
template <typename Derived>
double column_norm_sum(const Eigen::DenseBase<Derived>& values) {
  const double sum = values.derived().template cast<double>().matrix().colwise().norm().sum();
  if (needs_rescaling(sum, values)) {
    const Eigen::MatrixXd copy = values.derived().template cast<double>().matrix();
    return copy.colwise().stableNorm().sum();
  }
  return sum;
}

// sqrt(sum_e ||a_e||^2 ||b_e||^2) over the columns e of a and b (equal column counts): the Frobenius
// norm of the outer products a_e b_e^T taken together, without forming them. Scaled by the largest
// product, so that neither overflow nor underflow of the squares changes the answer.
template <typename DerivedA, typename DerivedB>
double column_outer_products_norm(const Eigen::DenseBase<DerivedA>& a, const Eigen::DenseBase<DerivedB>& b) {
  const auto products = a.derived().template cast<double>().matrix().colwise().norm().array() *
                        b.derived().template cast<double>().matrix().colwise().norm().array();
  const double largest = products.maxCoeff();
  if (!(largest > 0) || std::isinf(largest)) return largest;
  return largest * (products / largest).matrix().norm();
}

}  // namespace vg
