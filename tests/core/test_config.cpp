// Config: every out-of-range field is rejected naming the field and the value; the text forms
// (set_field, fields_of, enum names) round-trip; the defaults are valid.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "config.h"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct InvalidCase {
  const char* field;
  const char* value;
};

// At least one bad value for every numeric field (both ends where there are two), and NaN/inf.
const InvalidCase kInvalidCases[] = {
    {"num_samples", "19"},     {"num_samples", "5001"},   {"noise", "-0.5"},          {"noise", "6"},
    {"noise", "nan"},          {"test_fraction", "-0.1"}, {"test_fraction", "0.95"},  {"depth", "0"},
    {"depth", "1001"},         {"depth", "-3"},           {"width", "0"},             {"width", "10000"},
    {"leaky_alpha", "-0.1"},   {"leaky_alpha", "1.5"},    {"leaky_alpha", "nan"},     {"maxout_pieces", "1"},
    {"maxout_pieces", "9"},    {"gain", "0"},             {"gain", "11"},             {"gain", "nan"},
    {"identity_scale", "11"},  {"identity_scale", "-10.5"}, {"identity_scale", "inf"}, {"identity_scale", "nan"},
    {"bias_init", "10.5"},     {"bias_init", "-11"},      {"bias_init", "nan"},       {"residual_every", "3"},
    {"residual_every", "-1"},  {"learning_rate", "0"},    {"learning_rate", "-0.1"},  {"learning_rate", "10.5"},
    {"learning_rate", "nan"},  {"learning_rate", "inf"},  {"momentum", "1"},          {"momentum", "-0.1"},
    {"beta1", "1"},            {"beta1", "-0.5"},         {"beta2", "1"},             {"beta2", "nan"},
    {"epsilon", "0"},          {"epsilon", "2"},          {"clip_norm", "-1"},        {"clip_norm", "inf"},
    {"clip_norm", "nan"},      {"weight_decay", "-0.01"}, {"weight_decay", "2"},      {"batch_size", "0"},
    {"batch_size", "1025"},    {"telemetry_every", "0"},  {"telemetry_every", "10001"}, {"hist_bins", "3"},
    {"hist_bins", "201"},
};

}  // namespace

TEST_CASE("the default config is valid", "[config]") { CHECK(vg::validate(vg::Config{}) == ""); }

TEST_CASE("every out-of-range field is rejected naming the field and the value", "[config]") {
  for (const auto& bad : kInvalidCases) {
    vg::Config config;
    REQUIRE(vg::set_field(config, bad.field, bad.value) == "");
    const std::string message = vg::validate(config);
    INFO(bad.field << " = " << bad.value << " gave: " << message);
    CHECK(contains(message, std::string(bad.field) + " = " + bad.value));
    CHECK(contains(message, "allowed"));
  }
}

TEST_CASE("every numeric field has an invalid case above", "[config]") {
  std::set<std::string> covered;
  for (const auto& bad : kInvalidCases) covered.insert(bad.field);
  // Fields with no invalid number: the seed (any 64-bit value), the enums and the boolean, whose
  // invalid text set_field refuses (tested below).
  const std::set<std::string> unbounded = {"dataset", "seed", "activation", "init", "batch_norm", "loss",
                                           "optimizer"};
  for (const auto& field : vg::fields_of(vg::Config{})) {
    INFO(field.first);
    CHECK((covered.count(field.first) == 1 || unbounded.count(field.first) == 1));
  }
}

TEST_CASE("range messages state the allowed range", "[config]") {
  vg::Config config;
  config.depth = 0;
  CHECK(vg::validate(config) == "depth = 0 is out of range: allowed 1..1000");
  config = vg::Config{};
  config.width = 10000;
  CHECK(vg::validate(config) == "width = 10000 is out of range: allowed 1..256");
  config = vg::Config{};
  config.learning_rate = 0;
  CHECK(vg::validate(config) == "learning_rate = 0 is out of range: allowed (0, 10]");
  config = vg::Config{};
  config.learning_rate = std::nan("");
  CHECK(vg::validate(config) == "learning_rate = nan is not a number: allowed (0, 10]");
  config = vg::Config{};
  config.momentum = 1;
  CHECK(vg::validate(config) == "momentum = 1 is out of range: allowed [0, 1)");
  config = vg::Config{};
  config.clip_norm = -1;
  CHECK(vg::validate(config) == "clip_norm = -1 is out of range: allowed a finite value >= 0");
  config = vg::Config{};
  config.activation = vg::Activation::Maxout;
  config.maxout_pieces = 1;
  CHECK(vg::validate(config) == "maxout_pieces = 1 is out of range: allowed 2..8");
}

