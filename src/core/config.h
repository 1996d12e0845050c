// One experiment's configuration: one struct, validated in one function (validate), with one table
// of fields (config.cpp: name, range, description) from which config_schema() describes every field
// to the CLI's flags and help, the JSON config files, the WASM bindings and the page's state table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace vg {

enum class Activation { Sigmoid, Tanh, ReLU, LeakyReLU, Maxout, ELU, SELU, GELU, Linear };
enum class Init {
  Naive,           // N(0, 1)
  Small,           // N(0, 0.01^2)
  XavierUniform,   // U(-sqrt(6/(in+out)), +sqrt(6/(in+out)))
  XavierNormal,    // N(0, 2/(in+out))
  HeNormal,        // N(0, 2/in)
  LeCunNormal,     // N(0, 1/in)
  Orthogonal,      // QR of a Gaussian matrix (rectangular: orthonormal rows or columns)
  ScaledIdentity,  // a * I (a = identity_scale); hidden layers need input_dim == width
};
enum class LossKind { BinaryCrossEntropy, SoftmaxCrossEntropy, MSE };
enum class OptimizerKind { SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam };
enum class DatasetKind { Circle, Xor, Gaussians, Spiral, Moons, Digits, Custom };

// One point of a reader-drawn data set (dataset = custom), in the page's view units.
struct DataPoint {
  double x = 0, y = 0;
  int label = 0;  // class 0 or 1
};

struct Config {
  // Data. input_dim and the number of classes follow from the data set (2-D sets: 2 inputs, 2 classes;
  // digits: 64 inputs, 10 classes).
  DatasetKind dataset = DatasetKind::Spiral;
  int num_samples = 400;        // 2-D sets only (digits always has 1797)
  double noise = 0.1;           // 2-D sets only, in the data's own units
  double test_fraction = 0.2;   // share held out for test accuracy
  std::uint64_t seed = 1;       // data, initialization and batch order all derive from it
  // dataset = custom only: the reader's own points. They are the whole data set (num_samples and
  // noise are not used); the same seeded shuffle as the other sets moves test_fraction of them,
  // rounded to the nearest count, into the test split. A field of type points: no text form (set_field,
  // fields_of); the bindings and the JSON config carry them as numbers (set_points / points_as_triples).
  std::vector<DataPoint> points;

  // Network: `depth` hidden layers of `width` units, then the output layer.
  int depth = 20;
  int width = 32;
  Activation activation = Activation::Sigmoid;
  double leaky_alpha = 0.01;    // Leaky ReLU slope for z < 0
  int maxout_pieces = 2;        // Maxout: k linear pieces per unit
  Init init = Init::XavierUniform;
  double gain = 1.0;            // multiplies every initial weight (any scheme)
  double identity_scale = 1.0;  // a in a * I for ScaledIdentity
  double bias_init = 0.0;       // every bias starts at this value
  bool batch_norm = false;      // on every hidden layer, before the activation
  int residual_every = 0;       // 0: none; k = 1 or 2: h <- h + F(h) around every k hidden layers
  LossKind loss = LossKind::BinaryCrossEntropy;  // BCE needs 2 classes; softmax any; MSE regresses one-hot

  // Training.
  OptimizerKind optimizer = OptimizerKind::SGD;
  double learning_rate = 0.1;
  double momentum = 0.9;        // Momentum, Nesterov
  double beta1 = 0.9;           // Adam
  double beta2 = 0.999;         // Adam, RMSProp (decay of the squared-gradient average)
  double epsilon = 1e-8;        // AdaGrad, RMSProp, Adam
  double clip_norm = 0.0;       // 0: off; else clip the global gradient norm to this
  double weight_decay = 0.0;    // L2 coefficient on weights (not biases, not BN parameters)
  int batch_size = 64;

  // Telemetry.
  int telemetry_every = 1;      // measure every k steps (and always on the last step of a step(n) call)
  int hist_bins = 40;
};

// Limits, named once (the validator and the docs use these).
inline constexpr int kMaxDepth = 1000;
inline constexpr int kMaxWidth = 256;
inline constexpr int kMaxBatch = 1024;
// dataset = custom: at most 200 points (they travel in the URL hash), at least 4 (so the default
// split, 20 % test, leaves 3 to train on and 1 to test), of both classes, inside the page's view
// square [-6, 6]^2 (where the built-in 2-D sets lie).
inline constexpr int kMaxCustomPoints = 200;
inline constexpr int kMinCustomPoints = 4;
inline constexpr double kCustomPointBound = 6.0;

