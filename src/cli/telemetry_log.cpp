#include "telemetry_log.h"

#include <cmath>

namespace vg::cli {
namespace {

// JSON has no NaN or infinity: a non-finite value is written as null.
Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

template <typename Scalar>
Json numbers(typename std::vector<Scalar>::const_iterator begin, typename std::vector<Scalar>::const_iterator end) {
  Json array = Json::array();
  for (auto value = begin; value != end; ++value) array.push_back(number(static_cast<double>(*value)));
  return array;
}

template <typename Scalar>
Json histogram_rows(const std::vector<Scalar>& counts, int num_layers, int bins) {
  Json rows = Json::array();
  for (int layer = 0; layer < num_layers; ++layer)
    rows.push_back(numbers<Scalar>(counts.begin() + std::ptrdiff_t(layer) * bins,
                                   counts.begin() + std::ptrdiff_t(layer + 1) * bins));
  return rows;
}

// CSV cells: the shortest round-trip form, and nan/inf spelled out.
std::string cell(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return Json(value).dump();
}

// The longest a number prints: "-1.2345678901234567e-308" and a separator.
constexpr std::uint64_t kMaxNumberBytes = 25;

}  // namespace

std::uint64_t max_json_record_bytes(int num_layers, int hist_bins) {
  const std::uint64_t values = std::uint64_t(num_layers) * (num_layer_arrays() + 2 * std::uint64_t(hist_bins));
  // Numbers, the brackets around each layer's histogram rows, and the names and step fields.
  return values * kMaxNumberBytes + 4 * std::uint64_t(num_layers) + 512;
}

std::uint64_t max_csv_record_bytes(int num_layers) {
  return std::uint64_t(num_layers) * (6 + num_layer_arrays()) * kMaxNumberBytes;
}

template <typename Scalar>
TelemetryWriter::TelemetryWriter(std::ostream* json, std::ostream* csv, const Config& config,
                                 const std::string& precision, const Telemetry<Scalar>& telemetry)
    : json_(json), csv_(csv) {
  if (json_) {
    Json header;
    header["format"] = "vg-telemetry";
    header["version"] = 1;
    header["precision"] = precision;
    header["config"] = config_to_json(config);
    header["num_layers"] = telemetry.num_layers;
    header["hist_bins"] = telemetry.hist_bins;
    header["hist_ranges"] = {{"act_lo", double(telemetry.act_hist_lo)}, {"act_hi", double(telemetry.act_hist_hi)},
                             {"grad_lo", double(telemetry.grad_hist_lo)}, {"grad_hi", double(telemetry.grad_hist_hi)}};
    std::string text = header.dump();
    text.pop_back();  // the closing brace: records and the result follow
    *json_ << text << ",\"records\":[";
  }
  if (csv_) {
    *csv_ << "step,layer,loss,train_accuracy,test_accuracy,test_loss";
    for (const auto& array : kTelemetryArrays<Scalar>)
      if (!array.histogram) *csv_ << ',' << array.name;
    *csv_ << '\n';
  }
}

template <typename Scalar>
void TelemetryWriter::record(const StepStats& stats, const Telemetry<Scalar>& telemetry) {
  const int num_layers = telemetry.num_layers;
  if (json_) {
    Json record;
    record["step"] = stats.step;
    record["loss"] = number(stats.loss);
    record["train_accuracy"] = number(stats.train_accuracy);
    record["test_accuracy"] = number(stats.test_accuracy);
    record["test_loss"] = number(stats.test_loss);
    Json layers;
    for (const auto& array : kTelemetryArrays<Scalar>) {
      const std::vector<Scalar>& values = telemetry.*array.member;
      layers[array.name] = array.histogram ? histogram_rows(values, num_layers, telemetry.hist_bins)
                                           : numbers<Scalar>(values.begin(), values.end());
    }
    record["layers"] = std::move(layers);
    *json_ << (records_ > 0 ? "," : "") << record.dump();
  }
  if (csv_) {
    const std::string shared = "," + cell(stats.loss) + "," + cell(stats.train_accuracy) + "," +
                               cell(stats.test_accuracy) + "," + cell(stats.test_loss);
    for (int layer = 0; layer < num_layers; ++layer) {
      *csv_ << stats.step << ',' << layer << shared;
      for (const auto& array : kTelemetryArrays<Scalar>)
        if (!array.histogram) *csv_ << ',' << cell(static_cast<double>((telemetry.*array.member)[std::size_t(layer)]));
      *csv_ << '\n';
    }
  }
  ++records_;
}

void TelemetryWriter::finish(const StepStats& final_stats) {
  if (json_) *json_ << "],\"result\":" << result_json(final_stats).dump() << "}\n";
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

template TelemetryWriter::TelemetryWriter(std::ostream*, std::ostream*, const Config&, const std::string&,
                                          const Telemetry<float>&);
template TelemetryWriter::TelemetryWriter(std::ostream*, std::ostream*, const Config&, const std::string&,
                                          const Telemetry<double>&);
template void TelemetryWriter::record<float>(const StepStats&, const Telemetry<float>&);
template void TelemetryWriter::record<double>(const StepStats&, const Telemetry<double>&);

}  // namespace vg::cli
