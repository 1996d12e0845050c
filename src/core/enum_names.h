// Enum names: one table per enum, in declaration order. Everything that lists, prints or parses an
// enum reads these tables: name_of/parse (config.h), the field table's checks and messages
// (config.cpp), and through config_schema()'s `choices` the CLI's help, the bindings and the page.
#pragma once

#include <cstddef>
#include <string>

#include "config.h"

namespace vg {

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

inline constexpr EnumName<Activation> kActivationNames[] = {
    {Activation::Sigmoid, "sigmoid"}, {Activation::Tanh, "tanh"},      {Activation::ReLU, "relu"},
    {Activation::LeakyReLU, "leaky_relu"}, {Activation::Maxout, "maxout"}, {Activation::ELU, "elu"},
    {Activation::SELU, "selu"},       {Activation::GELU, "gelu"},      {Activation::Linear, "linear"},
};
inline constexpr EnumName<Init> kInitNames[] = {
    {Init::Naive, "naive"},
    {Init::Small, "small"},
    {Init::XavierUniform, "xavier_uniform"},
    {Init::XavierNormal, "xavier_normal"},
    {Init::HeNormal, "he_normal"},
    {Init::LeCunNormal, "lecun_normal"},
    {Init::Orthogonal, "orthogonal"},
    {Init::ScaledIdentity, "scaled_identity"},
};
inline constexpr EnumName<LossKind> kLossNames[] = {
    {LossKind::BinaryCrossEntropy, "bce"},
    {LossKind::SoftmaxCrossEntropy, "softmax"},
    {LossKind::MSE, "mse"},
};
inline constexpr EnumName<OptimizerKind> kOptimizerNames[] = {
    {OptimizerKind::SGD, "sgd"},         {OptimizerKind::Momentum, "momentum"},
    {OptimizerKind::Nesterov, "nesterov"}, {OptimizerKind::AdaGrad, "adagrad"},
    {OptimizerKind::RMSProp, "rmsprop"}, {OptimizerKind::Adam, "adam"},
};
inline constexpr EnumName<DatasetKind> kDatasetNames[] = {
    {DatasetKind::Circle, "circle"},   {DatasetKind::Xor, "xor"},     {DatasetKind::Gaussians, "gaussians"},
    {DatasetKind::Spiral, "spiral"},   {DatasetKind::Moons, "moons"}, {DatasetKind::Digits, "digits"},
    {DatasetKind::Custom, "custom"},
};

// The table of an enum type, so that code over enums is written once for all of them.
constexpr const auto& names_table(Activation) { return kActivationNames; }
constexpr const auto& names_table(Init) { return kInitNames; }
constexpr const auto& names_table(LossKind) { return kLossNames; }
constexpr const auto& names_table(OptimizerKind) { return kOptimizerNames; }
constexpr const auto& names_table(DatasetKind) { return kDatasetNames; }

// nullptr for a value the table does not name.
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

// "sigmoid, tanh, ...", as messages list the allowed names.
template <typename Enum, std::size_t N>
std::string list_names(const EnumName<Enum> (&table)[N]) {
  std::string names;
  for (const auto& entry : table) {
    if (!names.empty()) names += ", ";
    names += entry.name;
  }
  return names;
}

}  // namespace vg
