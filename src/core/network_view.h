// What the page's "see the network" view draws of a small network, as TensorFlow Playground draws
// it: every hidden unit's output over a grid of the 2-D input plane (inference mode, so batch norm
// uses its running statistics), the output units' logits over the same grid, and for every link
// (one weight W(j, i) from unit i of a layer's input to unit j) its size |W| and the size of the
// latest step's gradient |dL/dW|. Only small networks are drawn unit by unit; a larger one is refused
// with a message (the page then draws one column per layer from the telemetry's grad_w_norm).
#pragma once

#include <string>
#include <vector>

#include "network.h"

namespace vg {

inline constexpr int kNetworkViewMaxDepth = 8;
inline constexpr int kNetworkViewMaxWidth = 8;
inline constexpr int kNetworkViewMaxResolution = 64;

// A res x res grid over [x0, x1] x [y0, y1], row-major from y0: point p sits at column p % res and
// row p / res (the decision boundary's grid and the view's).
struct PlaneGrid {
  int res = 1;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  double x(int point) const { return res > 1 ? x0 + (x1 - x0) / (res - 1) * (point % res) : x0; }
  double y(int point) const { return res > 1 ? y0 + (y1 - y0) / (res - 1) * (point / res) : y0; }
  bool finite() const;
  // Points [start, start + columns) into the first columns of an inference input (2 x chunk).
  template <typename Scalar>
  void fill(ArrayXX<Scalar>& input, int start, int columns) const {
    for (int column = 0; column < columns; ++column) {
      input(0, column) = static_cast<Scalar>(x(start + column));
      input(1, column) = static_cast<Scalar>(y(start + column));
    }
  }
};

// Grids are row-major res x res, row 0 at y0 and column 0 at x0 (as Trainer::predict_grid).
// Layer l of the links runs over the hidden layers 0..depth-1 (0 nearest the input), then the output
// layer (depth); its links are entries [link_begin[l], link_begin[l + 1]) of weight_abs and grad_abs,
// row-major out x in (link from input unit i to unit j at j * in + i).
struct NetworkView {
  std::string error;  // empty when the view is valid; else says what is out of range
  int depth = 0, width = 0, input_dim = 0, output_dim = 0, resolution = 0;
  std::vector<double> unit_outputs;    // depth x width x res x res: hidden unit (l, j) at (l * width + j) * res * res
  std::vector<double> output_logits;   // output_dim x res x res
  std::vector<int> link_begin;         // depth + 2 offsets
  // |W| and |dL/dW| of each link. A Maxout unit has one weight per piece on each link: the link
  // shows the root sum of their squares.
  std::vector<double> weight_abs;
  std::vector<double> grad_abs;
};

// The view of `network` on a res x res grid over [x0, x1] x [y0, y1]. Refused (error set, nothing
// else filled) unless input_dim = 2, depth <= kNetworkViewMaxDepth, width <= kNetworkViewMaxWidth,
// 2 <= res <= kNetworkViewMaxResolution and the extent is finite and not empty. The gradients are
// those the network's latest backward left in each layer's dW.
template <typename Scalar>
NetworkView network_view(Network<Scalar>& network, int res, double x0, double x1, double y0, double y1);

extern template NetworkView network_view<float>(Network<float>&, int, double, double, double, double);
extern template NetworkView network_view<double>(Network<double>&, int, double, double, double, double);

}  // namespace vg
