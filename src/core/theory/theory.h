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
  std::vector<double> delta_profile; // predicted ||dL/dz_l|| (the error signal) relative to the last hidden layer
  double q_star = 0;                // the fixed point the q map reaches from q[0] (+inf: grows without bound)
  double chi_star = 0;              // chi at q_star: the per-layer gradient factor deep in the net
  bool fixed_point_converged = true; // false: the search failed (q_star and chi_star are then NaN)
};

// q_0 = sigma_w2 * q_input + sigma_b2 (q_input: mean squared input coordinate);
// q_l = sigma_w2 * E[phi(z)^2] + sigma_b2; chi_l as above.
MeanFieldPrediction mean_field(Activation activation, double leaky_alpha, double sigma_w2,
                               double sigma_b2, int depth, double q_input);

// A network whose first hidden layer differs from the rest, as a real one does: its weights have
// variance sigma_w2_first / input_dim (fan-in input_dim; Xavier gives it its own sigma_w2), every
// later hidden layer sigma_w2 / width. grad_profile is then the ratio of the Frobenius norms
// ||dL/dW_l||_F, which the Trainer's telemetry grad_w_norm measures (layer 0 has input_dim columns,
// the others width). With input_dim == width and sigma_w2_first == sigma_w2 it is mean_field above.
struct MeanFieldNetwork {
  Activation activation = Activation::Tanh;
  double leaky_alpha = 0.01;
  double sigma_w2_first = 1;  // first hidden layer
  double sigma_w2 = 1;        // hidden layers 1..depth-1 (and chi, q_star, chi_star)
  double sigma_b2 = 0;
  int depth = 1;
  int input_dim = 1;
  int width = 1;
  double q_input = 1;         // mean squared input coordinate
};
MeanFieldPrediction mean_field(const MeanFieldNetwork& network);

// The weight variance in units of 1/fan_in implied by the config's init and gain for a hidden layer
// of fan-in `fan_in` and fan-out `fan_out` (e.g. He: 2 * gain^2; Xavier: 2 * fan_in / (fan_in + fan_out) * gain^2).
double sigma_w2_of(const Config& config, int fan_in, int fan_out);

// The gain at which sigma_w2_of(config, fan_in, fan_out) equals sigma_w2 (every scheme's sigma_w2 is
// proportional to gain^2; config.gain is ignored). NaN if sigma_w2 is negative or not finite, or the
// scheme gives zero variance at any gain (scaled_identity with identity_scale 0).
double gain_for_sigma_w2(const Config& config, double sigma_w2, int fan_in, int fan_out);

// The input-output Jacobian J = dh_L/dx = D_L W_L ... D_1 W_1 of such a network at initialization (D_l =
// diag phi'(z_l)), by free probability (Pennington, Schoenholz & Ganguli 2017): the mean of its squared
// singular values lambda and their normalized variance Var[lambda] / E[lambda]^2, pooled over inputs
// of mean squared coordinate q_inputs[i] (network.q_input is ignored). Orthogonal weights add no
// spread of their own, so the spread is the activation's (small where phi is nearly linear: q small);
// square Gaussian weights add 1 per layer at any sigma_w2. Every layer must be square (width ==
// input_dim) for the Gaussian case. Not supported for Maxout or an empty q_inputs.
struct JacobianSpectrumPrediction {
  bool supported = true;
  double mean_sq = 0;              // E[lambda] = prod_l sigma_w2 E[phi'(z_l)^2], averaged over the inputs
  double normalized_variance = 0;  // Var[lambda] / E[lambda]^2
};
JacobianSpectrumPrediction jacobian_spectrum_prediction(const MeanFieldNetwork& network,
                                                        const std::vector<double>& q_inputs, bool orthogonal);

// chi_star over a res x res grid of (sigma_w2 in [w0, w1]) x (sigma_b2 in [b0, b1]), row-major from b0:
// the order (chi < 1) / chaos (chi > 1) phase diagram.
std::vector<double> chi_grid(Activation activation, double leaky_alpha, double w0, double w1, double b0,
                             double b1, int res);

// The critical sigma_w2 at this sigma_b2: where chi_star = 1, the boundary between the ordered
// (chi_star < 1) and chaotic phases, with inputs of unit mean square as in chi_grid. Found by
// doubling sigma_w2 from 1/16 until chi_star >= 1 and bisecting that bracket to 1e-12 relative.
// chi_star rises with sigma_w2 but for shallow dips (ELU, SELU, GELU: up to 0.03) and, measured on
// an 800-point grid over sigma_w2 in [0, 8] and sigma_b2 in [0, 1], crosses 1 once. +inf when
// chi_star stays below 1 up to kMaxCriticalSigmaW2 (gradients vanish at every sigma_w2 in range);
// NaN for Maxout and for a negative or non-finite sigma_b2. ReLU: 2 at any sigma_b2; tanh: 1 at
// sigma_b2 = 0; linear: 1.
inline constexpr double kMaxCriticalSigmaW2 = 1e4;
double critical_sigma_w2(Activation activation, double leaky_alpha, double sigma_b2);

// critical_sigma_w2 at res values of sigma_b2 evenly spaced over [b0, b1] (the rows of chi_grid):
// the critical line of the phase diagram. Empty for Maxout or res outside 1..1024.
std::vector<double> critical_line(Activation activation, double leaky_alpha, double b0, double b1, int res);

}  // namespace vg
