// The data sets. Each 2-D set is a clean shape drawn in "natural" coordinates where it spans about
// [-1, 1]^2, plus Gaussian jitter of standard deviation `noise` per coordinate (so noise is relative
// to the shape's size: 0.1 blurs by a tenth of it), then scaled by kViewScale = 5 into the page's
// view and clamped to [-6, 6]^2 so every point lies inside the decision-boundary view. Classes are
// balanced (class 0 gets the extra point when num_samples is odd).
//
// The shapes, in natural coordinates:
//   circle     class 0: a disc of radius 0.5; class 1: a ring of radii 0.7..1 (TensorFlow Playground's)
//   xor        uniform in the four quadrants of [-1, 1]^2 kept 0.06 off the axes; class 1 where x*y > 0
//   gaussians  two round blobs of standard deviation 0.2 at (0.4, 0.4) (class 1) and (-0.4, -0.4)
//   spiral     two arms r = t, angle = 3.5*pi*t (+ pi for class 1), t uniform in [0, 1]; its jitter
//              is scaled by t (like angle noise), since the arms are only ~0.29 apart and the tightly
//              wound centre would otherwise drown at the default noise 0.1
//   moons      scikit-learn's make_moons shape (two interleaved half circles) centred and scaled by 2/3
//
// Determinism: everything is drawn from one vg::Rng on a stream derived from the seed (see
// data_stream), in a fixed order, so the same arguments give the same points on every build.
#include "datasets.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "digits_data.h"
#include "rng.h"

namespace vg {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kViewScale = 5.0;   // natural units -> page units
constexpr double kViewBound = 6.0;   // the view square is [-6, 6]^2
constexpr int kDigitsPixels = 64;    // 8 x 8
constexpr int kDigitsClasses = 10;
constexpr double kDigitsMaxPixel = 16.0;

// The data draws from its own stream so that it is independent of the weights' (which the network
// seeds from the same config seed).
Rng data_stream(std::uint64_t seed) { return Rng(seed ^ 0xDA7A5E7D15C0FFEEULL); }

struct ShapePoint {
  double x, y;
  double noise_scale;  // multiplies the jitter's standard deviation at this point
};

// A clean point of class `label` (0 or 1) of the shape, in natural coordinates.
ShapePoint clean_point(DatasetKind kind, int label, Rng& rng) {
  switch (kind) {
    case DatasetKind::Circle: {
      // Uniform angle; radius uniform in the band (denser near the centre, as in the Playground).
      const double radius = label == 0 ? rng.uniform(0.0, 0.5) : rng.uniform(0.7, 1.0);
      const double angle = rng.uniform(0.0, 2 * kPi);
      return {radius * std::cos(angle), radius * std::sin(angle), 1.0};
    }
    case DatasetKind::Xor: {
      constexpr double kAxisGap = 0.06;  // keeps clean points off the class boundary
      const double x = rng.uniform(kAxisGap, 1.0);
      const double y = rng.uniform(kAxisGap, 1.0);
      // Class 1 lives in quadrants I and III (x*y > 0), class 0 in II and IV.
      const bool flip = rng.uniform() < 0.5;
      const double sx = flip ? -1.0 : 1.0;
      const double sy = (label == 1) ? sx : -sx;
      return {sx * x, sy * y, 1.0};
    }
    case DatasetKind::Gaussians: {
      constexpr double kCentre = 0.4, kSpread = 0.2;
      const double centre = label == 1 ? kCentre : -kCentre;
      const double x = rng.normal(centre, kSpread);
      const double y = rng.normal(centre, kSpread);
      return {x, y, 1.0};
    }
    case DatasetKind::Spiral: {
      constexpr double kTurns = 1.75;  // each arm winds 1.75 times around the centre
      const double t = rng.uniform();
      const double angle = kTurns * 2 * kPi * t + (label == 1 ? kPi : 0.0);
      return {t * std::cos(angle), t * std::sin(angle), t};
    }
    case DatasetKind::Moons: {
      // make_moons: outer arc (cos s, sin s), inner arc (1 - cos s, 0.5 - sin s), s in [0, pi];
      // together they span [-1, 2] x [-0.5, 1], centred here on (0.5, 0.25) and scaled to [-1, 1] wide.
      constexpr double kScale = 2.0 / 3.0;
      const double s = rng.uniform(0.0, kPi);
      const double x = label == 0 ? std::cos(s) : 1.0 - std::cos(s);
      const double y = label == 0 ? std::sin(s) : 0.5 - std::sin(s);
      return {kScale * (x - 0.5), kScale * (y - 0.25), 1.0};
    }
    case DatasetKind::Digits:
    case DatasetKind::Custom:
      break;
  }
  return {0.0, 0.0, 0.0};  // unreachable: digits and custom points are not drawn point by point
}

// Fisher-Yates with the portable generator (std::shuffle's use of the engine is unspecified).
std::vector<int> shuffled_indices(int count, Rng& rng) {
  std::vector<int> order(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) order[static_cast<std::size_t>(i)] = i;
  for (int i = count - 1; i > 0; --i) {
    const auto j = static_cast<int>(rng.below(static_cast<std::uint64_t>(i) + 1));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
  return order;
}

// Shuffles the examples (features row-major, `dim` per example) and moves test_fraction of them,
// rounded to the nearest count, into the test split.
void shuffle_and_split(const std::vector<double>& features, const std::vector<int>& labels, int dim,
                       double test_fraction, Rng& rng, Dataset& out) {
  const int count = static_cast<int>(labels.size());
  const std::vector<int> order = shuffled_indices(count, rng);
  const double fraction = std::clamp(test_fraction, 0.0, 1.0);
  const int test_count = std::clamp(static_cast<int>(std::lround(fraction * count)), 0, count);
  const int train_count = count - test_count;
  const auto d = static_cast<std::size_t>(dim);
  out.train_x.reserve(static_cast<std::size_t>(train_count) * d);
  out.train_y.reserve(static_cast<std::size_t>(train_count));
  out.test_x.reserve(static_cast<std::size_t>(test_count) * d);
  out.test_y.reserve(static_cast<std::size_t>(test_count));
  for (int rank = 0; rank < count; ++rank) {
    const auto source = static_cast<std::size_t>(order[static_cast<std::size_t>(rank)]);
    const bool is_train = rank < train_count;
    std::vector<double>& x = is_train ? out.train_x : out.test_x;
    x.insert(x.end(), features.begin() + static_cast<std::ptrdiff_t>(source * d),
             features.begin() + static_cast<std::ptrdiff_t>((source + 1) * d));
    (is_train ? out.train_y : out.test_y).push_back(labels[source]);
  }
}

Dataset make_planar(DatasetKind kind, int num_samples, double noise, double test_fraction, std::uint64_t seed) {
  Rng rng = data_stream(seed);
  const int count = std::max(num_samples, 0);
  std::vector<double> features;
  std::vector<int> labels;
  features.reserve(2 * static_cast<std::size_t>(count));
  labels.reserve(static_cast<std::size_t>(count));
  const int class0_count = (count + 1) / 2;
  for (int i = 0; i < count; ++i) {
    const int label = i < class0_count ? 0 : 1;
    const ShapePoint p = clean_point(kind, label, rng);
    const double x = p.x + p.noise_scale * noise * rng.normal();
    const double y = p.y + p.noise_scale * noise * rng.normal();
    features.push_back(std::clamp(kViewScale * x, -kViewBound, kViewBound));
    features.push_back(std::clamp(kViewScale * y, -kViewBound, kViewBound));
    labels.push_back(label);
  }
  Dataset out;
  out.input_dim = 2;
  out.num_classes = 2;
  shuffle_and_split(features, labels, 2, test_fraction, rng, out);
  return out;
}

std::uint32_t read_u32_le(const unsigned char* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) | (static_cast<std::uint32_t>(bytes[1]) << 8) |
         (static_cast<std::uint32_t>(bytes[2]) << 16) | (static_cast<std::uint32_t>(bytes[3]) << 24);
}

// Reads the embedded file (format in src/data/make_digits.py); embed_digits.cmake has checked the magic.
Dataset make_digits(double test_fraction, std::uint64_t seed) {
  constexpr std::size_t kHeaderBytes = 8, kRecordBytes = kDigitsPixels + 1;
  const std::size_t stated = read_u32_le(kDigitsData + 4);
  const std::size_t present = (kDigitsDataSize - kHeaderBytes) / kRecordBytes;
  const std::size_t count = std::min(stated, present);  // never read past the array
  std::vector<double> features;
  std::vector<int> labels;
  features.reserve(count * kDigitsPixels);
  labels.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned char* record = kDigitsData + kHeaderBytes + i * kRecordBytes;
    for (int p = 0; p < kDigitsPixels; ++p) features.push_back(record[p] / kDigitsMaxPixel);
    labels.push_back(record[kDigitsPixels]);
  }
  Rng rng = data_stream(seed);
  Dataset out;
  out.input_dim = kDigitsPixels;
  out.num_classes = kDigitsClasses;
  shuffle_and_split(features, labels, kDigitsPixels, test_fraction, rng, out);
  return out;
}

