#include "network_view.h"

#include <algorithm>
#include <cmath>

namespace vg {

bool PlaneGrid::finite() const {
  return std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1);
}

namespace {

std::string refusal(const NetworkShape& shape, const PlaneGrid& grid) {
  if (shape.input_dim != 2)
    return "the network view needs a 2-D data set (this one has " + std::to_string(shape.input_dim) + " inputs)";
  if (shape.depth > kNetworkViewMaxDepth || shape.width > kNetworkViewMaxWidth)
    return "the network view draws networks of depth <= " + std::to_string(kNetworkViewMaxDepth) + " and width <= " +
           std::to_string(kNetworkViewMaxWidth) + " (this one: depth " + std::to_string(shape.depth) + ", width " +
           std::to_string(shape.width) + ")";
  if (grid.res < 2 || grid.res > kNetworkViewMaxResolution)
    return "res = " + std::to_string(grid.res) + " is out of range: allowed 2.." + std::to_string(kNetworkViewMaxResolution);
  if (!grid.finite() || !(grid.x1 > grid.x0) || !(grid.y1 > grid.y0))
    return "the grid's extent must be finite with x0 < x1 and y0 < y1";
  return "";
}

// Each link's size: |M(j, i)|, or over a Maxout unit's pieces (rows p * width + j) the root sum of squares.
template <typename Scalar>
void append_link_sizes(const Matrix<Scalar>& m, int units, std::vector<double>& sizes) {
  const int pieces = static_cast<int>(m.rows()) / units;
  for (int j = 0; j < units; ++j) {
    for (Eigen::Index i = 0; i < m.cols(); ++i) {
      double squares = 0;
      for (int p = 0; p < pieces; ++p) {
        const double value = static_cast<double>(m(p * units + j, i));
        squares += value * value;
      }
      sizes.push_back(pieces == 1 ? std::abs(static_cast<double>(m(j, i))) : std::sqrt(squares));
    }
  }
}

}  // namespace

template <typename Scalar>
NetworkView network_view(Network<Scalar>& network, int res, double x0, double x1, double y0, double y1) {
  const NetworkShape& shape = network.shape();
  const PlaneGrid grid{res, x0, x1, y0, y1};
  NetworkView view;
  view.error = refusal(shape, grid);
  if (!view.error.empty()) return view;
  view.depth = shape.depth;
  view.width = shape.width;
  view.input_dim = shape.input_dim;
  view.output_dim = shape.output_dim;
  view.resolution = res;

  const int points = res * res;
  view.unit_outputs.resize(static_cast<std::size_t>(shape.depth) * shape.width * points);
  view.output_logits.resize(static_cast<std::size_t>(shape.output_dim) * points);
  const int chunk = shape.inference_chunk;
  int start = 0;
  const HiddenOutputVisitor<Scalar> keep = [&](int layer, const Eigen::Ref<const ArrayXX<Scalar>>& output) {
    for (int unit = 0; unit < shape.width; ++unit) {
      double* row = view.unit_outputs.data() + (static_cast<std::size_t>(layer) * shape.width + unit) * points + start;
      for (Eigen::Index column = 0; column < output.cols(); ++column) row[column] = static_cast<double>(output(unit, column));
    }
  };
  for (; start < points; start += chunk) {
    const int columns = std::min(chunk, points - start);
    grid.fill(network.inference_input(), start, columns);
    const ArrayXX<Scalar>& logits = network.forward_infer(columns, &keep);
    for (int unit = 0; unit < shape.output_dim; ++unit)
      for (int column = 0; column < columns; ++column)
        view.output_logits[static_cast<std::size_t>(unit) * points + start + column] = static_cast<double>(logits(unit, column));
  }

  for (int l = 0; l < network.num_layers(); ++l) {
    view.link_begin.push_back(static_cast<int>(view.weight_abs.size()));
    const Dense<Scalar>& dense = network.dense(l);
    const int units = l == shape.depth ? shape.output_dim : shape.width;
    append_link_sizes(dense.W, units, view.weight_abs);
    append_link_sizes(dense.dW, units, view.grad_abs);
  }
  view.link_begin.push_back(static_cast<int>(view.weight_abs.size()));
  return view;
}

template NetworkView network_view<float>(Network<float>&, int, double, double, double, double);
template NetworkView network_view<double>(Network<double>&, int, double, double, double, double);

}  // namespace vg
