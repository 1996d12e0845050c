// The fixed point of the mean-field q map, q* = M(q*) with M(q) = sigma_w2 * E[phi(z)^2] + sigma_b2,
// z ~ N(0, q): closed forms for ReLU and linear, and for every other activation an independent
// reference (double-exponential quadrature in long double of the activations written out here) over
// a grid that includes large inputs and contraction rates near 1 (GELU at sigma_w2 = 2, where the
// map's step M(q) - q vanishes slowly). The core must return the fixed point the iteration from q_0
// reaches: M(q*) = q*, and no fixed point between q_0 and q*.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "theory/theory.h"

namespace {

using Real = long double;

constexpr Real kSeluLambda = 1.0507009873554804934193349852946L;
constexpr Real kSeluAlpha = 1.6732632423543772848170429916717L;
constexpr Real kLeakyAlpha = 0.01L;

Real phi(vg::Activation activation, Real z) {
  switch (activation) {
    case vg::Activation::Sigmoid: return 1 / (1 + std::exp(-z));
    case vg::Activation::Tanh: return std::tanh(z);
    case vg::Activation::ReLU: return z > 0 ? z : 0;
    case vg::Activation::LeakyReLU: return z > 0 ? z : kLeakyAlpha * z;
    case vg::Activation::ELU: return z > 0 ? z : std::expm1(z);
    case vg::Activation::SELU: return kSeluLambda * (z > 0 ? z : kSeluAlpha * std::expm1(z));
    case vg::Activation::GELU: return z * 0.5L * std::erfc(-z / std::sqrt(2.0L));
    default: return z;  // linear
  }
}

// E_{z ~ N(0, q)}[phi(z)^2] by the exp-sinh rule on each half line, x = exp(pi/2 sinh t), in the
// standard normal x = z / sqrt(q): nodes crowd towards 0 geometrically, so the scale sqrt(q) of the
// activation's features is resolved at any q. Step 1/32 over t in [-5, 3]: below 1e-15 here (the
// closed-form test below holds it to that).
Real reference_phi_sq(vg::Activation activation, Real q) {
  const Real pi = 3.14159265358979323846264338327950288L;
  const Real sqrt_q = std::sqrt(q), density = 1 / std::sqrt(2 * pi), h = 1.0L / 32;
  Real sum = 0;
  for (int k = -5 * 32; k <= 3 * 32; ++k) {
    const Real t = k * h;
    const Real x = std::exp(pi / 2 * std::sinh(t));
    const Real dx = pi / 2 * std::cosh(t) * x;
    const Real weight = density * std::exp(-x * x / 2) * dx * h;
    if (weight == 0) continue;
    const Real up = phi(activation, sqrt_q * x), down = phi(activation, -sqrt_q * x);
    sum += weight * (up * up + down * down);
  }
  return sum;
}

Real reference_step(vg::Activation activation, double sigma_w2, double sigma_b2, Real q) {
  return sigma_w2 * reference_phi_sq(activation, q) + sigma_b2 - q;
}

const vg::Activation kActivations[] = {vg::Activation::Sigmoid, vg::Activation::Tanh, vg::Activation::ReLU,
                                       vg::Activation::LeakyReLU, vg::Activation::ELU, vg::Activation::SELU,
                                       vg::Activation::GELU, vg::Activation::Linear};

}  // namespace

TEST_CASE("fixed point: the reference quadrature matches the closed forms", "[theory][fixed_point]") {
  for (Real q : {1e-6L, 0.3L, 1.0L, 27.5L, 1e4L, 1e8L}) {
    INFO("q = " << static_cast<double>(q));
    CHECK(std::abs(reference_phi_sq(vg::Activation::ReLU, q) / (q / 2) - 1) < 1e-15L);
    CHECK(std::abs(reference_phi_sq(vg::Activation::Linear, q) / q - 1) < 1e-15L);
  }
}

TEST_CASE("fixed point: GELU at sigma_w2 = 2, the cases the accelerated iteration stopped short on",
          "[theory][fixed_point]") {
  // Near q = 0 GELU is z/2, so M(q) ~ q/2 and q = 0 attracts; at large q it is ReLU, M(q) ~ q: the
  // iteration creeps down from any start, and the true fixed point is q* = 0 with chi* = 2 * 1/4.
  for (double q_input : {12.0, 100.0, 1e4}) {
    const vg::MeanFieldPrediction p = vg::mean_field(vg::Activation::GELU, 0.01, 2.0, 0.0, 12, q_input);
    INFO("q_input = " << q_input << ": q* = " << p.q_star << ", chi* = " << p.chi_star);
    CHECK(p.fixed_point_converged);
    CHECK(p.q_star < 1e-12);
    CHECK(p.chi_star == Approx(0.5).epsilon(1e-9));
  }
  const vg::MeanFieldPrediction with_bias = vg::mean_field(vg::Activation::GELU, 0.01, 2.0, 0.05, 12, 12.0);
  CHECK(std::abs(static_cast<double>(reference_step(vg::Activation::GELU, 2.0, 0.05, with_bias.q_star))) < 1e-12);
  CHECK(with_bias.q_star == Approx(0.1245).epsilon(1e-3));
}

