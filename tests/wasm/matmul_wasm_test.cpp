// The WASM SIMD build's matrix product (vg::matmul<float>, which there runs gemm_wasm.h's kernel)
// against a double reference on the shapes of matmul_check.h. Built by src/wasm/wasm.cmake with the
// engine's SIMD flags into build/wasm/matmul_wasm_test.cjs; tests/node/matmul-wasm.test.js runs it.
// Prints one JSON line {"kernel": ..., "cases": N, "error": ""} and exits 1 on a mismatch.
#include <cstdio>

#include "../core/matmul_check.h"

static_assert(VG_MATMUL_WASM_SIMD, "build this test with -msimd128: it checks the WASM SIMD kernel");

int main() {
  const std::vector<vg_test::MatmulShape> shapes = vg_test::matmul_shapes(60, 5);
  int cases = 0;
  std::string error = vg_test::check_matmul<float>(shapes, 7, &cases);
  std::printf("{\"kernel\": \"gemm_wasm\", \"cases\": %d, \"error\": \"%s\"}\n", cases, error.c_str());
  return error.empty() ? 0 : 1;
}
