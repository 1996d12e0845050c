// The Trainer as the page and the CLI use it: determinism, reset, divergence, telemetry layout and
// meaning, the optimizer called once per step, evaluation and the data accessors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "trainer.h"

namespace {

vg::Config small_config() {
  vg::Config config;
  config.dataset = vg::DatasetKind::Moons;
  config.num_samples = 200;
  config.depth = 4;
  config.width = 8;
  config.batch_size = 16;
  config.activation = vg::Activation::Tanh;
  config.init = vg::Init::XavierNormal;
  config.loss = vg::LossKind::BinaryCrossEntropy;
  config.optimizer = vg::OptimizerKind::Adam;
  config.learning_rate = 0.01;
  config.batch_norm = true;
  config.residual_every = 1;
  config.seed = 5;
  return config;
}

template <typename Scalar>
std::vector<Scalar> everything_measured(const vg::Trainer<Scalar>& trainer) {
  const vg::Telemetry<Scalar>& t = trainer.telemetry();
  std::vector<Scalar> all;
  for (const std::vector<Scalar>* array : {&t.grad_w_norm, &t.grad_b_norm, &t.delta_norm, &t.act_mean, &t.act_std,
                                           &t.saturated_frac, &t.dead_frac, &t.weight_norm, &t.update_ratio,
                                           &t.act_hist, &t.grad_hist})
    all.insert(all.end(), array->begin(), array->end());
  const vg::StepStats& s = trainer.stats();
  for (const double value : {s.loss, s.train_accuracy, s.test_accuracy, s.test_loss})
    all.push_back(static_cast<Scalar>(value));
  return all;
}

template <typename Scalar>
bool bit_identical(const std::vector<Scalar>& a, const std::vector<Scalar>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Scalar)) == 0;
}

}  // namespace

TEMPLATE_TEST_CASE("the same seed gives bit-identical runs, and reset reproduces them", "[trainer]", float, double) {
  vg::Trainer<TestType> first, second;
  REQUIRE(first.configure(small_config()) == "");
  REQUIRE(second.configure(small_config()) == "");
  const std::vector<TestType> at_start = everything_measured(first);
  CHECK(bit_identical(at_start, everything_measured(second)));
  REQUIRE(first.step(37) == 37);
  REQUIRE(second.step(20) == 20);
  REQUIRE(second.step(17) == 17);  // the same steps split differently: the last-step telemetry matches
  const std::vector<TestType> after = everything_measured(first);
  CHECK(bit_identical(after, everything_measured(second)));
  CHECK_FALSE(bit_identical(after, at_start));

  first.reset();
  CHECK(first.stats().step == 0);
  CHECK(bit_identical(at_start, everything_measured(first)));
  REQUIRE(first.step(37) == 37);
  CHECK(bit_identical(after, everything_measured(first)));

  vg::Config other_seed = small_config();
  other_seed.seed = 6;
  REQUIRE(second.configure(other_seed) == "");
  second.step(37);
  CHECK_FALSE(bit_identical(after, everything_measured(second)));
}

TEST_CASE("float and double runs agree to float precision", "[trainer]") {
  vg::Trainer<float> single;
  vg::Trainer<double> twice;
  REQUIRE(single.configure(small_config()) == "");
  REQUIRE(twice.configure(small_config()) == "");
  single.step(5);
  twice.step(5);
  // Float keeps 24 bits (6e-8); 5 steps of a depth-4 net with batch norm and Adam lose about a decade
  // to rounding: measured 3e-7 on the gradient norms and 8e-8 on the loss. The bounds leave a decade
  // more; a formula that differs between float and double (a constant rounded to float, a
  // cancellation) is off by far more.
  double worst_gradient = 0;
  for (int l = 0; l < single.telemetry().num_layers; ++l) {
    const double in_double = twice.telemetry().grad_w_norm[l];
    worst_gradient = std::max(worst_gradient, std::abs(single.telemetry().grad_w_norm[l] - in_double) / in_double);
  }
  const double loss_difference = std::abs(single.stats().loss - twice.stats().loss) / twice.stats().loss;
  WARN("float vs double after 5 steps: gradient norms " << worst_gradient << ", loss " << loss_difference);
  CHECK(worst_gradient < 5e-6);
  CHECK(loss_difference < 1e-6);
}

