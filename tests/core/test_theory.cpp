// The mean-field theory: the quadrature against closed forms and high-precision references, the
// q map and chi for the activations with known answers, the fixed point, the phase-diagram grid, and
// the weight variance each initialization implies.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "config.h"
#include "init.h"
#include "rng.h"
#include "theory/gaussian_quadrature.h"
#include "theory/theory.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

bool close_rel(double value, double expected, double tolerance) {
  return std::abs(value - expected) <= tolerance * std::abs(expected);
}

// E[phi(z)^2] and E[phi'(z)^2] of the core's own activation code, read off a two-layer prediction
// with sigma_w2 = 1, sigma_b2 = 0 and q_input = q: then q_0 = q, chi_0 = E[phi'^2](q), q_1 = E[phi^2](q).
void core_moments(vg::Activation activation, double q, double& phi_sq, double& dphi_sq) {
  const vg::MeanFieldPrediction p = vg::mean_field(activation, 0.01, 1.0, 0.0, 2, q);
  REQUIRE(p.supported);
  phi_sq = p.q[1];
  dphi_sq = p.chi[0];
}

}  // namespace

TEST_CASE("quadrature: weights sum to 1, nodes are symmetric", "[theory]") {
  for (double q : {0.0, 1e-4, 0.3, 1.0, 7.5, 1e4, 1e12, 1e300}) {
    INFO("q = " << q);
    const vg::GaussianRule rule = vg::gaussian_rule(q);
    REQUIRE(rule.z.size() == rule.weight.size());
    CHECK(rule.z.size() >= 160);
    CHECK(rule.z.size() <= 1400);
    double total = 0;
    for (std::size_t i = 0; i < rule.z.size(); ++i) {
      CHECK(rule.weight[i] > 0);
      CHECK(rule.z[i] == -rule.z[rule.z.size() - 1 - i]);
      total += rule.weight[i];
    }
    CHECK(std::abs(total - 1) < 1e-14);
  }
}

TEST_CASE("quadrature: Gaussian moments E[z^2k] = (2k-1)!! q^k to 1e-12", "[theory]") {
  for (double q : {1e-4, 0.3, 1.0, 7.5, 1e4}) {
    double double_factorial = 1;
    for (int k = 1; k <= 10; ++k) {
      double_factorial *= 2 * k - 1;
      INFO("q = " << q << ", E[z^" << 2 * k << "]");
      const double even = vg::gaussian_expectation([k](double z) { return std::pow(z, 2 * k); }, q);
      CHECK(close_rel(even, double_factorial * std::pow(q, k), 1e-12));
      const double odd = vg::gaussian_expectation([k](double z) { return std::pow(z, 2 * k - 1); }, q);
      CHECK(std::abs(odd) <= 1e-12 * double_factorial * std::pow(q, k - 0.5));
    }
  }
}

TEST_CASE("quadrature: erf activation matches its closed-form q map and chi", "[theory]") {
  // phi(z) = erf(a z) (slope 1 at 0 for a = sqrt(pi)/2, like tanh). For z ~ N(0, q) (Williams 1998):
  //   E[erf(a z)^2] = (2/pi) asin(2 a^2 q / (1 + 2 a^2 q)),  E[phi'(z)^2] = (4 a^2 / pi) / sqrt(1 + 4 a^2 q).
  const double a = std::sqrt(kPi) / 2;
  auto phi_sq = [a](double z) { return std::pow(std::erf(a * z), 2); };
  auto dphi_sq = [a](double z) { return std::pow(2 * a / std::sqrt(kPi) * std::exp(-a * a * z * z), 2); };
  for (double q : {1e-3, 0.1, 1.0, 4.0, 30.0, 1e3, 1e6}) {
    INFO("q = " << q);
    const double expected_phi_sq = 2 / kPi * std::asin(2 * a * a * q / (1 + 2 * a * a * q));
    const double expected_dphi_sq = 4 * a * a / kPi / std::sqrt(1 + 4 * a * a * q);
    CHECK(close_rel(vg::gaussian_expectation(phi_sq, q), expected_phi_sq, 1e-12));
    CHECK(close_rel(vg::gaussian_expectation(dphi_sq, q), expected_dphi_sq, 1e-12));
  }
}

