// The text forms of config values: strict parsing (the whole string, no surrounding spaces) and the
// shortest round-trip printing of doubles. Shared by config.cpp (set_field, fields_of, messages) and
// config_schema.cpp (the schema's JSON).
#pragma once

#include <cstdint>
#include <string>

namespace vg {

bool parse_int(const std::string& text, int& out);
bool parse_u64(const std::string& text, std::uint64_t& out);  // no sign: "-1" is refused, not wrapped
// "nan" and "inf" parse (fields_of prints them, and set_field must take its output back); validate()
// is what rejects them. "1e999" does not parse (it would become inf).
bool parse_double(const std::string& text, double& out);
bool parse_bool(const std::string& text, bool& out);  // true, false, 1, 0

// The shortest text that reads back to the same double, in plain notation unless the exponent is
// below -4 or above 15 (0.1 prints as "0.1", 10 as "10", 1e-08 as "1e-08"); "nan", "inf", "-inf".
std::string format_double(double value);

}  // namespace vg
