// The WASM SIMD matrix product (gemm_wasm.h). Compiled only where WASM SIMD is on (-msimd128): the
// native and no-SIMD builds list this file with the rest of the core but get an empty object.
#if defined(__wasm_simd128__)

#include "gemm_wasm.h"

#include <wasm_simd128.h>

#include <algorithm>
#include <vector>

namespace vg::gemm_wasm {
namespace {

// Register tile: kMr rows (kMr / 4 vectors) × kNr columns of accumulators. 8 × 4 needs 8
// accumulators + 2 A vectors + 1 broadcast B: 11 of the 16 XMM registers V8 has on x86-64, so
// nothing spills; 12 × 4 needs all 16, pads widths 16-64 to a multiple of 12, and measured 20-50%
// slower on the benchmark's shapes.
constexpr int kLanes = 4;
constexpr int kMr = 8;
constexpr int kNr = 4;
constexpr int kMrVectors = kMr / kLanes;
// Cache blocking: a kMr × kKc A panel (8 KiB) and a kKc × kNr B panel (4 KiB) stay in L1; the
// packed kMc × kKc block of A (128 KiB) in L2. The page's shapes (k <= 1024, m <= 256) mostly fit
// one or a few blocks.
constexpr int kKc = 256;
constexpr int kMc = 128;
constexpr int kNc = 512;

// dst[q * stride + c] = column_c[q] for q, c < 4: four columns' next 4 values become 4 panel rows.
inline void store_transposed_4x4(const float* column0, const float* column1, const float* column2,
                                 const float* column3, float* dst, int stride) {
  const v128_t r0 = wasm_v128_load(column0), r1 = wasm_v128_load(column1);
  const v128_t r2 = wasm_v128_load(column2), r3 = wasm_v128_load(column3);
  const v128_t low01 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), low23 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
  const v128_t high01 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), high23 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  wasm_v128_store(dst, wasm_i32x4_shuffle(low01, low23, 0, 1, 4, 5));
  wasm_v128_store(dst + stride, wasm_i32x4_shuffle(low01, low23, 2, 3, 6, 7));
  wasm_v128_store(dst + 2 * stride, wasm_i32x4_shuffle(high01, high23, 0, 1, 4, 5));
  wasm_v128_store(dst + 3 * stride, wasm_i32x4_shuffle(high01, high23, 2, 3, 6, 7));
}

// Packs rows [i0, i0 + rows) × depth [p0, p0 + depth) of op(x) into panels of kWidth rows: panel
// r holds, for each p, kWidth consecutive rows (zero past `rows`). op(A) is packed as it is (kMr-row
// panels); op(B) as op(B)ᵀ = as_rows(b) (kNr-row panels), so one packer serves both sides.
template <int kWidth>
void pack_panels(const Operand& x, int i0, int rows, int p0, int depth, float* packed) {
  static_assert(kWidth % kLanes == 0, "panels are whole vectors wide");
  for (int r0 = 0; r0 < rows; r0 += kWidth) {
    const int panel_rows = std::min(kWidth, rows - r0);
    float* panel = packed + r0 * depth;
    if (x.op == Op::kNone) {
      // op(x)(i, p) = x(i, p): a panel row's kWidth values are contiguous in the stored column p.
      const float* src = x.data + (i0 + r0) + p0 * x.stride;
      for (int p = 0; p < depth; ++p, src += x.stride) {
        if (panel_rows == kWidth) {
          for (int v = 0; v < kWidth; v += kLanes) wasm_v128_store(panel + p * kWidth + v, wasm_v128_load(src + v));
        } else {
          for (int r = 0; r < kWidth; ++r) panel[p * kWidth + r] = r < panel_rows ? src[r] : 0.0f;
        }
      }
    } else if (panel_rows == kWidth) {
      // op(x)(i, p) = x(p, i): each panel row is a stored column, contiguous in p; 4 × 4 blocks of
      // them are transposed in registers.
      const float* src = x.data + p0 + (i0 + r0) * x.stride;
      int p = 0;
      for (; p + kLanes <= depth; p += kLanes) {
        for (int r = 0; r < kWidth; r += kLanes) {
          const float* column = src + p + r * x.stride;
          store_transposed_4x4(column, column + x.stride, column + 2 * x.stride, column + 3 * x.stride,
                               panel + p * kWidth + r, kWidth);
        }
      }
      for (; p < depth; ++p)
        for (int r = 0; r < kWidth; ++r) panel[p * kWidth + r] = src[p + r * x.stride];
    } else {
      // Edge panel of a transposed operand: each present row is a stored column, contiguous in p.
      for (int r = 0; r < kWidth; ++r) {
        if (r < panel_rows) {
          const float* src = x.data + p0 + (i0 + r0 + r) * x.stride;
          for (int p = 0; p < depth; ++p) panel[p * kWidth + r] = src[p];
        } else {
          for (int p = 0; p < depth; ++p) panel[p * kWidth + r] = 0.0f;
        }
      }
    }
  }
}