TEST_CASE("quadrature: the core's activations match 40-digit references", "[theory]") {
  // E[phi^2] and E[phi'^2] over N(0, q), computed with mpmath 1.2.1 (mp.dps = 40, mp.quad split at
  // 0 and at |z| = 1, 2, 4, ...); Plain 96-point Gauss-Hermite misses tanh's chi by 34% at q = 30.
  struct Reference {
    vg::Activation activation;
    double q, phi_sq, dphi_sq;
  };
  const Reference references[] = {
      {vg::Activation::Tanh, 0.1, 0.084213928421107241632, 0.84920706840647201112},
      {vg::Activation::Tanh, 1, 0.39429449039784117442, 0.46440290244826824197},
      {vg::Activation::Tanh, 4, 0.63526123425693992486, 0.25595044322520891239},
      {vg::Activation::Tanh, 30, 0.85626860511610121969, 0.096598450662707640409},
      {vg::Activation::Tanh, 1000, 0.974779041797450736, 0.016818172175373161458},
      {vg::Activation::Sigmoid, 0.1, 0.25595781634532639678, 0.059621386097093257429},
      {vg::Activation::Sigmoid, 1, 0.29337903585809296274, 0.044836241350194371793},
      {vg::Activation::Sigmoid, 4, 0.3485736225994602936, 0.029025181403016765123},
      {vg::Activation::Sigmoid, 30, 0.43076243116075332217, 0.011888048704158965729},
      {vg::Activation::Sigmoid, 1000, 0.48740501800880812637, 0.0021012559589730416348},
      {vg::Activation::ELU, 0.1, 0.081517372394716319923, 0.82189413606608122553},
      {vg::Activation::ELU, 1, 0.64494541749292386306, 0.66810200122317060643},
      {vg::Activation::ELU, 30, 15.394885395596368879, 0.53612208352798953695},
      {vg::Activation::SELU, 0.1, 0.15261609351430802713, 1.5469331462910972345},
      {vg::Activation::SELU, 4, 3.0060394618554251653, 0.8438013885485792326},
      {vg::Activation::SELU, 1000, 553.47332106660381192, 0.57147837145239305011},
      {vg::Activation::GELU, 0.1, 0.029090462051486208594, 0.30301194724679015306},
      {vg::Activation::GELU, 1, 0.42522148257029867492, 0.45585086564928712211},
      {vg::Activation::GELU, 1000, 499.99407628849142039, 0.5017721489258759035},
  };
  for (const Reference& r : references) {
    INFO(vg::name_of(r.activation) << " at q = " << r.q);
    double phi_sq = 0, dphi_sq = 0;
    core_moments(r.activation, r.q, phi_sq, dphi_sq);
    CHECK(close_rel(phi_sq, r.phi_sq, 1e-12));
    CHECK(close_rel(dphi_sq, r.dphi_sq, 1e-12));
  }
}

TEST_CASE("mean field: linear activation gives chi = sigma_w2 and the linear q map", "[theory]") {
  const double sigma_w2 = 1.7, sigma_b2 = 0.3, q_input = 0.8;
  const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::Linear, 0, sigma_w2, sigma_b2, 12, q_input);
  REQUIRE(p.supported);
  REQUIRE(p.q.size() == 12);
  double q = sigma_w2 * q_input + sigma_b2;
  for (std::size_t l = 0; l < 12; ++l) {
    CHECK(close_rel(p.q[l], q, 1e-14));
    CHECK(close_rel(p.chi[l], sigma_w2, 1e-14));
    q = sigma_w2 * q + sigma_b2;
  }
  // sigma_w2 > 1: the variance grows without bound.
  CHECK(std::isinf(p.q_star));
  CHECK(close_rel(p.chi_star, sigma_w2, 1e-14));
  // sigma_w2 < 1: q* = sigma_b2 / (1 - sigma_w2).
  const vg::MeanFieldPrediction ordered = vg::mean_field(vg::Activation::Linear, 0, 0.5, 0.3, 3, 1.0);
  CHECK(close_rel(ordered.q_star, 0.6, 1e-12));
}

