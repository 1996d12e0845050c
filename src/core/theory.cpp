// Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) for a deep network with
// i.i.d. weights of variance sigma_w2 / fan_in and biases of variance sigma_b2. Forward, the
// pre-activation variance follows q_l = sigma_w2 * E[phi(z)^2] + sigma_b2; backward, each layer
// multiplies the squared error signal by chi_l = sigma_w2 * E[phi'(z)^2], z ~ N(0, q_l). The
// expectations use the activation code of activations.h on the quadrature nodes of
// gaussian_quadrature.h, so the maths of each activation lives in one place.
#include "theory.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "activations.h"
#include "gaussian_quadrature.h"

namespace vg {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// ---- The quadrature rule ---------------------------------------------------------------------------

constexpr int kLegendrePoints = 16;     // per panel
constexpr double kTailCut = 12.0;       // |x| beyond this holds 4e-33 of the normal's mass
constexpr int kMaxGradedPanels = 40;    // finest panel 12 * 2^-40 ~ 1e-11 (q up to ~1e22 resolved)
constexpr double kMaxVariance = 1e300;  // larger q is evaluated here (keeps z^2 finite)
constexpr double kMinVariance = 1e-300; // smaller q (and 0) here: the limit q -> 0+

struct LegendreRule {
  double node[kLegendrePoints];    // on [-1, 1], ascending
  double weight[kLegendrePoints];  // sum to 2
};

// Gauss-Legendre by Newton's method on P_n from the classical initial guesses; converges to the last
// bit in a few iterations. Computed once.
LegendreRule make_legendre_rule() {
  LegendreRule rule{};
  const int n = kLegendrePoints;
  for (int i = 0; i < n / 2; ++i) {
    double x = std::cos(kPi * (i + 0.75) / (n + 0.5));
    double dp = 1;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p = 1, p_prev = 0;  // P_j(x), P_{j-1}(x) by the three-term recurrence
      for (int j = 1; j <= n; ++j) {
        const double p_prev2 = p_prev;
        p_prev = p;
        p = ((2 * j - 1) * x * p_prev - (j - 1) * p_prev2) / j;
      }
      dp = n * (x * p - p_prev) / (x * x - 1);
      const double step = p / dp;
      x -= step;
      if (std::abs(step) < 1e-16) break;
    }
    const double w = 2 / ((1 - x * x) * dp * dp);
    rule.node[i] = -x;  // x > 0 here: the first half ascends through the negative nodes
    rule.node[n - 1 - i] = x;
    rule.weight[i] = rule.weight[n - 1 - i] = w;
  }
  return rule;
}

const LegendreRule& legendre_rule() {
  static const LegendreRule rule = make_legendre_rule();
  return rule;
}

}  // namespace

GaussianRule gaussian_rule(double q) {
  const double variance = std::clamp(q, kMinVariance, kMaxVariance);
  const double sigma = std::sqrt(variance);
  // Panel edges on x >= 0: 0, s, 2s, 4s, ... up to 12, where s (the first panel, in units of the
  // normal's sigma) is |z| = 1 when sigma > 1, else sigma itself.
  double first = sigma > 1 ? 1 / sigma : 1.0;
  first = std::max(first, kTailCut * std::ldexp(1.0, -kMaxGradedPanels));
  std::vector<double> edges{0.0};
  for (double edge = first; edge < kTailCut; edge *= 2) edges.push_back(edge);
  edges.push_back(kTailCut);

  const LegendreRule& legendre = legendre_rule();
  const double normal_density = 1 / std::sqrt(2 * kPi);
  GaussianRule rule;
  const std::size_t half = (edges.size() - 1) * kLegendrePoints;
  rule.z.resize(2 * half);
  rule.weight.resize(2 * half);
  std::size_t k = 0;
  for (std::size_t panel = 0; panel + 1 < edges.size(); ++panel) {
    const double mid = 0.5 * (edges[panel] + edges[panel + 1]);
    const double radius = 0.5 * (edges[panel + 1] - edges[panel]);
    for (int i = 0; i < kLegendrePoints; ++i, ++k) {
      const double x = mid + radius * legendre.node[i];
      const double w = radius * legendre.weight[i] * normal_density * std::exp(-0.5 * x * x);
      rule.z[half + k] = sigma * x;  // positive half
      rule.weight[half + k] = w;
      rule.z[half - 1 - k] = -sigma * x;  // its mirror image, so odd integrands cancel exactly
      rule.weight[half - 1 - k] = w;
    }
  }
  return rule;
}

