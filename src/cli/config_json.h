// A Config as a JSON object: keys are the Config field names, enums by name, numbers and booleans
// as JSON numbers and booleans. Built on set_field/fields_of, so the field table stays in one place.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "config.h"

namespace vg::cli {

// Ordered, so files list keys in the order they are written (the config in declaration order).
using Json = nlohmann::ordered_json;

// Applies every key of `object` to `config`. Returns "" or a message naming the key (and `source`,
// e.g. the file name).
std::string apply_config_json(const Json& object, const std::string& source, Config& config);

Json config_to_json(const Config& config);

}  // namespace vg::cli
