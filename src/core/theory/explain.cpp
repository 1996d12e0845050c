#include "theory/explain.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "activations.h"
#include "network.h"
#include "norms.h"
#include "optimizer.h"

namespace vg {

// ---- The loss surface ---------------------------------------------------------------------------------
// f(x, y) = (u^2 - 1)^2 + 0.3 u + 0.5 (y - x/2)^2 with u = x / 1.5: a tilted double well along the
// sheared valley y = x/2, so paths from most starts curve into the valley before choosing a well.
// Its critical points satisfy y = x/2 and 4u^3 - 4u + 0.3 = 0:
//   global minimum  (x, y) = (-1.553368, -0.776684), f = -0.305428
//   local minimum   (x, y) = ( 1.440224,  0.720112), f =  0.294146 (shallower)
//   saddle point    (x, y) = ( 0.113144,  0.056572), f =  1.011282 (a maximum along the valley,
//                   a minimum across it), between the two minima.
// All three lie well inside the view [-3, 3] x [-3, 3]; the test in test_explain.cpp re-derives them.
namespace {
constexpr double kSurfaceScale = 1.5;
constexpr double kSurfaceTilt = 0.3;
constexpr double kValleySlope = 0.5;
}  // namespace

double surface_loss(double x, double y) {
  const double u = x / kSurfaceScale;
  const double well = u * u - 1.0;
  const double across = y - kValleySlope * x;
  return well * well + kSurfaceTilt * u + 0.5 * across * across;
}

void surface_gradient(double x, double y, double& dx, double& dy) {
  const double u = x / kSurfaceScale;
  const double across = y - kValleySlope * x;
  const double df_du = 4.0 * u * (u * u - 1.0) + kSurfaceTilt;
  dx = df_du / kSurfaceScale - kValleySlope * across;
  dy = across;
}

namespace {
constexpr int kMaxGridResolution = 1024;
constexpr int kMaxPathSteps = 100000;
constexpr int kMaxCurveSamples = 100000;
constexpr double kPathBound = 1e6;

bool all_finite(std::initializer_list<double> values) {
  for (const double value : values)
    if (!std::isfinite(value)) return false;
  return true;
}
}  // namespace

std::vector<double> surface_grid(int res, double x0, double x1, double y0, double y1) {
  if (res < 1 || res > kMaxGridResolution || !all_finite({x0, x1, y0, y1})) return {};
  const double step_x = res > 1 ? (x1 - x0) / (res - 1) : 0.0;
  const double step_y = res > 1 ? (y1 - y0) / (res - 1) : 0.0;
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(res) * res);
  for (int row = 0; row < res; ++row)
    for (int column = 0; column < res; ++column) values.push_back(surface_loss(x0 + step_x * column, y0 + step_y * row));
  return values;
}

std::vector<double> descent_path(OptimizerKind optimizer, double learning_rate, double x, double y, int steps) {
  if (!(learning_rate > 0) || !std::isfinite(learning_rate) || !all_finite({x, y}) || steps < 0 ||
      steps > kMaxPathSteps)
    return {};
  Config config;
  config.optimizer = optimizer;
  config.learning_rate = learning_rate;
  config.clip_norm = 0;
  config.weight_decay = 0;
  Optimizer<double> descent(config);
  double point[2] = {x, y};
  double gradient[2] = {0, 0};
  descent.bind({ParamBlock<double>{point, gradient, 2, false}});
  std::vector<double> path{x, y, surface_loss(x, y)};
  path.reserve(3 * (static_cast<std::size_t>(steps) + 1));
  for (int s = 0; s < steps; ++s) {
    surface_gradient(point[0], point[1], gradient[0], gradient[1]);
    descent.step();
    const double loss = surface_loss(point[0], point[1]);
    if (!all_finite({point[0], point[1], loss}) || std::abs(point[0]) > kPathBound || std::abs(point[1]) > kPathBound)
      break;
    path.insert(path.end(), {point[0], point[1], loss});
  }
  return path;
}

// ---- Activations and the chain rule ---------------------------------------------------------------

std::vector<double> activation_curve(Activation activation, double leaky_alpha, double z0, double z1, int n) {
  if (activation == Activation::Maxout || n < 1 || n > kMaxCurveSamples || !all_finite({leaky_alpha, z0, z1})) return {};
  ArrayXX<double> z(1, n), phi, derivative;
  const double step = n > 1 ? (z1 - z0) / (n - 1) : 0.0;
  for (int i = 0; i < n; ++i) z(0, i) = z0 + step * i;
  activation_apply(activation, leaky_alpha, z, phi, &derivative);
  std::vector<double> curve;
  curve.reserve(3 * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) curve.insert(curve.end(), {z(0, i), phi(0, i), derivative(0, i)});
  return curve;
}