// op(b)ᵀ as an operand: its rows are op(b)'s columns.
Operand as_rows(const Operand& b) { return {b.data, b.stride, b.op == Op::kNone ? Op::kTranspose : Op::kNone}; }

// The register tile: acc = sum over p of a_panel(:, p) · b_panel(p, :), then written to c (column
// stride ldc) as c = acc or c += acc. Full tiles only; edge tiles go through a local tile.
inline void micro_kernel(int depth, const float* a_panel, const float* b_panel, float* c, int ldc, bool add_to_c) {
  v128_t acc[kNr][kMrVectors];
  for (int j = 0; j < kNr; ++j)
    for (int v = 0; v < kMrVectors; ++v) acc[j][v] = wasm_f32x4_splat(0.0f);
  for (int p = 0; p < depth; ++p) {
    v128_t a[kMrVectors];
    for (int v = 0; v < kMrVectors; ++v) a[v] = wasm_v128_load(a_panel + v * kLanes);
    for (int j = 0; j < kNr; ++j) {
      const v128_t b = wasm_v128_load32_splat(b_panel + j);
      for (int v = 0; v < kMrVectors; ++v) acc[j][v] = wasm_f32x4_add(acc[j][v], wasm_f32x4_mul(a[v], b));
    }
    a_panel += kMr;
    b_panel += kNr;
  }
  for (int j = 0; j < kNr; ++j) {
    for (int v = 0; v < kMrVectors; ++v) {
      float* cell = c + j * ldc + v * kLanes;
      const v128_t sum = add_to_c ? wasm_f32x4_add(wasm_v128_load(cell), acc[j][v]) : acc[j][v];
      wasm_v128_store(cell, sum);
    }
  }
}

// Buffers for the packed blocks, kept across calls (see the header).
std::vector<float>& packed_a_buffer() {
  static std::vector<float> buffer;
  return buffer;
}
std::vector<float>& packed_b_buffer() {
  static std::vector<float> buffer;
  return buffer;
}

int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

}  // namespace

void multiply(int m, int n, int k, Operand a, Operand b, float* c, int ldc, bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (int j = 0; j < n; ++j) std::fill(c + j * ldc, c + j * ldc + m, 0.0f);
    return;
  }
  const int kc_max = std::min(k, kKc);
  std::vector<float>& packed_a = packed_a_buffer();
  std::vector<float>& packed_b = packed_b_buffer();
  const std::size_t a_size = static_cast<std::size_t>(round_up(std::min(m, kMc), kMr)) * kc_max;
  const std::size_t b_size = static_cast<std::size_t>(round_up(std::min(n, kNc), kNr)) * kc_max;
  if (packed_a.size() < a_size) packed_a.resize(a_size);
  if (packed_b.size() < b_size) packed_b.resize(b_size);

  alignas(16) float edge_tile[kNr * kMr];
  for (int j0 = 0; j0 < n; j0 += kNc) {
    const int nc = std::min(kNc, n - j0);
    for (int p0 = 0; p0 < k; p0 += kKc) {
      const int kc = std::min(kKc, k - p0);
      const bool add_to_c = accumulate || p0 > 0;
      pack_panels<kNr>(as_rows(b), j0, nc, p0, kc, packed_b.data());
      for (int i0 = 0; i0 < m; i0 += kMc) {
        const int mc = std::min(kMc, m - i0);
        pack_panels<kMr>(a, i0, mc, p0, kc, packed_a.data());
        for (int jr = 0; jr < nc; jr += kNr) {
          const int tile_cols = std::min(kNr, nc - jr);
          const float* b_panel = packed_b.data() + jr * kc;
          for (int ir = 0; ir < mc; ir += kMr) {
            const int tile_rows = std::min(kMr, mc - ir);
            const float* a_panel = packed_a.data() + ir * kc;
            float* c_tile = c + (i0 + ir) + static_cast<std::ptrdiff_t>(j0 + jr) * ldc;
            if (tile_rows == kMr && tile_cols == kNr) {
              micro_kernel(kc, a_panel, b_panel, c_tile, ldc, add_to_c);
            } else {
              micro_kernel(kc, a_panel, b_panel, edge_tile, kMr, false);
              for (int jj = 0; jj < tile_cols; ++jj)
                for (int ii = 0; ii < tile_rows; ++ii) {
                  float& cell = c_tile[ii + jj * ldc];
                  cell = add_to_c ? cell + edge_tile[ii + jj * kMr] : edge_tile[ii + jj * kMr];
                }
            }
          }
        }
      }
    }
  }
}

}  // namespace vg::gemm_wasm

#endif  // __wasm_simd128__
