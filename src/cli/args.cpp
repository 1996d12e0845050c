// Command-line parsing: --config FILE, then every Config field as --name value (or --name=value),
// then the run's own flags.
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "config_json.h"
#include "options.h"

namespace vg::cli {
namespace {

struct Flag {
  std::string name;
  std::string value;
  bool has_value = false;
};

// Splits "--name=value" and "--name value"; flags that take no value are listed here.
bool is_switch(const std::string& name) { return name == "print-config" || name == "progress" || name == "help"; }

std::string split_flags(int argc, const char* const argv[], std::vector<Flag>& flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "-h") {
      flags.push_back({"help", "", false});
      continue;
    }
    if (argument.rfind("--", 0) != 0 || argument.size() == 2)
      return "unexpected argument '" + argument + "' (flags start with --; see --help)";
    Flag flag;
    const std::string body = argument.substr(2);
    const auto equals = body.find('=');
    if (equals != std::string::npos) {
      flag = {body.substr(0, equals), body.substr(equals + 1), true};
    } else {
      flag.name = body;
      if (!is_switch(flag.name)) {
        if (i + 1 >= argc) return "flag --" + flag.name + " needs a value";
        flag.value = argv[++i];
        flag.has_value = true;
      }
    }
    if (is_switch(flag.name) && flag.has_value) return "flag --" + flag.name + " takes no value";
    flags.push_back(flag);
  }
  return "";
}

std::string load_config_file(const std::string& path, Config& config) {
  std::ifstream file(path);
  if (!file) return "cannot read config file '" + path + "'";
  const Json object = Json::parse(file, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return path + ": not valid JSON";
  return apply_config_json(object, path, config);
}

bool parse_steps(const std::string& text, long long& steps) {
  if (text.empty() || text.front() == '-' || text.front() == '+' || text.front() == ' ') return false;
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size() || value > kMaxSteps) return false;
  steps = value;
  return true;
}

// Config fields are the C++ member names; --learning-rate is accepted for --learning_rate.
std::string field_name(std::string flag_name) {
  for (auto& c : flag_name)
    if (c == '-') c = '_';
  return flag_name;
}

// The names from config.cpp's tables, read by counting up until name_of no longer knows the value.
template <typename Enum>
std::string enum_names() {
  std::string names;
  for (int value = 0;; ++value) {
    const std::string name = name_of(static_cast<Enum>(value));
    if (name == "unknown") return names;
    if (!names.empty()) names += " ";
    names += name;
  }
}

}  // namespace

std::string parse_command_line(int argc, const char* const argv[], CliOptions& options) {
  std::vector<Flag> flags;
  std::string error = split_flags(argc, argv, flags);
  if (!error.empty()) return error;

  int config_files = 0;
  for (const auto& flag : flags) {
    if (flag.name != "config") continue;
    if (++config_files > 1) return "--config given more than once";
    error = load_config_file(flag.value, options.config);
    if (!error.empty()) return error;
  }

  for (const auto& flag : flags) {
    const std::string& name = flag.name;
    if (name == "config") continue;
    if (name == "help") {
      options.help = true;
    } else if (name == "print-config") {
      options.print_config = true;
    } else if (name == "progress") {
      options.force_progress = true;
    } else if (name == "steps") {
      if (!parse_steps(flag.value, options.steps))
        return "--steps '" + flag.value + "' is not an integer in 0.." + std::to_string(kMaxSteps);
    } else if (name == "precision") {
      if (flag.value == "float") options.precision = Precision::Float;
      else if (flag.value == "double") options.precision = Precision::Double;
      else return "--precision '" + flag.value + "' is not one of: float, double";
    } else if (name == "telemetry-json") {
      options.telemetry_json_path = flag.value;
    } else if (name == "telemetry-csv") {
      options.telemetry_csv_path = flag.value;
    } else if (name == "dump-step0") {
      options.dump_step0_path = flag.value;
    } else {
      error = set_field(options.config, field_name(name), flag.value);
      if (error.rfind("unknown field", 0) == 0) return "unknown flag --" + name + " (see --help)";
      if (!error.empty()) return error;
    }
  }
  return "";
}

std::string usage_text() {
  std::ostringstream text;
  text << "usage: vg-cli [--config FILE.json] [--FIELD VALUE ...] [--steps N] [--precision float|double]\n"
          "              [--telemetry-json FILE] [--telemetry-csv FILE] [--dump-step0 FILE]\n"
          "              [--print-config] [--progress] [--help]\n\n"
          "Trains the multilayer perceptron described by the config and records per-layer gradient\n"
          "telemetry. Flags override the config file; --FIELD=VALUE works too.\n\n"
          "  --steps N            training steps (default 100)\n"
          "  --precision P        float or double (default double)\n"
          "  --telemetry-json F   every telemetry step: loss, accuracies, per-layer arrays, histograms\n"
          "  --telemetry-csv F    the same without histograms, one row per (step, layer)\n"
          "  --dump-step0 F       initial weights, first batch, its loss and every gradient (no update)\n"
          "  --print-config       print the resolved config as JSON and exit\n"
          "  --progress           show the progress line even when stderr is not a terminal\n\n"
          "Config fields (default values):\n";
  for (const auto& [name, value] : fields_of(Config{})) text << "  --" << name << " " << value << "\n";
  text << "\nEnum values:\n";
  text << "  activation: " << enum_names<Activation>() << "\n";
  text << "  init: " << enum_names<Init>() << "\n";
  text << "  loss: " << enum_names<LossKind>() << "\n";
  text << "  optimizer: " << enum_names<OptimizerKind>() << "\n";
  text << "  dataset: " << enum_names<DatasetKind>() << "\n\n";
  text << "Exit codes: 0 run finished (including a diverged run, reported in the output), 1 an output\n"
          "file could not be written or memory ran out, 2 invalid arguments or config.\n";
  return text.str();
}

}  // namespace vg::cli
