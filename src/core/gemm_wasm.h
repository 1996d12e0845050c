// A single-precision matrix product written for WebAssembly SIMD (128-bit, no FMA), used by the
// WASM SIMD build in place of Eigen's product, whose kernel there is SSE2 emulated through WASM SIMD
// and blocked for 8 registers. Native and no-SIMD builds never call it (matmul.h chooses).
//
// C (m × n) = op(A) · op(B), or C += op(A) · op(B), all column-major with leading dimensions; op is
// the identity or the transpose. Blocked the GotoBLAS way: op(B) is packed into kc × nr panels,
// op(A) into mr × kc panels (the transposes are absorbed by the packing, so one micro-kernel serves
// every case), and an mr × nr register tile of accumulators runs over each pair of panels.
// Edges (any m, n, k >= 0, down to 1) are zero-padded in the packing and written back cell by cell.
//
// The packing buffers grow on first use and are then reused: after the first training step of a run
// no call allocates. Not reentrant (the WASM module is single-threaded).
#pragma once

namespace vg::gemm_wasm {

enum class Op { kNone, kTranspose };

// A column-major operand: element (i, j) of the stored matrix is data[i + j * stride]; op says
// whether the product uses it as stored or transposed.
struct Operand {
  const float* data;
  int stride;
  Op op;
};

// c[i + j * ldc] (+)= sum_p op(a)(i, p) * op(b)(p, j), for i < m, j < n, p < k.
void multiply(int m, int n, int k, Operand a, Operand b, float* c, int ldc, bool accumulate);

}  // namespace vg::gemm_wasm
