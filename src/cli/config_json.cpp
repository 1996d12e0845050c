#include "config_json.h"

#include <vector>

namespace vg::cli {
namespace {

// "points": [[x, y, class], ...] (dataset = custom), into set_points' flat triples.
std::string apply_points_json(const Json& value, const std::string& source, Config& config) {
  const std::string shape = source + ": points must be an array of [x, y, class] arrays of numbers";
  if (!value.is_array()) return shape;
  std::vector<double> triples;
  for (const auto& point : value) {
    if (!point.is_array() || point.size() != 3) return shape;
    for (const auto& number : point) {
      if (!number.is_number()) return shape;
      triples.push_back(number.get<double>());
    }
  }
  const std::string error = set_points(config, triples);
  return error.empty() ? "" : source + ": " + error;
}

}  // namespace

std::string apply_config_json(const Json& object, const std::string& source, Config& config) {
  if (!object.is_object()) return source + ": expected a JSON object of config fields";
  for (const auto& [key, value] : object.items()) {
    if (key == "points") {
      const std::string error = apply_points_json(value, source, config);
      if (!error.empty()) return error;
      continue;
    }
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean()) {
      text = value.get<bool>() ? "true" : "false";
    } else if (value.is_number()) {
      text = value.dump();  // shortest round-trip form
    } else {
      // Named by type, not printed: the value may be large (a message quotes at most an excerpt).
      return source + ": " + message_excerpt(key) + " is " + (value.is_array() ? "an array" : value.is_object() ? "an object" : "null") +
             ": expected a string, number or boolean";
    }
    const std::string error = set_field(config, key, text);
    if (!error.empty()) return source + ": " + error;
  }
  return "";
}

Json config_to_json(const Config& config) {
  Json object = Json::object();
  for (const auto& [name, text] : fields_of(config)) {
    // Numbers and booleans read as JSON; enum names (and nan/inf, which JSON lacks) stay strings.
    Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    object[name] = value.is_discarded() ? Json(text) : value;
  }
  if (config.dataset == DatasetKind::Custom || !config.points.empty()) {
    Json points = Json::array();
    for (const DataPoint& point : config.points) points.push_back(Json::array({point.x, point.y, point.label}));
    object["points"] = points;
  }
  return object;
}

}  // namespace vg::cli
