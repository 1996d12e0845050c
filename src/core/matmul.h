// The one matrix product of the core: C = op(A) · op(B) or C += op(A) · op(B), for a dense layer's
// three products (z = W x, dW = dz xᵀ, dx = Wᵀ dz). In float under WASM SIMD it runs the kernel of
// gemm_wasm.h, which beats Eigen's emulated-SSE2 product there; everywhere else (native, WASM
// without SIMD, double) it is Eigen's product.
#pragma once

#include <type_traits>

#include <Eigen/Core>

#if defined(__wasm_simd128__)
#include "gemm_wasm.h"
#define VG_MATMUL_WASM_SIMD 1
#else
#define VG_MATMUL_WASM_SIMD 0
#endif

namespace vg {

enum class Transpose { kNone, kLeft, kRight };

// c (m × n) = (or +=, when accumulate) a · b, aᵀ · b or a · bᵀ as `transpose` says.
template <typename Scalar>
void matmul(Eigen::Ref<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> c,
            const Eigen::Ref<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>& a,
            const Eigen::Ref<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>& b, Transpose transpose,
            bool accumulate) {
#if VG_MATMUL_WASM_SIMD
  if constexpr (std::is_same_v<Scalar, float>) {
    using gemm_wasm::Op;
    const Op op_a = transpose == Transpose::kLeft ? Op::kTranspose : Op::kNone;
    const Op op_b = transpose == Transpose::kRight ? Op::kTranspose : Op::kNone;
    const int k = static_cast<int>(transpose == Transpose::kLeft ? a.rows() : a.cols());
    gemm_wasm::multiply(static_cast<int>(c.rows()), static_cast<int>(c.cols()), k,
                        {a.data(), static_cast<int>(a.outerStride()), op_a},
                        {b.data(), static_cast<int>(b.outerStride()), op_b}, c.data(),
                        static_cast<int>(c.outerStride()), accumulate);
    return;
  }
#endif
  // Eigen's product, as the layers wrote it before this function existed.
  if (accumulate) {
    switch (transpose) {
      case Transpose::kNone: c.noalias() += a * b; return;
      case Transpose::kLeft: c.noalias() += a.transpose() * b; return;
      case Transpose::kRight: c.noalias() += a * b.transpose(); return;
    }
  }
  switch (transpose) {
    case Transpose::kNone: c.noalias() = a * b; return;
    case Transpose::kLeft: c.noalias() = a.transpose() * b; return;
    case Transpose::kRight: c.noalias() = a * b.transpose(); return;
  }
}

}  // namespace vg
