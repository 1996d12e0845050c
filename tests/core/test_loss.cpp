// The three losses against their textbook forms, written out here independently of loss.cpp: binary
// cross-entropy -y log s(z) - (1-y) log(1 - s(z)), softmax cross-entropy -log(e^z_y / sum e^z), and the
// mean over outputs of (z - onehot)^2; each averaged over the batch, with its gradient.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "loss.h"

namespace {

using vg::ArrayXX;
using vg::LossKind;

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

struct Batch {
  ArrayXX<double> logits;
  std::vector<int> labels;
};

// Moderate logits (|z| <= 4), where the textbook forms are accurate to ~1e-15 as written.
Batch binary_batch() {
  Batch batch;
  batch.logits.resize(1, 5);
  batch.logits << -3.0, -0.5, 0.0, 0.7, 4.0;
  batch.labels = {0, 1, 1, 0, 1};
  return batch;
}

Batch three_class_batch() {
  Batch batch;
  batch.logits.resize(3, 4);
  batch.logits << 0.2, -1.0, 3.0, 0.0,  //
      1.5, 0.4, -2.0, 0.0,              //
      -0.7, 2.2, 0.5, 0.0;
  batch.labels = {1, 2, 0, 2};
  return batch;
}

}  // namespace

TEST_CASE("binary cross-entropy and its gradient match the textbook form", "[loss]") {
  const Batch batch = binary_batch();
  const int count = static_cast<int>(batch.labels.size());
  double expected = 0;
  for (int e = 0; e < count; ++e) {
    const double p = sigmoid(batch.logits(0, e));
    expected += batch.labels[e] == 1 ? -std::log(p) : -std::log(1 - p);
  }
  expected /= count;
  ArrayXX<double> gradient(1, count);
  CHECK(vg::loss_and_gradient(LossKind::BinaryCrossEntropy, batch.logits, batch.labels.data(), gradient) ==
        Approx(expected).epsilon(1e-13));
  for (int e = 0; e < count; ++e) {
    INFO("example " << e);
    CHECK(gradient(0, e) == Approx((sigmoid(batch.logits(0, e)) - batch.labels[e]) / count).epsilon(1e-13));
  }
  // Summed (evaluation) form: the same sum, not divided.
  CHECK(vg::loss_totals(LossKind::BinaryCrossEntropy, batch.logits, batch.labels.data(), count).loss_sum ==
        Approx(expected * count).epsilon(1e-13));
  // z = 0 costs log 2 whatever the label; a confident wrong logit costs about |z| (no overflow).
  ArrayXX<double> edge(1, 2);
  edge << 0.0, 800.0;
  const int labels[2] = {1, 0};
  ArrayXX<double> edge_gradient(1, 2);
  CHECK(vg::loss_and_gradient(LossKind::BinaryCrossEntropy, edge, labels, edge_gradient) ==
        Approx((std::log(2.0) + 800.0) / 2).epsilon(1e-14));
  CHECK(edge_gradient(0, 1) == 0.5);  // (sigmoid(800) - 0) / 2
}

TEST_CASE("softmax cross-entropy and its gradient match the textbook form", "[loss]") {
  const Batch batch = three_class_batch();
  const int count = static_cast<int>(batch.labels.size());
  double expected = 0;
  ArrayXX<double> probabilities(3, count);
  for (int e = 0; e < count; ++e) {
    double total = 0;
    for (int c = 0; c < 3; ++c) total += std::exp(batch.logits(c, e));
    for (int c = 0; c < 3; ++c) probabilities(c, e) = std::exp(batch.logits(c, e)) / total;
    expected -= std::log(probabilities(batch.labels[e], e));
  }
  expected /= count;
  ArrayXX<double> gradient(3, count);
  CHECK(vg::loss_and_gradient(LossKind::SoftmaxCrossEntropy, batch.logits, batch.labels.data(), gradient) ==
        Approx(expected).epsilon(1e-13));
  for (int e = 0; e < count; ++e) {
    for (int c = 0; c < 3; ++c) {
      INFO("example " << e << ", class " << c);
      const double target = c == batch.labels[e] ? 1.0 : 0.0;
      CHECK(gradient(c, e) == Approx((probabilities(c, e) - target) / count).epsilon(1e-12).margin(1e-15));
    }
  }
  // Equal logits (the last column): log 3 exactly.
  CHECK(vg::loss_totals(LossKind::SoftmaxCrossEntropy, batch.logits.rightCols(1).eval(), batch.labels.data() + 3, 1)
            .loss_sum == Approx(std::log(3.0)).epsilon(1e-15));
  // Logits far beyond exp's range stay finite: the loss is the gap to the winning logit.
  ArrayXX<double> huge(3, 1);
  huge << 1000.0, 0.0, -1000.0;
  const int label = 1;
  ArrayXX<double> huge_gradient(3, 1);
  CHECK(vg::loss_and_gradient(LossKind::SoftmaxCrossEntropy, huge, &label, huge_gradient) ==
        Approx(1000.0).epsilon(1e-14));
}

TEST_CASE("mean squared error and its gradient match the textbook form", "[loss]") {
  const Batch batch = three_class_batch();
  const int count = static_cast<int>(batch.labels.size());
  double expected = 0;
  for (int e = 0; e < count; ++e) {
    for (int c = 0; c < 3; ++c) {
      const double error = batch.logits(c, e) - (c == batch.labels[e] ? 1.0 : 0.0);
      expected += error * error / 3;
    }
  }
  expected /= count;
  ArrayXX<double> gradient(3, count);
  CHECK(vg::loss_and_gradient(LossKind::MSE, batch.logits, batch.labels.data(), gradient) ==
        Approx(expected).epsilon(1e-14));
  for (int e = 0; e < count; ++e) {
    for (int c = 0; c < 3; ++c) {
      INFO("example " << e << ", class " << c);
      const double error = batch.logits(c, e) - (c == batch.labels[e] ? 1.0 : 0.0);
      CHECK(gradient(c, e) == Approx(2 * error / (3 * count)).epsilon(1e-14).margin(1e-16));
    }
  }
}

TEST_CASE("float losses agree with double to float precision", "[loss]") {
  for (const LossKind kind : {LossKind::BinaryCrossEntropy, LossKind::SoftmaxCrossEntropy, LossKind::MSE}) {
    const Batch batch = kind == LossKind::BinaryCrossEntropy ? binary_batch() : three_class_batch();
    ArrayXX<double> gradient(batch.logits.rows(), batch.logits.cols());
    ArrayXX<float> gradient_float(batch.logits.rows(), batch.logits.cols());
    const double in_double = vg::loss_and_gradient(kind, batch.logits, batch.labels.data(), gradient);
    const ArrayXX<float> logits_float = batch.logits.cast<float>();  // these logits are exact in float
    const double in_float = vg::loss_and_gradient(kind, logits_float, batch.labels.data(), gradient_float);
    INFO("loss " << vg::name_of(kind));
    CHECK(in_float == Approx(in_double).epsilon(1e-6));
    CHECK((gradient_float.cast<double>() - gradient).abs().maxCoeff() < 1e-7);
  }
}
