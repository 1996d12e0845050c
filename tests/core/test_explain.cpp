// The section widgets' maths: the loss surface's critical points, descent paths with the core's
// optimizer, activation curves and the scalar chain rule.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "theory/explain.h"

namespace {

// Newton's method on the gradient, from a start near a critical point.
void find_critical_point(double& x, double& y) {
  for (int iteration = 0; iteration < 50; ++iteration) {
    double gx, gy, gx_dx, gy_dx, gx_dy, gy_dy;
    const double h = 1e-6;
    vg::surface_gradient(x, y, gx, gy);
    vg::surface_gradient(x + h, y, gx_dx, gy_dx);
    vg::surface_gradient(x, y + h, gx_dy, gy_dy);
    const double a = (gx_dx - gx) / h, b = (gx_dy - gx) / h, c = (gy_dx - gy) / h, d = (gy_dy - gy) / h;
    const double det = a * d - b * c;
    x -= (d * gx - b * gy) / det;
    y -= (-c * gx + a * gy) / det;
  }
}

// Determinant and trace of the Hessian by central differences of the gradient.
void hessian(double x, double y, double& determinant, double& trace) {
  const double h = 1e-5;
  double px[2], mx[2], py[2], my[2];
  vg::surface_gradient(x + h, y, px[0], px[1]);
  vg::surface_gradient(x - h, y, mx[0], mx[1]);
  vg::surface_gradient(x, y + h, py[0], py[1]);
  vg::surface_gradient(x, y - h, my[0], my[1]);
  const double fxx = (px[0] - mx[0]) / (2 * h), fxy = (py[0] - my[0]) / (2 * h), fyy = (py[1] - my[1]) / (2 * h);
  determinant = fxx * fyy - fxy * fxy;
  trace = fxx + fyy;
}

}  // namespace

TEST_CASE("the surface's gradient is the derivative of its loss", "[explain]") {
  for (double x = -3; x <= 3; x += 0.75) {
    for (double y = -3; y <= 3; y += 0.75) {
      double dx, dy;
      vg::surface_gradient(x, y, dx, dy);
      const double h = 1e-6;
      CHECK(dx == Approx((vg::surface_loss(x + h, y) - vg::surface_loss(x - h, y)) / (2 * h)).margin(1e-7));
      CHECK(dy == Approx((vg::surface_loss(x, y + h) - vg::surface_loss(x, y - h)) / (2 * h)).margin(1e-7));
    }
  }
}

TEST_CASE("the surface has a global minimum, a shallower local minimum and a saddle between them", "[explain]") {
  double gx = -1.5, gy = -0.8, lx = 1.4, ly = 0.7, sx = 0.1, sy = 0.0;
  find_critical_point(gx, gy);
  find_critical_point(lx, ly);
  find_critical_point(sx, sy);
  // The positions documented in explain.cpp.
  CHECK(gx == Approx(-1.553368).margin(1e-6));
  CHECK(gy == Approx(-0.776684).margin(1e-6));
  CHECK(lx == Approx(1.440224).margin(1e-6));
  CHECK(ly == Approx(0.720112).margin(1e-6));
  CHECK(sx == Approx(0.113144).margin(1e-6));
  CHECK(sy == Approx(0.056572).margin(1e-6));
  double det, trace;
  hessian(gx, gy, det, trace);
  CHECK((det > 0 && trace > 0));  // minimum
  hessian(lx, ly, det, trace);
  CHECK((det > 0 && trace > 0));  // minimum
  hessian(sx, sy, det, trace);
  CHECK(det < 0);  // saddle
  CHECK(vg::surface_loss(gx, gy) < vg::surface_loss(lx, ly));
  CHECK(vg::surface_loss(sx, sy) > vg::surface_loss(lx, ly));
  CHECK(sx > gx);
  CHECK(sx < lx);
  // The grid's corners are the loss at the view's corners.
  const std::vector<double> grid = vg::surface_grid(7, -3, 3, -3, 3);
  REQUIRE(grid.size() == 49);
  CHECK(grid[0] == vg::surface_loss(-3, -3));
  CHECK(grid[6] == vg::surface_loss(3, -3));
  CHECK(grid[42] == vg::surface_loss(-3, 3));
  CHECK(vg::surface_grid(0, -3, 3, -3, 3).empty());
}

