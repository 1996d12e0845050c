// What the command line asks for: the experiment's Config plus what to run and where to write.
#pragma once

#include <string>

#include "config.h"

namespace vg::cli {

enum class Precision { Float, Double };

struct CliOptions {
  Config config;
  long long steps = 100;
  Precision precision = Precision::Double;
  std::string telemetry_json_path;  // empty: not written
  std::string telemetry_csv_path;
  std::string dump_step0_path;
  bool print_config = false;  // print the resolved config as JSON and exit
  bool schema_json = false;   // print config_schema_json() and exit
  bool force_progress = false;  // show the progress line even when stderr is not a terminal
  bool help = false;
};

inline constexpr long long kMaxSteps = 100000000;

// Reads --config FILE first (wherever it appears), then applies every other flag in order, so flags
// override the file. Returns "" or a message for the user (the caller exits with code 2).
std::string parse_command_line(int argc, const char* const argv[], CliOptions& options);

std::string usage_text();

}  // namespace vg::cli
