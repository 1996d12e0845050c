#include "run.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "gradient_dump.h"
#include "output_file.h"
#include "progress.h"
#include "telemetry_log.h"
#include "trainer.h"

namespace vg::cli {
namespace {

const char* precision_name(Precision precision) { return precision == Precision::Float ? "float" : "double"; }

std::string gib_text(std::uint64_t bytes) {
  return std::to_string((bytes + (std::uint64_t(1) << 30) - 1) >> 30) + " GiB";
}

// Refuses, before any work, a run whose telemetry files could grow past kMaxOutputFileBytes.
std::string output_size_problem(const CliOptions& options) {
  const Config& config = options.config;
  const std::uint64_t records =
      std::max<std::uint64_t>(1, (std::uint64_t(options.steps) + config.telemetry_every - 1) / config.telemetry_every);
  const int num_layers = config.depth + 1;
  const auto check = [&](const std::string& path, const char* flag, std::uint64_t per_record) -> std::string {
    if (path.empty() || records * per_record <= kMaxOutputFileBytes) return "";
    return std::string(flag) + " could reach " + gib_text(records * per_record) + " (" + std::to_string(records) +
           " records), over the limit of " + gib_text(kMaxOutputFileBytes) +
           " per file: raise telemetry_every, or lower steps, depth or hist_bins";
  };
  std::string problem =
      check(options.telemetry_json_path, "--telemetry-json", max_json_record_bytes(num_layers, config.hist_bins));
  if (problem.empty()) problem = check(options.telemetry_csv_path, "--telemetry-csv", max_csv_record_bytes(num_layers));
  return problem;
}

// Opens `file` for `path` when a path was given; false (with the message on stderr) when it cannot be.
bool open_if_asked(OutputFile& file, const std::string& path) {
  if (path.empty()) return true;
  const std::string problem = file.open(path);
  if (problem.empty()) return true;
  std::cerr << "vg-cli: " << problem << "\n";
  return false;
}

bool commit_if_open(OutputFile& file) {
  if (!file.is_open()) return true;
  const std::string problem = file.commit();
  if (problem.empty()) return true;
  std::cerr << "vg-cli: " << problem << "\n";
  return false;
}

}  // namespace

template <typename Scalar>
int run_experiment(const CliOptions& options) {
  const std::string precision = precision_name(options.precision);
  std::string too_big = output_size_problem(options);
  if (too_big.empty() && !options.dump_step0_path.empty()) too_big = dump_size_problem(options.config);
  if (!too_big.empty()) {
    std::cerr << "vg-cli: " << too_big << "\n";
    return kExitInvalid;
  }
  // Every output is created (as a temporary file beside its target) before the first step, so a
  // path that cannot be written fails at once; each appears under its name only once complete.
  OutputFile dump_file, json_file, csv_file;
  if (!open_if_asked(dump_file, options.dump_step0_path) || !open_if_asked(json_file, options.telemetry_json_path) ||
      !open_if_asked(csv_file, options.telemetry_csv_path))
    return kExitFailure;

  Trainer<Scalar> trainer;
  const std::string error = trainer.configure(options.config);
  if (!error.empty()) {
    std::cerr << "vg-cli: invalid config: " << error << "\n";
    return kExitInvalid;
  }

  if (dump_file.is_open()) {
    dump_file.stream() << gradient_dump_json<Scalar>(trainer.dump_first_batch(), options.config, precision).dump()
                       << '\n';
    if (!commit_if_open(dump_file)) return kExitFailure;
  }

  // Steps in chunks of telemetry_every: the trainer measures on the last step of every step(n)
  // call, so each chunk ends on a telemetry step, which is streamed to the files at once.
  TelemetryWriter writer(json_file.is_open() ? &json_file.stream() : nullptr,
                         csv_file.is_open() ? &csv_file.stream() : nullptr, options.config, precision,
                         trainer.telemetry());
  ProgressLine progress(options.steps, options.force_progress || stderr_is_terminal());
  long long steps_done = 0;
  while (steps_done < options.steps) {
    const int chunk = static_cast<int>(std::min<long long>(options.config.telemetry_every, options.steps - steps_done));
    const int taken = trainer.step(chunk);
    steps_done += taken;
    if (taken > 0 || writer.records() == 0) writer.record(trainer.stats(), trainer.telemetry());
    progress.update(steps_done, trainer.stats().loss);
    if (taken < chunk || trainer.stats().status == RunStatus::Diverged) break;
    // A write that failed (disk full) ends the run now rather than after all the steps.
    if ((json_file.is_open() && !json_file.stream()) || (csv_file.is_open() && !csv_file.stream())) break;
  }
  progress.finish();

  const StepStats& stats = trainer.stats();
  writer.finish(stats);
  bool written = commit_if_open(json_file);
  written &= commit_if_open(csv_file);

  if (stats.status == RunStatus::Diverged) std::cerr << "vg-cli: " << stats.message << "\n";
  std::cout << result_json(stats).dump() << '\n';
  return written ? kExitOk : kExitFailure;
}

template int run_experiment<float>(const CliOptions&);
template int run_experiment<double>(const CliOptions&);

}  // namespace vg::cli
