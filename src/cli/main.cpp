// vg-cli: runs one experiment from a JSON config file and/or flags, writes its telemetry.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "config_json.h"
#include "options.h"
#include "output_file.h"
#include "run.h"

namespace {

using namespace vg::cli;

int run_command_line(int argc, char** argv) {
  CliOptions options;
  const std::string error = parse_command_line(argc, argv, options);
  if (!error.empty()) {
    std::cerr << "vg-cli: " << error << "\n";
    return kExitInvalid;
  }
  if (options.help) {
    std::cout << usage_text();
    return kExitOk;
  }
  if (options.schema_json) {
    std::cout << vg::config_schema_json();
    return kExitOk;
  }
  const std::string invalid = vg::validate(options.config);
  if (!invalid.empty()) {
    std::cerr << "vg-cli: invalid config: " << invalid << "\n";
    return kExitInvalid;
  }
  if (options.print_config) {
    std::cout << config_to_json(options.config).dump(2) << "\n";
    return kExitOk;
  }
  return options.precision == Precision::Float ? run_experiment<float>(options) : run_experiment<double>(options);
}

// What was printed on stdout must have arrived (a full disk or a closed pipe makes the exit code 1).
bool stdout_delivered() {
  std::cout.flush();
  const bool ok = static_cast<bool>(std::cout) && std::fflush(stdout) == 0 && !std::ferror(stdout);
  return std::fclose(stdout) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file-size limit, writes fail with EFBIG (reported, and the partial file removed) instead
  // of the default SIGXFSZ killing the process mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
  remove_partial_files_on_signals();
  int code = kExitFailure;
  try {
    code = run_command_line(argc, argv);
  } catch (const std::exception& failure) {  // e.g. std::bad_alloc: say so instead of aborting
    std::cerr << "vg-cli: " << failure.what() << "\n";
    code = kExitFailure;
  }
  if (!stdout_delivered()) {
    std::cerr << "vg-cli: cannot write to standard output\n";
    if (code == kExitOk) code = kExitFailure;
  }
  return code;
}
