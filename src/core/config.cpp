// The one table of Config fields (name, member, allowed range, description) that set_field,
// set_field_value, fields_of, field_values_of, config_schema and validate all read.
#include "config.h"

#include <cmath>
#include <iterator>
#include <limits>
#include <type_traits>

#include "datasets.h"
#include "enum_names.h"
#include "field_text.h"

namespace vg {
namespace {

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
                            OptimizerKind Config::*, DatasetKind Config::*, std::vector<DataPoint> Config::*>;

struct Field {
  const char* name;
  Member member;
  Range range;  // numbers; points: the count
  const char* description;  // one line, for the CLI's help and the schema
};

constexpr double kMaxSeed = 18446744073709551615.0;  // 2^64 - 1 (rounds to 2^64 as a double)

// In Config's declaration order.
const Field kFields[] = {
    {"dataset", &Config::dataset, {}, "the data: 2-D sets with 2 classes, the 8x8 digits (64 inputs, 10 classes), or custom"},
    {"num_samples", &Config::num_samples, {20, 5000}, "examples in a 2-D set (digits always has 1797)"},
    {"noise", &Config::noise, {0, 5}, "noise of a 2-D set, in the data's own units"},
    {"test_fraction", &Config::test_fraction, {0, 0.9}, "share of the examples held out for the test accuracy"},
    {"seed", &Config::seed, {0, kMaxSeed}, "seeds the data, the initial weights and the batch order"},
    {"points", &Config::points, {kMinCustomPoints, kMaxCustomPoints},
     "dataset = custom: the reader's own (x, y, class) points, within the view square"},
    {"depth", &Config::depth, {1, kMaxDepth}, "hidden layers"},
    {"width", &Config::width, {1, kMaxWidth}, "units per hidden layer"},
    {"activation", &Config::activation, {}, "the hidden layers' activation function"},
    {"leaky_alpha", &Config::leaky_alpha, {0, 1}, "Leaky ReLU's slope for z < 0"},
    {"maxout_pieces", &Config::maxout_pieces, {2, 8}, "linear pieces per maxout unit"},
    {"init", &Config::init, {}, "how the initial weights are drawn"},
    {"gain", &Config::gain, {0, 10, true, false}, "multiplies every initial weight (any scheme)"},
    {"identity_scale", &Config::identity_scale, {-10, 10}, "a in a * I for init = scaled_identity"},
    {"bias_init", &Config::bias_init, {-10, 10}, "every bias's initial value"},
    {"batch_norm", &Config::batch_norm, {}, "batch normalization on every hidden layer, before the activation"},
    {"residual_every", &Config::residual_every, {0, 2}, "0: no skips; k: h <- h + F(h) around every k hidden layers"},
    {"loss", &Config::loss, {}, "bce needs 2 classes; softmax takes any; mse regresses the one-hot targets"},
    {"optimizer", &Config::optimizer, {}, "the update rule"},
    {"learning_rate", &Config::learning_rate, {0, 10, true, false}, "step size"},
    {"momentum", &Config::momentum, {0, 1, false, true}, "velocity decay of momentum and nesterov"},
    {"beta1", &Config::beta1, {0, 1, false, true}, "adam's decay of the gradient average"},
    {"beta2", &Config::beta2, {0, 1, false, true}, "adam's and rmsprop's decay of the squared-gradient average"},
    {"epsilon", &Config::epsilon, {0, 1, true, false}, "guards the denominator of adagrad, rmsprop and adam"},
    {"clip_norm", &Config::clip_norm, {0, kUnbounded}, "0: off; else the global gradient norm is clipped to this"},
    {"weight_decay", &Config::weight_decay, {0, 1}, "L2 coefficient on the weights (not biases, not batch norm's)"},
    {"batch_size", &Config::batch_size, {1, kMaxBatch}, "examples per step"},
    {"telemetry_every", &Config::telemetry_every, {1, 10000}, "measure every k steps (and on the last step of each call)"},
    {"hist_bins", &Config::hist_bins, {4, 200}, "bins of each telemetry histogram"},
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
        } else if constexpr (std::is_same_v<T, std::vector<DataPoint>>) {
          return std::to_string(value.size()) + " points";  // messages only: points have no text form
        } else {
          return std::to_string(value);
        }
      },
      field.member);
}

std::string int_range_message(const std::string& head, const Range& range) {
  return head + " is out of range: allowed " + std::to_string(static_cast<int>(range.lo)) + ".." +
         std::to_string(static_cast<int>(range.hi));
}

// "" when the field's own value is allowed, else the message.
std::string check_field(const Config& config, const Field& field) {
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::decay_t<decltype(config.*member)>;
        const T& value = config.*member;
        const std::string head = std::string(field.name) + " = " + text_of(config, field);
        if constexpr (std::is_same_v<T, int>) {
          if (value < field.range.lo || value > field.range.hi) return int_range_message(head, field.range);
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
          // A C++ caller may cast any integer to the enum.
          if (!lookup_name(names_table(T{}), value))
            return head + " is not a known " + field.name + ": allowed " + list_names(names_table(T{}));
        }
        return "";  // the seed takes any value; points are checked with the data set (check_combinations)
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

// What a FieldValue holds, for a message saying it is the wrong type.
std::string kind_of(const FieldValue& value) {
  switch (value.index()) {
    case 0: return "a number";
    case 1: return "a boolean";
    case 2: return "text";
    default: return "an array";
  }
}

// A FieldValue as a message quotes it: numbers and booleans as printed, text excerpted and quoted.
std::string shown(const FieldValue& value) {
  if (const double* number = std::get_if<double>(&value)) return format_double(*number);
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const std::string* text = std::get_if<std::string>(&value)) return "'" + message_excerpt(*text) + "'";
  return "an array of " + std::to_string(std::get<std::vector<double>>(value).size()) + " numbers";
}