namespace {

// ---- Moments of the activation ---------------------------------------------------------------------

struct ActivationMoments {
  double phi_sq = 0;        // E[phi(z)^2]
  double dphi_sq = 0;       // E[phi'(z)^2]
  double dphi_4 = 0;        // E[phi'(z)^4]
};

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

struct FixedPoint {
  double q = 0;            // +inf: the map grows without bound
  bool converged = false;  // false: the bracket did not close within the evaluation budget
};

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
  return sigma_w2 * moments(activation, leaky_alpha, std::min(q, kMaxVariance)).dphi_sq;
}

bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0; }

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

MeanFieldPrediction mean_field(const MeanFieldNetwork& network) {
  MeanFieldPrediction out;
  // Maxout is not pointwise; negative or non-finite variances, depths outside 1..kMaxDepth and empty
  // layers have no prediction either.
  const Activation activation = network.activation;
  const double leaky_alpha = network.leaky_alpha, sigma_w2 = network.sigma_w2, sigma_b2 = network.sigma_b2;
  if (activation == Activation::Maxout || !finite_non_negative(sigma_w2) || !finite_non_negative(sigma_b2) ||
      !finite_non_negative(network.sigma_w2_first) || !finite_non_negative(network.q_input) ||
      !std::isfinite(leaky_alpha) || network.depth < 1 || network.depth > kMaxDepth || network.input_dim < 1 ||
      network.width < 1) {
    out.supported = false;
    return out;
  }
  const auto layers = static_cast<std::size_t>(network.depth);
  out.q.resize(layers);
  out.chi.resize(layers);
  out.grad_profile.resize(layers);
  out.delta_profile.resize(layers);
  std::vector<double> mean_sq_output(layers);  // E[phi(z_l)^2]: the squared size of layer l's output
  double q = network.sigma_w2_first * network.q_input + sigma_b2;
  for (std::size_t l = 0; l < layers; ++l) {
    out.q[l] = q;
    const ActivationMoments m = moments(activation, leaky_alpha, std::min(q, kMaxVariance));
    // chi_l carries the error signal from layer l+1 back to layer l through W_{l+1}, a hidden layer.
    out.chi[l] = sigma_w2 * m.dphi_sq;
    mean_sq_output[l] = m.phi_sq;
    q = sigma_w2 * m.phi_sq + sigma_b2;
  }

  // ||delta_l||^2 = chi_l * ||delta_{l+1}||^2, and dL/dW_l = delta_l a_{l-1}^T per example, so
  // E||dL/dW_l||_F^2 = E||delta_l||^2 * E||a_{l-1}||^2 with E||a_{l-1}||^2 = fan_in_l * m_{l-1}
  // (m_{l-1} the mean square of layer l's input, m_{-1} = q_input; fan_in_0 = input_dim, else width).
  // Relative to the last hidden layer L-1:
  //   (profile_l)^2 = prod_{k=l}^{L-2} chi_k * fan_in_l * m_{l-1} / (width * m_{L-2}).
  // Summed in logarithms so that long products neither overflow nor underflow before the end.
  auto log_input_size = [&](std::size_t l) {
    return l == 0 ? std::log(double(network.input_dim) * network.q_input)
                  : std::log(double(network.width) * mean_sq_output[l - 1]);
  };
  const std::size_t last = layers - 1;
  const double log_last_input = log_input_size(last);
  double log_chi_product = 0;  // sum of log chi_k for k = l .. L-2
  out.grad_profile[last] = 1;
  out.delta_profile[last] = 1;
  for (std::size_t l = last; l-- > 0;) {
    log_chi_product += std::log(out.chi[l]);
    out.delta_profile[l] = std::exp(0.5 * log_chi_product);
    out.grad_profile[l] = std::exp(0.5 * (log_chi_product + log_input_size(l) - log_last_input));
  }

  const FixedPoint fixed_point = stable_fixed_point(activation, leaky_alpha, sigma_w2, sigma_b2, out.q[0]);
  out.fixed_point_converged = fixed_point.converged;
  out.q_star = fixed_point.converged ? fixed_point.q : std::numeric_limits<double>::quiet_NaN();
  out.chi_star = fixed_point.converged ? chi_at(activation, leaky_alpha, sigma_w2, fixed_point.q)
                                       : std::numeric_limits<double>::quiet_NaN();
  return out;
}

MeanFieldPrediction mean_field(Activation activation, double leaky_alpha, double sigma_w2, double sigma_b2,
                               int depth, double q_input) {
  // Equal fan-ins: grad_profile is then the ratio of root-mean-square gradient entries.
  MeanFieldNetwork network;
  network.activation = activation;
  network.leaky_alpha = leaky_alpha;
  network.sigma_w2_first = network.sigma_w2 = sigma_w2;
  network.sigma_b2 = sigma_b2;
  network.depth = depth;
  network.q_input = q_input;
  return mean_field(network);
}