namespace {
// The source texts' deep linear net W = 1.5 I, two units wide: every layer scales the signal by 1.5.
vg::Config linear_chain_config(int depth) {
  vg::Config config;
  config.dataset = vg::DatasetKind::Circle;
  config.activation = vg::Activation::Linear;
  config.init = vg::Init::ScaledIdentity;
  config.identity_scale = 1.5;
  config.depth = depth;
  config.width = 2;
  config.batch_size = 32;
  config.loss = vg::LossKind::MSE;
  return config;
}
}  // namespace

TEST_CASE("W = 1.5 I at 500 layers in float reports divergence instead of crashing", "[trainer]") {
  const vg::Config config = linear_chain_config(500);
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.step(10) == 1);
  const vg::StepStats& stats = trainer.stats();
  CHECK(stats.status == vg::RunStatus::Diverged);
  CHECK(stats.diverged_step == 1);
  // |x| ~ 1 times 1.5^l passes float's 3.4e38 near l = 219; the first non-finite activations sit there.
  CHECK(stats.diverged_layer > 150);
  CHECK(stats.diverged_layer < 260);
  CHECK(stats.message == "diverged at step 1, first non-finite value in layer " +
                             std::to_string(stats.diverged_layer) + " (activations)");
  // The telemetry of that step stays readable and locates the overflow.
  const vg::Telemetry<float>& telemetry = trainer.telemetry();
  REQUIRE(telemetry.num_layers == 501);
  CHECK(std::isfinite(telemetry.act_mean[stats.diverged_layer - 1]));
  CHECK_FALSE(std::isfinite(telemetry.act_std[stats.diverged_layer]));
  CHECK(std::isfinite(telemetry.weight_norm[0]));  // no update was applied
  CHECK(trainer.step(5) == 0);                      // a diverged run takes no more steps
  CHECK(trainer.stats().step == 1);
  trainer.reset();  // and reset starts it over
  CHECK(trainer.stats().status == vg::RunStatus::Ready);
  CHECK(trainer.stats().diverged_step == -1);
}

// The source texts' example at the page's default width: the 2-D input rides the first two of 32
// coordinates of a·[I 0], so layer l holds 1.5^(l+1) times it and float overflows near l = 219.
TEST_CASE("W = 1.5 I at width 32 and 852 layers overflows at init; the code and the forward norms say so",
          "[trainer]") {
  vg::Config config;
  config.activation = vg::Activation::Linear;
  config.init = vg::Init::ScaledIdentity;
  config.identity_scale = 1.5;
  config.depth = 852;
  config.width = 32;
  config.batch_size = 16;
  config.loss = vg::LossKind::MSE;
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.step(10) == 1);
  const vg::StepStats& stats = trainer.stats();
  REQUIRE(stats.status == vg::RunStatus::Diverged);
  CHECK(stats.diverged_cause == "init");
  CHECK(stats.diverged_part == "activations");
  const std::vector<double>& norms = stats.forward_norm;
  REQUIRE(norms.size() == static_cast<std::size_t>(stats.diverged_layer) + 1);
  CHECK(std::isinf(norms.back()));
  // Each finite layer is exactly 1.5 times the one before (identity on the kept coordinates).
  for (std::size_t l = 1; l + 1 < norms.size(); ++l) CHECK(norms[l] / norms[l - 1] == Approx(1.5).epsilon(1e-5));
  CHECK(norms[norms.size() - 2] > 1e37);
  CHECK(norms[norms.size() - 2] < 3.5e38);
}

TEST_CASE("a blow-up after some updates is coded as an optimization divergence", "[trainer]") {
  vg::Config config;
  config.activation = vg::Activation::ReLU;
  config.init = vg::Init::HeNormal;
  config.depth = 6;
  config.learning_rate = 10;
  config.loss = vg::LossKind::MSE;
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  trainer.step(2000);
  const vg::StepStats& stats = trainer.stats();
  REQUIRE(stats.status == vg::RunStatus::Diverged);
  CHECK(stats.diverged_step > 1);
  CHECK(stats.diverged_cause == "optimization");
  CHECK_FALSE(stats.forward_norm.empty());
}