TEST_CASE("fixed point: ReLU and linear against their closed forms", "[theory][fixed_point]") {
  for (double sigma_b2 : {0.0, 0.05, 0.7}) {
    for (double sigma_w2 : {0.25, 1.0, 1.9, 1.999, 2.0, 3.0}) {
      for (double q_input : {0.0, 1e-3, 1.0, 100.0, 1e6}) {
        INFO("sigma_w2 = " << sigma_w2 << ", sigma_b2 = " << sigma_b2 << ", q_input = " << q_input);
        const double q0 = sigma_w2 * q_input + sigma_b2;
        const vg::MeanFieldPrediction relu = vg::mean_field(vg::Activation::ReLU, 0.01, sigma_w2, sigma_b2, 3, q_input);
        CHECK(relu.fixed_point_converged);
        // M(q) = sigma_w2 q / 2 + sigma_b2: a contraction below sigma_w2 = 2, the identity at 2 (every
        // q a fixed point: the iteration stays at q_0), a translation or expansion above.
        if (sigma_w2 < 2) CHECK(relu.q_star == Approx(sigma_b2 / (1 - sigma_w2 / 2)).epsilon(1e-10).margin(1e-250));
        if (sigma_w2 == 2 && sigma_b2 == 0) CHECK(relu.q_star == Approx(q0).epsilon(1e-12));
        if (sigma_w2 >= 2 && (sigma_b2 > 0 || (sigma_w2 > 2 && q0 > 0))) CHECK(std::isinf(relu.q_star));
        const vg::MeanFieldPrediction linear = vg::mean_field(vg::Activation::Linear, 0.01, sigma_w2, sigma_b2, 3, q_input);
        CHECK(linear.fixed_point_converged);
        if (sigma_w2 < 1) CHECK(linear.q_star == Approx(sigma_b2 / (1 - sigma_w2)).epsilon(1e-10).margin(1e-250));
        if (sigma_w2 == 1 && sigma_b2 == 0) CHECK(linear.q_star == Approx(q0).epsilon(1e-12));
        if (sigma_w2 >= 1 && (sigma_b2 > 0 || (sigma_w2 > 1 && q0 > 0))) CHECK(std::isinf(linear.q_star));
      }
    }
  }
}

TEST_CASE("fixed point: every activation over a grid, against the reference quadrature", "[theory][fixed_point]") {
  for (vg::Activation activation : kActivations) {
    for (double sigma_w2 : {0.5, 1.0, 1.5, 2.0, 3.0}) {
      for (double sigma_b2 : {0.0, 0.05, 0.5}) {
        for (double q_input : {0.01, 1.0, 12.0, 100.0, 1e4}) {
          const vg::MeanFieldPrediction p = vg::mean_field(activation, 0.01, sigma_w2, sigma_b2, 2, q_input);
          const double q0 = sigma_w2 * q_input + sigma_b2, q_star = p.q_star;
          INFO("activation " << static_cast<int>(activation) << ", sigma_w2 = " << sigma_w2 << ", sigma_b2 = "
                             << sigma_b2 << ", q_input = " << q_input << ": q* = " << q_star);
          REQUIRE(p.fixed_point_converged);
          const Real step0 = reference_step(activation, sigma_w2, sigma_b2, q0);
          if (std::isinf(q_star)) {
            // Unbounded: the map rises everywhere from q_0 up to where the core gives up (1e12).
            for (int k = 0; k <= 12; ++k) {
              const Real q = q0 * std::pow(1e12L / q0, k / 12.0L);
              CHECK(reference_step(activation, sigma_w2, sigma_b2, q) > 0);
            }
            continue;
          }
          // A fixed point: M(q*) - q* vanishes to the rounding of the map.
          const Real scale = std::max<Real>(q_star, 1e-300L) + sigma_b2;
          CHECK(std::abs(reference_step(activation, sigma_w2, sigma_b2, q_star)) <= 1e-12L * scale);
          // The one the iteration reaches: M(q) - q keeps the sign it has at q_0 all the way from q_0 to
          // q* (sampled in the logarithm, stopping short of q*; down to 1e-12 q_0 when q* = 0).
          for (int k = 0; k < 12; ++k) {
            const Real fraction = (k / 12.0L) * (1 - 1e-6L);
            const Real q = q0 * std::pow(q_star > 0 ? q_star / q0 : 1e-12L, fraction);
            const Real step = reference_step(activation, sigma_w2, sigma_b2, q);
            if (std::abs(step) <= 1e-13L * q) continue;
            CHECK((step > 0) == (step0 > 0));
          }
          // chi* is chi at q*.
          const vg::MeanFieldPrediction at_star = vg::mean_field(activation, 0.01, sigma_w2, 0.0, 1, q_star / sigma_w2);
          CHECK(p.chi_star == Approx(at_star.chi[0]).epsilon(1e-9).margin(1e-300));
        }
      }
    }
  }
}