TEST_CASE("mean field: ReLU has E[phi'^2] = 1/2, chi = 1 at sigma_w2 = 2, q_l = sigma_w2 q_{l-1} / 2 + sigma_b2",
          "[theory]") {
  for (double sigma_w2 : {1.0, 2.0, 2.5}) {
    const double sigma_b2 = 0.1, q_input = 1.3;
    INFO("sigma_w2 = " << sigma_w2);
    const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::ReLU, 0, sigma_w2, sigma_b2, 30, q_input);
    double q = sigma_w2 * q_input + sigma_b2;
    for (std::size_t l = 0; l < 30; ++l) {
      CHECK(close_rel(p.q[l], q, 1e-13));
      CHECK(close_rel(p.chi[l], sigma_w2 / 2, 1e-15));
      q = sigma_w2 * q / 2 + sigma_b2;
    }
    CHECK(close_rel(p.chi_star, sigma_w2 / 2, 1e-15));
    if (sigma_w2 < 2) CHECK(close_rel(p.q_star, sigma_b2 / (1 - sigma_w2 / 2), 1e-12));
    if (sigma_w2 >= 2) CHECK(std::isinf(p.q_star));
  }
  // He initialization is critical: chi = 1 exactly.
  CHECK(vg::mean_field(vg::Activation::ReLU, 0, 2.0, 0.0, 5, 1.0).chi_star == Approx(1.0).epsilon(1e-15));
  // Leaky ReLU: E[phi'^2] = (1 + alpha^2) / 2.
  const vg::MeanFieldPrediction leaky = vg::mean_field(vg::Activation::LeakyReLU, 0.2, 2.0, 0.0, 3, 1.0);
  CHECK(close_rel(leaky.chi[0], 2.0 * (1 + 0.04) / 2, 1e-15));
}

TEST_CASE("mean field: ReLU's predicted weight-gradient profile is flat without bias", "[theory]") {
  // ||delta_l||^2 shrinks by chi = sigma_w2/2 per layer down, the layer inputs' squared size grows by
  // the same factor: the per-entry ||dL/dW_l|| is the same in every layer (for any sigma_w2).
  for (double sigma_w2 : {1.0, 2.0, 3.0}) {
    const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::ReLU, 0, sigma_w2, 0.0, 20, 0.7);
    REQUIRE(p.grad_profile.size() == 20);
    for (double g : p.grad_profile) CHECK(g == Approx(1.0).epsilon(1e-12));
  }
  // With a bias the inputs stop shrinking/growing geometrically while chi still does: Xavier-like
  // sigma_w2 = 1 then makes the early layers' gradients vanish.
  const vg::MeanFieldPrediction biased = vg::mean_field(vg::Activation::ReLU, 0, 1.0, 0.5, 20, 1.0);
  CHECK(biased.grad_profile.back() == 1.0);
  CHECK(biased.grad_profile.front() < 0.01);
}

TEST_CASE("mean field: sigmoid's chi is far below 1 at Xavier-like sigma_w2", "[theory]") {
  // Square layers: Xavier gives sigma_w2 = 1. E[sigmoid'^2] <= 1/16, so chi < 0.0625.
  const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::Sigmoid, 0, 1.0, 0.0, 20, 1.0);
  CHECK(p.chi_star < 0.0625);
  CHECK(p.chi_star > 0.04);
  for (double chi : p.chi) CHECK(chi < 0.0625);
  // The gradient reaching the first layer is tiny.
  CHECK(p.grad_profile.front() < 1e-10);
}

