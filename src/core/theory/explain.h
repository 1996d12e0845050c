// The maths behind the article's small section widgets, computed by the core so that the page never
// re-implements it. Each function is pure: inputs in, arrays out.
#pragma once

#include <string>
#include <vector>

#include "config.h"

namespace vg {

// ---- Section 1: gradient descent on a 2-D loss surface ------------------------------------------
// A fixed surface with a global minimum, a local minimum and a saddle point (documented in explain.cpp).
double surface_loss(double x, double y);
void surface_gradient(double x, double y, double& dx, double& dy);
// res x res loss values over [x0,x1] x [y0,y1], row-major from y0 (for the contour heatmap).
std::vector<double> surface_grid(int res, double x0, double x1, double y0, double y1);
// The path of `steps` updates from (x, y) with the core's own optimizer (same code as training).
// Returns 3 * (steps + 1) numbers: x, y, loss per point. Stops early (shorter result) if it leaves
// |x|,|y| <= 1e6 or becomes non-finite.
std::vector<double> descent_path(OptimizerKind optimizer, double learning_rate, double x, double y, int steps);

// ---- Sections 2-3: activations and the chain rule -----------------------------------------------
// n samples of phi(z) and phi'(z) for z evenly spaced in [z0, z1]: 3 * n numbers z, phi, phi'.
// Maxout is a layer, not a pointwise function: it returns an empty vector.
std::vector<double> activation_curve(Activation activation, double leaky_alpha, double z0, double z1, int n);
// A scalar chain a_l = phi(w * a_{l-1} + b), l = 1..depth, from a_0 = input. For each layer l:
// z_l, a_l, the local factor da_l/da_{l-1} = w * phi'(z_l), and the running product
// da_l/da_0: 4 * depth numbers, row-major per layer.
std::vector<double> chain_factors(Activation activation, double leaky_alpha, int depth, double weight,
                                  double bias, double input);
// One neuron as a computation graph, a = phi(w * x + b) with the loss 0.5 * (a - y)^2: the forward
// values, each edge's local derivative and the chain-rule products backprop forms from them.
// 13 numbers in this order: z, a, loss, dL/da, da/dz, dz/dw (= x), dz/db (= 1), dz/dx (= w),
// dL/dz, dL/dw, dL/db, dL/dx, y. Empty for maxout or a non-finite input.
std::vector<double> neuron_graph(Activation activation, double leaky_alpha, double weight, double bias,
                                 double input, double target);

// ---- Section 5: the deep linear net W = a * I -------------------------------------------------------
// A real Network<Scalar> with linear activation, ScaledIdentity(a) init and zero biases, width n,
// depth L, fed x = (1, ..., 1) with loss 0.5 * ||y||^2. Per layer (hidden then output):
// ||a_l|| (the layer's output norm) and ||dL/dW_l||_F: 2 * (L + 1) numbers, row-major. Computed in
// Scalar precision, so float overflows to inf and underflows to 0 exactly as the page shows.
template <typename Scalar>
std::vector<double> linear_net_probe(double a, int depth, int width);
// The memory linear_net_probe allocates for a Scalar of `scalar_size` bytes (its weights and their
// gradients dominate: 2 * (L + 1) * n^2 values), so a caller with a capped heap can refuse first
// (0 for the arguments the probe refuses without allocating).
std::size_t linear_net_probe_bytes(int depth, int width, std::size_t scalar_size);

}  // namespace vg