// The reader's points as they are (validate() has checked them), split like every other set.
Dataset make_custom(const std::vector<DataPoint>& points, double test_fraction, std::uint64_t seed) {
  std::vector<double> features;
  std::vector<int> labels;
  features.reserve(2 * points.size());
  labels.reserve(points.size());
  for (const DataPoint& point : points) {
    features.push_back(point.x);
    features.push_back(point.y);
    labels.push_back(point.label);
  }
  Rng rng = data_stream(seed);
  Dataset out;
  out.input_dim = 2;
  out.num_classes = 2;
  shuffle_and_split(features, labels, 2, test_fraction, rng, out);
  return out;
}

}  // namespace

int dataset_input_dim(DatasetKind kind) { return kind == DatasetKind::Digits ? kDigitsPixels : 2; }

int dataset_num_classes(DatasetKind kind) { return kind == DatasetKind::Digits ? kDigitsClasses : 2; }

Dataset make_dataset(DatasetKind kind, int num_samples, double noise, double test_fraction, std::uint64_t seed) {
  if (kind == DatasetKind::Digits) return make_digits(test_fraction, seed);
  if (kind == DatasetKind::Custom) return make_custom({}, test_fraction, seed);  // the points live in a Config
  return make_planar(kind, num_samples, noise, test_fraction, seed);
}

Dataset make_dataset(const Config& config) {
  if (config.dataset == DatasetKind::Custom) return make_custom(config.points, config.test_fraction, config.seed);
  return make_dataset(config.dataset, config.num_samples, config.noise, config.test_fraction, config.seed);
}

}  // namespace vg