TEST_CASE("range ends that are allowed pass", "[config]") {
  const InvalidCase edges[] = {{"depth", "1"},           {"width", "256"},        {"batch_size", "1"},
                               {"learning_rate", "10"},  {"momentum", "0"},       {"beta2", "0.9999"},
                               {"epsilon", "1"},         {"leaky_alpha", "1"},    {"test_fraction", "0"},
                               {"test_fraction", "0.9"}, {"clip_norm", "1e6"},    {"residual_every", "2"},
                               {"hist_bins", "200"},     {"identity_scale", "-10"}, {"num_samples", "20"}};
  for (const auto& edge : edges) {
    vg::Config config;
    REQUIRE(vg::set_field(config, edge.field, edge.value) == "");
    INFO(edge.field << " = " << edge.value);
    CHECK(vg::validate(config) == "");
  }
}

TEST_CASE("real fields must keep their meaning in float, the page's precision", "[config]") {
  // 1e-46 is a valid double in (0, 1] but 0 in float: Adam would divide 0 by 0 on a dead unit.
  vg::Config config;
  config.epsilon = 1e-46;
  CHECK(vg::validate(config) ==
        "epsilon = 1e-46 becomes 0 in float, the precision the page computes in: allowed (0, 1] with magnitude "
        "at least 1.4e-45 (the smallest float)");
  // 1 - 1e-9 is below 1 in double but rounds to 1 in float, outside the open end of [0, 1).
  config = vg::Config{};
  REQUIRE(vg::set_field(config, "beta2", "0.999999999") == "");
  CHECK(contains(vg::validate(config), "beta2 = 0.999999999 becomes 1 in float"));
  config = vg::Config{};
  REQUIRE(vg::set_field(config, "momentum", "0.999999999") == "");
  CHECK(contains(vg::validate(config), "momentum = 0.999999999 becomes 1 in float"));
  // Finite in double, infinite in float.
  config = vg::Config{};
  config.clip_norm = 1e39;
  CHECK(contains(vg::validate(config), "clip_norm = 1e+39 becomes inf in float"));
  // A value that stays nonzero in float (a subnormal one too) is accepted, and so is an exact 0.
  for (double epsilon : {1e-30, 1e-40, 2e-45}) {
    config = vg::Config{};
    config.epsilon = epsilon;
    INFO(epsilon);
    CHECK(vg::validate(config) == "");
  }
  config = vg::Config{};
  config.weight_decay = 1e-50;
  CHECK(contains(vg::validate(config), "weight_decay = 1e-50 becomes 0 in float"));
}

TEST_CASE("enum values outside the tables are rejected by validate", "[config]") {
  vg::Config config;
  config.activation = static_cast<vg::Activation>(42);
  const std::string message = vg::validate(config);
  CHECK(contains(message, "activation = 42"));
  CHECK(contains(message, "sigmoid, tanh, relu"));
  config = vg::Config{};
  config.optimizer = static_cast<vg::OptimizerKind>(-1);
  CHECK(contains(vg::validate(config), "optimizer = -1"));
}

