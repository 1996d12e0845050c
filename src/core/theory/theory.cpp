// Mean-field predictions for a network (Poole et al. 2016; Schoenholz et al. 2017; Pennington et al.
// 2017 for the Jacobian's spectrum), from the maps of mean_field_maps.h, and the weight variance a
// config's initialization implies.
#include "theory/theory.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "theory/gaussian_quadrature.h"
#include "theory/mean_field_maps.h"

namespace vg {

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
    const ActivationMoments m = moments(activation, leaky_alpha, std::min(q, kMaxRuleVariance));
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

double gain_for_sigma_w2(const Config& config, double sigma_w2, int fan_in, int fan_out) {
  Config unit_gain = config;
  unit_gain.gain = 1;
  const double at_unit_gain = sigma_w2_of(unit_gain, fan_in, fan_out);
  if (!finite_non_negative(sigma_w2) || !(at_unit_gain > 0) || !std::isfinite(at_unit_gain))
    return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(sigma_w2 / at_unit_gain);
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
      const ActivationMoments m = moments(network.activation, network.leaky_alpha, std::min(forward.q[l], kMaxRuleVariance));
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

}  // namespace vg
