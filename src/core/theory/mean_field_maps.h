// The maps of mean-field theory shared by its predictions (theory.cpp) and its phase diagram
// (phase_diagram.cpp): the activation's Gaussian moments at variance q, the q map's stable fixed point
// and chi at a given q. Internal to src/core/theory/.
#pragma once

#include <cmath>

#include "config.h"

namespace vg {

struct ActivationMoments {
  double phi_sq = 0;        // E[phi(z)^2]
  double dphi_sq = 0;       // E[phi'(z)^2]
  double dphi_4 = 0;        // E[phi'(z)^4]
};

// z ~ N(0, q).
ActivationMoments moments(Activation activation, double leaky_alpha, double q);
// The q map: sigma_w2 * E[phi(z)^2] + sigma_b2.
double next_q(Activation activation, double leaky_alpha, double sigma_w2, double sigma_b2, double q);

struct FixedPoint {
  double q = 0;            // +inf: the map grows without bound
  bool converged = false;  // false: the bracket did not close within the evaluation budget
};

// The fixed point the iteration q <- next_q(q) reaches from q0 (mean_field_maps.cpp says how).
FixedPoint stable_fixed_point(Activation activation, double leaky_alpha, double sigma_w2, double sigma_b2, double q0);
// sigma_w2 * E[phi'(z)^2] at variance q (q = inf: the large-variance limit).
double chi_at(Activation activation, double leaky_alpha, double sigma_w2, double q);

inline bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0; }

}  // namespace vg