TEST_CASE("checks that depend on the data set and on several fields", "[config]") {
  vg::Config config;
  SECTION("bce needs two classes") {
    config.dataset = vg::DatasetKind::Digits;
    config.loss = vg::LossKind::BinaryCrossEntropy;
    const std::string message = vg::validate(config);
    CHECK(contains(message, "loss = bce"));
    CHECK(contains(message, "dataset = digits"));
    config.loss = vg::LossKind::SoftmaxCrossEntropy;
    CHECK(vg::validate(config) == "");
    config.loss = vg::LossKind::MSE;
    CHECK(vg::validate(config) == "");
  }
  SECTION("scaled identity works at any width (a non-square layer is a·[I 0])") {
    config.init = vg::Init::ScaledIdentity;
    for (const int width : {1, 2, 32, 256}) {
      config.width = width;
      CHECK(vg::validate(config) == "");
    }
    config.dataset = vg::DatasetKind::Digits;
    config.loss = vg::LossKind::SoftmaxCrossEntropy;
    config.width = 2;
    CHECK(vg::validate(config) == "");
  }
  SECTION("scaled identity refuses maxout") {
    config.init = vg::Init::ScaledIdentity;
    config.width = 2;
    config.activation = vg::Activation::Maxout;
    const std::string message = vg::validate(config);
    CHECK(contains(message, "init = scaled_identity"));
    CHECK(contains(message, "activation = maxout"));
  }
  SECTION("the memory budget names depth, width and batch_size") {
    config.depth = vg::kMaxDepth;
    config.width = vg::kMaxWidth;
    config.batch_size = vg::kMaxBatch;
    const std::string message = vg::validate(config);
    CHECK(contains(message, "depth = 1000, width = 256, batch_size = 1024 would need"));
    CHECK(contains(message, "MiB of the 192 MiB budget: lower depth, width or batch_size"));
    CHECK(vg::estimated_memory_bytes(config, 4) > vg::kMemoryBudgetBytes);
  }
  SECTION("a memory refusal names the deepest network that fits, which is accepted one layer shallower only") {
    config.width = vg::kMaxWidth;
    config.batch_size = vg::kMaxBatch;
    config.activation = vg::Activation::ReLU;
    // Adam keeps two more copies of every weight than SGD: its deepest run is shallower.
    for (const auto& [optimizer, deepest] : {std::pair{vg::OptimizerKind::SGD, 67}, std::pair{vg::OptimizerKind::Momentum, 61},
                                              std::pair{vg::OptimizerKind::Adam, 57}}) {
      config.optimizer = optimizer;
      config.depth = deepest;
      CHECK(vg::validate(config).empty());
      config.depth = deepest + 1;
      const std::string message = vg::validate(config);
      CHECK(contains(message, "the deepest that fits is depth " + std::to_string(deepest) + ")"));
      config.depth = vg::kMaxDepth;
      CHECK(contains(vg::validate(config), "the deepest that fits is depth " + std::to_string(deepest) + ")"));
    }
  }
}

TEST_CASE("set_field parses strictly", "[config]") {
  vg::Config config;
  CHECK(vg::set_field(config, "xyz", "1") == "unknown field 'xyz'");
  for (const char* text : {"12abc", "", " 12", "12 ", "1.5", "1e3", "99999999999", "0x10"}) {
    INFO("depth = '" << text << "'");
    const std::string message = vg::set_field(config, "depth", text);
    CHECK(contains(message, "depth = '" + std::string(text) + "'"));
  }
  CHECK(config.depth == vg::Config{}.depth);  // failed parses leave the field unchanged

  CHECK(contains(vg::set_field(config, "learning_rate", "0.1x"), "learning_rate = '0.1x' is not a number"));
  CHECK(contains(vg::set_field(config, "learning_rate", ""), "learning_rate"));
  CHECK(contains(vg::set_field(config, "learning_rate", "1e999"), "1e999"));
  CHECK(vg::set_field(config, "learning_rate", "2.5e-3") == "");
  CHECK(config.learning_rate == 0.0025);
  // NaN parses (fields_of prints it and set_field takes it back); validate is what refuses it.
  CHECK(vg::set_field(config, "learning_rate", "nan") == "");
  CHECK(std::isnan(config.learning_rate));
  CHECK(contains(vg::validate(config), "learning_rate = nan"));

  CHECK(contains(vg::set_field(config, "seed", "-1"), "seed = '-1'"));
  CHECK(vg::set_field(config, "seed", "18446744073709551615") == "");
  CHECK(config.seed == 18446744073709551615ULL);
  CHECK(contains(vg::set_field(config, "seed", "18446744073709551616"), "seed"));

  CHECK(contains(vg::set_field(config, "batch_norm", "yes"), "batch_norm = 'yes'"));
  CHECK(vg::set_field(config, "batch_norm", "1") == "");
  CHECK(config.batch_norm);
  CHECK(vg::set_field(config, "batch_norm", "false") == "");
  CHECK(!config.batch_norm);

  const std::string bad_activation = vg::set_field(config, "activation", "softplus");
  CHECK(contains(bad_activation, "activation = 'softplus'"));
  CHECK(contains(bad_activation, "sigmoid, tanh, relu, leaky_relu, maxout, elu, selu, gelu, linear"));
  CHECK(vg::set_field(config, "activation", "leaky_relu") == "");
  CHECK(config.activation == vg::Activation::LeakyReLU);
}

