// Pointwise activations: each one is a single case below with its value and its derivative side by
// side. They work on Eigen arrays (the layers pass whole batches so Eigen vectorizes; the theory passes
// the quadrature nodes). Maxout is not pointwise: it is a layer (struct Maxout in layers.h) since
// it remembers which piece won; here it only has its metadata.
#pragma once

#include <cmath>

#include <Eigen/Core>

#include "config.h"

namespace vg {

template <typename Scalar>
using ArrayXX = Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

inline constexpr double kSeluLambda = 1.0507009873554804934193349852946;
inline constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
inline constexpr double kEluAlpha = 1.0;

// a = phi(z); if da_dz is given, also phi'(z). `a` and `da_dz` must not alias `z`.
// For Maxout and Linear the value is the identity (Maxout's max is taken by its layer).
// `a` is an ArrayXX (resized to z's shape) or a fixed-size view such as an Eigen::Map (inference
// writes the leading columns of its buffers).
template <typename Scalar, typename ZExpr, typename AOut>
void activation_apply(Activation kind, Scalar leaky_alpha, const Eigen::ArrayBase<ZExpr>& z, AOut& a,
                      ArrayXX<Scalar>* da_dz) {
  const Scalar one(1), zero(0), half(0.5);
  switch (kind) {
    case Activation::Sigmoid:  // 1/(1+e^-z), written so that large |z| never overflows
      a = (half * z.derived().template cast<Scalar>()).tanh() * half + half;
      if (da_dz) *da_dz = a * (one - a);  // peaks at 1/4 at z = 0
      return;
    case Activation::Tanh:
      a = z.tanh();
      if (da_dz) *da_dz = one - a.square();  // peaks at 1 at z = 0
      return;
    case Activation::ReLU:
      a = z.max(zero);
      if (da_dz) *da_dz = (z > zero).template cast<Scalar>();  // 0 at z = 0 (the usual convention)
      return;
    case Activation::LeakyReLU:
      a = (z > zero).select(z, leaky_alpha * z);
      if (da_dz) *da_dz = (z > zero).select(ArrayXX<Scalar>::Constant(z.rows(), z.cols(), one),
                                            ArrayXX<Scalar>::Constant(z.rows(), z.cols(), leaky_alpha));
      return;
    case Activation::ELU: {  // exp() of min(z, 0) stays finite; expressions only, so no temporaries
      const Scalar alpha(kEluAlpha);
      a = (z > zero).select(z, alpha * (z.min(zero).exp() - one));
      if (da_dz) *da_dz = (z > zero).select(ArrayXX<Scalar>::Constant(z.rows(), z.cols(), one),
                                            alpha * z.min(zero).exp());
      return;
    }
    case Activation::SELU: {
      const Scalar lambda(kSeluLambda), alpha(kSeluAlpha);
      a = lambda * (z > zero).select(z, alpha * (z.min(zero).exp() - one));
      if (da_dz) *da_dz = lambda * (z > zero).select(ArrayXX<Scalar>::Constant(z.rows(), z.cols(), one),
                                                     alpha * z.min(zero).exp());
      return;
    }
    case Activation::GELU: {  // exact form z * Phi(z), Phi the standard normal CDF
      const auto cdf = z.unaryExpr([](Scalar v) {
        return Scalar(0.5) * (Scalar(1) + std::erf(v * Scalar(0.70710678118654752440)));
      });
      if (!da_dz) {
        a = z * cdf;
        return;
      }
      const Scalar inv_sqrt_2pi(0.39894228040143267794);
      *da_dz = cdf;  // Phi(z) once, reused for the value
      a = z * *da_dz;
      *da_dz += z * inv_sqrt_2pi * (-half * z.square()).exp();
      return;
    }
    case Activation::Maxout:
    case Activation::Linear:
      a = z;
      if (da_dz) *da_dz = ArrayXX<Scalar>::Ones(z.rows(), z.cols());
      return;
  }
}

// The largest value of phi' (the 1% saturation threshold is taken against it).
inline double max_derivative(Activation kind) {
  switch (kind) {
    case Activation::Sigmoid: return 0.25;
    case Activation::SELU: return kSeluLambda * kSeluAlpha;
    case Activation::GELU: return 1.1289;  // max of Phi(z) + z*phi(z), at z = sqrt(2)
    default: return 1.0;
  }
}

// Saturation is reported for the squashing activations only; dead units for ReLU only.
inline bool saturates(Activation kind) { return kind == Activation::Sigmoid || kind == Activation::Tanh; }
inline bool can_die(Activation kind) { return kind == Activation::ReLU; }

// The range the activation histogram covers (values outside clamp into the end bins).
inline void activation_range(Activation kind, double& lo, double& hi) {
  switch (kind) {
    case Activation::Sigmoid: lo = 0; hi = 1; return;
    case Activation::Tanh: lo = -1; hi = 1; return;
    case Activation::ReLU: lo = 0; hi = 4; return;
    default: lo = -4; hi = 4; return;
  }
}

}  // namespace vg
