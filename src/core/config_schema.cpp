// config_schema_json(): the schema of config.h as JSON, one field or telemetry array per line. The
// CLI prints it (--schema-json), the bindings parse it, the build writes it into web/generated/schema.js:
// one writer, so the three cannot drift apart.
#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "config.h"
#include "field_text.h"
#include "trainer.h"

namespace vg {
namespace {

std::string json_string(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string quoted = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') quoted += std::string("\\") + c;
    else if (byte < 0x20) quoted += std::string("\\u00") + kHex[byte >> 4] + kHex[byte & 15];
    else quoted += c;
  }
  return quoted + "\"";
}

// JSON has no infinity: an unbounded end is null.
std::string json_number(double value) { return std::isfinite(value) ? format_double(value) : "null"; }

std::string json_value(const FieldValue& value) {
  if (const double* number = std::get_if<double>(&value)) return json_number(*number);
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const std::string* text = std::get_if<std::string>(&value)) return json_string(*text);
  std::string array = "[";
  for (const double number : std::get<std::vector<double>>(value))
    array += (array.size() > 1 ? ", " : "") + json_number(number);
  return array + "]";
}

std::string field_json(const FieldSchema& field) {
  std::string json = "{\"name\": " + json_string(field.name) + ", \"type\": " + json_string(name_of(field.type));
  if (field.type == FieldType::Int || field.type == FieldType::Real || field.type == FieldType::Points) {
    json += ", \"min\": " + json_number(field.min) + ", \"max\": " + json_number(field.max);
    if (field.type == FieldType::Real)
      json += std::string(", \"min_open\": ") + (field.min_open ? "true" : "false") +
              ", \"max_open\": " + (field.max_open ? "true" : "false");
  }
  json += ", \"default\": " + json_value(field.default_value);
  if (field.type == FieldType::Enum) {
    std::string choices;
    for (const auto& name : field.choices) choices += (choices.empty() ? "" : ", ") + json_string(name);
    json += ", \"choices\": [" + choices + "]";
  }
  return json + ", \"description\": " + json_string(field.description) + "}";
}

}  // namespace

std::string config_schema_json() {
  std::string json = "{\n\"fields\": [\n";
  const std::vector<FieldSchema> schema = config_schema();
  for (std::size_t i = 0; i < schema.size(); ++i)
    json += "  " + field_json(schema[i]) + (i + 1 < schema.size() ? ",\n" : "\n");
  json += "],\n\"telemetry\": [\n";
  const std::size_t arrays = std::size(kTelemetryArrays<float>);
  for (std::size_t i = 0; i < arrays; ++i) {
    const auto& array = kTelemetryArrays<float>[i];
    json += "  {\"name\": " + json_string(array.name) + ", \"shape\": " +
            json_string(array.histogram ? "layer x bin" : "layer") + ", \"meaning\": " + json_string(array.meaning) +
            "}" + (i + 1 < arrays ? ",\n" : "\n");
  }
  return json + "]\n}\n";
}

}  // namespace vg
