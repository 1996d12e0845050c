// "Predict, then reveal": the scoring in decades (closed-form cases) and the measured profiles of
// the ready-made questions on several seeds (sigmoid vanishes by many decades, W = 1.5 I keeps the
// weight gradients level because activations grow exactly as fast as the backward signal shrinks).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "theory/prediction_score.h"

TEST_CASE("prediction score: mean absolute error in decades, the last layer excluded", "[prediction]") {
  const std::vector<double> measured{-6, -4, -2, 0};
  SECTION("a perfect guess scores 0") {
    const vg::PredictionScore score = vg::score_decades(measured, measured);
    REQUIRE(score.error.empty());
    CHECK(score.mean_abs_error == 0);
  }
  SECTION("a flat guess misses by the measured decades") {
    const vg::PredictionScore score = vg::score_decades(measured, {0, 0, 0, 0});
    CHECK(score.mean_abs_error == Approx(4.0));
    CHECK(score.worst_layer == 0);
    CHECK(score.worst_error == Approx(6.0));
  }
  SECTION("the last layer does not count") {
    CHECK(vg::score_decades(measured, {-6, -4, -2, 5}).mean_abs_error == 0);
  }
  SECTION("bad predictions are refused with a message") {
    CHECK(!vg::score_decades(measured, {0, 0, 0}).error.empty());
    CHECK(!vg::score_decades(measured, {0, 0, NAN, 0}).error.empty());
    CHECK(!vg::score_decades(measured, {0, 0, -30, 0}).error.empty());
    CHECK(!vg::score_decades({0}, {0}).error.empty());
  }
}

TEST_CASE("prediction score: measured profiles of the ready-made questions", "[prediction]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    INFO("seed " << seed);
    vg::Config sigmoid;
    sigmoid.activation = vg::Activation::Sigmoid;
    sigmoid.init = vg::Init::XavierUniform;
    sigmoid.depth = 20;
    sigmoid.width = 32;
    sigmoid.seed = seed;
    const std::vector<double> flat(20, 0.0);
    const vg::PredictionScore vanishing = vg::score_prediction(sigmoid, flat);
    REQUIRE(vanishing.error.empty());
    REQUIRE(vanishing.measured.size() == 20);
    CHECK(vanishing.measured.back() == 0);
    CHECK(vanishing.measured.front() < -4);  // many decades below the last hidden layer
    CHECK(vanishing.mean_abs_error > 1);
    CHECK(vanishing.worst_layer == 0);

    vg::Config identity;
    identity.activation = vg::Activation::Linear;
    identity.init = vg::Init::ScaledIdentity;
    identity.identity_scale = 1.5;
    identity.depth = 50;
    identity.width = 2;  // scaled_identity needs width == input_dim
    identity.seed = seed;
    const vg::PredictionScore level = vg::score_prediction(identity, std::vector<double>(50, 0.0));
    REQUIRE(level.error.empty());
    // ||dL/dW_l|| = ||delta_l|| ||a_(l-1)||: delta gains 1.5 per layer towards the input while a loses it.
    for (double decades : level.measured) CHECK(std::abs(decades) < 0.01);
  }
  vg::Config shallow;
  shallow.depth = 1;
  CHECK(!vg::score_prediction(shallow, {0.0}).error.empty());
}