TEST_CASE("mean field: tanh's order-to-chaos transition at sigma_w2 = 1 without bias", "[theory]") {
  // sigma_b2 = 0: q* = 0 and chi* = sigma_w2 for sigma_w2 <= 1 (order); q* > 0, chi* > 1 beyond (chaos).
  const vg::MeanFieldPrediction ordered = vg::mean_field(vg::Activation::Tanh, 0, 0.8, 0.0, 5, 1.0);
  CHECK(ordered.q_star < 1e-12);
  CHECK(close_rel(ordered.chi_star, 0.8, 1e-12));
  const vg::MeanFieldPrediction critical = vg::mean_field(vg::Activation::Tanh, 0, 1.0, 0.0, 5, 1.0);
  CHECK(critical.chi_star == Approx(1.0).epsilon(1e-6));
  const vg::MeanFieldPrediction chaotic = vg::mean_field(vg::Activation::Tanh, 0, 1.5, 0.0, 5, 1.0);
  CHECK(chaotic.q_star > 0.1);
  CHECK(chaotic.chi_star > 1.0);
  // The fixed point really is one: one more layer leaves it where it is.
  const vg::MeanFieldPrediction at_fixed_point =
      vg::mean_field(vg::Activation::Tanh, 0, 1.5, 0.0, 2, chaotic.q_star / 1.5);
  CHECK(close_rel(at_fixed_point.q[1], chaotic.q_star, 1e-12));
  // A bias moves the critical point above sigma_w2 = 1 (the ordered phase grows).
  CHECK(vg::mean_field(vg::Activation::Tanh, 0, 1.2, 0.3, 2, 1.0).chi_star < 1.0);
}

TEST_CASE("mean field: SELU's fixed point is q = 1 at LeCun initialization", "[theory]") {
  // SELU's constants make E[selu(z)^2] = 1 for z ~ N(0, 1) (Klambauer et al. 2017).
  const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::SELU, 0, 1.0, 0.0, 50, 1.0);
  for (double q : p.q) CHECK(q == Approx(1.0).epsilon(1e-12));
  CHECK(p.q_star == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("mean field: Maxout and invalid arguments have no prediction", "[theory]") {
  CHECK_FALSE(vg::mean_field(vg::Activation::Maxout, 0, 1.0, 0.0, 10, 1.0).supported);
  CHECK(vg::mean_field(vg::Activation::Maxout, 0, 1.0, 0.0, 10, 1.0).q.empty());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(vg::mean_field(vg::Activation::Tanh, 0, -1.0, 0.0, 10, 1.0).supported);
  CHECK_FALSE(vg::mean_field(vg::Activation::Tanh, 0, nan, 0.0, 10, 1.0).supported);
  CHECK_FALSE(vg::mean_field(vg::Activation::Tanh, 0, 1.0, 0.0, 0, 1.0).supported);
  CHECK_FALSE(vg::mean_field(vg::Activation::Tanh, 0, 1.0, 0.0, 10, -2.0).supported);
}

TEST_CASE("mean field: deep products stay finite where the maths is", "[theory]") {
  // Sigmoid at Xavier-like sigma_w2 = 1 over 200 layers: the first layer's relative gradient is
  // sqrt(0.05^199) ~ 1e-130, a number rather than 0.
  const vg::MeanFieldPrediction vanishing = vg::mean_field(vg::Activation::Sigmoid, 0, 1.0, 0.0, 200, 1.0);
  CHECK(vanishing.grad_profile.front() > 0);
  CHECK(vanishing.grad_profile.front() < 1e-100);
  // Linear with naive N(0, 1) weights at width 32 over 200 layers: q reaches 32^200 ~ 1e301 and the
  // error signal grows as fast as the layer inputs shrink towards the front: the profile stays 1.
  const vg::MeanFieldPrediction exploding = vg::mean_field(vg::Activation::Linear, 0, 32.0, 0.0, 200, 1.0);
  CHECK(exploding.q.back() > 1e300);
  for (double g : exploding.grad_profile) CHECK(g == Approx(1.0).epsilon(1e-9));
}

TEST_CASE("chi grid: layout, values and the ReLU critical line", "[theory]") {
  const int res = 5;
  const std::vector<double> grid = vg::chi_grid(vg::Activation::Tanh, 0, 0.5, 2.5, 0.0, 1.0, res);
  REQUIRE(grid.size() == 25u);
  for (int row = 0; row < res; ++row) {
    for (int col = 0; col < res; ++col) {
      const double sigma_w2 = 0.5 + 0.5 * col, sigma_b2 = 0.25 * row;
      const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::Tanh, 0, sigma_w2, sigma_b2, 1, 1.0);
      INFO("sigma_w2 = " << sigma_w2 << ", sigma_b2 = " << sigma_b2);
      CHECK(close_rel(grid[static_cast<std::size_t>(row * res + col)], p.chi_star, 1e-9));
    }
  }
  // ReLU: chi* = sigma_w2 / 2 whatever the bias; the critical line is the column sigma_w2 = 2.
  const std::vector<double> relu = vg::chi_grid(vg::Activation::ReLU, 0, 1.0, 3.0, 0.0, 2.0, 3);
  for (int row = 0; row < 3; ++row) {
    CHECK(relu[static_cast<std::size_t>(row * 3)] == Approx(0.5).epsilon(1e-15));
    CHECK(relu[static_cast<std::size_t>(row * 3 + 1)] == Approx(1.0).epsilon(1e-15));
    CHECK(relu[static_cast<std::size_t>(row * 3 + 2)] == Approx(1.5).epsilon(1e-15));
  }
  CHECK(vg::chi_grid(vg::Activation::Maxout, 0, 1.0, 3.0, 0.0, 2.0, 3).empty());
  CHECK(vg::chi_grid(vg::Activation::Tanh, 0, 1.0, 3.0, 0.0, 2.0, 0).empty());
}

