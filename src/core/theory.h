// Mean-field theory of signal propagation in random networks (Poole et al. 2016, Schoenholz et
// al. 2017): the prediction drawn over the measurement. Expectations over N(0, q) by composite
// Gauss-Legendre quadrature (gaussian_quadrature.h says why not Gauss-Hermite).
#pragma once

#include <vector>

#include "config.h"

namespace vg {

// E_{z ~ N(0, q)}[f(z)]; defined in gaussian_quadrature.h.
template <typename F>
double gaussian_expectation(F f, double q);

struct MeanFieldPrediction {
  bool supported = true;            // false for Maxout (not a pointwise activation)
  std::vector<double> q;            // q_l, l = 0..depth-1: pre-activation variance of hidden layer l
  std::vector<double> chi;          // chi_l = sigma_w2 * E[phi'(z)^2], z ~ N(0, q_l)
  std::vector<double> grad_profile; // predicted ||dL/dW_l|| relative to the last hidden layer (= 1)
  double q_star = 0;                // fixed point of the q map (iterated to convergence)
  double chi_star = 0;              // chi at q_star: the per-layer gradient factor deep in the net
};

// q_0 = sigma_w2 * q_input + sigma_b2 (q_input: mean squared input coordinate);
// q_l = sigma_w2 * E[phi(z)^2] + sigma_b2; chi_l as above.
MeanFieldPrediction mean_field(Activation activation, double leaky_alpha, double sigma_w2,
                               double sigma_b2, int depth, double q_input);

// The weight variance in units of 1/fan_in implied by the config's init and gain for a hidden layer
// of fan-in `fan_in` and fan-out `fan_out` (e.g. He: 2 * gain^2; Xavier: 2 * fan_in / (fan_in + fan_out) * gain^2).
double sigma_w2_of(const Config& config, int fan_in, int fan_out);

// chi_star over a res x res grid of (sigma_w2 in [w0, w1]) x (sigma_b2 in [b0, b1]), row-major from b0:
// the order (chi < 1) / chaos (chi > 1) phase diagram.
std::vector<double> chi_grid(Activation activation, double leaky_alpha, double w0, double w1, double b0,
                             double b1, int res);

}  // namespace vg
