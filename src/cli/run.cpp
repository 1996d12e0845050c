#include "run.h"

#include <algorithm>
#include <fstream>
#include <iostream>

#include "gradient_dump.h"
#include "progress.h"
#include "telemetry_log.h"
#include "trainer.h"

namespace vg::cli {
namespace {

const char* precision_name(Precision precision) { return precision == Precision::Float ? "float" : "double"; }

// Writes via `write(stream)`; false (with a message on stderr) when the file cannot be written.
template <typename Write>
bool write_file(const std::string& path, Write write) {
  std::ofstream file(path);
  if (file) write(file);
  if (file) file.close();
  if (!file) {
    std::cerr << "vg-cli: cannot write '" << path << "'\n";
    return false;
  }
  return true;
}

}  // namespace

template <typename Scalar>
int run_experiment(const CliOptions& options) {
  const std::string precision = precision_name(options.precision);
  Trainer<Scalar> trainer;
  const std::string error = trainer.configure(options.config);
  if (!error.empty()) {
    std::cerr << "vg-cli: invalid config: " << error << "\n";
    return kExitInvalid;
  }

  if (!options.dump_step0_path.empty()) {
    const Json dump = gradient_dump_json<Scalar>(trainer.dump_first_batch(), options.config, precision);
    if (!write_file(options.dump_step0_path, [&](std::ostream& out) { out << dump.dump() << '\n'; }))
      return kExitFailure;
  }

  // Steps in chunks of telemetry_every: the trainer measures on the last step of every step(n)
  // call, so each chunk ends on a telemetry step, which is recorded.
  TelemetryLog log;
  ProgressLine progress(options.steps, options.force_progress || stderr_is_terminal());
  long long steps_done = 0;
  while (steps_done < options.steps) {
    const int chunk = static_cast<int>(std::min<long long>(options.config.telemetry_every, options.steps - steps_done));
    const int taken = trainer.step(chunk);
    steps_done += taken;
    if (taken > 0 || log.size() == 0) log.record(trainer.stats(), trainer.telemetry());
    progress.update(steps_done, trainer.stats().loss);
    if (taken < chunk || trainer.stats().status == RunStatus::Diverged) break;
  }
  progress.finish();

  const StepStats& stats = trainer.stats();
  bool written = true;
  if (!options.telemetry_json_path.empty()) {
    const Json document = log.to_json(options.config, precision, stats);
    written &= write_file(options.telemetry_json_path, [&](std::ostream& out) { out << document.dump() << '\n'; });
  }
  if (!options.telemetry_csv_path.empty())
    written &= write_file(options.telemetry_csv_path, [&](std::ostream& out) { log.write_csv(out); });

  if (stats.status == RunStatus::Diverged) std::cerr << "vg-cli: " << stats.message << "\n";
  std::cout << result_json(stats).dump() << std::endl;
  return written ? kExitOk : kExitFailure;
}

template int run_experiment<float>(const CliOptions&);
template int run_experiment<double>(const CliOptions&);

}  // namespace vg::cli
