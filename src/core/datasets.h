// Data sets, generated deterministically from a seed (2-D sets) or read from the embedded UCI 8x8
// digits (1,797 images, 10 classes; CC BY 4.0, Alpaydin & Kaynak, UCI Machine Learning Repository).
#pragma once

#include <cstdint>
#include <vector>

#include "config.h"

namespace vg {

struct Dataset {
  int input_dim = 0;
  int num_classes = 0;
  std::vector<double> train_x, test_x;  // row-major: n x input_dim
  std::vector<int> train_y, test_y;
  int train_size() const { return static_cast<int>(train_y.size()); }
  int test_size() const { return static_cast<int>(test_y.size()); }
};

// Shape of each data set, known without generating it (validate() uses these).
int dataset_input_dim(DatasetKind kind);    // 2, or 64 for digits
int dataset_num_classes(DatasetKind kind);  // 2, or 10 for digits

// 2-D sets lie roughly in [-6, 6]^2 (the page's decision-boundary view uses that square); digits are
// scaled to [0, 1] (pixel / 16). The split is a seeded shuffle; test_fraction of the points, rounded
// to the nearest count, are test.
Dataset make_dataset(DatasetKind kind, int num_samples, double noise, double test_fraction, std::uint64_t seed);

// The config's data set: the generated ones as above; dataset = custom is exactly config.points, split
// by the same seeded shuffle (the data stream of `seed`), so a seed always picks the same test points.
Dataset make_dataset(const Config& config);

}  // namespace vg
