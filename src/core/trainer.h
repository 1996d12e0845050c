// The public face of the core: configure a run, step it, read its telemetry.
// Everything the page, the CLI and the tests see goes through this class.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config.h"

namespace vg {

struct NetworkView;  // network_view.h

enum class RunStatus : int { Ready = 0, Running = 1, Diverged = 2 };

// Per-layer telemetry, laid out as flat contiguous arrays that the Trainer allocates once in
// configure() and never reallocates during a run (JS reads them as typed_memory_view).
// "Layer" l runs over the hidden layers 0..depth-1 (0 nearest the input) and then the output layer
// (index depth), so every array has num_layers = depth + 1 entries (histograms num_layers * hist_bins,
// row-major: layer l occupies [l*hist_bins, (l+1)*hist_bins)).
template <typename Scalar>
struct Telemetry {
  int num_layers = 0;
  int hist_bins = 0;
  std::vector<Scalar> grad_w_norm;     // ||dL/dW_l||_F
  std::vector<Scalar> grad_b_norm;     // ||dL/db_l||_2
  std::vector<Scalar> delta_norm;      // ||dL_e/dz_l||_2 of each example's own loss L_e, averaged over the batch
  // Each example's own error signal and gradient (what mean-field theory predicts; the batch-mean
  // gradient above is smaller where examples cancel), root mean square over the batch:
  std::vector<Scalar> delta_rms;           // of ||dL_e/dz_l||_2
  std::vector<Scalar> example_grad_w_rms;  // of ||dL_e/dW_l||_F = ||dL_e/dz_l|| * ||a_{l-1,e}||
  std::vector<Scalar> act_mean;        // mean of the layer's output a_l over batch and units
  std::vector<Scalar> act_std;         // standard deviation of the same
  std::vector<Scalar> saturated_frac;  // share of (unit, example) pairs with phi'(z) < 1% of max phi'
                                       // (sigmoid, tanh only; 0 for others)
  std::vector<Scalar> dead_frac;       // share of units whose output is 0 for the whole batch
                                       // (ReLU only; 0 for others)
  std::vector<Scalar> weight_norm;     // ||W_l||_F after the step
  std::vector<Scalar> update_ratio;    // ||W_l(after) - W_l(before)||_F / ||W_l(before)||_F
  std::vector<Scalar> act_hist;        // counts of a_l values in hist_bins bins over [act_hist_lo, act_hist_hi]
  std::vector<Scalar> grad_hist;       // counts of log10|dL/dW_l| entries over [grad_hist_lo, grad_hist_hi]
  Scalar act_hist_lo = 0, act_hist_hi = 1;   // from the activation's range (values outside clamp to the end bins)
  Scalar grad_hist_lo = -20, grad_hist_hi = 4;  // decades; exact zeros count in bin 0
};

// Every telemetry array, once: the name the CLI's files, the bindings and the page all use, and its
// member. In this order the per-layer arrays (num_layers values each) are the CLI's CSV columns; the
// histograms (last) hold num_layers x hist_bins values.
template <typename Scalar>
struct TelemetryArray {
  const char* name;
  std::vector<Scalar> Telemetry<Scalar>::*member;
  bool histogram;       // num_layers x hist_bins values (else num_layers)
  const char* meaning;  // one line, for the schema (config_schema.cpp) and the CLI's --help
};

template <typename Scalar>
inline constexpr TelemetryArray<Scalar> kTelemetryArrays[] = {
    {"grad_w_norm", &Telemetry<Scalar>::grad_w_norm, false, "Frobenius norm of the batch gradient dL/dW of the layer's weights"},
    {"grad_b_norm", &Telemetry<Scalar>::grad_b_norm, false, "L2 norm of the batch gradient dL/db of the layer's biases"},
    {"delta_norm", &Telemetry<Scalar>::delta_norm, false, "L2 norm of each example's error signal dL_e/dz, averaged over the batch"},
    {"act_mean", &Telemetry<Scalar>::act_mean, false, "mean of the layer's output over batch and units"},
    {"act_std", &Telemetry<Scalar>::act_std, false, "standard deviation of the layer's output over batch and units"},
    {"saturated_frac", &Telemetry<Scalar>::saturated_frac, false, "share of (unit, example) pairs with phi'(z) below 1% of its maximum (sigmoid, tanh; else 0)"},
    {"dead_frac", &Telemetry<Scalar>::dead_frac, false, "share of units whose output is 0 for the whole batch (ReLU; else 0)"},
    {"weight_norm", &Telemetry<Scalar>::weight_norm, false, "Frobenius norm of the layer's weights after the step"},
    {"update_ratio", &Telemetry<Scalar>::update_ratio, false, "norm of the step's weight change over the norm of the weights before it"},
    {"delta_rms", &Telemetry<Scalar>::delta_rms, false, "root mean square over the batch of each example's ||dL_e/dz||"},
    {"example_grad_w_rms", &Telemetry<Scalar>::example_grad_w_rms, false, "root mean square over the batch of each example's ||dL_e/dW||"},
    {"act_hist", &Telemetry<Scalar>::act_hist, true, "counts of the layer's output values in hist_bins bins over act_hist_lo..act_hist_hi (the activation's range)"},
    {"grad_hist", &Telemetry<Scalar>::grad_hist, true, "counts of log10 |dL/dW| entries in hist_bins bins over grad_hist_lo..grad_hist_hi (decades)"},
};

// How many of them are per-layer (not histograms).
constexpr int num_layer_arrays() {
  int count = 0;
  for (const auto& array : kTelemetryArrays<float>) count += array.histogram ? 0 : 1;
  return count;
}

// Scalars of the latest step. Accuracies are fractions in [0, 1].
struct StepStats {
  std::int64_t step = 0;  // steps taken since reset
  double loss = 0;        // training loss of the latest batch
  double train_accuracy = 0;  // on the whole training split, at the latest telemetry step
  double test_accuracy = 0;   // on the test split, at the latest telemetry step
  double test_loss = 0;
  RunStatus status = RunStatus::Ready;
  std::int64_t diverged_step = -1;  // first step with a non-finite value
  int diverged_layer = -1;          // first layer (index as in Telemetry) holding it; num_layers-1 = output/loss
  std::string message;              // e.g. "diverged at step 12, first non-finite value in layer 3 (gradients)";
                                    // the part is one of activations, gradients, weights, loss
  // The same divergence as a code for pages that word it themselves: the part (as in message) and
  // the cause: "init" when it happened at step 1, before any update (the initial weights alone
  // overflow: the exploding gradient itself), else "optimization" (an update blew up).
  std::string diverged_part;
  std::string diverged_cause;
  // Per-example L2 norm of each hidden layer's output a_l, averaged over the batch, in double, for
  // the diverging step: layers 0 .. up to the first non-finite one (+inf there), so a page can show
  // the growth that led to the overflow. Empty while the run is finite.
  std::vector<double> forward_norm;
};

template <typename Scalar>
class Trainer {
 public:
  Trainer();
  ~Trainer();
  Trainer(Trainer&&) noexcept;
  Trainer& operator=(Trainer&&) noexcept;

