// vg::matmul (src/core/matmul.h) against a double-precision reference, on shapes that exercise every
// edge of a blocked kernel: 1-wide and odd sizes, sizes one off the register tile (8 × 4) and the
// cache blocks (k 256, m 128, n 512), the page's shapes, leading dimensions larger than the rows,
// the three transposes, overwrite and accumulate. One check, two runners: the Catch2 test
// (test_matmul.cpp, Eigen's product natively) and tests/wasm/matmul_wasm_test.cpp (the WASM SIMD
// kernel, run in node by tests/node/matmul-wasm.test.js).
#pragma once

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "matmul.h"
#include "rng.h"

namespace vg_test {

struct MatmulShape {
  int m, n, k;
};

// Fixed edge shapes, then random ones (sizes 1..300, a third of them biased to the page's widths).
inline std::vector<MatmulShape> matmul_shapes(int num_random, std::uint64_t seed) {
  std::vector<MatmulShape> shapes = {
      {1, 1, 1},     {1, 1, 7},    {8, 4, 1},     {7, 3, 5},     {9, 5, 3},      {1, 128, 32},  {32, 1, 32},
      {32, 128, 1},  {16, 32, 16}, {17, 33, 15},  {64, 64, 64},  {33, 1024, 20}, {20, 31, 1024}, {129, 9, 257},
      {256, 256, 256}, {255, 513, 3}, {2, 600, 300}, {128, 256, 128}, {10, 256, 64}, {64, 64, 1000},
  };
  vg::Rng rng(seed);
  const int widths[] = {16, 32, 64, 128, 256};
  for (int i = 0; i < num_random; ++i) {
    auto size = [&rng, &widths, i](int max) {
      if (i % 3 == 0) return widths[rng.next_u64() % 5];
      return 1 + static_cast<int>(rng.next_u64() % static_cast<std::uint64_t>(max));
    };
    shapes.push_back({size(300), size(300), size(300)});
  }
  return shapes;
}

// Runs every shape × transpose × accumulate in Scalar; returns "" when every entry of C is within
// float rounding of the reference, else a description of the first failure. `cases` counts the runs.
template <typename Scalar>
std::string check_matmul(const std::vector<MatmulShape>& shapes, std::uint64_t seed, int* cases) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using vg::Transpose;
  vg::Rng rng(seed);
  auto random_matrix = [&rng](int rows, int cols) {
    Matrix x(rows, cols);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(rng.uniform(-1.0, 1.0));
    return x;
  };
  // Rounding bound for a sum of k products, accumulated in Scalar: (k + 2) eps Σ|a||b| (+ eps |c0|).
  const double eps = std::numeric_limits<Scalar>::epsilon();
  *cases = 0;
  for (const MatmulShape& s : shapes) {
    for (const Transpose transpose : {Transpose::kNone, Transpose::kLeft, Transpose::kRight}) {
      for (const bool accumulate : {false, true}) {
        // Stored operands, with 3 spare rows so that the leading dimension exceeds the rows used.
        const int a_rows = transpose == Transpose::kLeft ? s.k : s.m, a_cols = transpose == Transpose::kLeft ? s.m : s.k;
        const int b_rows = transpose == Transpose::kRight ? s.n : s.k, b_cols = transpose == Transpose::kRight ? s.k : s.n;
        const Matrix a_store = random_matrix(a_rows + 3, a_cols), b_store = random_matrix(b_rows + 3, b_cols);
        Matrix c_store = random_matrix(s.m + 3, s.n);
        const Matrix c_before = c_store;
        const auto a = a_store.topRows(a_rows);
        const auto b = b_store.topRows(b_rows);
        vg::matmul<Scalar>(c_store.topRows(s.m), a, b, transpose, accumulate);

        const Eigen::MatrixXd op_a = transpose == Transpose::kLeft ? a.template cast<double>().transpose()
                                                                   : a.template cast<double>().eval();
        const Eigen::MatrixXd op_b = transpose == Transpose::kRight ? b.template cast<double>().transpose()
                                                                    : b.template cast<double>().eval();
        Eigen::MatrixXd reference = op_a * op_b;
        if (accumulate) reference += c_before.topRows(s.m).template cast<double>();
        const Eigen::MatrixXd magnitude = op_a.cwiseAbs() * op_b.cwiseAbs();
        ++*cases;
        for (int j = 0; j < s.n; ++j) {
          for (int i = 0; i < s.m; ++i) {
            const double bound = (s.k + 2) * eps * magnitude(i, j) +
                                 (accumulate ? 2 * eps * std::abs(static_cast<double>(c_before(i, j))) : 0.0) + 1e-30;
            const double error = std::abs(static_cast<double>(c_store(i, j)) - reference(i, j));
            if (!(error <= bound)) {
              std::ostringstream message;
              message << "m " << s.m << " n " << s.n << " k " << s.k << " transpose " << static_cast<int>(transpose)
                      << " accumulate " << accumulate << ": C(" << i << ", " << j << ") = " << c_store(i, j)
                      << ", reference " << reference(i, j) << ", error " << error << " > bound " << bound;
              return message.str();
            }
          }
          for (int i = s.m; i < s.m + 3; ++i) {
            if (c_store(i, j) != c_before(i, j)) {
              std::ostringstream message;
              message << "m " << s.m << " n " << s.n << " k " << s.k << " transpose " << static_cast<int>(transpose)
                      << ": wrote row " << i << " of column " << j << ", outside C";
              return message.str();
            }
          }
        }
      }
    }
  }
  return "";
}

}  // namespace vg_test