TEST_CASE("fields_of and set_field round-trip every field", "[config]") {
  vg::Config changed;
  const std::pair<const char*, const char*> settings[] = {
      {"dataset", "moons"},        {"num_samples", "123"},    {"noise", "0.1"},        {"test_fraction", "0.3333333333333333"},
      {"seed", "9007199254740993"}, {"depth", "7"},           {"width", "9"},          {"activation", "gelu"},
      {"leaky_alpha", "0.02"},     {"maxout_pieces", "3"},    {"init", "orthogonal"},  {"gain", "1.4142135623730951"},
      {"identity_scale", "1.5"},   {"bias_init", "-0.25"},    {"batch_norm", "true"},  {"residual_every", "2"},
      {"loss", "softmax"},         {"optimizer", "nesterov"}, {"learning_rate", "1e-05"}, {"momentum", "0.95"},
      {"beta1", "0.8"},            {"beta2", "0.99"},         {"epsilon", "1e-07"},    {"clip_norm", "5"},
      {"weight_decay", "0.0001"},  {"batch_size", "17"},      {"telemetry_every", "3"}, {"hist_bins", "12"},
  };
  for (const auto& setting : settings) REQUIRE(vg::set_field(changed, setting.first, setting.second) == "");

  const auto fields = vg::fields_of(changed);
  REQUIRE(fields.size() == std::size(settings));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    CHECK(fields[i].first == settings[i].first);  // declaration order
    CHECK(fields[i].second == settings[i].second);  // shortest round-trip text
  }
  vg::Config copy;
  for (const auto& field : fields) REQUIRE(vg::set_field(copy, field.first, field.second) == "");
  CHECK(vg::fields_of(copy) == fields);
  CHECK(copy.test_fraction == 1.0 / 3.0);
  CHECK(copy.seed == 9007199254740993ULL);
  CHECK(vg::validate(copy) == "");

  vg::Config awkward;
  awkward.learning_rate = 0.1 + 0.2;  // 0.30000000000000004
  vg::Config back;
  for (const auto& field : vg::fields_of(awkward)) REQUIRE(vg::set_field(back, field.first, field.second) == "");
  CHECK(back.learning_rate == awkward.learning_rate);
}

TEST_CASE("enum names match the shared list and round-trip", "[config]") {
  const char* activations[] = {"sigmoid", "tanh", "relu", "leaky_relu", "maxout", "elu", "selu", "gelu", "linear"};
  for (const char* name : activations) {
    vg::Activation value;
    REQUIRE(vg::parse(name, value));
    CHECK(std::string(vg::name_of(value)) == name);
  }
  const char* inits[] = {"naive", "small", "xavier_uniform", "xavier_normal", "he_normal", "lecun_normal",
                         "orthogonal", "scaled_identity"};
  for (const char* name : inits) {
    vg::Init value;
    REQUIRE(vg::parse(name, value));
    CHECK(std::string(vg::name_of(value)) == name);
  }
  for (const char* name : {"bce", "softmax", "mse"}) {
    vg::LossKind value;
    REQUIRE(vg::parse(name, value));
    CHECK(std::string(vg::name_of(value)) == name);
  }
  for (const char* name : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}) {
    vg::OptimizerKind value;
    REQUIRE(vg::parse(name, value));
    CHECK(std::string(vg::name_of(value)) == name);
  }
  for (const char* name : {"circle", "xor", "gaussians", "spiral", "moons", "digits", "custom"}) {
    vg::DatasetKind value;
    REQUIRE(vg::parse(name, value));
    CHECK(std::string(vg::name_of(value)) == name);
  }
  vg::Activation unchanged = vg::Activation::Tanh;
  CHECK(!vg::parse("Sigmoid", unchanged));  // names are case-sensitive
  CHECK(unchanged == vg::Activation::Tanh);
  CHECK(std::string(vg::name_of(static_cast<vg::Init>(99))) == "unknown");
}

