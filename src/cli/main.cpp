// vg-cli: runs one experiment from a JSON config file and/or flags, writes its telemetry.
#include <exception>
#include <iostream>

#include "config_json.h"
#include "options.h"
#include "run.h"

int main(int argc, char** argv) {
  using namespace vg::cli;
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
  const std::string invalid = vg::validate(options.config);
  if (!invalid.empty()) {
    std::cerr << "vg-cli: invalid config: " << invalid << "\n";
    return kExitInvalid;
  }
  if (options.print_config) {
    std::cout << config_to_json(options.config).dump(2) << "\n";
    return kExitOk;
  }
  try {
    return options.precision == Precision::Float ? run_experiment<float>(options) : run_experiment<double>(options);
  } catch (const std::exception& failure) {  // e.g. std::bad_alloc: say so instead of aborting
    std::cerr << "vg-cli: " << failure.what() << "\n";
    return kExitFailure;
  }
}
