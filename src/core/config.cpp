// The one table of Config fields (name, member, allowed range) that set_field, fields_of and
// validate all read, and one name table per enum.
#include "config.h"

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <type_traits>
#include <variant>

#include "datasets.h"

namespace vg {
namespace {

// ---------------------------------------------------------------------------------------------
// Enum names: one table per enum, in declaration order.

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

constexpr EnumName<Activation> kActivationNames[] = {
    {Activation::Sigmoid, "sigmoid"}, {Activation::Tanh, "tanh"},      {Activation::ReLU, "relu"},
    {Activation::LeakyReLU, "leaky_relu"}, {Activation::Maxout, "maxout"}, {Activation::ELU, "elu"},
    {Activation::SELU, "selu"},       {Activation::GELU, "gelu"},      {Activation::Linear, "linear"},
};
constexpr EnumName<Init> kInitNames[] = {
    {Init::Naive, "naive"},
    {Init::Small, "small"},
    {Init::XavierUniform, "xavier_uniform"},
    {Init::XavierNormal, "xavier_normal"},
    {Init::HeNormal, "he_normal"},
    {Init::LeCunNormal, "lecun_normal"},
    {Init::Orthogonal, "orthogonal"},
    {Init::ScaledIdentity, "scaled_identity"},
};
constexpr EnumName<LossKind> kLossNames[] = {
    {LossKind::BinaryCrossEntropy, "bce"},
    {LossKind::SoftmaxCrossEntropy, "softmax"},
    {LossKind::MSE, "mse"},
};
constexpr EnumName<OptimizerKind> kOptimizerNames[] = {
    {OptimizerKind::SGD, "sgd"},         {OptimizerKind::Momentum, "momentum"},
    {OptimizerKind::Nesterov, "nesterov"}, {OptimizerKind::AdaGrad, "adagrad"},
    {OptimizerKind::RMSProp, "rmsprop"}, {OptimizerKind::Adam, "adam"},
};
constexpr EnumName<DatasetKind> kDatasetNames[] = {
    {DatasetKind::Circle, "circle"},   {DatasetKind::Xor, "xor"},     {DatasetKind::Gaussians, "gaussians"},
    {DatasetKind::Spiral, "spiral"},   {DatasetKind::Moons, "moons"}, {DatasetKind::Digits, "digits"},
    {DatasetKind::Custom, "custom"},
};

template <typename Enum, std::size_t N>
const char* lookup_name(const EnumName<Enum> (&table)[N], Enum value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  return nullptr;
}

template <typename Enum, std::size_t N>
bool lookup_value(const EnumName<Enum> (&table)[N], const std::string& text, Enum& out) {
  for (const auto& entry : table) {
    if (text == entry.name) {
      out = entry.value;
      return true;
    }
  }
  return false;
}

template <typename Enum, std::size_t N>
std::string list_names(const EnumName<Enum> (&table)[N]) {
  std::string names;
  for (const auto& entry : table) {
    if (!names.empty()) names += ", ";
    names += entry.name;
  }
  return names;
}

// The table of an enum type, so the field code below can be written once for all enums.
const auto& names_table(Activation) { return kActivationNames; }
const auto& names_table(Init) { return kInitNames; }
const auto& names_table(LossKind) { return kLossNames; }
const auto& names_table(OptimizerKind) { return kOptimizerNames; }
const auto& names_table(DatasetKind) { return kDatasetNames; }

template <typename Enum>
const char* name_or_unknown(Enum value) {
  const char* name = lookup_name(names_table(value), value);
  return name ? name : "unknown";
}

// ---------------------------------------------------------------------------------------------
// Number text: strict parsing (the whole string, no surrounding spaces) and round-trip printing.

bool starts_cleanly(const std::string& text) {
  return !text.empty() && !std::isspace(static_cast<unsigned char>(text.front()));
}

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

// "nan" and "inf" parse (fields_of prints them, and set_field must take its output back);
// validate() is what rejects them.
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

// The shortest text that reads back to the same double, in plain notation unless the exponent is
// below -4 or above 15 (0.1 prints as "0.1", 10 as "10", 1e-08 as "1e-08").
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

// ---------------------------------------------------------------------------------------------
// The field table.

// Allowed values of a numeric field. Integer fields use closed ranges; real fields say which ends
// are open. An infinite `hi` means "any finite value from lo".
struct Range {
  double lo = 0, hi = 0;
  bool lo_open = false, hi_open = false;
};
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

using Member = std::variant<int Config::*, double Config::*, bool Config::*, std::uint64_t Config::*,
                            Activation Config::*, Init Config::*, LossKind Config::*,
                            OptimizerKind Config::*, DatasetKind Config::*>;

struct Field {
  const char* name;
  Member member;
  Range range;  // numbers only
};

// In Config's declaration order.
const Field kFields[] = {
    {"dataset", &Config::dataset, {}},
    {"num_samples", &Config::num_samples, {20, 5000}},
    {"noise", &Config::noise, {0, 5}},
    {"test_fraction", &Config::test_fraction, {0, 0.9}},
    {"seed", &Config::seed, {}},
    {"depth", &Config::depth, {1, kMaxDepth}},
    {"width", &Config::width, {1, kMaxWidth}},
    {"activation", &Config::activation, {}},
    {"leaky_alpha", &Config::leaky_alpha, {0, 1}},
    {"maxout_pieces", &Config::maxout_pieces, {2, 8}},
    {"init", &Config::init, {}},
    {"gain", &Config::gain, {0, 10, true, false}},
    {"identity_scale", &Config::identity_scale, {-10, 10}},
    {"bias_init", &Config::bias_init, {-10, 10}},
    {"batch_norm", &Config::batch_norm, {}},
    {"residual_every", &Config::residual_every, {0, 2}},
    {"loss", &Config::loss, {}},
    {"optimizer", &Config::optimizer, {}},
    {"learning_rate", &Config::learning_rate, {0, 10, true, false}},
    {"momentum", &Config::momentum, {0, 1, false, true}},
    {"beta1", &Config::beta1, {0, 1, false, true}},
    {"beta2", &Config::beta2, {0, 1, false, true}},
    {"epsilon", &Config::epsilon, {0, 1, true, false}},
    {"clip_norm", &Config::clip_norm, {0, kUnbounded}},
    {"weight_decay", &Config::weight_decay, {0, 1}},
    {"batch_size", &Config::batch_size, {1, kMaxBatch}},
    {"telemetry_every", &Config::telemetry_every, {1, 10000}},
    {"hist_bins", &Config::hist_bins, {4, 200}},
};

const Field* find_field(const std::string& name) {
  for (const auto& field : kFields)
    if (name == field.name) return &field;
  return nullptr;
}

std::string describe_real_range(const Range& range) {
  if (std::isinf(range.hi)) return "a finite value >= " + format_double(range.lo);
  return std::string(range.lo_open ? "(" : "[") + format_double(range.lo) + ", " + format_double(range.hi) +
         (range.hi_open ? ")" : "]");
}

bool in_range(double value, const Range& range) {
  if (!std::isfinite(value)) return false;
  const bool above_lo = range.lo_open ? value > range.lo : value >= range.lo;
  const bool below_hi = std::isinf(range.hi) || (range.hi_open ? value < range.hi : value <= range.hi);
  return above_lo && below_hi;
}

std::string text_of(const Config& config, const Field& field) {
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::decay_t<decltype(config.*member)>;
        const T& value = config.*member;
        if constexpr (std::is_same_v<T, bool>) {
          return value ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          return format_double(value);
        } else if constexpr (std::is_enum_v<T>) {
          const char* name = lookup_name(names_table(T{}), value);
          return name ? name : std::to_string(static_cast<int>(value));
        } else {
          return std::to_string(value);
        }
      },
      field.member);
}

