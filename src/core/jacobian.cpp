#include "jacobian.h"

#include <algorithm>
#include <functional>

#include <Eigen/SVD>

namespace vg {

template <typename Scalar>
std::vector<double> input_jacobian_singular_values(Network<Scalar>& network, const Scalar* inputs, int num_inputs) {
  const NetworkShape& shape = network.shape();
  const int in = shape.input_dim;
  const int width = shape.width;
  const Scalar leaky_alpha = static_cast<Scalar>(shape.leaky_alpha);
  // h: the layer outputs (features x inputs). tangent: d h / d x, one block of `in` columns per input.
  ArrayXX<Scalar> h = Eigen::Map<const ArrayXX<Scalar>>(inputs, in, num_inputs);
  ArrayXX<Scalar> tangent(in, static_cast<Eigen::Index>(in) * num_inputs);
  for (int e = 0; e < num_inputs; ++e) tangent.middleCols(e * in, in) = Matrix<Scalar>::Identity(in, in).array();
  ArrayXX<Scalar> z, tangent_z, a, tangent_a, derivative, skip_h, skip_tangent;

  for (int l = 0; l < network.depth(); ++l) {
    HiddenLayer<Scalar>& layer = network.hidden(l);
    if (layer.starts_block) {
      skip_h = h;
      skip_tangent = tangent;
    }
    z.resize(layer.dense.W.rows(), num_inputs);
    layer.dense.forward(h, z);
    tangent_z.resize(layer.dense.W.rows(), tangent.cols());
    tangent_z.matrix().noalias() = layer.dense.W * tangent.matrix();
    if (shape.batch_norm) {
      layer.bn.forward_infer(z);  // leaves gamma / sqrt(running_var + eps) in row_scale
      tangent_z.colwise() *= layer.bn.row_scale;
    }
    if (shape.activation == Activation::Linear) {
      a = z;
      tangent_a = tangent_z;
    } else if (shape.activation == Activation::Maxout) {
      a.resize(width, num_inputs);
      tangent_a.resize(width, tangent.cols());
      for (int e = 0; e < num_inputs; ++e) {
        for (int unit = 0; unit < width; ++unit) {
          int best = unit;
          for (int piece = 1; piece < shape.maxout_pieces; ++piece)
            if (z(piece * width + unit, e) > z(best, e)) best = piece * width + unit;
          a(unit, e) = z(best, e);
          tangent_a.row(unit).segment(e * in, in) = tangent_z.row(best).segment(e * in, in);
        }
      }
    } else {
      activation_apply(shape.activation, leaky_alpha, z, a, &derivative);
      tangent_a = tangent_z;
      for (int e = 0; e < num_inputs; ++e) tangent_a.middleCols(e * in, in).colwise() *= derivative.col(e);
    }
    if (layer.shortcut_from != kNoShortcut) {
      a += skip_h;
      tangent_a += skip_tangent;
    }
    h.swap(a);
    tangent.swap(tangent_a);
  }

  std::vector<double> values;
  for (int e = 0; e < num_inputs; ++e) {
    const Eigen::MatrixXd jacobian = tangent.middleCols(e * in, in).template cast<double>().matrix();
    const Eigen::VectorXd singular = Eigen::JacobiSVD<Eigen::MatrixXd>(jacobian).singularValues();
    values.insert(values.end(), singular.data(), singular.data() + singular.size());
  }
  std::sort(values.begin(), values.end(), std::greater<double>());
  return values;
}

template std::vector<double> input_jacobian_singular_values<float>(Network<float>&, const float*, int);
template std::vector<double> input_jacobian_singular_values<double>(Network<double>&, const double*, int);

}  // namespace vg