TEST_CASE("config_schema describes every field from the one table: type, range, default, names", "[config][schema]") {
  const auto schema = vg::config_schema();
  const auto values = vg::field_values_of(vg::Config{});
  REQUIRE(schema.size() == values.size());
  REQUIRE(schema.size() == vg::fields_of(vg::Config{}).size() + 1);  // + points, which has no text form
  for (std::size_t i = 0; i < schema.size(); ++i) {
    INFO(schema[i].name);
    CHECK(schema[i].name == values[i].first);
    CHECK(schema[i].default_value == values[i].second);
    CHECK(schema[i].description.size() > 5);
    CHECK(schema[i].choices.empty() == (schema[i].type != vg::FieldType::Enum));
  }
  const auto field = [&schema](const std::string& name) {
    for (const auto& entry : schema)
      if (entry.name == name) return entry;
    FAIL("no field " << name);
    return vg::FieldSchema{};
  };
  CHECK(field("depth").type == vg::FieldType::Int);
  CHECK(field("depth").min == 1);
  CHECK(field("depth").max == vg::kMaxDepth);
  CHECK(std::get<double>(field("depth").default_value) == 20);
  CHECK(field("gain").type == vg::FieldType::Real);
  CHECK(field("gain").min_open);
  CHECK(!field("gain").max_open);
  CHECK(std::isinf(field("clip_norm").max));
  CHECK(field("batch_norm").type == vg::FieldType::Bool);
  CHECK(field("points").type == vg::FieldType::Points);
  CHECK(field("points").max == vg::kMaxCustomPoints);
  CHECK(field("optimizer").choices == std::vector<std::string>{"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"});
  CHECK(std::get<std::string>(field("activation").default_value) == "sigmoid");
  CHECK(std::string(vg::name_of(vg::FieldType::Real)) == "real");
}

TEST_CASE("set_field_value takes typed values, round-trips field_values_of and names a wrong type", "[config][schema]") {
  vg::Config changed;
  changed.depth = 7;
  changed.learning_rate = 0.1 + 0.2;
  changed.seed = 9007199254740992ULL;
  changed.activation = vg::Activation::GELU;
  changed.batch_norm = true;
  changed.dataset = vg::DatasetKind::Custom;
  REQUIRE(vg::set_points(changed, {1, 1, 0, -1, -1, 1, 2, 0, 0, 0, 2, 1}) == "");
  vg::Config copy;
  for (const auto& [name, value] : vg::field_values_of(changed)) REQUIRE(vg::set_field_value(copy, name, value) == "");
  CHECK(vg::field_values_of(copy) == vg::field_values_of(changed));
  CHECK(copy.learning_rate == changed.learning_rate);

  vg::Config config;
  CHECK(vg::set_field_value(config, "depth", 2.5) == "depth = 2.5 is not an integer");
  CHECK(vg::set_field_value(config, "depth", std::nan("")) == "depth = nan is not an integer");
  CHECK(vg::set_field_value(config, "depth", 1e10) == "depth = 10000000000 is out of range: allowed 1..1000");
  CHECK(vg::set_field_value(config, "depth", std::string("20")) == "depth = '20' is text: expected an integer");
  CHECK(vg::set_field_value(config, "noise", true) == "noise = true is a boolean: expected a number");
  CHECK(vg::set_field_value(config, "batch_norm", 1.0) == "batch_norm = 1 is a number: expected true or false");
  CHECK(vg::set_field_value(config, "seed", -1.0) == "seed = -1 is not an unsigned 64-bit integer");
  CHECK(contains(vg::set_field_value(config, "seed", 18446744073709551616.0), "is not an unsigned 64-bit integer"));
  CHECK(contains(vg::set_field_value(config, "loss", 1.0), "loss = 1 is a number: expected a name: allowed bce, softmax, mse"));
  CHECK(vg::set_field_value(config, "loss", std::string("hinge")) == "loss = 'hinge' is not a known loss: allowed bce, softmax, mse");
  CHECK(vg::set_field_value(config, "points", 3.0) == "points = 3 is a number: expected an array of (x, y, class) numbers");
  CHECK(vg::set_field_value(config, "\x1b[2J", 1.0) == "unknown field '\\x1b[2J'");
  CHECK(vg::set_field(config, "points", "1,2,0") == "points takes (x, y, class) numbers, not text");
  CHECK(vg::fields_of(config) == vg::fields_of(vg::Config{}));  // every refusal left the config as it was
}
