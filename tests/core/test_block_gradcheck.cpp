// Each block of a hidden layer on its own, as mlpack checks each layer: dense, batch norm (training
// mode), maxout, every pointwise activation and the residual join. Its backward (and, where it has
// one, its jvp) against fourth-order central differences in double, to 1e-7 relative. Each test
// also hands the same checker the analytic result scaled by 1 + 1e-6 and expects it to be refused,
// so a backward that were slightly wrong would fail it. The whole-network checks are in
// test_gradcheck.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "hidden_layer.h"
#include "network.h"
#include "rng.h"

namespace {

// h = 1e-4 with the fourth-order formula: truncation ~h^4 f^(5) and rounding ~1e-16 / h, both
// under 1e-11 for these smooth, O(1) blocks: 1e-7 leaves room and still sees a 1e-6 error.
constexpr double kStep = 1e-4;
constexpr double kTolerance = 1e-7;
constexpr double kCorruption = 1e-6;

using vg::Activation;
using vg::ArrayXX;
using Values = std::vector<double>;

// The checker: the largest |analytic - numeric| relative to the largest |numeric| entry.
double relative_error(const Values& analytic, const Values& numeric) {
  REQUIRE(analytic.size() == numeric.size());
  double difference = 0, scale = 0;
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    difference = std::max(difference, std::abs(analytic[i] - numeric[i]));
    scale = std::max(scale, std::abs(numeric[i]));
  }
  REQUIRE(scale > 0);
  return difference / scale;
}

bool agrees(const Values& analytic, const Values& numeric) { return relative_error(analytic, numeric) < kTolerance; }

// The analytic result agrees, and the same result slightly wrong does not.
void check_block(const Values& analytic, const Values& numeric) {
  INFO("relative error " << relative_error(analytic, numeric));
  CHECK(agrees(analytic, numeric));
  Values corrupted = analytic;
  for (double& value : corrupted) value *= 1 + kCorruption;
  CHECK_FALSE(agrees(corrupted, numeric));
}

template <typename Array>
Values values_of(const Array& array) {
  Values values;
  for (Eigen::Index i = 0; i < array.size(); ++i) values.push_back(static_cast<double>(array.data()[i]));
  return values;
}

// d/dt of every entry of f(t) at 0 (f returns an ArrayXX): fourth-order central differences.
template <typename F>
Values derivative_along(F f) {
  const ArrayXX<double> minus2 = f(-2 * kStep), minus1 = f(-kStep), plus1 = f(kStep), plus2 = f(2 * kStep);
  return values_of(ArrayXX<double>((8 * (plus1 - minus1) - (plus2 - minus2)) / (12 * kStep)));
}

// dL/dp for every entry p of `parameters`, L = loss() a scalar.
template <typename Array, typename F>
Values gradient_of(Array& parameters, F loss) {
  Values gradient;
  for (Eigen::Index i = 0; i < parameters.size(); ++i) {
    double& value = parameters.data()[i];
    const double original = value;
    double at[4];
    const double offsets[4] = {-2 * kStep, -kStep, kStep, 2 * kStep};
    for (int k = 0; k < 4; ++k) {
      value = original + offsets[k];
      at[k] = loss();
    }
    value = original;
    gradient.push_back((8 * (at[2] - at[1]) - (at[3] - at[0])) / (12 * kStep));
  }
  return gradient;
}

ArrayXX<double> random_array(vg::Rng& rng, int rows, int cols, double scale = 1.0) {
  ArrayXX<double> array(rows, cols);
  for (Eigen::Index i = 0; i < array.size(); ++i) array(i) = scale * rng.normal();
  return array;
}

