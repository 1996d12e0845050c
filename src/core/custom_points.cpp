// dataset = custom: the reader's own points, as validate() checks them and as the bindings and the
// JSON config pass them (flat (x, y, class) triples). Limits in config.h.
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "config.h"

namespace vg {
namespace {

// A number in a message ("6.5", "nan", "-0.25").
std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string point_class_message(std::size_t index, double label) {
  return "points[" + std::to_string(index) + "] has class " + number_text(label) + ": allowed 0 or 1";
}

}  // namespace

std::string custom_point_count_message(std::size_t count) {
  return "dataset = custom has " + std::to_string(count) + " points: allowed " + std::to_string(kMinCustomPoints) +
         ".." + std::to_string(kMaxCustomPoints);
}

std::string check_custom_points(const Config& config) {
  const std::size_t count = config.points.size();
  if (count < std::size_t(kMinCustomPoints) || count > std::size_t(kMaxCustomPoints)) return custom_point_count_message(count);
  std::size_t per_class[2] = {0, 0};
  for (std::size_t i = 0; i < count; ++i) {
    const DataPoint& point = config.points[i];
    const std::string where = "points[" + std::to_string(i) + "] = (" + number_text(point.x) + ", " + number_text(point.y) + ")";
    const std::string allowed = ": allowed coordinates in [-" + number_text(kCustomPointBound) + ", " +
                                number_text(kCustomPointBound) + "]";
    if (!std::isfinite(point.x) || !std::isfinite(point.y)) return where + " is not finite" + allowed;
    if (std::abs(point.x) > kCustomPointBound || std::abs(point.y) > kCustomPointBound)
      return where + " lies outside the view" + allowed;
    if (point.label != 0 && point.label != 1) return point_class_message(i, point.label);
    ++per_class[point.label];
  }
  if (per_class[0] == 0 || per_class[1] == 0)
    return "dataset = custom has only class " + std::string(per_class[0] == 0 ? "1" : "0") +
           " points: allowed data with at least one point of each class";
  // The split rule of datasets.cpp (test count = round(test_fraction * count)) must leave training points.
  const auto test_count = static_cast<std::size_t>(std::lround(config.test_fraction * static_cast<double>(count)));
  if (test_count >= count)
    return "dataset = custom has " + std::to_string(count) + " points and test_fraction = " +
           number_text(config.test_fraction) + " leaves none to train on: add points or lower test_fraction";
  return "";
}

std::string set_points(Config& config, const std::vector<double>& triples) {
  if (triples.size() % 3 != 0)
    return "points has " + std::to_string(triples.size()) + " numbers: expected (x, y, class) triples";
  const std::size_t count = triples.size() / 3;
  if (count > std::size_t(kMaxCustomPoints)) return custom_point_count_message(count);
  std::vector<DataPoint> points(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double label = triples[3 * i + 2];
    if (label != 0 && label != 1) return point_class_message(i, label);
    points[i] = {triples[3 * i], triples[3 * i + 1], static_cast<int>(label)};
  }
  config.points = std::move(points);
  return "";
}

std::vector<double> points_as_triples(const Config& config) {
  std::vector<double> triples;
  triples.reserve(3 * config.points.size());
  for (const DataPoint& point : config.points) triples.insert(triples.end(), {point.x, point.y, double(point.label)});
  return triples;
}

}  // namespace vg
