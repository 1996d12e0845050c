#include "jacobian.h"

#include <algorithm>
#include <functional>

#include <Eigen/SVD>

namespace vg {

template <typename Scalar>
std::vector<double> input_jacobian_singular_values(Network<Scalar>& network, const Scalar* inputs, int num_inputs) {
  const int in = network.shape().input_dim;
  // h: the layer outputs (features x inputs). tangent: d h / d x, one block of `in` columns per input.
  ArrayXX<Scalar> h = Eigen::Map<const ArrayXX<Scalar>>(inputs, in, num_inputs);
  ArrayXX<Scalar> tangent(in, static_cast<Eigen::Index>(in) * num_inputs);
  for (int e = 0; e < num_inputs; ++e) tangent.middleCols(e * in, in) = Matrix<Scalar>::Identity(in, in).array();
  ArrayXX<Scalar> u, a, tangent_u, tangent_a, derivative, skip_h, skip_tangent;
  WinnerArray winners;

  for (int l = 0; l < network.depth(); ++l) {
    HiddenLayer<Scalar>& layer = network.hidden(l);
    if (layer.starts_block) {
      skip_h = h;
      skip_tangent = tangent;
    }
    const bool joins = layer.shortcut_from != kNoShortcut;
    u.resize(layer.dense.W.rows(), num_inputs);
    a.resize(layer.act.rows(), num_inputs);
    if (layer.pointwise_derivative()) derivative.resize(u.rows(), num_inputs);
    if (layer.activation == Activation::Maxout) winners.resize(a.rows(), num_inputs);
    const LayerPass<Scalar> pass{Columns<Scalar>(u.data(), u.rows(), u.cols()), Columns<Scalar>(a.data(), a.rows(), a.cols()),
                                 Columns<Scalar>(a.data(), a.rows(), a.cols()),
                                 layer.pointwise_derivative() ? &derivative : nullptr,
                                 layer.activation == Activation::Maxout ? &winners : nullptr};
    const ConstColumns<Scalar> shortcut(skip_h.data(), skip_h.rows(), skip_h.cols());
    layer.forward(h, ForwardMode::Infer, pass, joins ? &shortcut : nullptr);
    layer.jvp(tangent, in, pass, tangent_u, tangent_a, joins ? &skip_tangent : nullptr);
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
