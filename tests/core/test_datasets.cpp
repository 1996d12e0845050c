// The data sets: determinism, sizes, balance, bounds, and the embedded digits against scikit-learn.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "datasets.h"
#include "digits_data.h"

namespace {

const vg::DatasetKind kPlanarKinds[] = {vg::DatasetKind::Circle, vg::DatasetKind::Xor,
                                        vg::DatasetKind::Gaussians, vg::DatasetKind::Spiral,
                                        vg::DatasetKind::Moons};

// Images 0 and 1796 of sklearn.datasets.load_digits() (scikit-learn 1.2.1), pixels 0..16.
const int kFirstImage[64] = {0, 0, 5,  13, 9,  1,  0, 0, 0, 0, 13, 15, 10, 15, 5,  0,
                             0, 3, 15, 2,  0,  11, 8, 0, 0, 4, 12, 0,  0,  8,  8,  0,
                             0, 5, 8,  0,  0,  9,  8, 0, 0, 4, 11, 0,  1,  12, 7,  0,
                             0, 2, 14, 5,  10, 12, 0, 0, 0, 0, 6,  13, 10, 0,  0,  0};
const int kFirstLabel = 0;
const int kLastImage[64] = {0, 0, 10, 14, 8,  1,  0, 0, 0, 2, 16, 14, 6,  1,  0, 0,
                            0, 0, 15, 15, 8,  15, 0, 0, 0, 0, 5,  16, 16, 10, 0, 0,
                            0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6,  4,  16, 6, 0,
                            0, 8, 16, 10, 8,  16, 8, 0, 0, 1, 8,  12, 14, 12, 1, 0};
const int kLastLabel = 8;
// np.bincount(load_digits().target)
const int kDigitsPerClass[10] = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};

bool same_data(const vg::Dataset& a, const vg::Dataset& b) {
  return a.train_x == b.train_x && a.test_x == b.test_x && a.train_y == b.train_y && a.test_y == b.test_y;
}

std::vector<int> class_counts(const vg::Dataset& data) {
  std::vector<int> counts(static_cast<std::size_t>(data.num_classes), 0);
  for (int y : data.train_y) ++counts.at(static_cast<std::size_t>(y));
  for (int y : data.test_y) ++counts.at(static_cast<std::size_t>(y));
  return counts;
}