TEST_CASE("sigma_w2 per initialization: the formulas", "[theory]") {
  vg::Config config;
  config.gain = 1.5;
  const double g2 = 2.25;
  auto sigma_w2 = [&](vg::Init init, int in, int out) {
    config.init = init;
    return vg::sigma_w2_of(config, in, out);
  };
  CHECK(sigma_w2(vg::Init::Naive, 32, 32) == Approx(32 * g2));
  CHECK(sigma_w2(vg::Init::Small, 32, 32) == Approx(32e-4 * g2));
  CHECK(sigma_w2(vg::Init::XavierUniform, 32, 32) == Approx(g2));
  CHECK(sigma_w2(vg::Init::XavierNormal, 64, 32) == Approx(2.0 * 64 / 96 * g2));
  CHECK(sigma_w2(vg::Init::HeNormal, 64, 32) == Approx(2 * g2));
  CHECK(sigma_w2(vg::Init::LeCunNormal, 64, 32) == Approx(g2));
  CHECK(sigma_w2(vg::Init::Orthogonal, 32, 32) == Approx(g2));
  CHECK(sigma_w2(vg::Init::Orthogonal, 64, 32) == Approx(g2));       // orthonormal rows
  CHECK(sigma_w2(vg::Init::Orthogonal, 32, 64) == Approx(0.5 * g2)); // orthonormal columns
  config.identity_scale = 0.5;
  CHECK(sigma_w2(vg::Init::ScaledIdentity, 32, 32) == Approx(0.25 * g2));
}

TEST_CASE("sigma_w2 per initialization: matches the weights init_weights draws", "[theory]") {
  // fan_in * mean(W_ij^2) of a drawn matrix is the sigma_w2 the forward pass sees.
  const vg::Init inits[] = {vg::Init::Naive,       vg::Init::Small,       vg::Init::XavierUniform,
                            vg::Init::XavierNormal, vg::Init::HeNormal,   vg::Init::LeCunNormal,
                            vg::Init::Orthogonal,  vg::Init::ScaledIdentity};
  const int shapes[][2] = {{128, 128}, {96, 160}, {160, 96}};  // fan_in, fan_out
  vg::Config config;
  config.gain = 1.3;
  config.identity_scale = 0.7;
  for (vg::Init init : inits) {
    for (const auto& shape : shapes) {
      const int fan_in = shape[0], fan_out = shape[1];
      if (init == vg::Init::ScaledIdentity && fan_in != fan_out) continue;
      config.init = init;
      vg::Rng rng(42);
      Eigen::MatrixXd W(fan_out, fan_in);
      vg::init_weights<double>(W, init, config.gain, config.identity_scale, rng);
      const double measured = fan_in * W.squaredNorm() / W.size();
      INFO(vg::name_of(init) << " " << fan_in << " -> " << fan_out);
      CHECK(measured == Approx(vg::sigma_w2_of(config, fan_in, fan_out)).epsilon(0.02));
    }
  }
}