// "" when the field's own value is allowed, else the message.
std::string check_field(const Config& config, const Field& field) {
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::decay_t<decltype(config.*member)>;
        const T& value = config.*member;
        const std::string head = std::string(field.name) + " = " + text_of(config, field);
        if constexpr (std::is_same_v<T, int>) {
          if (value < field.range.lo || value > field.range.hi)
            return head + " is out of range: allowed " + std::to_string(static_cast<int>(field.range.lo)) +
                   ".." + std::to_string(static_cast<int>(field.range.hi));
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isnan(value)) return head + " is not a number: allowed " + describe_real_range(field.range);
          if (!in_range(value, field.range))
            return head + " is out of range: allowed " + describe_real_range(field.range);
          // The page runs in float: a value must mean the same there (1e-46 would become 0, and
          // 0.99999999 would become 1, outside a range open at 1).
          const auto as_float = static_cast<float>(value);
          if (value != 0 && as_float == 0)
            return head + " becomes 0 in float, the precision the page computes in: allowed " +
                   describe_real_range(field.range) + " with magnitude at least 1.4e-45 (the smallest float)";
          if (!in_range(as_float, field.range))
            return head + " becomes " + format_double(as_float) +
                   " in float, the precision the page computes in, which is outside " + describe_real_range(field.range);
        } else if constexpr (std::is_enum_v<T>) {
          // Enum values arrive as integers from the bindings, so an unnamed value is possible.
          if (!lookup_name(names_table(T{}), value))
            return head + " is not a known " + field.name + ": allowed " + list_names(names_table(T{}));
        }
        return "";
      },
      field.member);
}

