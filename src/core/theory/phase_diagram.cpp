// The order / chaos phase diagram of mean-field theory: chi_star over (sigma_w2, sigma_b2) and the
// critical line chi_star = 1 (Schoenholz et al. 2017), for inputs of unit mean square.
#include <algorithm>
#include <cmath>
#include <limits>

#include "theory/mean_field_maps.h"
#include "theory/theory.h"

namespace vg {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// chi at the stable fixed point reached from inputs of unit mean square (q_0 = sigma_w2 + sigma_b2).
double chi_star_unit_input(Activation activation, double leaky_alpha, double sigma_w2, double sigma_b2) {
  const FixedPoint q_star = stable_fixed_point(activation, leaky_alpha, sigma_w2, sigma_b2, sigma_w2 + sigma_b2);
  if (!q_star.converged) return std::numeric_limits<double>::quiet_NaN();
  return chi_at(activation, leaky_alpha, sigma_w2, q_star.q);
}

double grid_value(double lo, double hi, int i, int res) { return res == 1 ? lo : lo + (hi - lo) * i / (res - 1); }

constexpr double kFirstCriticalGuess = 1.0 / 16;
constexpr double kCriticalTolerance = 1e-12;  // relative width of the final bracket
constexpr double kTangentSnap = 1e-3;         // see critical_sigma_w2
constexpr double kPhiZeroAtZero = 1e-200;     // E[phi^2] below this at q -> 0 (1e-300): phi(0) = 0

}  // namespace

std::vector<double> chi_grid(Activation activation, double leaky_alpha, double w0, double w1, double b0, double b1,
                             int res) {
  if (activation == Activation::Maxout || res < 1 || res > 1024) return {};
  std::vector<double> grid(static_cast<std::size_t>(res) * static_cast<std::size_t>(res));
  for (int row = 0; row < res; ++row) {
    const double sigma_b2 = grid_value(b0, b1, row, res);
    for (int col = 0; col < res; ++col) {
      const double sigma_w2 = grid_value(w0, w1, col, res);
      double chi = std::numeric_limits<double>::quiet_NaN();  // outside the theory (negative variance)
      if (finite_non_negative(sigma_w2) && finite_non_negative(sigma_b2))
        chi = chi_star_unit_input(activation, leaky_alpha, sigma_w2, sigma_b2);
      grid[static_cast<std::size_t>(row) * res + col] = chi;
    }
  }
  return grid;
}

double critical_sigma_w2(Activation activation, double leaky_alpha, double sigma_b2) {
  if (activation == Activation::Maxout || !finite_non_negative(sigma_b2) || !std::isfinite(leaky_alpha))
    return std::numeric_limits<double>::quiet_NaN();
  auto chi_star = [&](double sigma_w2) { return chi_star_unit_input(activation, leaky_alpha, sigma_w2, sigma_b2); };
  // chi_star(0) = 0: the bracket [lo, hi] has chi_star(lo) < 1 <= chi_star(hi).
  double lo = 0, hi = kFirstCriticalGuess;
  while (chi_star(hi) < 1) {
    if (hi >= kMaxCriticalSigmaW2) return kInfinity;
    lo = hi;
    hi = std::min(2 * hi, kMaxCriticalSigmaW2);
  }
  while (hi - lo > kCriticalTolerance * hi) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;  // the bracket is down to adjacent doubles
    (chi_star(mid) < 1 ? lo : hi) = mid;
  }
  const double bisected = 0.5 * (lo + hi);
  // At sigma_b2 = 0 an activation with phi(0) = 0 keeps q = 0 as a fixed point, which is stable
  // (ordered phase, chi_star = sigma_w2 * E[phi'^2] at q -> 0) until sigma_w2 = 1 / E[phi'^2](0).
  // Past it chi_star - 1 grows only as (sigma_w2 - that)^2 (tanh: about a third of it), so the
  // sign test above is limited by round-off (tanh: 1e-5). When the bisection lands next to this
  // point, that is the critical point, exactly.
  if (sigma_b2 == 0) {
    const ActivationMoments at_zero = moments(activation, leaky_alpha, 0.0);
    const double loses_stability = 1 / at_zero.dphi_sq;
    if (at_zero.phi_sq < kPhiZeroAtZero && std::abs(bisected - loses_stability) <= kTangentSnap * loses_stability)
      return loses_stability;
  }
  return bisected;
}

std::vector<double> critical_line(Activation activation, double leaky_alpha, double b0, double b1, int res) {
  if (activation == Activation::Maxout || res < 1 || res > 1024) return {};
  std::vector<double> line(static_cast<std::size_t>(res));
  for (int row = 0; row < res; ++row)
    line[static_cast<std::size_t>(row)] = critical_sigma_w2(activation, leaky_alpha, grid_value(b0, b1, row, res));
  return line;
}

}  // namespace vg
