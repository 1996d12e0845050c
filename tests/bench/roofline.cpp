#include "roofline.h"

#include <cstddef>

#include "matmul.h"

namespace vg_bench {

MatmulRoofline::MatmulRoofline(const std::vector<int>& layer_sizes, int batch) {
  const std::size_t num_layers = layer_sizes.size() - 1;
  for (std::size_t l = 0; l < num_layers; ++l) {
    const int in = layer_sizes[l], out = layer_sizes[l + 1];
    // Every weight 1/in makes each output the mean of its inputs: values stay of order one through
    // any depth, so no overflow or denormal slows the products.
    weights_.push_back(Eigen::MatrixXf::Constant(out, in, 1.0f / static_cast<float>(in)));
    grad_weights_.push_back(Eigen::MatrixXf::Zero(out, in));
  }
  for (int units : layer_sizes) {
    activations_.push_back(Eigen::MatrixXf::Random(units, batch));
    grad_activations_.push_back(Eigen::MatrixXf::Ones(units, batch));
  }
}

void MatmulRoofline::run_steps(int num_steps) {
  const std::size_t num_layers = weights_.size();
  for (int step = 0; step < num_steps; ++step) {
#if VG_ROOFLINE_EIGEN_PRODUCT
    for (std::size_t l = 0; l < num_layers; ++l) {
      activations_[l + 1].noalias() = weights_[l] * activations_[l];
    }
    for (std::size_t l = num_layers; l-- > 0;) {
      grad_weights_[l].noalias() = grad_activations_[l + 1] * activations_[l].transpose();
      if (l > 0) grad_activations_[l].noalias() = weights_[l].transpose() * grad_activations_[l + 1];
    }
#else
    for (std::size_t l = 0; l < num_layers; ++l) {
      vg::matmul<float>(activations_[l + 1], weights_[l], activations_[l], vg::Transpose::kNone, false);
    }
    for (std::size_t l = num_layers; l-- > 0;) {
      vg::matmul<float>(grad_weights_[l], grad_activations_[l + 1], activations_[l], vg::Transpose::kRight, false);
      if (l > 0) {
        vg::matmul<float>(grad_activations_[l], weights_[l], grad_activations_[l + 1], vg::Transpose::kLeft, false);
      }
    }
#endif
  }
}

double MatmulRoofline::flops_per_step() const {
  double flops = 0;
  const double batch = static_cast<double>(activations_.front().cols());
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    const double multiply_adds = static_cast<double>(weights_[l].size()) * batch;
    flops += 2 * multiply_adds * (l > 0 ? 3 : 2);
  }
  return flops;
}

std::vector<int> mlp_layer_sizes(int input_dim, int depth, int width, int num_outputs) {
  std::vector<int> sizes{input_dim};
  sizes.insert(sizes.end(), static_cast<std::size_t>(depth), width);
  sizes.push_back(num_outputs);
  return sizes;
}

}  // namespace vg_bench
