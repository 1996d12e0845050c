// The maps of mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) for a deep network with
// i.i.d. weights of variance sigma_w2 / fan_in and biases of variance sigma_b2. Forward, the
// pre-activation variance follows q_l = sigma_w2 * E[phi(z)^2] + sigma_b2; backward, each layer
// multiplies the squared error signal by chi_l = sigma_w2 * E[phi'(z)^2], z ~ N(0, q_l). The
// expectations use the activation code of activations.h on the quadrature nodes of
// gaussian_quadrature.h, so the maths of each activation lives in one place.
#include "theory/mean_field_maps.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "activations.h"
#include "theory/gaussian_quadrature.h"

namespace vg {
namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}  // namespace

// ---- Moments of the activation ---------------------------------------------------------------------

ActivationMoments moments(Activation activation, double leaky_alpha, double q) {
  const GaussianRule rule = gaussian_rule(q);
  const auto n = static_cast<Eigen::Index>(rule.z.size());
  const Eigen::Map<const ArrayXX<double>> z(rule.z.data(), n, 1);
  const Eigen::Map<const ArrayXX<double>> weight(rule.weight.data(), n, 1);
  ArrayXX<double> phi, dphi;
  activation_apply<double>(activation, leaky_alpha, z, phi, &dphi);
  ActivationMoments out;
  out.phi_sq = (weight * phi.square()).sum();
  out.dphi_sq = (weight * dphi.square()).sum();
  out.dphi_4 = (weight * dphi.square().square()).sum();
  return out;
}

double next_q(Activation activation, double leaky_alpha, double sigma_w2, double sigma_b2, double q) {
  return sigma_w2 * moments(activation, leaky_alpha, q).phi_sq + sigma_b2;
}

// ---- The fixed point of the q map ------------------------------------------------------------------

constexpr double kUnboundedVariance = 1e12;  // past this the q map is taken to grow without bound
constexpr int kMaxFixedPointEvaluations = 400;
constexpr double kFixedPointTolerance = 1e-14;  // relative width of the final bracket
constexpr double kFixedPointFloor = 1e-280;     // below this q is 0 (the rule clamps q to 1e-300)
constexpr double kDescentToZero = 1e-12;        // below q0 times this, the descent tries q = 0 itself

// The fixed point the iteration q <- M(q) from q0 reaches (the one a deep network settles into).
// M is increasing in q (E[phi(sqrt(q) z)^2] grows with q for every activation here), so the
// iterates move monotonically, towards the nearest root of g(q) = M(q) - q in the direction of
// g(q0), and stop there. So: step in that direction until g changes sign (every step at least as
// far as the map's own step M(q) - q, which cannot pass the root, and at most a factor 4 in q,
// which keeps the search from jumping over the root towards an unstable one such as tanh's q = 0
// when sigma_w2 > 1), then close the bracket by the Illinois variant of regula falsi with bisection
// as a safeguard. This makes no assumption about the contraction rate: near 1 (GELU and SiLU-like
// tails at sigma_w2 = 2, where M(q) - q -> 0 slowly) the old accelerated iteration stopped short.
FixedPoint stable_fixed_point(Activation activation, double leaky_alpha, double sigma_w2, double sigma_b2, double q0) {
  int evaluations = 0;
  auto excess = [&](double q) {
    ++evaluations;
    return next_q(activation, leaky_alpha, sigma_w2, sigma_b2, q) - q;
  };
  const double g0 = excess(q0);
  if (!std::isfinite(g0)) return {g0 > 0 ? kInfinity : q0, g0 > 0};
  if (std::abs(g0) <= kFixedPointTolerance * q0 + kFixedPointFloor) return {q0, true};

  double lo, hi, g_lo, g_hi;
  if (g0 > 0) {  // rising: every point below the root has g > 0
    lo = q0, g_lo = g0;
    for (double step = g0;; step *= 2) {
      const double c = lo + std::max(g_lo, std::min(step, 3 * lo));
      if (!(c <= kUnboundedVariance)) return {kInfinity, true};
      const double g = excess(c);
      if (g <= 0) { hi = c, g_hi = g; break; }
      lo = c, g_lo = g;
      if (evaluations > kMaxFixedPointEvaluations) return {lo, false};
    }
  } else {  // falling: M(q) >= 0, so g(0) >= 0 and the descent ends by q = 0
    hi = q0, g_hi = g0;
    for (double step = -g0;; step *= 2) {
      const double c = hi < kDescentToZero * q0 ? 0.0 : std::max(0.0, hi - std::max(-g_hi, std::min(step, 0.75 * hi)));
      const double g = excess(c);
      if (g >= 0) { lo = c, g_lo = g; break; }
      hi = c, g_hi = g;
      if (evaluations > kMaxFixedPointEvaluations) return {hi, false};
    }
  }

  // g_lo >= 0 >= g_hi on [lo, hi].
  int stalled_side = 0;  // +1 if lo stayed put on the last step, -1 if hi did (Illinois halves its g)
  while (hi - lo > kFixedPointTolerance * hi && hi > kFixedPointFloor) {
    if (g_lo == 0) return {lo, true};
    if (g_hi == 0) return {hi, true};
    if (evaluations > kMaxFixedPointEvaluations) return {0.5 * (lo + hi), false};
    double x = lo + g_lo * (hi - lo) / (g_lo - g_hi);
    // Bisection (in the logarithm across a wide bracket) when the secant point is not inside.
    const double mid = lo > 0 && hi > 4 * lo ? std::sqrt(lo * hi) : 0.5 * (lo + hi);
    if (!(x > lo && x < hi)) x = mid;
    const double g = excess(x);
    if (g >= 0) {
      lo = x, g_lo = g;
      if (stalled_side == -1) g_hi *= 0.5;
      stalled_side = -1;
    } else {
      hi = x, g_hi = g;
      if (stalled_side == 1) g_lo *= 0.5;
      stalled_side = 1;
    }
  }
  if (hi <= kFixedPointFloor) return {0.0, true};
  return {0.5 * (lo + hi), true};
}

double chi_at(Activation activation, double leaky_alpha, double sigma_w2, double q) {
  // q = inf: the limit of large variance, evaluated at the largest variance the rule represents.
  return sigma_w2 * moments(activation, leaky_alpha, std::min(q, kMaxRuleVariance)).dphi_sq;
}

}  // namespace vg
