// Command-line parsing: --config FILE, then every Config field as --name value (or --name=value),
// then the run's own flags.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <vector>

#include "config_json.h"
#include "field_text.h"
#include "trainer.h"
#include "options.h"
#include "output_file.h"

namespace vg::cli {
namespace {

namespace fs = std::filesystem;

struct Flag {
  std::string name;
  std::string value;
  bool has_value = false;
};

// Splits "--name=value" and "--name value"; flags that take no value are listed here.
bool is_switch(const std::string& name) {
  return name == "print-config" || name == "progress" || name == "help" || name == "schema-json";
}
bool is_path_flag(const std::string& name) {
  return name == "config" || name == "telemetry-json" || name == "telemetry-csv" || name == "dump-step0";
}

std::string split_flags(int argc, const char* const argv[], std::vector<Flag>& flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "-h") {
      flags.push_back({"help", "", false});
      continue;
    }
    if (argument.rfind("--", 0) != 0 || argument.size() == 2)
      return "unexpected argument '" + message_excerpt(argument) + "' (flags start with --; see --help)";
    Flag flag;
    const std::string body = argument.substr(2);
    const auto equals = body.find('=');
    if (equals != std::string::npos) {
      flag = {body.substr(0, equals), body.substr(equals + 1), true};
    } else {
      flag.name = body;
      if (!is_switch(flag.name)) {
        if (i + 1 >= argc) return "flag --" + message_excerpt(flag.name) + " needs a value";
        flag.value = argv[++i];
        flag.has_value = true;
      }
    }
    if (is_switch(flag.name) && flag.has_value) return "flag --" + flag.name + " takes no value";
    if (flag.has_value && flag.value.empty() && is_path_flag(flag.name))
      return "flag --" + flag.name + " needs a file name, not an empty one";
    flags.push_back(flag);
  }
  return "";
}

// A config is one flat object; real ones are a few hundred bytes.
constexpr std::uintmax_t kMaxConfigFileBytes = 1 << 20;
constexpr int kMaxJsonNesting = 16;

struct TooDeep {};

// The whole file as text, or a message. Checked first: a directory or a device would make the stream
// throw mid-parse (std::ios_failure) or never end.
std::string read_config_text(const std::string& path, std::string& text) {
  const std::string shown = quoted_path(path);
  std::error_code error;
  const auto status = fs::status(path, error);
  if (error || !fs::exists(status)) return "cannot read config file " + shown + ": no such file";
  if (fs::is_directory(status)) return "config file " + shown + " is a directory";
  if (!fs::is_regular_file(status)) return "config file " + shown + " is not a regular file";
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return "cannot read config file " + shown;
  if (size > kMaxConfigFileBytes)
    return "config file " + shown + " is " + std::to_string(size) + " bytes: a config is one flat JSON object of at most " +
           std::to_string(kMaxConfigFileBytes) + " bytes";
  std::ifstream file(path, std::ios::binary);
  text.assign(static_cast<std::size_t>(size), '\0');
  if (!file || !file.read(text.data(), static_cast<std::streamsize>(size))) return "cannot read config file " + shown;
  return "";
}

std::string load_config_file(const std::string& path, Config& config) {
  std::string text;
  const std::string problem = read_config_text(path, text);
  if (!problem.empty()) return problem;
  // The parser itself is iterative, but anything nested deeply is not a config: stop at once.
  const Json::parser_callback_t limit_nesting = [](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxJsonNesting) throw TooDeep{};
    return true;
  };
  Json object;
  try {
    object = Json::parse(text, limit_nesting, /*allow_exceptions=*/false);
  } catch (const TooDeep&) {
    return quoted_path(path) + ": nested deeper than " + std::to_string(kMaxJsonNesting) +
           " levels: a config is one flat JSON object";
  }
  if (object.is_discarded()) return quoted_path(path) + ": not valid JSON";
  return apply_config_json(object, quoted_path(path), config);
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

bool is_points_field(const std::string& name) {
  for (const FieldSchema& field : config_schema())
    if (field.name == name) return field.type == FieldType::Points;
  return false;
}

// Absolute, with symbolic links and "..", "." resolved as far as the path exists.
fs::path normalized(const std::string& path) {
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  if (error) return fs::path(path).lexically_normal();
  const fs::path canonical = fs::weakly_canonical(absolute, error);
  return error ? absolute.lexically_normal() : canonical;
}

