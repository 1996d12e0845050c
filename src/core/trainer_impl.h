// The state of one run, shared by the two halves of the Trainer: trainer.cpp (configure and train)
// and trainer_queries.cpp (what a run is asked afterwards: grids, views, spectra, the first-step dump).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "batch_order.h"
#include "loss.h"
#include "network.h"
#include "optimizer.h"
#include "telemetry.h"
#include "trainer.h"

namespace vg {

template <typename Scalar>
struct Trainer<Scalar>::Impl {
  Config config;
  bool configured = false;
  int input_dim = 0;
  int num_classes = 0;
  std::vector<Scalar> train_x, test_x;  // row-major n x input_dim (= column-major input_dim x n)
  std::vector<int> train_y, test_y;

  std::unique_ptr<Network<Scalar>> network;
  std::unique_ptr<Optimizer<Scalar>> optimizer;
  std::vector<ParamBlock<Scalar>> blocks;
  std::vector<int> blocks_of_layer_begin;  // blocks of layer l: [begin[l], begin[l+1])
  BatchOrder order;
  ArrayXX<Scalar> batch_x;                 // input_dim x B
  std::vector<int> batch_y;                // B
  // num_layers each, written by the backward of a telemetry step (see ErrorSignalNorms and
  // take_one_step); telemetry copies them.
  std::vector<Scalar> delta_norm, delta_rms, example_grad_w_rms;
  ErrorSignalNorms<Scalar> error_norms;
  TelemetryRecorder<Scalar> recorder;
  Telemetry<Scalar> telemetry;
  StepStats stats;
  std::vector<Scalar> grid;

  std::string build(const Config& new_config);
  void restart();
  void fill_batch(BatchOrder& source);
  double forward_backward(bool update_running_stats, bool measure_error_norms);
  void measure(bool update_applied);
  void evaluate();
  LossTotals evaluate_split(const std::vector<Scalar>& x, const std::vector<int>& y);
  bool find_non_finite(int& layer, const char*& what, double loss) const;
  bool take_one_step(bool telemetry_step);
  void record_forward_norms();
};

}  // namespace vg
