// Each optimizer against values computed independently (a plain Python loop over the same update
// rules, numbers pasted below), plus Adam's step counter, clipping and weight decay.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "config.h"
#include "optimizer.h"

namespace {

// Two parameter blocks (sizes 2 and 1) with their gradients, owned here so the optimizer can view them.
template <typename Scalar>
struct TwoBlocks {
  std::vector<Scalar> weights{Scalar(1.0), Scalar(-2.0)}, bias{Scalar(0.5)};
  std::vector<Scalar> grad_weights{0, 0}, grad_bias{0};

  std::vector<vg::ParamBlock<Scalar>> blocks(bool bias_decays = false) {
    return {{weights.data(), grad_weights.data(), 2, true}, {bias.data(), grad_bias.data(), 1, bias_decays}};
  }
  void set_grads(double w0, double w1, double b0) {
    grad_weights = {Scalar(w0), Scalar(w1)};
    grad_bias = {Scalar(b0)};
  }
  std::vector<double> values() const { return {weights[0], weights[1], bias[0]}; }
};

vg::Config optimizer_config(vg::OptimizerKind kind) {
  vg::Config config;
  config.optimizer = kind;
  config.learning_rate = 0.1;
  config.momentum = 0.9;
  config.beta1 = 0.9;
  config.beta2 = 0.999;
  config.epsilon = 1e-8;
  return config;
}

// The gradients of steps 1..3: (block 0 entry 0, block 0 entry 1, block 1 entry 0).
const double kGrads[3][3] = {{0.5, -1.0, 2.0}, {0.25, 0.5, -1.0}, {1.0, 0.0, 0.5}};

// Parameters after steps 1..3 from w = (1, -2), b = (0.5), lr 0.1, momentum 0.9, beta1 0.9,
// beta2 0.999, epsilon 1e-8.
const std::map<std::string, std::vector<std::vector<double>>> kExpected = {
    {"sgd", {{0.94999999999999996, -1.8999999999999999, 0.29999999999999999}, {0.92499999999999993, -1.95, 0.40000000000000002}, {0.82499999999999996, -1.95, 0.35000000000000003}}},
    {"momentum", {{0.94999999999999996, -1.8999999999999999, 0.29999999999999999}, {0.88, -1.8599999999999999, 0.21999999999999997}, {0.71699999999999997, -1.8239999999999998, 0.097999999999999948}}},
    {"nesterov", {{0.90500000000000003, -1.8100000000000001, 0.12}, {0.81700000000000006, -1.8240000000000001, 0.14799999999999999}, {0.57030000000000003, -1.7916000000000001, -0.01180000000000006}}},
    {"adagrad", {{0.90000000199999997, -1.900000001, 0.40000000050000001}, {0.85527864325000413, -1.9447213601499957, 0.44472135984999583}, {0.76799148791751193, -1.9447213601499957, 0.42289957092163466}}},
    {"rmsprop", {{-2.1622756601696427, 1.1622766601686942, -2.6622771601684576}, {-3.5770544469653145, -0.25250252694689412, -1.247497772892826}, {-6.3379073340056662, -0.25250252694689412, -1.9381552196078196}}},
    {"adam", {{0.90000000199999997, -1.900000001, 0.40000000050000001}, {0.80678204047746238, -1.8733662973709031, 0.37336629670243154}, {0.71587340554514611, -1.8527783673314504, 0.33932338213894264}}},
};

template <typename Scalar>
void check_three_steps(const std::string& name, double tolerance) {
  vg::OptimizerKind kind;
  REQUIRE(vg::parse(name, kind));
  TwoBlocks<Scalar> params;
  vg::Optimizer<Scalar> optimizer(optimizer_config(kind));
  optimizer.bind(params.blocks());
  const auto& expected = kExpected.at(name);
  for (int step = 0; step < 3; ++step) {
    params.set_grads(kGrads[step][0], kGrads[step][1], kGrads[step][2]);
    optimizer.step();
    const auto values = params.values();
    for (int i = 0; i < 3; ++i) {
      INFO(name << " step " << step + 1 << " entry " << i);
      CHECK(values[i] == Approx(expected[step][i]).epsilon(tolerance).margin(tolerance));
    }
  }
  CHECK(optimizer.steps_taken() == 3);
}

}  // namespace

TEST_CASE("each optimizer matches hand-computed steps in double", "[optimizer]") {
  for (const auto& entry : kExpected) check_three_steps<double>(entry.first, 1e-12);
}

TEST_CASE("each optimizer matches hand-computed steps in float", "[optimizer]") {
  for (const auto& entry : kExpected) check_three_steps<float>(entry.first, 1e-5);
}