// Only telemetry steps measure the per-example norms (trainer_run.cpp, take_one_step); a step that
// diverges between them must still show its own, or say that they are gone. Twin runs: one stepped
// one step per call (every step a telemetry step), one in a single long call (the divergence falls
// between telemetry steps).
namespace {
void check_norms_of_a_divergence_between_telemetry_steps(const vg::Config& config, const std::string& part) {
  vg::Trainer<float> one_per_call, one_call;
  REQUIRE(one_per_call.configure(config) == "");
  REQUIRE(one_call.configure(config) == "");
  while (one_per_call.stats().status != vg::RunStatus::Diverged && one_per_call.stats().step < 2000) one_per_call.step(1);
  one_call.step(2000);
  const vg::StepStats& stats = one_call.stats();
  REQUIRE(stats.status == vg::RunStatus::Diverged);
  REQUIRE(stats.diverged_part == part);
  REQUIRE(stats.diverged_step == one_per_call.stats().diverged_step);
  const vg::Telemetry<float>& measured = one_per_call.telemetry();
  const vg::Telemetry<float>& between = one_call.telemetry();
  using Norms = std::vector<float> vg::Telemetry<float>::*;
  for (const Norms norms : {&vg::Telemetry<float>::delta_norm, &vg::Telemetry<float>::delta_rms,
                            &vg::Telemetry<float>::example_grad_w_rms}) {
    REQUIRE((between.*norms).size() == (measured.*norms).size());
    for (std::size_t l = 0; l < (between.*norms).size(); ++l) {
      const float shown = (between.*norms)[l];
      const float expected = (measured.*norms)[l];
      if (part == "weights") {
        CHECK(std::isfinite(expected));  // measured before the update...
        CHECK(std::isnan(shown));        // ...which overflowed the weights they came from
      } else {
        CHECK((shown == expected || (std::isnan(shown) && std::isnan(expected))));
      }
    }
  }
}
}  // namespace

TEST_CASE("a divergence between telemetry steps shows that step's per-example norms", "[trainer]") {
  vg::Config config;
  config.telemetry_every = 10000;
  config.loss = vg::LossKind::MSE;
  SECTION("non-finite activations at step 3: the step's own norms, by a replayed backward") {
    config.activation = vg::Activation::ReLU;
    config.init = vg::Init::HeNormal;
    config.depth = 6;
    config.learning_rate = 10;
    check_norms_of_a_divergence_between_telemetry_steps(config, "activations");
  }
  SECTION("an update that overflows the weights (finite gradients): NaN, not another step's norms") {
    // 1.5^105 ~ 3e18 at the output: gradients near 1e38 are still finite, ten times them are not.
    config = linear_chain_config(104);
    config.telemetry_every = 10000;
    config.optimizer = vg::OptimizerKind::SGD;
    config.learning_rate = 10;
    check_norms_of_a_divergence_between_telemetry_steps(config, "weights");
  }
}

TEST_CASE("a learning rate that blows the run up is reported as divergence", "[trainer]") {
  vg::Config config = small_config();
  config.batch_norm = false;
  config.residual_every = 0;
  config.optimizer = vg::OptimizerKind::SGD;
  config.learning_rate = 10;
  config.loss = vg::LossKind::MSE;
  config.activation = vg::Activation::ReLU;
  config.init = vg::Init::HeNormal;
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  const int taken = trainer.step(50);
  CHECK(taken < 50);
  CHECK(trainer.stats().status == vg::RunStatus::Diverged);
  CHECK(trainer.stats().diverged_step == taken);
  CHECK(trainer.stats().message.rfind("diverged at step " + std::to_string(taken) + ", first non-finite value in layer ", 0) == 0);
}

TEST_CASE("Adam is stepped exactly once per training step", "[trainer]") {
  // Adam's first update is lr * g / (|g| + eps') = lr * sign(g) for every entry with |g| >> eps, so
  // the first step moves the weights by exactly lr * sqrt(#entries with a gradient). A trainer that
  // called the optimizer twice would move them twice as far.
  vg::Config config = small_config();
  config.batch_norm = false;
  config.residual_every = 0;
  config.learning_rate = 1e-3;
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(config) == "");
  const auto dump = trainer.dump_first_batch();
  REQUIRE(trainer.step(1) == 1);
  for (std::size_t l = 0; l < dump.layers.size(); ++l) {
    double before_squared = 0;
    int moving = 0;
    for (std::size_t i = 0; i < dump.layers[l].weights.size(); ++i) {
      before_squared += dump.layers[l].weights[i] * dump.layers[l].weights[i];
      if (std::abs(dump.layers[l].grad_weights[i]) > 1e-6) ++moving;
    }
    const double moved = trainer.telemetry().update_ratio[l] * std::sqrt(before_squared);
    INFO("layer " << l);
    CHECK(moved == Approx(config.learning_rate * std::sqrt(moving)).epsilon(1e-3));
  }
}