// The largest depth at which `config`, all else unchanged, fits kMemoryBudgetBytes (0 if none):
// what a memory refusal offers instead. The estimate grows with depth, so a bisection finds it.
int deepest_within_budget(Config config) {
  const auto fits = [&config](int depth) {
    config.depth = depth;
    return estimated_memory_bytes(config, sizeof(float)) <= kMemoryBudgetBytes;
  };
  if (!fits(1)) return 0;
  int low = 1, high = kMaxDepth;  // fits(low) holds
  while (low < high) {
    const int middle = low + (high - low + 1) / 2;
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

// Checks that involve several fields or the data set's shape.
std::string check_combinations(const Config& config) {
  if (config.dataset == DatasetKind::Custom) {
    std::string message = check_custom_points(config);
    if (!message.empty()) return message;
  }
  const int num_classes = dataset_num_classes(config.dataset);
  if (config.loss == LossKind::BinaryCrossEntropy && num_classes != 2)
    return std::string("loss = bce needs 2 classes, but dataset = ") + name_of(config.dataset) + " has " +
           std::to_string(num_classes) + ": allowed softmax or mse";
  // A non-square layer gets a·[I 0] (init.cpp), which keeps the first min(rows, cols) coordinates;
  // a maxout layer's width * pieces outputs would let only one piece of each unit see them.
  if (config.init == Init::ScaledIdentity && config.activation == Activation::Maxout)
    return "init = scaled_identity needs plain hidden layers, which activation = maxout does not have "
           "(width * maxout_pieces outputs): allowed any other activation";
  const std::size_t needed = estimated_memory_bytes(config, sizeof(float));
  if (needed > kMemoryBudgetBytes) {
    const std::size_t mib = std::size_t(1) << 20;
    const int deepest = deepest_within_budget(config);
    return "depth = " + std::to_string(config.depth) + ", width = " + std::to_string(config.width) +
           ", batch_size = " + std::to_string(config.batch_size) + " would need " +
           std::to_string((needed + mib - 1) / mib) + " MiB of the " + std::to_string(kMemoryBudgetBytes / mib) +
           " MiB budget: lower depth, width or batch_size" +
           (deepest > 0 ? " (with everything else as it is, the deepest that fits is depth " + std::to_string(deepest) + ")"
                        : std::string());
  }
  return "";
}

}  // namespace

// The public overloads of config.h, all served by the enum's names_table.
const char* name_of(Activation value) { return name_or_unknown(value); }
const char* name_of(Init value) { return name_or_unknown(value); }
const char* name_of(LossKind value) { return name_or_unknown(value); }
const char* name_of(OptimizerKind value) { return name_or_unknown(value); }
const char* name_of(DatasetKind value) { return name_or_unknown(value); }
bool parse(const std::string& text, Activation& out) { return lookup_value(names_table(out), text, out); }
bool parse(const std::string& text, Init& out) { return lookup_value(names_table(out), text, out); }
bool parse(const std::string& text, LossKind& out) { return lookup_value(names_table(out), text, out); }
bool parse(const std::string& text, OptimizerKind& out) { return lookup_value(names_table(out), text, out); }
bool parse(const std::string& text, DatasetKind& out) { return lookup_value(names_table(out), text, out); }

std::string validate(const Config& config) {
  for (const auto& field : kFields) {
    std::string message = check_field(config, field);
    if (!message.empty()) return message;
  }
  return check_combinations(config);
}

std::string set_field(Config& config, const std::string& name, const std::string& value) {
  const Field* field = find_field(name);
  if (!field) return "unknown field '" + message_excerpt(name) + "'";
  const std::string head = name + " = '" + message_excerpt(value) + "'";
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::decay_t<decltype(config.*member)>;
        T parsed{};
        if constexpr (std::is_same_v<T, int>) {
          if (!parse_int(value, parsed)) return head + " is not an integer";
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          if (!parse_u64(value, parsed)) return head + " is not an unsigned 64-bit integer";
        } else if constexpr (std::is_same_v<T, double>) {
          if (!parse_double(value, parsed)) return head + " is not a number";
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!parse_bool(value, parsed)) return head + " is not a boolean: allowed true, false, 1, 0";
        } else {
          if (!lookup_value(names_table(T{}), value, parsed))
            return head + " is not a known " + name + ": allowed " + list_names(names_table(T{}));
        }
        config.*member = parsed;
        return "";
      },
      field->member);
}

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

std::vector<std::pair<std::string, std::string>> fields_of(const Config& config) {
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(std::size(kFields));
  for (const auto& field : kFields) fields.emplace_back(field.name, text_of(config, field));
  return fields;
}

}  // namespace vg
