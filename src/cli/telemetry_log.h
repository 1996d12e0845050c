// Per-telemetry-step records of a run, streamed to their files as they are made: JSON (everything,
// histograms included; the records as one array written element by element) and CSV (one row per
// step and layer, histograms left out). Nothing is kept in memory between records.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "config_json.h"
#include "trainer.h"

namespace vg::cli {

// The most bytes one record can take in each format (every number at its longest printed form), so
// a run's output size can be bounded before it starts.
std::uint64_t max_json_record_bytes(int num_layers, int hist_bins);
std::uint64_t max_csv_record_bytes(int num_layers);

class TelemetryWriter {
 public:
  // Either stream may be null (that file was not asked for). Writes the JSON header (format, config,
  // sizes, histogram ranges) and the CSV header line.
  template <typename Scalar>
  TelemetryWriter(std::ostream* json, std::ostream* csv, const Config& config, const std::string& precision,
                  const Telemetry<Scalar>& telemetry);

  template <typename Scalar>
  void record(const StepStats& stats, const Telemetry<Scalar>& telemetry);

  // Closes the JSON records array and appends the run's result.
  void finish(const StepStats& final_stats);

  std::int64_t records() const { return records_; }

 private:
  std::ostream* json_;
  std::ostream* csv_;
  std::int64_t records_ = 0;
};

// The run's outcome as a JSON object: status ("completed" or "diverged"), steps, loss, accuracies,
// and for a diverged run the step, layer and message. Printed on stdout and stored in the JSON log.
Json result_json(const StepStats& stats);

extern template TelemetryWriter::TelemetryWriter(std::ostream*, std::ostream*, const Config&, const std::string&,
                                                 const Telemetry<float>&);
extern template TelemetryWriter::TelemetryWriter(std::ostream*, std::ostream*, const Config&, const std::string&,
                                                 const Telemetry<double>&);
extern template void TelemetryWriter::record<float>(const StepStats&, const Telemetry<float>&);
extern template void TelemetryWriter::record<double>(const StepStats&, const Telemetry<double>&);

}  // namespace vg::cli