TEST_CASE("telemetry: sizes, histogram totals, measured at step 0 and at the last step of every call", "[trainer]") {
  vg::Config config = small_config();
  config.telemetry_every = 5;
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  const vg::Telemetry<float>& telemetry = trainer.telemetry();
  const int layers = config.depth + 1;
  REQUIRE(telemetry.num_layers == layers);
  REQUIRE(telemetry.hist_bins == config.hist_bins);
  CHECK(telemetry.grad_w_norm.size() == static_cast<std::size_t>(layers));
  CHECK(telemetry.act_hist.size() == static_cast<std::size_t>(layers * config.hist_bins));
  const float* const buffer_before = telemetry.act_hist.data();
  CHECK(telemetry.act_hist_lo == -1.0f);  // tanh's range
  CHECK(telemetry.act_hist_hi == 1.0f);
  for (int l = 0; l < layers; ++l) {
    const auto begin = telemetry.act_hist.begin() + l * config.hist_bins;
    const float act_total = std::accumulate(begin, begin + config.hist_bins, 0.0f);
    const int units = l < config.depth ? config.width : 1;
    CHECK(act_total == static_cast<float>(units * config.batch_size));
    const auto grad_begin = telemetry.grad_hist.begin() + l * config.hist_bins;
    const float grad_total = std::accumulate(grad_begin, grad_begin + config.hist_bins, 0.0f);
    const int fan_in = l == 0 ? 2 : config.width;
    CHECK(grad_total == static_cast<float>(units * fan_in));
  }
  // Step 0 is measured (the initial picture), and the last step of each call. (Steps measured inside
  // a call are overwritten before anyone can read them; that the measurement does not disturb the run
  // is the bit-identical split run above.)
  const float initial_norm = telemetry.grad_w_norm[0];
  CHECK(initial_norm > 0);
  CHECK(telemetry.update_ratio[0] == 0);
  trainer.step(3);  // the last step of the call (step 3) is measured
  const float at_three = telemetry.grad_w_norm[0];
  CHECK(at_three != initial_norm);
  CHECK(telemetry.update_ratio[0] > 0);
  trainer.step(1);  // step 4 is the last of its call: measured
  CHECK(telemetry.grad_w_norm[0] != at_three);
  CHECK(telemetry.act_hist.data() == buffer_before);  // never reallocated during a run
}

TEST_CASE("saturation and dead units are measured", "[trainer]") {
  vg::Config config = small_config();
  config.batch_norm = false;
  config.residual_every = 0;
  config.activation = vg::Activation::Sigmoid;
  config.init = vg::Init::Naive;
  config.gain = 10;  // pre-activations ~ N(0, 100 * fan_in): nearly every sigmoid saturates
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.telemetry().saturated_frac[1] > 0.5f);
  CHECK(trainer.telemetry().saturated_frac[config.depth - 1] > 0.5f);
  CHECK(trainer.telemetry().dead_frac[1] == 0.0f);

  config.activation = vg::Activation::ReLU;
  config.init = vg::Init::HeNormal;
  config.gain = 0.01;
  config.bias_init = -10;  // z = -10 + O(0.1): every ReLU starts dead
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.telemetry().dead_frac[0] == 1.0f);
  CHECK(trainer.telemetry().saturated_frac[0] == 0.0f);
  CHECK(trainer.telemetry().grad_w_norm[0] == 0.0f);
}

TEST_CASE("an invalid config is refused and leaves the previous run intact", "[trainer]") {
  vg::Trainer<float> trainer;
  CHECK(trainer.step(3) == 0);  // nothing configured yet
  REQUIRE(trainer.configure(small_config()) == "");
  trainer.step(2);
  vg::Config bad = small_config();
  bad.depth = 0;
  const std::string message = trainer.configure(bad);
  CHECK(message.find("depth") != std::string::npos);
  CHECK(trainer.config().depth == small_config().depth);
  CHECK(trainer.stats().step == 2);
  CHECK(trainer.step(1) == 1);
}

