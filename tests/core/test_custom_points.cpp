// dataset = custom: the reader's own points are validated in validate(), travel as (x, y, class)
// triples, and are exactly what the trainer trains and tests on (split by the seeded shuffle).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "config.h"
#include "datasets.h"
#include "theory/graph_trace.h"
#include "trainer.h"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// n points on a circle of radius 4, alternating classes, with distinct coordinates.
std::vector<vg::DataPoint> ring(int count) {
  std::vector<vg::DataPoint> points;
  for (int i = 0; i < count; ++i) {
    const double angle = 2 * 3.14159265358979 * i / count;
    points.push_back({4 * std::cos(angle), 4 * std::sin(angle), i % 2});
  }
  return points;
}

vg::Config custom_config(std::vector<vg::DataPoint> points) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Custom;
  config.points = std::move(points);
  config.depth = 3;
  config.width = 8;
  config.batch_size = 16;
  config.activation = vg::Activation::Tanh;
  return config;
}

using Triple = std::tuple<double, double, int>;

std::vector<Triple> sorted_triples(const std::vector<vg::DataPoint>& points) {
  std::vector<Triple> out;
  for (const auto& p : points) out.emplace_back(p.x, p.y, p.label);
  std::sort(out.begin(), out.end());
  return out;
}

// The trainer's train and test inputs and labels, back as points (float on the page's precision).
template <typename Scalar>
std::vector<vg::DataPoint> points_of(const vg::Trainer<Scalar>& trainer) {
  std::vector<vg::DataPoint> out;
  const auto add = [&](const std::vector<Scalar>& x, const std::vector<int>& y) {
    for (std::size_t i = 0; i < y.size(); ++i) out.push_back({double(x[2 * i]), double(x[2 * i + 1]), y[i]});
  };
  add(trainer.train_inputs(), trainer.train_labels());
  add(trainer.test_inputs(), trainer.test_labels());
  return out;
}

}  // namespace

TEST_CASE("the trainer trains and tests on exactly the given points", "[custom]") {
  const std::vector<vg::DataPoint> points = ring(25);
  vg::Config config = custom_config(points);
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.input_dim() == 2);
  CHECK(trainer.num_classes() == 2);
  // 25 points, test_fraction 0.2: round(5) = 5 test, 20 train.
  CHECK(trainer.train_labels().size() == 20);
  CHECK(trainer.test_labels().size() == 5);
  CHECK(sorted_triples(points_of(trainer)) == sorted_triples(points));
  CHECK(trainer.config().points.size() == 25);
  REQUIRE(trainer.step(50) == 50);
  CHECK(std::isfinite(trainer.stats().loss));

  SECTION("the split is the seed's: same seed, same test points; another seed, others") {
    vg::Trainer<double> again;
    REQUIRE(again.configure(config) == "");
    CHECK(again.test_inputs() == trainer.test_inputs());
    config.seed = 2;
    REQUIRE(again.configure(config) == "");
    CHECK(again.test_inputs() != trainer.test_inputs());
    CHECK(sorted_triples(points_of(again)) == sorted_triples(points));
  }
  SECTION("test_fraction 0 trains on every point, in float as well") {
    config.test_fraction = 0;
    vg::Trainer<float> in_float;
    REQUIRE(in_float.configure(config) == "");
    CHECK(in_float.train_labels().size() == 25);
    CHECK(in_float.test_labels().empty());
  }
}

TEST_CASE("a network learns a drawn set it can separate", "[custom]") {
  // Class 1 left of x = 0, class 0 right of it: a linear boundary, learned to 100 % on the training split.
  std::vector<vg::DataPoint> points;
  for (int i = 0; i < 40; ++i) points.push_back({i < 20 ? -1.0 - i * 0.2 : 1.0 + (i - 20) * 0.2, -3.0 + 0.15 * i, i < 20});
  vg::Config config = custom_config(points);
  config.optimizer = vg::OptimizerKind::Adam;
  config.learning_rate = 0.01;
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(config) == "");
  trainer.step(300);
  CHECK(trainer.stats().train_accuracy == 1.0);
}