TEST_CASE("Adam's step counter advances once per step, not once per block", "[optimizer]") {
  // With t = 1 in every block, Adam's first step moves each parameter by lr * sign(g) (up to
  // epsilon). Had t advanced per block, the later blocks would see t = 2, 3 and move less.
  std::vector<std::vector<double>> values(4, std::vector<double>(3, 1.0));
  std::vector<std::vector<double>> grads = {{0.5, -0.5, 2.0}, {1.0, 1.0, -1.0}, {3.0, -3.0, 0.1}, {-2, 2, 2}};
  std::vector<vg::ParamBlock<double>> blocks;
  for (int i = 0; i < 4; ++i) blocks.push_back({values[i].data(), grads[i].data(), 3, true});
  vg::Optimizer<double> optimizer(optimizer_config(vg::OptimizerKind::Adam));
  optimizer.bind(blocks);
  optimizer.step();
  CHECK(optimizer.steps_taken() == 1);
  for (int block = 0; block < 4; ++block)
    for (int i = 0; i < 3; ++i) {
      INFO("block " << block << " entry " << i);
      CHECK(values[block][i] == Approx(1.0 - 0.1 * std::copysign(1.0, grads[block][i])).epsilon(1e-7));
    }
  optimizer.step();  // same gradients again: m-hat = g, v-hat = g^2 still, so the same move
  CHECK(optimizer.steps_taken() == 2);
  for (int block = 0; block < 4; ++block)
    for (int i = 0; i < 3; ++i) {
      INFO("block " << block << " entry " << i);
      CHECK(values[block][i] == Approx(1.0 - 0.2 * std::copysign(1.0, grads[block][i])).epsilon(1e-7));
    }
}

TEST_CASE("clipping scales the global gradient norm down to the bound", "[optimizer]") {
  vg::Config config = optimizer_config(vg::OptimizerKind::SGD);
  config.learning_rate = 1.0;
  config.clip_norm = 1.0;
  TwoBlocks<double> params;
  vg::Optimizer<double> optimizer(config);
  optimizer.bind(params.blocks());

  SECTION("above the bound: the norm across both blocks becomes clip_norm") {
    params.set_grads(3.0, 0.0, 4.0);  // global norm 5
    CHECK(optimizer.step() == Approx(5.0));
    CHECK(params.grad_weights[0] == Approx(0.6));
    CHECK(params.grad_bias[0] == Approx(0.8));
    CHECK(params.weights[0] == Approx(1.0 - 0.6));
    CHECK(params.weights[1] == Approx(-2.0));
    CHECK(params.bias[0] == Approx(0.5 - 0.8));
  }
  SECTION("below the bound: untouched") {
    params.set_grads(0.3, 0.0, 0.4);  // global norm 0.5
    CHECK(optimizer.step() == Approx(0.5));
    CHECK(params.grad_weights[0] == 0.3);
    CHECK(params.grad_bias[0] == 0.4);
    CHECK(params.weights[0] == Approx(0.7));
  }
  SECTION("a non-finite norm is passed on, not hidden by scaling to zero") {
    params.set_grads(std::nan(""), 0.0, 1.0);
    CHECK(std::isnan(optimizer.step()));
    CHECK(std::isnan(params.weights[0]));
    CHECK(params.bias[0] == Approx(0.5 - 1.0));
  }
}

TEST_CASE("weight decay applies to decay blocks only, before clipping", "[optimizer]") {
  vg::Config config = optimizer_config(vg::OptimizerKind::SGD);
  config.learning_rate = 0.5;
  config.weight_decay = 0.1;
  TwoBlocks<double> params;  // weights decay, the bias does not
  vg::Optimizer<double> optimizer(config);
  optimizer.bind(params.blocks());
  params.set_grads(0.0, 0.0, 0.0);
  const double norm = optimizer.step();
  // grad_w = 0.1 * (1, -2); w -= 0.5 * grad_w; the bias (no decay) stays.
  CHECK(params.weights[0] == Approx(1.0 - 0.05));
  CHECK(params.weights[1] == Approx(-2.0 + 0.1));
  CHECK(params.bias[0] == 0.5);
  CHECK(norm == Approx(std::sqrt(0.01 + 0.04)));

  SECTION("clipping sees the decayed gradient") {
    vg::Config clipped = config;
    clipped.clip_norm = 0.1;
    TwoBlocks<double> fresh;
    vg::Optimizer<double> clipping(clipped);
    clipping.bind(fresh.blocks());
    fresh.set_grads(0.0, 0.0, 0.0);
    clipping.step();
    const double applied_norm = std::hypot(fresh.grad_weights[0], fresh.grad_weights[1]);
    CHECK(applied_norm == Approx(0.1));
  }
}
