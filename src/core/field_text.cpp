#include "field_text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "config.h"

namespace vg {
namespace {

bool starts_cleanly(const std::string& text) {
  return !text.empty() && !std::isspace(static_cast<unsigned char>(text.front()));
}

}  // namespace

bool parse_int(const std::string& text, int& out) {
  if (!starts_cleanly(text)) return false;
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size()) return false;
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return false;
  out = static_cast<int>(value);
  return true;
}

bool parse_u64(const std::string& text, std::uint64_t& out) {
  // strtoull would wrap "-1" to 2^64-1, so a sign is refused up front.
  if (!starts_cleanly(text) || text.front() == '-' || text.front() == '+') return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size()) return false;
  out = static_cast<std::uint64_t>(value);
  return true;
}

bool parse_double(const std::string& text, double& out) {
  if (!starts_cleanly(text)) return false;
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  if (errno == ERANGE && std::isinf(value)) return false;  // "1e999": say so rather than store inf
  out = value;
  return true;
}

bool parse_bool(const std::string& text, bool& out) {
  if (text == "true" || text == "1") {
    out = true;
    return true;
  }
  if (text == "false" || text == "0") {
    out = false;
    return true;
  }
  return false;
}

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  int digits = 1;
  for (; digits < 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value);
  const int exponent = std::atoi(std::strchr(buffer, 'e') + 1);
  if (exponent < -4 || exponent > 15) return buffer;
  std::snprintf(buffer, sizeof buffer, "%.*f", std::max(0, digits - 1 - exponent), value);
  return buffer;
}

// Declared in config.h: every message that quotes a value goes through it.
std::string message_excerpt(const std::string& text, std::size_t max_bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string shown;
  std::size_t index = 0;
  for (; index < text.size() && index < max_bytes; ++index) {
    const auto byte = static_cast<unsigned char>(text[index]);
    if (byte == '\n') shown += "\\n";
    else if (byte == '\t') shown += "\\t";
    else if (byte == '\'' || byte == '"' || byte == '\\') shown += std::string("\\") + char(byte);
    else if (byte < 0x20 || byte == 0x7f) shown += std::string("\\x") + kHex[byte >> 4] + kHex[byte & 15];
    else shown += char(byte);  // UTF-8 passes through (a cut may split one character; it stays inert)
  }
  if (index < text.size()) shown += "... (" + std::to_string(text.size()) + " bytes)";
  return shown;
}

}  // namespace vg
