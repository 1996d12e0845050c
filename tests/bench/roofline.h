// The ceiling on a training step: only the matrix products one MLP step needs, on matrices allocated
// once. Per layer l (W_l: out × in, batch B): forward Z = W A, backward dW = dZ Aᵀ and dA = Wᵀ dZ
// (skipped for the input layer, whose dA nobody needs). No activation, loss, optimizer or telemetry.
// The products go through the core's vg::matmul (src/core/matmul.h), as the layers' do: Eigen natively
// and without SIMD, the gemm_wasm kernel in the WASM SIMD build. Compiled with
// VG_ROOFLINE_EIGEN_PRODUCT=1 they are Eigen's product everywhere (the WASM "eigen" variants, for
// comparison). Built natively into vg-bench and to WebAssembly (roofline_wasm.cpp) with the same Eigen.
#pragma once

#include <vector>

#include <Eigen/Core>

namespace vg_bench {

class MatmulRoofline {
 public:
  // layer_sizes: input units, then each layer's output units (hidden layers, then the output layer).
  MatmulRoofline(const std::vector<int>& layer_sizes, int batch);
  void run_steps(int num_steps);
  // Floating-point operations of one step (2 per multiply-add), for GFLOP/s.
  double flops_per_step() const;

 private:
  std::vector<Eigen::MatrixXf> weights_;      // W_l: out × in
  std::vector<Eigen::MatrixXf> grad_weights_;  // dW_l: out × in
  std::vector<Eigen::MatrixXf> activations_;  // a_l: units_l × B (a_0 is the input)
  std::vector<Eigen::MatrixXf> grad_activations_;  // dL/da_l: units_l × B
};

// Units per layer as the core builds the MLP: input, depth × width, then one output unit for binary
// cross-entropy (a single logit) or one per class otherwise.
std::vector<int> mlp_layer_sizes(int input_dim, int depth, int width, int num_outputs);

}  // namespace vg_bench
