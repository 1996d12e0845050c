#include "telemetry_log.h"

#include <cmath>

namespace vg::cli {
namespace {

template <typename Scalar>
const std::vector<Scalar>& layer_array(const Telemetry<Scalar>& telemetry, int index) {
  const std::vector<Scalar>* arrays[kNumLayerArrays] = {
      &telemetry.grad_w_norm, &telemetry.grad_b_norm, &telemetry.delta_norm,
      &telemetry.act_mean,    &telemetry.act_std,     &telemetry.saturated_frac,
      &telemetry.dead_frac,   &telemetry.weight_norm, &telemetry.update_ratio,
      &telemetry.delta_rms,   &telemetry.example_grad_w_rms};
  return *arrays[index];
}

template <typename Scalar>
std::vector<double> to_double(const std::vector<Scalar>& values) {
  return std::vector<double>(values.begin(), values.end());
}

// JSON has no NaN or infinity: a non-finite value is written as null.
Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json numbers(const std::vector<double>& values) {
  Json array = Json::array();
  for (double value : values) array.push_back(number(value));
  return array;
}

Json histogram_rows(const std::vector<double>& counts, int num_layers, int bins) {
  Json rows = Json::array();
  for (int layer = 0; layer < num_layers; ++layer)
    rows.push_back(numbers(std::vector<double>(counts.begin() + std::size_t(layer) * bins,
                                               counts.begin() + std::size_t(layer + 1) * bins)));
  return rows;
}

// CSV cells: the shortest round-trip form, and nan/inf spelled out.
std::string cell(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return Json(value).dump();
}

}  // namespace

template <typename Scalar>
void TelemetryLog::record(const StepStats& stats, const Telemetry<Scalar>& telemetry) {
  num_layers_ = telemetry.num_layers;
  hist_bins_ = telemetry.hist_bins;
  act_hist_lo_ = telemetry.act_hist_lo;
  act_hist_hi_ = telemetry.act_hist_hi;
  grad_hist_lo_ = telemetry.grad_hist_lo;
  grad_hist_hi_ = telemetry.grad_hist_hi;
  TelemetryRecord entry;
  entry.stats = stats;
  for (int index = 0; index < kNumLayerArrays; ++index)
    entry.layer_arrays.push_back(to_double(layer_array(telemetry, index)));
  entry.act_hist = to_double(telemetry.act_hist);
  entry.grad_hist = to_double(telemetry.grad_hist);
  records_.push_back(std::move(entry));
}

Json result_json(const StepStats& stats) {
  Json result;
  result["status"] = stats.status == RunStatus::Diverged ? "diverged" : "completed";
  result["steps"] = stats.step;
  result["loss"] = number(stats.loss);
  result["train_accuracy"] = number(stats.train_accuracy);
  result["test_accuracy"] = number(stats.test_accuracy);
  result["test_loss"] = number(stats.test_loss);
  result["diverged_step"] = stats.diverged_step;
  result["diverged_layer"] = stats.diverged_layer;
  result["message"] = stats.message;
  return result;
}

Json TelemetryLog::to_json(const Config& config, const std::string& precision, const StepStats& final_stats) const {
  Json document;
  document["format"] = "vg-telemetry";
  document["version"] = 1;
  document["precision"] = precision;
  document["config"] = config_to_json(config);
  document["num_layers"] = num_layers_;
  document["hist_bins"] = hist_bins_;
  document["hist_ranges"] = {{"act_lo", act_hist_lo_}, {"act_hi", act_hist_hi_},
                             {"grad_lo", grad_hist_lo_}, {"grad_hi", grad_hist_hi_}};
  document["result"] = result_json(final_stats);
  Json records = Json::array();
  for (const auto& entry : records_) {
    Json record;
    record["step"] = entry.stats.step;
    record["loss"] = number(entry.stats.loss);
    record["train_accuracy"] = number(entry.stats.train_accuracy);
    record["test_accuracy"] = number(entry.stats.test_accuracy);
    record["test_loss"] = number(entry.stats.test_loss);
    Json layers;
    for (int index = 0; index < kNumLayerArrays; ++index)
      layers[kLayerArrayNames[index]] = numbers(entry.layer_arrays[index]);
    layers["act_hist"] = histogram_rows(entry.act_hist, num_layers_, hist_bins_);
    layers["grad_hist"] = histogram_rows(entry.grad_hist, num_layers_, hist_bins_);
    record["layers"] = std::move(layers);
    records.push_back(std::move(record));
  }
  document["records"] = std::move(records);
  return document;
}

void TelemetryLog::write_csv(std::ostream& out) const {
  out << "step,layer,loss,train_accuracy,test_accuracy,test_loss";
  for (const char* name : kLayerArrayNames) out << ',' << name;
  out << '\n';
  for (const auto& entry : records_) {
    const StepStats& stats = entry.stats;
    const std::string shared = "," + cell(stats.loss) + "," + cell(stats.train_accuracy) + "," +
                               cell(stats.test_accuracy) + "," + cell(stats.test_loss);
    for (int layer = 0; layer < num_layers_; ++layer) {
      out << stats.step << ',' << layer << shared;
      for (const auto& values : entry.layer_arrays) out << ',' << cell(values[layer]);
      out << '\n';
    }
  }
}

template void TelemetryLog::record<float>(const StepStats&, const Telemetry<float>&);
template void TelemetryLog::record<double>(const StepStats&, const Telemetry<double>&);

}  // namespace vg::cli
