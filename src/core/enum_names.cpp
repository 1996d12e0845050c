// The public name_of / parse overloads of config.h, all served by the enum's one table (enum_names.h).
#include "enum_names.h"

namespace vg {
namespace {

template <typename Enum>
const char* name_or_unknown(Enum value) {
  const char* name = lookup_name(names_table(value), value);
  return name ? name : "unknown";
}

}  // namespace

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

const char* name_of(FieldType type) {
  switch (type) {
    case FieldType::Int: return "int";
    case FieldType::Real: return "real";
    case FieldType::Bool: return "bool";
    case FieldType::Enum: return "enum";
    case FieldType::Points: return "points";
  }
  return "unknown";
}

}  // namespace vg