// Two outputs on one path would overwrite each other: compared as absolute, normalized paths.
std::string check_output_paths(const CliOptions& options) {
  const std::pair<const char*, const std::string*> outputs[] = {{"--telemetry-json", &options.telemetry_json_path},
                                                                {"--telemetry-csv", &options.telemetry_csv_path},
                                                                {"--dump-step0", &options.dump_step0_path}};
  for (std::size_t a = 0; a < std::size(outputs); ++a) {
    for (std::size_t b = a + 1; b < std::size(outputs); ++b) {
      if (outputs[a].second->empty() || outputs[b].second->empty()) continue;
      if (normalized(*outputs[a].second) == normalized(*outputs[b].second))
        return std::string(outputs[a].first) + " and " + outputs[b].first + " name the same file " +
               quoted_path(*outputs[a].second) + ": give each output its own path";
    }
  }
  return "";
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
    } else if (name == "schema-json") {
      options.schema_json = true;
    } else if (name == "steps") {
      if (!parse_steps(flag.value, options.steps))
        return "--steps '" + message_excerpt(flag.value) + "' is not an integer in 0.." + std::to_string(kMaxSteps);
    } else if (name == "precision") {
      if (flag.value == "float") options.precision = Precision::Float;
      else if (flag.value == "double") options.precision = Precision::Double;
      else return "--precision '" + message_excerpt(flag.value) + "' is not one of: float, double";
    } else if (name == "telemetry-json") {
      options.telemetry_json_path = flag.value;
    } else if (name == "telemetry-csv") {
      options.telemetry_csv_path = flag.value;
    } else if (name == "dump-step0") {
      options.dump_step0_path = flag.value;
    } else if (is_points_field(field_name(name))) {
      return "--" + name + ": drawn points go in a --config file, as \"points\": [[x, y, class], ...]";
    } else {
      error = set_field(options.config, field_name(name), flag.value);
      if (error.rfind("unknown field", 0) == 0) return "unknown flag --" + message_excerpt(name) + " (see --help)";
      if (!error.empty()) return error;
    }
  }
  return check_output_paths(options);
}

namespace {

// "--depth INT", "--activation NAME", ...: the value a field's flag takes.
std::string flag_synopsis(const FieldSchema& field) {
  switch (field.type) {
    case FieldType::Int: return "--" + field.name + " INT";
    case FieldType::Real: return "--" + field.name + " REAL";
    case FieldType::Bool: return "--" + field.name + " BOOL";
    case FieldType::Enum: return "--" + field.name + " NAME";
    case FieldType::Points: return "\"" + field.name + "\" (JSON)";
  }
  return field.name;
}

std::string default_text(const FieldSchema& field) {
  if (const double* number = std::get_if<double>(&field.default_value)) return format_double(*number);
  if (const bool* flag = std::get_if<bool>(&field.default_value)) return *flag ? "true" : "false";
  if (const std::string* name = std::get_if<std::string>(&field.default_value)) return *name;
  return "[]";
}

// The allowed values as the help shows them: "1..1000", "(0, 10]", "true or false", the enum's names.
std::string allowed_text(const FieldSchema& field) {
  switch (field.type) {
    case FieldType::Int:
      // The seed's 2^64 - 1 is past the integers a double holds exactly: named, not printed.
      return format_double(field.min) + ".." + (field.max > 9007199254740992.0 ? "2^64-1" : format_double(field.max));
    case FieldType::Real:
      if (std::isinf(field.max)) return ">= " + format_double(field.min);
      return (field.min_open ? "(" : "[") + format_double(field.min) + ", " + format_double(field.max) +
             (field.max_open ? ")" : "]");
    case FieldType::Bool: return "true or false (1 or 0)";
    case FieldType::Enum: {
      std::string names;
      for (const auto& name : field.choices) names += (names.empty() ? "" : ", ") + name;
      return names;
    }
    case FieldType::Points:
      return format_double(field.min) + ".." + format_double(field.max) + " [x, y, class] triples, --config file only";
  }
  return "";
}

}  // namespace

std::string usage_text() {
  std::ostringstream text;
  text << "usage: vg-cli [--config FILE.json] [--FIELD VALUE ...] [--steps N] [--precision float|double]\n"
          "              [--telemetry-json FILE] [--telemetry-csv FILE] [--dump-step0 FILE]\n"
          "              [--print-config] [--schema-json] [--progress] [--help]\n\n"
          "Trains the multilayer perceptron described by the config and records per-layer gradient\n"
          "telemetry. Flags override the config file; --FIELD=VALUE works too.\n\n"
          "  --steps N            training steps (default 100)\n"
          "  --precision P        float or double (default double)\n"
          "  --telemetry-json F   every telemetry step: loss, accuracies, per-layer arrays, histograms\n"
          "  --telemetry-csv F    the same without histograms, one row per (step, layer)\n"
          "  --dump-step0 F       initial weights, first batch, its loss and every gradient (no update)\n"
          "  --print-config       print the resolved config as JSON and exit\n"
          "  --schema-json        print every config field and telemetry array as JSON and exit\n"
          "  --progress           show the progress line even when stderr is not a terminal\n\n"
          "Config fields (a config file uses the same names):\n";
  for (const FieldSchema& field : config_schema()) {
    text << "  " << std::left << std::setw(24) << flag_synopsis(field) << field.description << "\n"
         << std::string(26, ' ') << "allowed: " << allowed_text(field) << "; default " << default_text(field) << "\n";
  }
  text << "\nTelemetry arrays (one value per layer, or per layer and histogram bin):\n";
  for (const auto& array : kTelemetryArrays<float>) text << "  " << std::left << std::setw(20) << array.name << array.meaning << "\n";
  text << "\nExit codes: 0 run finished (including a diverged run, reported in the output), 1 an output\n"
          "file could not be written or memory ran out, 2 invalid arguments or config.\n";
  return text.str();
}

}  // namespace vg::cli
