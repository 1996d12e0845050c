// Initialization schemes: the variance each one promises, orthogonality, the scaled identity, the
// gain and determinism.
#include <catch2/catch.hpp>

#include <cmath>

#include <Eigen/Core>

#include "init.h"

namespace {

Eigen::MatrixXd initialized(int rows, int cols, vg::Init init, double gain = 1.0, std::uint64_t seed = 7,
                            double identity_scale = 1.0) {
  Eigen::MatrixXd weights(rows, cols);
  vg::Rng rng(seed);
  vg::init_weights(weights, init, gain, identity_scale, rng);
  return weights;
}

double mean_of(const Eigen::MatrixXd& m) { return m.mean(); }
double variance_of(const Eigen::MatrixXd& m) { return (m.array() - m.mean()).square().mean(); }

}  // namespace

TEST_CASE("each scheme's entry variance on a 256x256 matrix is within 3% of its formula", "[init]") {
  // 65,536 draws: the sample variance's relative standard deviation is sqrt(2/65536) = 0.55% for a
  // normal and 0.35% for a uniform, so 3% is over 5 standard deviations.
  const int n = 256;
  struct Case {
    vg::Init init;
    double variance;
  };
  const Case cases[] = {
      {vg::Init::Naive, 1.0},
      {vg::Init::Small, 1e-4},
      {vg::Init::XavierUniform, 2.0 / (n + n)},  // (sqrt(6/(in+out)))^2 / 3
      {vg::Init::XavierNormal, 2.0 / (n + n)},
      {vg::Init::HeNormal, 2.0 / n},
      {vg::Init::LeCunNormal, 1.0 / n},
      {vg::Init::Orthogonal, 1.0 / n},  // unit rows of length n
  };
  for (const auto& c : cases) {
    INFO("init = " << vg::name_of(c.init));
    const Eigen::MatrixXd weights = initialized(n, n, c.init);
    CHECK(variance_of(weights) == Approx(c.variance).epsilon(0.03));
    CHECK(std::abs(mean_of(weights)) < 5 * std::sqrt(c.variance) / n);  // 5 standard errors
  }
}

TEST_CASE("Xavier uniform stays within its bound and uses different fans for rectangles", "[init]") {
  const Eigen::MatrixXd weights = initialized(64, 192, vg::Init::XavierUniform);
  const double bound = std::sqrt(6.0 / (64 + 192));
  CHECK(weights.cwiseAbs().maxCoeff() <= bound);
  CHECK(weights.cwiseAbs().maxCoeff() > 0.99 * bound);
  CHECK(variance_of(initialized(64, 192, vg::Init::HeNormal)) == Approx(2.0 / 192).epsilon(0.05));
}

TEST_CASE("orthogonal init gives orthonormal columns or rows to 1e-10 in double", "[init]") {
  SECTION("square") {
    const Eigen::MatrixXd weights = initialized(64, 64, vg::Init::Orthogonal);
    CHECK((weights.transpose() * weights - Eigen::MatrixXd::Identity(64, 64)).cwiseAbs().maxCoeff() < 1e-10);
    CHECK((weights * weights.transpose() - Eigen::MatrixXd::Identity(64, 64)).cwiseAbs().maxCoeff() < 1e-10);
  }
  SECTION("tall: orthonormal columns") {
    const Eigen::MatrixXd weights = initialized(64, 16, vg::Init::Orthogonal);
    CHECK((weights.transpose() * weights - Eigen::MatrixXd::Identity(16, 16)).cwiseAbs().maxCoeff() < 1e-10);
  }
  SECTION("wide: orthonormal rows") {
    const Eigen::MatrixXd weights = initialized(16, 64, vg::Init::Orthogonal);
    CHECK((weights * weights.transpose() - Eigen::MatrixXd::Identity(16, 16)).cwiseAbs().maxCoeff() < 1e-10);
  }
  SECTION("the gain scales the singular values") {
    const Eigen::MatrixXd weights = initialized(32, 32, vg::Init::Orthogonal, 1.5);
    CHECK((weights.transpose() * weights - 2.25 * Eigen::MatrixXd::Identity(32, 32)).cwiseAbs().maxCoeff() < 1e-10);
  }
}

TEST_CASE("scaled identity is identity_scale * I, rectangles included", "[init]") {
  CHECK(initialized(5, 5, vg::Init::ScaledIdentity, 1.0, 7, 1.5) == 1.5 * Eigen::MatrixXd::Identity(5, 5));
  CHECK(initialized(5, 5, vg::Init::ScaledIdentity, 1.0, 7, 0.5) == 0.5 * Eigen::MatrixXd::Identity(5, 5));
  CHECK(initialized(3, 5, vg::Init::ScaledIdentity, 1.0, 7, -2.0) == -2.0 * Eigen::MatrixXd::Identity(3, 5));
  CHECK(initialized(4, 4, vg::Init::ScaledIdentity, 2.0, 7, 1.5) == 3.0 * Eigen::MatrixXd::Identity(4, 4));
}

TEST_CASE("the gain multiplies every scheme's weights exactly", "[init]") {
  for (auto init : {vg::Init::Naive, vg::Init::Small, vg::Init::XavierUniform, vg::Init::XavierNormal,
                    vg::Init::HeNormal, vg::Init::LeCunNormal, vg::Init::Orthogonal}) {
    INFO("init = " << vg::name_of(init));
    // A power of two keeps the product exact.
    CHECK(initialized(20, 30, init, 4.0) == 4.0 * initialized(20, 30, init, 1.0));
  }
}

TEST_CASE("same seed, same weights; another seed, other weights; float is double rounded", "[init]") {
  for (auto init : {vg::Init::Naive, vg::Init::XavierUniform, vg::Init::HeNormal, vg::Init::Orthogonal}) {
    INFO("init = " << vg::name_of(init));
    const Eigen::MatrixXd first = initialized(16, 24, init, 1.0, 42);
    CHECK(first == initialized(16, 24, init, 1.0, 42));
    CHECK(first != initialized(16, 24, init, 1.0, 43));

    Eigen::MatrixXf single(16, 24);
    vg::Rng rng(42);
    vg::init_weights(single, init, 1.0, 1.0, rng);
    CHECK(single == first.cast<float>());
  }
}