Values concatenate(std::initializer_list<Values> parts) {
  Values all;
  for (const Values& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

}  // namespace

TEST_CASE("the dense block's backward and jvp match central differences", "[gradcheck][block][dense]") {
  vg::Rng rng(11);
  const int in = 4, out = 3, batch = 5;
  vg::Dense<double> dense;
  dense.allocate(in, out);
  dense.W = random_array(rng, out, in).matrix();
  dense.b = random_array(rng, out, 1).col(0);
  ArrayXX<double> x = random_array(rng, in, batch);
  const ArrayXX<double> upstream = random_array(rng, out, batch);  // L = sum(upstream * z)
  ArrayXX<double> z(out, batch), dx(in, batch);
  const auto loss = [&] {
    dense.forward(x, z);
    return (upstream * z).sum();
  };
  dense.backward(x, upstream, &dx);
  const Values analytic = concatenate({values_of(dense.dW), values_of(dense.db), values_of(dx)});
  const Values numeric = concatenate({gradient_of(dense.W, loss), gradient_of(dense.b, loss), gradient_of(x, loss)});
  check_block(analytic, numeric);

  const ArrayXX<double> direction = random_array(rng, in, batch);
  ArrayXX<double> tangent;
  dense.jvp(direction, tangent);
  check_block(values_of(tangent), derivative_along([&](double t) {
                ArrayXX<double> moved(out, batch);
                dense.forward(x + t * direction, moved);
                return moved;
              }));
}

TEST_CASE("batch norm's training backward and its inference jvp match central differences",
          "[gradcheck][block][batch_norm]") {
  vg::Rng rng(12);
  const int rows = 3, batch = 6;
  vg::BatchNorm<double> bn;
  bn.allocate(rows, batch);
  bn.gamma = 1.0 + 0.3 * random_array(rng, rows, 1).col(0);
  bn.beta = 0.3 * random_array(rng, rows, 1).col(0);
  ArrayXX<double> z = random_array(rng, rows, batch, 2.0);
  const ArrayXX<double> upstream = random_array(rng, rows, batch);
  const auto loss = [&] {
    ArrayXX<double> u = z;
    bn.forward_train(vg::Columns<double>(u.data(), rows, batch), false);
    return (upstream * u).sum();
  };
  loss();  // saves the statistics of z for backward
  ArrayXX<double> dz = upstream;
  bn.backward(dz);
  const Values analytic = concatenate({values_of(dz), values_of(bn.dgamma), values_of(bn.dbeta)});
  const Values numeric = concatenate({gradient_of(z, loss), gradient_of(bn.gamma, loss), gradient_of(bn.beta, loss)});
  check_block(analytic, numeric);

  bn.running_mean = random_array(rng, rows, 1).col(0);
  bn.running_var = 0.5 + random_array(rng, rows, 1).col(0).abs();
  const ArrayXX<double> direction = random_array(rng, rows, batch);
  const auto infer = [&](double t) {
    ArrayXX<double> u = z + t * direction;
    bn.forward_infer(u);
    return u;
  };
  infer(0);  // sets the running statistics' scale
  ArrayXX<double> tangent = direction;
  bn.jvp_infer(tangent);
  check_block(values_of(tangent), derivative_along(infer));
}

TEST_CASE("maxout's backward and jvp match central differences", "[gradcheck][block][maxout]") {
  vg::Rng rng(13);
  const int width = 3, pieces = 3, batch = 4, tangents = 2;
  vg::Maxout<double> maxout;
  maxout.allocate(width, pieces, batch);
  ArrayXX<double> u = random_array(rng, width * pieces, batch);
  // The differences must not cross a tie: every unit's best piece leads the next by far more than 2h.
  for (int e = 0; e < batch; ++e) {
    for (int unit = 0; unit < width; ++unit) {
      std::vector<double> candidates;
      for (int piece = 0; piece < pieces; ++piece) candidates.push_back(u(piece * width + unit, e));
      std::sort(candidates.rbegin(), candidates.rend());
      REQUIRE(candidates[0] - candidates[1] > 100 * kStep);
    }
  }
  const ArrayXX<double> upstream = random_array(rng, width, batch);
  ArrayXX<double> a(width, batch), du(width * pieces, batch);
  const auto loss = [&] {
    maxout.forward(u, a, &maxout.winner);
    return (upstream * a).sum();
  };
  loss();
  maxout.backward(upstream, du);
  check_block(values_of(du), gradient_of(u, loss));

  // k tangents per point: point e's tangent j in column e * k + j.
  const ArrayXX<double> directions = random_array(rng, width * pieces, batch * tangents);
  ArrayXX<double> tangent;
  maxout.jvp(maxout.winner, directions, tangents, tangent);
  Values numeric(static_cast<std::size_t>(tangent.size()));
  for (int j = 0; j < tangents; ++j) {
    const Values column_major = derivative_along([&](double t) {
      ArrayXX<double> moved = u;
      for (int e = 0; e < batch; ++e) moved.col(e) += t * directions.col(e * tangents + j);
      ArrayXX<double> out(width, batch);
      maxout.forward(moved, out, nullptr);
      return out;
    });
    for (int e = 0; e < batch; ++e)
      for (int unit = 0; unit < width; ++unit)
        numeric[static_cast<std::size_t>((e * tangents + j) * width + unit)] =
            column_major[static_cast<std::size_t>(e * width + unit)];
  }
  check_block(values_of(tangent), numeric);
}

TEST_CASE("each activation's backward factor phi' matches central differences", "[gradcheck][block][activation]") {
  for (const Activation activation : {Activation::Sigmoid, Activation::Tanh, Activation::ReLU, Activation::LeakyReLU,
                                      Activation::ELU, Activation::SELU, Activation::GELU, Activation::Linear}) {
    DYNAMIC_SECTION(vg::name_of(activation)) {
      vg::Rng rng(14);
      const double leaky_alpha = 0.1;
      ArrayXX<double> z = random_array(rng, 4, 5, 2.0);
      // Kinks sit at 0: keep every entry further from it than the differences reach.
      z = (z.abs() < 100 * kStep).select(100 * kStep, z);
      const ArrayXX<double> upstream = random_array(rng, 4, 5);
      ArrayXX<double> a, derivative;
      const auto loss = [&] {
        vg::activation_apply<double>(activation, leaky_alpha, z, a, nullptr);
        return (upstream * a).sum();
      };
      vg::activation_apply(activation, leaky_alpha, z, a, &derivative);
      check_block(values_of(ArrayXX<double>(upstream * derivative)), gradient_of(z, loss));
    }
  }
}

namespace {

// A hidden layer of `activation` (with batch norm if asked) on its own, input width 3, width 4.
vg::NetworkShape layer_shape(Activation activation, bool batch_norm, int batch) {
  // input_dim, output_dim, depth, width, batch, activation, leaky_alpha, maxout_pieces, batch_norm
  return vg::NetworkShape{3, 1, 1, 4, batch, activation, 0.1, 2, batch_norm};
}

void randomize(vg::HiddenLayer<double>& layer, vg::Rng& rng) {
  layer.dense.W = random_array(rng, static_cast<int>(layer.dense.W.rows()), static_cast<int>(layer.dense.W.cols())).matrix();
  layer.dense.b = 0.3 * random_array(rng, static_cast<int>(layer.dense.b.size()), 1).col(0);
  if (!layer.batch_norm) return;
  const int rows = static_cast<int>(layer.bn.gamma.size());
  layer.bn.gamma = 1.0 + 0.3 * random_array(rng, rows, 1).col(0);
  layer.bn.beta = 0.3 * random_array(rng, rows, 1).col(0);
  layer.bn.running_mean = 0.3 * random_array(rng, rows, 1).col(0);
  layer.bn.running_var = 0.5 + random_array(rng, rows, 1).col(0).abs();
}

}  // namespace

TEST_CASE("the residual join passes the gradient and the tangent to both of its inputs",
          "[gradcheck][block][residual]") {
  vg::Rng rng(15);
  const int batch = 5, width = 4, tangents = 3;
  // Linear and without batch norm, the layer is the dense block (checked above) and the join.
  vg::HiddenLayer<double> layer;
  layer.allocate(layer_shape(Activation::Linear, false, batch), 3);
  layer.shortcut_from = 0;
  layer.out.setZero(width, batch);
  randomize(layer, rng);
  const ArrayXX<double> x = random_array(rng, 3, batch);
  ArrayXX<double> skip = random_array(rng, width, batch);
  ArrayXX<double> pre(width, batch);
  const vg::LayerPass<double> pass{vg::Columns<double>(pre.data(), width, batch),
                                   vg::Columns<double>(layer.act.data(), width, batch),
                                   vg::Columns<double>(layer.out.data(), width, batch)};
  const auto forward = [&](const ArrayXX<double>& input, const ArrayXX<double>& block_input) {
    const vg::ConstColumns<double> shortcut(block_input.data(), width, batch);
    layer.forward(input, vg::ForwardMode::Infer, pass, &shortcut);
    return layer.out;
  };

  // Backward of the join inside a network: layer 1 adds layer 0's output (residual_every = 1), so
  // layer 0's gradient is the sum over both paths.
  vg::NetworkShape shape = layer_shape(Activation::Linear, false, batch);
  shape.depth = 2;
  shape.output_dim = 2;
  shape.residual_every = 1;
  vg::Network<double> net(shape);
  for (int l = 0; l < net.num_layers(); ++l) {
    net.dense(l).W = random_array(rng, static_cast<int>(net.dense(l).W.rows()), static_cast<int>(net.dense(l).W.cols())).matrix();
    net.dense(l).b = random_array(rng, static_cast<int>(net.dense(l).b.size()), 1).col(0);
  }
  REQUIRE(net.hidden(1).shortcut_from == 0);
  const ArrayXX<double> upstream = random_array(rng, 2, batch);
  const auto loss = [&] { return (upstream * net.forward_train(x, false)).sum(); };
  loss();
  net.output_gradient() = upstream;
  net.backward(nullptr);
  const Values analytic = concatenate({values_of(net.dense(0).dW), values_of(net.dense(0).db)});
  check_block(analytic, concatenate({gradient_of(net.dense(0).W, loss), gradient_of(net.dense(0).b, loss)}));

  // jvp: the tangents of the layer's input and of its block input add.
  forward(x, skip);
  const ArrayXX<double> dx = random_array(rng, 3, batch * tangents);
  const ArrayXX<double> dskip = random_array(rng, width, batch * tangents);
  ArrayXX<double> du, tangent;
  layer.jvp(dx, tangents, pass, du, tangent, &dskip);
  Values numeric(static_cast<std::size_t>(tangent.size()));
  for (int j = 0; j < tangents; ++j) {
    const Values column_major = derivative_along([&](double t) {
      ArrayXX<double> moved_x = x, moved_skip = skip;
      for (int e = 0; e < batch; ++e) {
        moved_x.col(e) += t * dx.col(e * tangents + j);
        moved_skip.col(e) += t * dskip.col(e * tangents + j);
      }
      return forward(moved_x, moved_skip);
    });
    for (int e = 0; e < batch; ++e)
      for (int unit = 0; unit < width; ++unit)
        numeric[static_cast<std::size_t>((e * tangents + j) * width + unit)] =
            column_major[static_cast<std::size_t>(e * width + unit)];
  }
  check_block(values_of(tangent), numeric);
}

TEST_CASE("a hidden layer's jvp matches central differences for every activation, with and without batch norm",
          "[gradcheck][block][jvp]") {
  for (const Activation activation :
       {Activation::Sigmoid, Activation::Tanh, Activation::ReLU, Activation::LeakyReLU, Activation::ELU,
        Activation::SELU, Activation::GELU, Activation::Maxout, Activation::Linear}) {
    for (const bool batch_norm : {false, true}) {
      DYNAMIC_SECTION(vg::name_of(activation) << (batch_norm ? " with batch norm" : "")) {
        vg::Rng rng(19);
        const int points = 4, tangents = 3;
        const vg::NetworkShape shape = layer_shape(activation, batch_norm, points);
        vg::HiddenLayer<double> layer;
        layer.allocate(shape, 3);
        randomize(layer, rng);
        const int rows = shape.dense_rows();
        ArrayXX<double> pre(rows, points), act(shape.width, points), derivative(rows, points);
        vg::WinnerArray winners(shape.width, points);
        const vg::LayerPass<double> pass{vg::Columns<double>(pre.data(), rows, points),
                                         vg::Columns<double>(act.data(), shape.width, points),
                                         vg::Columns<double>(act.data(), shape.width, points),
                                         layer.pointwise_derivative() ? &derivative : nullptr,
                                         activation == Activation::Maxout ? &winners : nullptr};
        ArrayXX<double> x = random_array(rng, 3, points);
        const auto forward = [&](const ArrayXX<double>& input) {
          layer.forward(input, vg::ForwardMode::Infer, pass, nullptr);
          return act;
        };
        forward(x);
        // No difference may cross a kink (u = 0) or a maxout tie.
        if (activation == Activation::Maxout) {
          CHECK(((pre.topRows(shape.width) - pre.bottomRows(shape.width)).abs() > 100 * kStep).all());
        } else if (activation != Activation::Linear) {
          CHECK((pre.abs() > 100 * kStep).all());
        }
        const ArrayXX<double> dx = random_array(rng, 3, points * tangents);
        ArrayXX<double> du, tangent;
        layer.jvp(dx, tangents, pass, du, tangent, nullptr);
        Values numeric(static_cast<std::size_t>(tangent.size()));
        for (int j = 0; j < tangents; ++j) {
          const Values column_major = derivative_along([&](double t) {
            ArrayXX<double> moved = x;
            for (int e = 0; e < points; ++e) moved.col(e) += t * dx.col(e * tangents + j);
            return forward(moved);
          });
          for (int e = 0; e < points; ++e)
            for (int unit = 0; unit < shape.width; ++unit)
              numeric[static_cast<std::size_t>((e * tangents + j) * shape.width + unit)] =
                  column_major[static_cast<std::size_t>(e * shape.width + unit)];
        }
        check_block(values_of(tangent), numeric);
      }
    }
  }
}
