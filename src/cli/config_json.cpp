#include "config_json.h"

namespace vg::cli {

std::string apply_config_json(const Json& object, const std::string& source, Config& config) {
  if (!object.is_object()) return source + ": expected a JSON object of config fields";
  for (const auto& [key, value] : object.items()) {
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
  return object;
}

}  // namespace vg::cli
