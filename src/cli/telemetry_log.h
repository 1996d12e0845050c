// Per-telemetry-step records of a run, written as JSON (everything, histograms included) or CSV
// (one row per step and layer, histograms left out).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "config_json.h"
#include "trainer.h"

namespace vg::cli {

// The per-layer arrays of Telemetry, by name, in the order of the JSON object and the CSV columns.
inline constexpr const char* kLayerArrayNames[] = {"grad_w_norm",    "grad_b_norm", "delta_norm",
                                                   "act_mean",       "act_std",     "saturated_frac",
                                                   "dead_frac",      "weight_norm", "update_ratio",
                                                   "delta_rms",      "example_grad_w_rms"};
inline constexpr int kNumLayerArrays = sizeof(kLayerArrayNames) / sizeof(kLayerArrayNames[0]);

struct TelemetryRecord {
  StepStats stats;
  std::vector<std::vector<double>> layer_arrays;  // kNumLayerArrays arrays of num_layers values
  std::vector<double> act_hist, grad_hist;        // num_layers * hist_bins, row-major by layer
};

class TelemetryLog {
 public:
  template <typename Scalar>
  void record(const StepStats& stats, const Telemetry<Scalar>& telemetry);

  // The whole run: header (config, sizes, histogram ranges), the final result and every record.
  Json to_json(const Config& config, const std::string& precision, const StepStats& final_stats) const;
  void write_csv(std::ostream& out) const;

  std::size_t size() const { return records_.size(); }

 private:
  std::vector<TelemetryRecord> records_;
  int num_layers_ = 0, hist_bins_ = 0;
  double act_hist_lo_ = 0, act_hist_hi_ = 0, grad_hist_lo_ = 0, grad_hist_hi_ = 0;
};

// The run's outcome as a JSON object: status ("completed" or "diverged"), steps, loss, accuracies,
// and for a diverged run the step, layer and message. Printed on stdout and stored in the JSON log.
Json result_json(const StepStats& stats);

extern template void TelemetryLog::record<float>(const StepStats&, const Telemetry<float>&);
extern template void TelemetryLog::record<double>(const StepStats&, const Telemetry<double>&);

}  // namespace vg::cli