  // Validates, builds the data set and the network, initializes from the seed. Returns "" or a
  // message. An invalid config leaves the previous run unchanged; a valid one frees the previous run
  // first (two runs are never held at once), and if building then fails (out of memory) the trainer
  // is left unconfigured: step() takes no steps until the next successful configure. Never throws.
  std::string configure(const Config& config);
  void reset();  // same config, same seed: back to step 0 with identical weights and batch order

  // Takes up to n steps; stops early on divergence. Returns the number of steps taken.
  int step(int n);

  const Config& config() const;
  const StepStats& stats() const;
  const Telemetry<Scalar>& telemetry() const;
  int input_dim() const;
  int num_classes() const;

  // Class-1 probability (binary) or the winning class index (multi-class), evaluated in inference
  // mode (batch norm uses running statistics) on a res x res grid over [x0,x1] x [y0,y1], row-major
  // from y0. 2-D data sets only; returns an empty vector otherwise.
  const std::vector<Scalar>& predict_grid(int res, double x0, double x1, double y0, double y1);

  // Every hidden unit's output over the same kind of grid, the output logits, and every link's |W|
  // and latest |dL/dW| (network_view.h); refused (the view's error) for a network larger than
  // kNetworkViewMaxDepth x kNetworkViewMaxWidth, a data set that is not 2-D, or before configure.
  NetworkView network_view(int res, double x0, double x1, double y0, double y1);

  // The data, for drawing: features row-major (n x input_dim) and labels.
  const std::vector<Scalar>& train_inputs() const;
  const std::vector<int>& train_labels() const;
  const std::vector<Scalar>& test_inputs() const;
  const std::vector<int>& test_labels() const;

  // Singular values of the input-output Jacobian d(last hidden layer output)/d(input) at
  // `num_inputs` training examples (from the first), pooled and sorted descending. Inference mode.
  // Bounded cost: width <= 128 and num_inputs <= 16, else empty. (Pennington et al. 2017.)
  std::vector<double> jacobian_singular_values(int num_inputs);

  // Everything needed to check the first step's gradients with another framework: the initial
  // parameters, the first batch, its loss and every layer's gradients (nothing is updated).
  // Only valid at step 0 (after configure or reset); otherwise returns an empty dump.
  struct LayerDump {
    int rows = 0, cols = 0;                   // W: rows x cols (out x in); Maxout: rows = width * pieces
    std::vector<double> weights, biases;      // W row-major, b
    std::vector<double> grad_weights, grad_biases;
    std::vector<double> bn_gamma, bn_beta, grad_bn_gamma, grad_bn_beta;  // empty without batch norm
  };
  struct GradientDump {
    int batch = 0, input_dim = 0;
    std::vector<double> inputs;  // batch x input_dim, row-major
    std::vector<int> labels;
    double loss = 0;
    std::vector<LayerDump> layers;  // hidden layers then output, as in Telemetry
  };
  GradientDump dump_first_batch();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

extern template class Trainer<float>;
extern template class Trainer<double>;

}  // namespace vg