// Whether some row of `x` (row-major, 64 wide) with label `label` equals pixels / 16.
bool contains_image(const std::vector<double>& x, const std::vector<int>& y, const int* pixels, int label) {
  for (std::size_t row = 0; row < y.size(); ++row) {
    if (y[row] != label) continue;
    bool equal = true;
    for (std::size_t p = 0; p < 64 && equal; ++p) equal = x[row * 64 + p] == pixels[p] / 16.0;
    if (equal) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("data set shapes are known without generating", "[data]") {
  for (vg::DatasetKind kind : kPlanarKinds) {
    CHECK(vg::dataset_input_dim(kind) == 2);
    CHECK(vg::dataset_num_classes(kind) == 2);
  }
  CHECK(vg::dataset_input_dim(vg::DatasetKind::Digits) == 64);
  CHECK(vg::dataset_num_classes(vg::DatasetKind::Digits) == 10);
}

TEST_CASE("2-D sets: the same seed gives the same data, another seed other data", "[data]") {
  for (vg::DatasetKind kind : kPlanarKinds) {
    INFO("dataset " << vg::name_of(kind));
    const vg::Dataset a = vg::make_dataset(kind, 300, 0.1, 0.2, 7);
    const vg::Dataset b = vg::make_dataset(kind, 300, 0.1, 0.2, 7);
    const vg::Dataset c = vg::make_dataset(kind, 300, 0.1, 0.2, 8);
    CHECK(same_data(a, b));
    CHECK(a.train_x != c.train_x);
    CHECK(a.train_y != c.train_y);  // the split differs too
  }
}

TEST_CASE("2-D sets: sizes, split and class balance", "[data]") {
  for (vg::DatasetKind kind : kPlanarKinds) {
    INFO("dataset " << vg::name_of(kind));
    const vg::Dataset data = vg::make_dataset(kind, 401, 0.1, 0.25, 3);
    CHECK(data.input_dim == 2);
    CHECK(data.num_classes == 2);
    CHECK(data.test_size() == 100);  // round(0.25 * 401)
    CHECK(data.train_size() == 301);
    CHECK(data.train_x.size() == 2u * 301u);
    CHECK(data.test_x.size() == 2u * 100u);
    const std::vector<int> counts = class_counts(data);
    CHECK(counts[0] == 201);
    CHECK(counts[1] == 200);
    // The shuffle mixes both classes into both splits.
    CHECK(std::count(data.test_y.begin(), data.test_y.end(), 1) > 25);
    CHECK(std::count(data.test_y.begin(), data.test_y.end(), 0) > 25);
  }
  const vg::Dataset all_train = vg::make_dataset(vg::DatasetKind::Spiral, 50, 0.1, 0.0, 1);
  CHECK(all_train.train_size() == 50);
  CHECK(all_train.test_size() == 0);
}

TEST_CASE("2-D sets: every point is finite and inside the view square [-6, 6]^2", "[data]") {
  for (vg::DatasetKind kind : kPlanarKinds) {
    for (double noise : {0.0, 0.1, 0.5, 3.0}) {
      INFO("dataset " << vg::name_of(kind) << ", noise " << noise);
      const vg::Dataset data = vg::make_dataset(kind, 500, noise, 0.2, 11);
      double largest = 0;
      for (const auto* xs : {&data.train_x, &data.test_x}) {
        for (double v : *xs) {
          REQUIRE(std::isfinite(v));
          largest = std::max(largest, std::abs(v));
        }
      }
      CHECK(largest <= 6.0);
      // Without noise the clean shapes fill most of the view but stay off its edge.
      if (noise == 0.0 && kind != vg::DatasetKind::Gaussians) {
        CHECK(largest > 3.0);
        CHECK(largest <= 5.0 + 1e-12);
      }
    }
  }
}

TEST_CASE("2-D sets: the classes are where the shapes put them", "[data]") {
  // Noise-free, each set's defining rule separates its classes exactly.
  const vg::Dataset circle = vg::make_dataset(vg::DatasetKind::Circle, 400, 0.0, 0.0, 5);
  const vg::Dataset xor_set = vg::make_dataset(vg::DatasetKind::Xor, 400, 0.0, 0.0, 5);
  for (int i = 0; i < 400; ++i) {
    const double cx = circle.train_x[2 * i], cy = circle.train_x[2 * i + 1];
    const double radius = std::hypot(cx, cy);
    CHECK((circle.train_y[i] == 0 ? radius <= 2.5 : radius >= 3.5));
    const double xx = xor_set.train_x[2 * i], xy = xor_set.train_x[2 * i + 1];
    CHECK((xor_set.train_y[i] == 1) == (xx * xy > 0));
  }
  // Noise widens the spread.
  auto spread = [](const vg::Dataset& d) {
    double sum = 0;
    for (double v : d.train_x) sum += v * v;
    return sum / d.train_x.size();
  };
  const vg::Dataset blobs = vg::make_dataset(vg::DatasetKind::Gaussians, 2000, 0.0, 0.0, 2);
  const vg::Dataset noisy_blobs = vg::make_dataset(vg::DatasetKind::Gaussians, 2000, 0.2, 0.0, 2);
  // Per coordinate: centre 2, std 1 clean; with noise 0.2 the std is 5 * sqrt(0.2^2 + 0.2^2).
  CHECK(spread(blobs) == Approx(4.0 + 1.0).epsilon(0.08));
  CHECK(spread(noisy_blobs) == Approx(4.0 + 25.0 * (0.04 + 0.04)).epsilon(0.08));
}

TEST_CASE("digits: the embedded file matches scikit-learn's load_digits", "[data]") {
  REQUIRE(vg::kDigitsDataSize == 8u + 65u * 1797u);
  CHECK(vg::kDigitsData[0] == 'D');
  CHECK(vg::kDigitsData[3] == '8');
  for (int p = 0; p < 64; ++p) CHECK(int(vg::kDigitsData[8 + p]) == kFirstImage[p]);
  CHECK(int(vg::kDigitsData[8 + 64]) == kFirstLabel);

  const vg::Dataset all = vg::make_dataset(vg::DatasetKind::Digits, 0, 0.0, 0.0, 1);
  CHECK(all.input_dim == 64);
  CHECK(all.num_classes == 10);
  REQUIRE(all.train_size() == 1797);
  CHECK(all.train_x.size() == 1797u * 64u);
  CHECK(contains_image(all.train_x, all.train_y, kFirstImage, kFirstLabel));
  CHECK(contains_image(all.train_x, all.train_y, kLastImage, kLastLabel));
  const std::vector<int> counts = class_counts(all);
  for (int c = 0; c < 10; ++c) CHECK(counts[c] == kDigitsPerClass[c]);
  const auto [lo, hi] = std::minmax_element(all.train_x.begin(), all.train_x.end());
  CHECK(*lo == 0.0);
  CHECK(*hi == 1.0);
}

TEST_CASE("digits: seeded shuffle and split", "[data]") {
  // num_samples and noise do not apply to digits.
  const vg::Dataset a = vg::make_dataset(vg::DatasetKind::Digits, 10, 0.7, 0.2, 4);
  const vg::Dataset b = vg::make_dataset(vg::DatasetKind::Digits, 400, 0.0, 0.2, 4);
  const vg::Dataset c = vg::make_dataset(vg::DatasetKind::Digits, 400, 0.0, 0.2, 5);
  CHECK(same_data(a, b));
  CHECK_FALSE(same_data(a, c));
  CHECK(a.test_size() == 359);  // round(0.2 * 1797)
  CHECK(a.train_size() == 1438);
  CHECK(a.test_x.size() == 359u * 64u);
  // Every class appears in the test split.
  std::vector<int> test_counts(10, 0);
  for (int y : a.test_y) ++test_counts.at(static_cast<std::size_t>(y));
  CHECK(*std::min_element(test_counts.begin(), test_counts.end()) > 10);
}