TEST_CASE("custom points are validated with messages that name the problem", "[custom][config]") {
  vg::Config config = custom_config(ring(10));
  REQUIRE(vg::validate(config) == "");

  config.points = ring(201);
  CHECK(vg::validate(config) == "dataset = custom has 201 points: allowed 4..200");
  config.points = ring(3);
  CHECK(vg::validate(config) == "dataset = custom has 3 points: allowed 4..200");
  config.points = ring(200);
  CHECK(vg::validate(config) == "");

  config.points = ring(10);
  config.points[3].x = std::numeric_limits<double>::quiet_NaN();
  CHECK(contains(vg::validate(config), "points[3] = (nan, "));
  CHECK(contains(vg::validate(config), "is not finite: allowed coordinates in [-6, 6]"));
  config.points[3].x = std::numeric_limits<double>::infinity();
  CHECK(contains(vg::validate(config), "is not finite"));
  config.points[3].x = 6.5;
  CHECK(contains(vg::validate(config), "points[3] = (6.5, "));
  CHECK(contains(vg::validate(config), "lies outside the view: allowed coordinates in [-6, 6]"));
  config.points[3].x = 6;  // the edge is inside
  CHECK(vg::validate(config) == "");

  config.points[4].label = 2;
  CHECK(vg::validate(config) == "points[4] has class 2: allowed 0 or 1");
  config.points[4].label = -1;
  CHECK(vg::validate(config) == "points[4] has class -1: allowed 0 or 1");

  config.points = ring(10);
  for (auto& point : config.points) point.label = 1;
  CHECK(vg::validate(config) == "dataset = custom has only class 1 points: allowed data with at least one point of each class");

  // 4 points at test_fraction 0.9: round(3.6) = 4 test, none left to train on.
  config.points = ring(4);
  config.test_fraction = 0.9;
  CHECK(contains(vg::validate(config), "dataset = custom has 4 points and test_fraction = 0.9 leaves none to train on"));
  config.test_fraction = 0.5;
  CHECK(vg::validate(config) == "");

  // Other data sets ignore the points (and need none).
  vg::Config spiral;
  CHECK(vg::validate(spiral) == "");
  spiral.points = ring(3);
  CHECK(vg::validate(spiral) == "");
}

TEST_CASE("set_points reads flat triples and refuses what cannot be points", "[custom][config]") {
  vg::Config config;
  config.dataset = vg::DatasetKind::Custom;
  REQUIRE(vg::set_points(config, {1.5, -2, 0, -0.25, 3, 1, 0, 0, 1, 5, 5, 0}) == "");
  REQUIRE(config.points.size() == 4);
  CHECK(config.points[1].x == -0.25);
  CHECK(config.points[1].y == 3);
  CHECK(config.points[1].label == 1);
  CHECK(vg::points_as_triples(config) == std::vector<double>{1.5, -2, 0, -0.25, 3, 1, 0, 0, 1, 5, 5, 0});
  CHECK(vg::validate(config) == "");

  const vg::Config before = config;
  CHECK(vg::set_points(config, {1, 2, 0, 3}) == "points has 4 numbers: expected (x, y, class) triples");
  CHECK(vg::set_points(config, {1, 2, 0.5}) == "points[0] has class 0.5: allowed 0 or 1");
  CHECK(vg::set_points(config, {1, 2, 0, 1, 2, std::nan("")}) == "points[1] has class nan: allowed 0 or 1");
  CHECK(vg::set_points(config, std::vector<double>(3 * 201, 0.0)) == "dataset = custom has 201 points: allowed 4..200");
  CHECK(vg::points_as_triples(config) == vg::points_as_triples(before));  // a refusal changes nothing
}

TEST_CASE("the generated sets keep their points when the config carries custom ones", "[custom][data]") {
  vg::Config config;
  config.num_samples = 60;
  const vg::Dataset plain = vg::make_dataset(config);
  config.points = ring(8);
  const vg::Dataset with_points = vg::make_dataset(config);
  CHECK(plain.train_x == with_points.train_x);
  CHECK(plain.train_size() == 48);
}

TEST_CASE("the step-through graph traces drawn points, as many as the training split holds", "[custom][graph_trace]") {
  vg::Config config = custom_config(ring(4));  // round(0.8) = 1 test point: 3 to train on
  config.depth = 2;
  config.width = 2;
  const vg::GraphTrace trace = vg::graph_trace(config, 3);
  REQUIRE(trace.error == "");
  std::vector<vg::DataPoint> traced;
  for (int e = 0; e < 3; ++e)  // inputs are input_dim x examples, column per example
    traced.push_back({trace.inputs[static_cast<std::size_t>(e)], trace.inputs[static_cast<std::size_t>(3 + e)], trace.labels[static_cast<std::size_t>(e)]});
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(config) == "");
  std::vector<vg::DataPoint> train_split = points_of(trainer);
  train_split.pop_back();  // the test point comes last
  CHECK(sorted_triples(traced) == sorted_triples(train_split));
  CHECK(vg::graph_trace(config, 4).error == "examples = 4 is out of range: the data set has 3 training points");
}
