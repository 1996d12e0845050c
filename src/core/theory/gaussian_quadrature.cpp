// The quadrature rule behind every Gaussian expectation of the theory (gaussian_quadrature.h says why
// composite Gauss-Legendre rather than Gauss-Hermite).
#include "theory/gaussian_quadrature.h"

#include <algorithm>
#include <cmath>

namespace vg {
namespace {

constexpr double kPi = 3.14159265358979323846;


constexpr int kLegendrePoints = 16;     // per panel
constexpr double kTailCut = 12.0;       // |x| beyond this holds 4e-33 of the normal's mass
constexpr int kMaxGradedPanels = 40;    // finest panel 12 * 2^-40 ~ 1e-11 (q up to ~1e22 resolved)

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
  const double variance = std::clamp(q, kMinRuleVariance, kMaxRuleVariance);
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

}  // namespace vg