double sigma_w2_of(const Config& config, int fan_in, int fan_out) {
  // Each scheme's weight variance Var(W_ij), expressed as sigma_w2 = fan_in * Var(W_ij).
  const double in = fan_in, out = fan_out;
  const double gain_sq = config.gain * config.gain;
  switch (config.init) {
    case Init::Naive: return in * gain_sq;           // Var = 1
    case Init::Small: return 1e-4 * in * gain_sq;    // Var = 0.01^2
    case Init::XavierUniform:                        // Var = (sqrt(6/(in+out)))^2 / 3
    case Init::XavierNormal: return 2 * in / (in + out) * gain_sq;  // Var = 2/(in+out)
    case Init::HeNormal: return 2 * gain_sq;         // Var = 2/in
    case Init::LeCunNormal: return gain_sq;          // Var = 1/in
    case Init::Orthogonal:
      // Orthonormal rows or columns: ||W||_F^2 = min(in, out), so the mean squared entry is
      // 1/max(in, out). Square layers preserve every norm exactly (sigma_w2 = 1, gain 1); the
      // entries are not independent Gaussians, which the theory assumes.
      return in / std::max(in, out) * gain_sq;
    case Init::ScaledIdentity:
      // W = a*I scales every vector by a, so the forward variance follows q -> a^2 q like
      // sigma_w2 = a^2; but W is not random at all (no mixing between units), so the prediction is
      // only a guide for this scheme.
      return config.identity_scale * config.identity_scale * gain_sq;
  }
  return 0;
}

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

double gain_for_sigma_w2(const Config& config, double sigma_w2, int fan_in, int fan_out) {
  Config unit_gain = config;
  unit_gain.gain = 1;
  const double at_unit_gain = sigma_w2_of(unit_gain, fan_in, fan_out);
  if (!finite_non_negative(sigma_w2) || !(at_unit_gain > 0) || !std::isfinite(at_unit_gain))
    return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(sigma_w2 / at_unit_gain);
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

JacobianSpectrumPrediction jacobian_spectrum_prediction(const MeanFieldNetwork& network,
                                                        const std::vector<double>& q_inputs, bool orthogonal) {
  JacobianSpectrumPrediction out;
  if (q_inputs.empty()) {
    out.supported = false;
    return out;
  }
  // Per input: the free product of D_l^2 (D_l = diag phi'(z_l)) and W_l W_l^T has
  // m1 = prod_l m1(W_l W_l^T) m1(D_l^2) and normalized variance v = sum over the factors of
  // (m2 / m1^2 - 1): 0 for orthogonal W W^T = sigma_w2 I, 1 for a square Gaussian one (Marchenko-Pastur
  // at aspect ratio 1), E[phi'^4] / E[phi'^2]^2 - 1 for D_l^2 at the layer's q_l. Pooled over the
  // inputs: E[lambda] = mean m1, E[lambda^2] = mean m1^2 (1 + v).
  const double weight_variance = orthogonal ? 0.0 : 1.0;
  double sum_m1 = 0, sum_m2 = 0;
  for (const double q_input : q_inputs) {
    MeanFieldNetwork one = network;
    one.q_input = q_input;
    const MeanFieldPrediction forward = mean_field(one);
    if (!forward.supported) {
      out.supported = false;
      return out;
    }
    double log_m1 = 0, v = 0;
    for (std::size_t l = 0; l < forward.q.size(); ++l) {
      const ActivationMoments m = moments(network.activation, network.leaky_alpha, std::min(forward.q[l], kMaxVariance));
      const double sigma_w2 = l == 0 ? network.sigma_w2_first : network.sigma_w2;
      log_m1 += std::log(sigma_w2 * m.dphi_sq);
      v += weight_variance + m.dphi_4 / (m.dphi_sq * m.dphi_sq) - 1;
    }
    const double m1 = std::exp(log_m1);
    sum_m1 += m1;
    sum_m2 += m1 * m1 * (1 + v);
  }
  const double count = static_cast<double>(q_inputs.size());
  out.mean_sq = sum_m1 / count;
  out.normalized_variance = (sum_m2 / count) / (out.mean_sq * out.mean_sq) - 1;
  return out;
}

std::vector<double> critical_line(Activation activation, double leaky_alpha, double b0, double b1, int res) {
  if (activation == Activation::Maxout || res < 1 || res > 1024) return {};
  std::vector<double> line(static_cast<std::size_t>(res));
  for (int row = 0; row < res; ++row)
    line[static_cast<std::size_t>(row)] = critical_sigma_w2(activation, leaky_alpha, grid_value(b0, b1, row, res));
  return line;
}

}  // namespace vg