TEST_CASE("data accessors, evaluation and the decision grid", "[trainer]") {
  vg::Config config = small_config();
  config.num_samples = 300;
  config.test_fraction = 0.2;
  vg::Trainer<float> trainer;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.input_dim() == 2);
  CHECK(trainer.num_classes() == 2);
  CHECK(trainer.train_labels().size() == 240);
  CHECK(trainer.test_labels().size() == 60);
  CHECK(trainer.train_inputs().size() == 480);
  CHECK(trainer.test_inputs().size() == 120);
  trainer.step(300);
  CHECK(trainer.stats().train_accuracy > 0.8);  // two moons with a small tanh net and Adam
  CHECK(trainer.stats().test_accuracy > 0.7);
  CHECK(std::isfinite(trainer.stats().test_loss));

  const std::vector<float>& grid = trainer.predict_grid(20, -6, 6, -6, 6);
  REQUIRE(grid.size() == 400);
  for (const float p : grid) {
    CHECK(p >= 0.0f);
    CHECK(p <= 1.0f);
  }
  CHECK(trainer.predict_grid(0, -6, 6, -6, 6).empty());
  CHECK(trainer.predict_grid(20, -6, std::nan(""), -6, 6).empty());

  config.dataset = vg::DatasetKind::Digits;
  config.loss = vg::LossKind::SoftmaxCrossEntropy;
  REQUIRE(trainer.configure(config) == "");
  CHECK(trainer.input_dim() == 64);
  CHECK(trainer.num_classes() == 10);
  CHECK(trainer.predict_grid(20, -6, 6, -6, 6).empty());
}

TEST_CASE("the first-batch dump matches the step-0 telemetry and leaves the run untouched", "[trainer]") {
  vg::Trainer<double> dumped, plain;
  REQUIRE(dumped.configure(small_config()) == "");
  REQUIRE(plain.configure(small_config()) == "");
  const auto dump = dumped.dump_first_batch();
  REQUIRE(dump.layers.size() == static_cast<std::size_t>(small_config().depth + 1));
  CHECK(dump.batch == small_config().batch_size);
  CHECK(dump.inputs.size() == static_cast<std::size_t>(dump.batch * dump.input_dim));
  CHECK(dump.loss == dumped.stats().loss);
  double grad_squared = 0;
  for (const double g : dump.layers[0].grad_weights) grad_squared += g * g;
  CHECK(std::sqrt(grad_squared) == Approx(dumped.telemetry().grad_w_norm[0]).epsilon(1e-12));
  CHECK(dump.layers[1].bn_gamma.size() == static_cast<std::size_t>(small_config().width));
  dumped.step(3);
  plain.step(3);
  CHECK(dumped.stats().loss == plain.stats().loss);
  CHECK(dumped.dump_first_batch().layers.empty());  // only at step 0
}

TEST_CASE("evaluation uses the running statistics that training steps gather", "[trainer]") {
  // A learning rate too small to move the weights: the network stays as initialized, and after 150
  // steps batch norm's running statistics are the data's (0.9^150 ~ 1e-7 of the start remains). The
  // pre-activations are far from N(0, 1) (gain 3, bias 0.5), so inference with the fresh (0, 1)
  // statistics would give another loss; with the gathered ones, the test split's loss in inference
  // mode matches the training-mode loss of a batch that is the whole training split, up to the
  // difference between the two halves of the data (measured 7%; fresh statistics: a factor 2.7).
  vg::Config config = small_config();
  config.num_samples = 2000;
  config.test_fraction = 0.5;
  config.batch_size = 1000;
  config.optimizer = vg::OptimizerKind::SGD;
  config.learning_rate = 1e-9;
  config.gain = 3;
  config.bias_init = 0.5;
  config.residual_every = 0;
  vg::Trainer<double> trainer;
  REQUIRE(trainer.configure(config) == "");
  const double fresh_statistics_loss = trainer.stats().test_loss;
  REQUIRE(trainer.step(150) == 150);
  const double training_mode_loss = trainer.stats().loss;
  const double inference_loss = trainer.stats().test_loss;
  WARN("loss: training mode " << training_mode_loss << ", inference " << inference_loss
                              << ", inference with fresh statistics " << fresh_statistics_loss);
  CHECK(inference_loss == Approx(training_mode_loss).epsilon(0.15));
  CHECK(std::abs(fresh_statistics_loss - training_mode_loss) > 0.5 * training_mode_loss);
}