template <typename T>
std::string set_number(T& target, const Field& field, const std::string& head, double number) {
  if constexpr (std::is_same_v<T, double>) {
    target = number;
  } else {
    if (std::floor(number) != number) return head + " is not an integer";  // also NaN and infinities
    if constexpr (std::is_same_v<T, int>) {
      if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max())
        return int_range_message(head, field.range);
    } else if (number < 0 || number >= 18446744073709551616.0) {
      return head + " is not an unsigned 64-bit integer";
    }
    target = static_cast<T>(number);
  }
  return "";
}

FieldValue value_of(const Config& config, const Field& field) {
  return std::visit(
      [&](auto member) -> FieldValue {
        using T = std::decay_t<decltype(config.*member)>;
        const T& value = config.*member;
        if constexpr (std::is_same_v<T, bool>) return value;
        else if constexpr (std::is_same_v<T, std::vector<DataPoint>>) return points_as_triples(config);
        else if constexpr (std::is_enum_v<T>) return text_of(config, field);
        else return static_cast<double>(value);
      },
      field.member);
}

template <typename T>
constexpr FieldType type_of() {
  if constexpr (std::is_same_v<T, bool>) return FieldType::Bool;
  else if constexpr (std::is_same_v<T, double>) return FieldType::Real;
  else if constexpr (std::is_enum_v<T>) return FieldType::Enum;
  else if constexpr (std::is_same_v<T, std::vector<DataPoint>>) return FieldType::Points;
  else return FieldType::Int;
}

}  // namespace

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
        if constexpr (std::is_same_v<T, std::vector<DataPoint>>) {
          return name + " takes (x, y, class) numbers, not text";
        } else if constexpr (std::is_same_v<T, int>) {
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

std::string set_field_value(Config& config, const std::string& name, const FieldValue& value) {
  const Field* field = find_field(name);
  if (!field) return "unknown field '" + message_excerpt(name) + "'";
  const std::string head = name + " = " + shown(value);
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::decay_t<decltype(config.*member)>;
        constexpr FieldType type = type_of<T>();
        const auto wrong_type = [&](const std::string& expected) {
          return head + " is " + kind_of(value) + ": expected " + expected;
        };
        if constexpr (type == FieldType::Points) {
          const auto* triples = std::get_if<std::vector<double>>(&value);
          return triples ? set_points(config, *triples) : wrong_type("an array of (x, y, class) numbers");
        } else if constexpr (type == FieldType::Bool) {
          const bool* flag = std::get_if<bool>(&value);
          if (!flag) return wrong_type("true or false");
          config.*member = *flag;
        } else if constexpr (type == FieldType::Enum) {
          const std::string* text = std::get_if<std::string>(&value);
          if (!text) return wrong_type("a name: allowed " + list_names(names_table(T{})));
          if (!lookup_value(names_table(T{}), *text, config.*member))
            return head + " is not a known " + name + ": allowed " + list_names(names_table(T{}));
        } else {
          const double* number = std::get_if<double>(&value);
          if (!number) return wrong_type(type == FieldType::Real ? "a number" : "an integer");
          return set_number(config.*member, *field, head, *number);
        }
        return "";
      },
      field->member);
}

std::vector<std::pair<std::string, std::string>> fields_of(const Config& config) {
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(std::size(kFields));
  for (const auto& field : kFields)
    if (!std::holds_alternative<std::vector<DataPoint> Config::*>(field.member))
      fields.emplace_back(field.name, text_of(config, field));
  return fields;
}

std::vector<std::pair<std::string, FieldValue>> field_values_of(const Config& config) {
  std::vector<std::pair<std::string, FieldValue>> values;
  values.reserve(std::size(kFields));
  for (const auto& field : kFields) values.emplace_back(field.name, value_of(config, field));
  return values;
}

std::vector<FieldSchema> config_schema() {
  const Config defaults;
  std::vector<FieldSchema> schema;
  for (const auto& field : kFields) {
    FieldSchema entry;
    entry.name = field.name;
    std::visit(
        [&](auto member) {
          using T = std::decay_t<decltype(defaults.*member)>;
          entry.type = type_of<T>();
          if constexpr (std::is_enum_v<T>)
            for (const auto& name : names_table(T{})) entry.choices.push_back(name.name);
        },
        field.member);
    if (entry.type != FieldType::Bool && entry.type != FieldType::Enum) {
      entry.min = field.range.lo;
      entry.max = field.range.hi;
      entry.min_open = field.range.lo_open;
      entry.max_open = field.range.hi_open;
    }
    entry.default_value = value_of(defaults, field);
    entry.description = field.description;
    schema.push_back(std::move(entry));
  }
  return schema;
}

}  // namespace vg
