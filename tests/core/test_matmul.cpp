// vg::matmul natively (Eigen's product, float and double) against a double reference: the same check
// the WASM SIMD kernel passes in node (matmul_check.h, tests/node/matmul-wasm.test.js).
#include <catch2/catch.hpp>

#include "matmul_check.h"

TEST_CASE("matmul matches a double reference on edge and random shapes", "[matmul]") {
  const std::vector<vg_test::MatmulShape> shapes = vg_test::matmul_shapes(20, 5);
  int cases = 0;
  CHECK(vg_test::check_matmul<float>(shapes, 7, &cases) == "");
  CHECK(cases == static_cast<int>(shapes.size()) * 6);
  CHECK(vg_test::check_matmul<double>(shapes, 8, &cases) == "");
}