TEST_CASE("descent paths use the core's optimizer and land in the minima", "[explain]") {
  // Plain gradient descent is x <- x - lr grad: check the first step by hand.
  const std::vector<double> path = vg::descent_path(vg::OptimizerKind::SGD, 0.05, 2.5, 2.0, 400);
  REQUIRE(path.size() == 3 * 401);
  double dx, dy;
  vg::surface_gradient(2.5, 2.0, dx, dy);
  CHECK(path[3] == Approx(2.5 - 0.05 * dx).epsilon(1e-14));
  CHECK(path[4] == Approx(2.0 - 0.05 * dy).epsilon(1e-14));
  CHECK(path[2] == vg::surface_loss(2.5, 2.0));
  // From the right it settles in the local minimum; from the left in the global one.
  CHECK(path[3 * 400] == Approx(1.440224).margin(1e-3));
  const std::vector<double> left = vg::descent_path(vg::OptimizerKind::Adam, 0.05, -2.5, 1.0, 2000);
  CHECK(left[left.size() - 3] == Approx(-1.553368).margin(1e-2));
  // A step size far beyond stability leaves the bounds: the path stops early, finite.
  const std::vector<double> wild = vg::descent_path(vg::OptimizerKind::SGD, 5.0, 2.5, 2.0, 1000);
  CHECK(wild.size() < 3 * 1001);
  for (const double value : wild) CHECK(std::isfinite(value));
  CHECK(vg::descent_path(vg::OptimizerKind::SGD, -1.0, 0, 0, 10).empty());
  CHECK(vg::descent_path(vg::OptimizerKind::SGD, std::nan(""), 0, 0, 10).empty());
  CHECK(vg::descent_path(vg::OptimizerKind::SGD, 0.1, 0, 0, -1).empty());
}

TEST_CASE("activation curves and the scalar chain", "[explain]") {
  const std::vector<double> relu = vg::activation_curve(vg::Activation::ReLU, 0.01, -2, 2, 5);
  REQUIRE(relu.size() == 15);
  CHECK(relu[0] == -2.0);
  CHECK(relu[1] == 0.0);
  CHECK(relu[2] == 0.0);
  CHECK(relu[12] == 2.0);
  CHECK(relu[13] == 2.0);
  CHECK(relu[14] == 1.0);
  CHECK(vg::activation_curve(vg::Activation::Maxout, 0.01, -2, 2, 5).empty());
  CHECK(vg::activation_curve(vg::Activation::Tanh, 0.01, -2, 2, 0).empty());

  // Sigmoid chain with w = 1, b = 0 from a_0 = 0: z_1 = 0, local factor 1/4, product 1/4.
  const std::vector<double> chain = vg::chain_factors(vg::Activation::Sigmoid, 0.01, 10, 1.0, 0.0, 0.0);
  REQUIRE(chain.size() == 40);
  CHECK(chain[0] == 0.0);
  CHECK(chain[1] == 0.5);
  CHECK(chain[2] == 0.25);
  CHECK(chain[3] == 0.25);
  double product = 1;
  for (int l = 0; l < 10; ++l) {
    product *= chain[4 * l + 2];
    CHECK(chain[4 * l + 3] == Approx(product).epsilon(1e-15));
    CHECK(chain[4 * l + 2] <= 0.25);
  }
  CHECK(chain[39] < std::pow(0.25, 10) * 1.0000001);  // the product of ten factors of at most 1/4
  CHECK(vg::chain_factors(vg::Activation::Sigmoid, 0.01, 0, 1.0, 0.0, 0.0).empty());
}

TEST_CASE("one neuron's computation graph: local derivatives multiply to the finite-difference gradient",
          "[explain]") {
  const double w = 0.8, b = -0.3, x = 1.5, y = 1.0;
  const std::vector<double> g = vg::neuron_graph(vg::Activation::Sigmoid, 0.01, w, b, x, y);
  REQUIRE(g.size() == 13);
  const double z = w * x + b;
  CHECK(g[0] == Approx(z));
  CHECK(g[1] == Approx(1.0 / (1.0 + std::exp(-z))));
  CHECK(g[4] == Approx(g[1] * (1.0 - g[1])));  // sigma' = sigma (1 - sigma)
  const auto loss = [&](double ww, double bb, double xx) {
    return vg::neuron_graph(vg::Activation::Sigmoid, 0.01, ww, bb, xx, y)[2];
  };
  const double h = 1e-6;
  CHECK(g[9] == Approx((loss(w + h, b, x) - loss(w - h, b, x)) / (2 * h)).epsilon(1e-6));
  CHECK(g[10] == Approx((loss(w, b + h, x) - loss(w, b - h, x)) / (2 * h)).epsilon(1e-6));
  CHECK(g[11] == Approx((loss(w, b, x + h) - loss(w, b, x - h)) / (2 * h)).epsilon(1e-6));
  CHECK(vg::neuron_graph(vg::Activation::Maxout, 0.01, w, b, x, y).empty());
}