std::vector<double> chain_factors(Activation activation, double leaky_alpha, int depth, double weight, double bias,
                                  double input) {
  if (activation == Activation::Maxout || depth < 1 || depth > kMaxDepth ||
      !all_finite({leaky_alpha, weight, bias, input}))
    return {};
  ArrayXX<double> z(1, 1), phi, derivative;
  double a = input;
  double product = 1.0;
  std::vector<double> factors;
  factors.reserve(4 * static_cast<std::size_t>(depth));
  for (int l = 0; l < depth; ++l) {
    z(0, 0) = weight * a + bias;
    activation_apply(activation, leaky_alpha, z, phi, &derivative);
    a = phi(0, 0);
    const double local = weight * derivative(0, 0);
    product *= local;
    factors.insert(factors.end(), {z(0, 0), a, local, product});
  }
  return factors;
}

std::vector<double> neuron_graph(Activation activation, double leaky_alpha, double weight, double bias,
                                 double input, double target) {
  if (activation == Activation::Maxout || !all_finite({leaky_alpha, weight, bias, input, target})) return {};
  ArrayXX<double> z(1, 1), phi, derivative;
  z(0, 0) = weight * input + bias;
  activation_apply(activation, leaky_alpha, z, phi, &derivative);
  const double a = phi(0, 0);
  const double loss = 0.5 * (a - target) * (a - target);
  const double dL_da = a - target;
  const double da_dz = derivative(0, 0);
  const double dL_dz = dL_da * da_dz;  // each backward step multiplies by one local derivative
  return {z(0, 0), a, loss, dL_da, da_dz, input, 1.0, weight, dL_dz, dL_dz * input, dL_dz, dL_dz * weight, target};
}

// ---- The deep linear net ----------------------------------------------------------------------------

namespace {
// In this scaled-identity linear net a NaN can only come from an overflowed value meeting a zero
// weight (0 * inf in the matrix product), so a non-finite norm is reported as the overflow it is.
template <typename Derived>
double norm_or_overflow(const Eigen::DenseBase<Derived>& values) {
  const double norm = frobenius_norm(values);
  return std::isfinite(norm) ? norm : std::numeric_limits<double>::infinity();
}
}  // namespace

template <typename Scalar>
std::vector<double> linear_net_probe(double a, int depth, int width) {
  if (!std::isfinite(a) || depth < 1 || depth > kMaxDepth || width < 1 || width > kMaxWidth) return {};
  NetworkShape shape;
  shape.input_dim = width;
  shape.output_dim = width;
  shape.depth = depth;
  shape.width = width;
  shape.batch = 1;
  shape.activation = Activation::Linear;
  shape.inference_chunk = 1;
  Network<Scalar> network(shape);
  Rng unused(0);  // ScaledIdentity draws nothing
  network.initialize(Init::ScaledIdentity, 1.0, a, 0.0, unused);
  const ArrayXX<Scalar> x = ArrayXX<Scalar>::Ones(width, 1);
  const ArrayXX<Scalar>& y = network.forward_train(x, false);
  network.output_gradient() = y;  // L = 0.5 ||y||^2, so dL/dy = y
  network.backward(nullptr);
  std::vector<double> probe;
  probe.reserve(2 * static_cast<std::size_t>(depth + 1));
  for (int l = 0; l <= depth; ++l) {
    const ArrayXX<Scalar>& output = l < depth ? network.hidden(l).act : y;
    probe.push_back(norm_or_overflow(output));
    probe.push_back(norm_or_overflow(network.dense(l).dW));
  }
  return probe;
}

std::size_t linear_net_probe_bytes(int depth, int width, std::size_t scalar_size) {
  if (depth < 1 || depth > kMaxDepth || width < 1 || width > kMaxWidth) return 0;  // the probe refuses these
  const double layers = depth + 1.0, n = width;
  // Per layer: W and dW (n x n), b and db, the activation, its derivative and the backward scratch.
  const double entries = layers * (2 * n * n + 8 * n) + 16 * n;
  return static_cast<std::size_t>(entries * static_cast<double>(scalar_size)) + 2 * sizeof(double) * std::size_t(layers);
}

template std::vector<double> linear_net_probe<float>(double, int, int);
template std::vector<double> linear_net_probe<double>(double, int, int);

}  // namespace vg