// Working memory a run of this config needs (activations, gradients, optimizer state, telemetry),
// for Scalar of `scalar_size` bytes. Implemented next to the network, which knows what it stores.
std::size_t estimated_memory_bytes(const Config& config, std::size_t scalar_size);
// validate() refuses configs whose float run would need more than this (the page's WASM memory is
// capped at 256 MiB), naming depth, width and batch_size as what to lower.
inline constexpr std::size_t kMemoryBudgetBytes = std::size_t(192) << 20;

// Empty string when valid; otherwise one message naming the field, the value and the allowed range,
// e.g. "depth = 0 is out of range: allowed 1..1000".
std::string validate(const Config& config);

// Sets one field from its text form by its name (the names of the Config members; enums by their
// names below). Returns an empty string on success, else a message naming the field and the value.
// Range checks are validate()'s job; this only parses. (points has no text form: set_points.)
std::string set_field(Config& config, const std::string& name, const std::string& value);

// A field's value as the bindings carry it: a number (int and real fields, the seed), a boolean, an
// enum's name, or for points flat (x, y, class) triples.
using FieldValue = std::variant<double, bool, std::string, std::vector<double>>;

// Sets one field from a value of its own type (an int field takes only an integer-valued number, an
// enum only one of its names). Returns "" or a short message naming the field, the value (excerpted
// as message_excerpt does) and the type expected. Range checks are validate()'s job.
std::string set_field_value(Config& config, const std::string& name, const FieldValue& value);
// Every field (points included) as a FieldValue, in declaration order; set_field_value accepts each back.
std::vector<std::pair<std::string, FieldValue>> field_values_of(const Config& config);

// ---- The schema: every field described for the CLI, the bindings and the page ----------------------

enum class FieldType { Int, Real, Bool, Enum, Points };

struct FieldSchema {
  std::string name;
  FieldType type{};
  // int and real: the allowed values (an end is included unless open; max infinite: no upper bound).
  // points: the allowed count of points.
  double min = 0, max = 0;
  bool min_open = false, max_open = false;
  FieldValue default_value;          // Config{}'s value
  std::vector<std::string> choices;  // enum: its names, from the enum's one table, in declaration order
  std::string description;           // one line
};

// In Config's declaration order, from config.cpp's one field table.
std::vector<FieldSchema> config_schema();
const char* name_of(FieldType);  // "int", "real", "bool", "enum", "points"

// The schema as one JSON object, what `vg-cli --schema-json` prints, the bindings' config_schema()
// returns and the build writes into web/generated/schema.js (config_schema.cpp):
//   {"fields": [{"name", "type", "min"?, "max"?, "min_open"?, "max_open"?, "default", "choices"?,
//                "description"}, ...],
//    "telemetry": [{"name", "shape": "layer" | "layer x bin", "meaning"}, ...]}
// An unbounded max is null.
std::string config_schema_json();

// `text` as messages show it: at most `max_bytes` bytes (then "...", and the full length in bytes),
// with control bytes, quotes and backslashes escaped (\n, \x1b, \'), so a hostile value can neither
// flood a message nor drive a terminal.
inline constexpr std::size_t kMessageExcerptChars = 40;
std::string message_excerpt(const std::string& text, std::size_t max_bytes = kMessageExcerptChars);

// Replaces config.points with flat (x, y, class) triples, as the bindings and JSON configs pass them.
// Returns "" or a message (a length not a multiple of 3, more than kMaxCustomPoints triples, a class
// that is not an integer); coordinates and classes are range-checked by validate().
std::string set_points(Config& config, const std::vector<double>& triples);
std::vector<double> points_as_triples(const Config& config);
// validate()'s checks of config.points for dataset = custom: "" or the message (custom_points.cpp).
std::string check_custom_points(const Config& config);
// The message validate() and set_points() give for a point count outside kMinCustomPoints..kMaxCustomPoints
// (the bindings give it too, for an array too long to copy in).
std::string custom_point_count_message(std::size_t count);

// Every field but points as (name, text) pairs, in declaration order; set_field accepts each back.
std::vector<std::pair<std::string, std::string>> fields_of(const Config& config);

// Enum names, e.g. "sigmoid", "leaky_relu", "xavier_uniform", "he_normal", "scaled_identity", "bce",
// "softmax", "mse", "sgd", "nesterov", "adam", "spiral", "digits". One table per enum (enum_names.h);
// name_of says "unknown" for a value outside it.
const char* name_of(Activation);
const char* name_of(Init);
const char* name_of(LossKind);
const char* name_of(OptimizerKind);
const char* name_of(DatasetKind);
bool parse(const std::string& text, Activation& out);
bool parse(const std::string& text, Init& out);
bool parse(const std::string& text, LossKind& out);
bool parse(const std::string& text, OptimizerKind& out);
bool parse(const std::string& text, DatasetKind& out);

}  // namespace vg
