// The core's JavaScript face (embind), as documented in src/wasm/README.md. This is the only file that
// includes Emscripten headers, and it only converts: JS objects and names to Config and enums, core
// arrays to typed arrays (views into WASM memory for telemetry and data, fresh copies otherwise).
#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "config.h"
#include "network_view.h"
#include "theory/explain.h"
#include "theory/graph_trace.h"
#include "theory/prediction_score.h"
#include "theory/spectrum.h"
#include "theory/theory.h"
#include "theory/theory_config.h"
#include "trainer.h"

// The SIMD module exists to run Eigen's SSE kernels; refuse to build it if Eigen fell back to scalar
// code (e.g. the patched Eigen copy of src/wasm/eigen_patched.cmake was not used).
#if defined(VG_WASM_EXPECT_SSE2) && !defined(EIGEN_VECTORIZE_SSE2)
#error "vg_engine must be built with Eigen's SSE2 path (-msimd128 -msse2 and the patched Eigen copy)"
#endif

// Throws a JS RangeError. The message is copied out of a stack buffer first: nothing on the WASM heap
// is left behind by the unwinding, which skips C++ destructors.
EM_JS(void, throw_js_range_error, (const char* message), { throw new RangeError(UTF8ToString(message)); });

namespace {

using emscripten::typed_memory_view;
using emscripten::val;

// ---- the memory budget ----------------------------------------------------------------------------
// The heap is capped (MAXIMUM_MEMORY) and a failed allocation aborts the module (ABORTING_MALLOC), so
// every entry point that allocates more than a little checks first against what is free now, which
// counts everything alive: other trainers, this trainer's grid, the runtime's own data.

constexpr std::size_t kMiB = std::size_t(1) << 20;
// Kept free by every lasting allocation (a trainer's run, a prediction grid), for the small unchecked
// allocations of later calls: stats, messages, theory curves, a data set made for a prediction.
constexpr std::size_t kReserveBytes = 16 * kMiB;
// What a run really takes over its estimate (allocator headers, alignment, transient copies while it
// is built), with a share to spare; tests/node/no-abort.property.test.js holds the budget to it.
// Measured in this module: the heap's high-water mark while a run is built and stepped is 0.99 of
// the estimate at depth 55..65 x width 256 x batch 1024 and 1.02 of it (+0.03 MiB) for a 1 MiB run.
// 1.10 (not more) lets the validator's largest run (kMemoryBudgetBytes: 192 MiB, 213 MiB with the
// margin) plus kReserveBytes fit the 256 MiB heap beside the runtime's 5 MiB, so every config the
// validator accepts trains in an engine of its own (tests/node/memory-budget.test.js).
constexpr double kEstimateMargin = 1.10;
constexpr std::size_t kEstimateSlackBytes = 2 * kMiB;

// Bytes not in use: beyond the current break up to the cap, plus the allocator's free chunks.
std::size_t free_heap_bytes() {
  const auto top = reinterpret_cast<std::size_t>(sbrk(0));
  const std::size_t cap = emscripten_get_heap_max();
  return (cap > top ? cap - top : 0) + static_cast<std::size_t>(mallinfo().fordblks);
}

std::size_t used_heap_bytes() { return emscripten_get_heap_max() - free_heap_bytes(); }

// More than any heap the module can have (size_t is 32 bits here: needs are clamped to this, not wrapped).
constexpr std::size_t kUnaffordableBytes = std::size_t(1) << 30;

std::size_t with_margin(std::size_t estimate) {
  const double bytes = static_cast<double>(estimate) * kEstimateMargin + kEstimateSlackBytes;
  return bytes < kUnaffordableBytes ? static_cast<std::size_t>(bytes) : kUnaffordableBytes;
}

std::string mib_text(std::size_t bytes) { return std::to_string((bytes + kMiB - 1) / kMiB) + " MiB"; }

// A refusal's message kept off the heap (empty when the allocation fits), so that it can be thrown to
// JS by throw_js_range_error, whose unwinding skips C++ destructors.
struct Refusal {
  char text[400] = "";
  bool refused() const { return text[0] != 0; }
};

// Whether `needed` bytes fit in what is free now plus `freed_first` (memory the call releases before
// it allocates), keeping kReserveBytes free after a `lasting` allocation; else a message naming
// `what` and what to lower.
Refusal check_memory(const std::string& what, std::size_t needed, std::size_t freed_first, bool lasting,
                     const std::string& lower) {
  Refusal refusal;
  const std::size_t available = free_heap_bytes() + freed_first;
  const std::size_t keep = lasting ? kReserveBytes : 0;
  if (needed + keep <= available) return refusal;
  const std::string message = what + " needs about " + mib_text(needed) + " but only " +
                              mib_text(available > keep ? available - keep : 0) +
                              " of the engine's memory are free now: " + lower;
  std::snprintf(refusal.text, sizeof refusal.text, "%s", message.c_str());
  return refusal;
}

// For the entry points that return arrays: a refusal becomes a RangeError in JS.
void throw_if_refused(const Refusal& refusal) {
  if (refusal.refused()) throw_js_range_error(refusal.text);
}

// ---- arrays -------------------------------------------------------------------------------------

template <typename T>
val view_of(const std::vector<T>& values) {
  return val(typed_memory_view(values.size(), values.data()));
}

val float64_copy(const std::vector<double>& values) {
  return val::global("Float64Array").new_(typed_memory_view(values.size(), values.data()));
}

val string_array(const std::vector<std::string>& names) {
  val array = val::array();
  for (const auto& name : names) array.call<void>("push", name);
  return array;
}

// The names of an enum, read from the core's own table: values 0, 1, ... until name_of says "unknown".
template <typename Enum>
std::vector<std::string> names_of_enum() {
  std::vector<std::string> names;
  for (int index = 0;; ++index) {
    const std::string name = vg::name_of(static_cast<Enum>(index));
    if (name == "unknown") break;
    names.push_back(name);
  }
  return names;
}

// ---- JS config objects <-> vg::Config -------------------------------------------------------------

// Longer config names or values are refused before they are copied in (the longest real one is a
// double's shortest round-trip text, under 30 characters).
constexpr double kMaxConfigTextChars = 256;

// The start of a JS string too long to copy in whole, escaped as message_excerpt does, and its length.
std::string long_text_excerpt(const val& text) {
  const auto head = text.call<std::string>("slice", 0, static_cast<int>(vg::kMessageExcerptChars));
  return vg::message_excerpt(head, 4 * vg::kMessageExcerptChars) + "... (" +
         val::global("String")(text["length"]).as<std::string>() + " characters)";
}

std::string value_too_long(const std::string& name, const val& text) {
  return vg::message_excerpt(name) + " = '" + long_text_excerpt(text) + "' is too long: a config value is a number, a boolean or a name";
}

// dataset = custom's points: an array or typed array of (x, y, class) triples, as numbers (each
// element goes through Number(), so anything else arrives as NaN and validate() names it).
std::string points_from_js(const val& value, vg::Config& config) {
  if (!val::global("ArrayBuffer").call<bool>("isView", value) && !val::global("Array").call<bool>("isArray", value))
    return "points has a value of type " + value.typeOf().as<std::string>() + ": expected an array of (x, y, class) numbers";
  const double length = value["length"].as<double>();  // measured before anything is copied in
  if (length > 3.0 * vg::kMaxCustomPoints) return vg::custom_point_count_message(static_cast<std::size_t>(length / 3));
  const val numbers = val::global("Float64Array").call<val>("from", value);
  return vg::set_points(config, emscripten::convertJSArrayToNumberVector<double>(numbers));
}

// Fills `config` (starting from its current values) from the keys of a plain JS object. Values go
// through set_field in their text form: strings as they are, numbers and booleans as JS prints them
// (shortest round-trip form); `points` goes through points_from_js. Returns "" or the first message,
// which names the field.
std::string config_from_js(const val& object, vg::Config& config) {
  if (object.isNull() || object.typeOf().as<std::string>() != "object")
    return "config must be an object whose keys are Config field names";
  const val keys = val::global("Object").call<val>("keys", object);
  const unsigned count = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < count; ++i) {
    // Names and values are measured in JS before they are copied into the (capped) WASM heap.
    if (keys[i]["length"].as<double>() > kMaxConfigTextChars) return "unknown field '" + long_text_excerpt(keys[i]) + "'";
    const std::string name = keys[i].as<std::string>();
    const val value = object[name];
    if (name == "points") {
      const std::string error = points_from_js(value, config);
      if (!error.empty()) return error;
      continue;
    }
    const std::string type = value.typeOf().as<std::string>();
    std::string text;
    if (type == "string") {
      if (value["length"].as<double>() > kMaxConfigTextChars) return value_too_long(name, value);
      text = value.as<std::string>();
    } else if (type == "number" || type == "boolean" || type == "bigint") {
      const val printed = val::global("String")(value);  // a bigint may print a million digits
      if (printed["length"].as<double>() > kMaxConfigTextChars) return value_too_long(name, printed);
      text = printed.as<std::string>();
    } else {
      return vg::message_excerpt(name) + " has a value of type " + type + ": expected a number, a boolean or a name";
    }
    const std::string error = vg::set_field(config, name, text);
    if (!error.empty()) return error;
  }
  return "";
}

// fields_of() gives text; the page wants numbers as numbers, booleans as booleans, enums as names.
val js_value_of_field_text(const std::string& text) {
  if (text == "true") return val(true);
  if (text == "false") return val(false);
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size()) return val(number);
  return val(text);
}

val config_to_js(const vg::Config& config) {
  val object = val::object();
  for (const auto& [name, text] : vg::fields_of(config)) object.set(name, js_value_of_field_text(text));
  if (config.dataset == vg::DatasetKind::Custom || !config.points.empty())
    object.set("points", float64_copy(vg::points_as_triples(config)));
  return object;
}

// ---- the trainer --------------------------------------------------------------------------------

// The telemetry arrays' names and shapes (the core's one table), for the worker's snapshots.
val telemetry_arrays() {
  val arrays = val::array();
  for (const auto& array : vg::kTelemetryArrays<float>) {
    val entry = val::object();
    entry.set("name", std::string(array.name));
    entry.set("histogram", array.histogram);
    arrays.call<void>("push", entry);
  }
  return arrays;
}

const char* status_name(vg::RunStatus status) {
  switch (status) {
    case vg::RunStatus::Ready: return "ready";
    case vg::RunStatus::Running: return "running";
    case vg::RunStatus::Diverged: return "diverged";
  }
  return "ready";
}

val gradient_profile_to_js(const vg::GradientProfileAtInit& result);  // below, with the theory's bindings

// vg::Trainer<float> with JS-typed arguments and results.
class TrainerBinding {
 public:
  // The memory check counts this trainer's current run as free: Trainer::configure frees it before
  // building the new one. An invalid or refused config leaves the current run as it is.
  std::string configure(const val& js_config) {
    vg::Config config;  // missing keys keep the defaults
    const std::string error = config_from_js(js_config, config);
    if (!error.empty()) return error;
    const std::string invalid = vg::validate(config);
    if (!invalid.empty()) return invalid;
    const Refusal refusal =
        check_memory("a run of depth = " + std::to_string(config.depth) + ", width = " + std::to_string(config.width) +
                         ", batch_size = " + std::to_string(config.batch_size),
                     with_margin(vg::estimated_memory_bytes(config, sizeof(float))), held_bytes_, true,
                     "lower depth, width or batch_size, or end another run");
    if (refusal.refused()) return refusal.text;
    const std::size_t before = used_heap_bytes();
    const std::string problem = trainer_.configure(config);
    held_bytes_ = problem.empty() ? held_bytes_ + used_heap_bytes() - before : 0;
    grid_bytes_ = 0;
    return problem;
  }
  void reset() { trainer_.reset(); }

  // n arrives as a JS number: a non-integer or more than kMaxStepsPerCall is a RangeError (an int
  // parameter would wrap 2^32 + 3 to 3, and 1e10 steps would never return); n <= 0 takes none.
  int step(double n) {
    if (!(std::isfinite(n) && std::floor(n) == n && n <= kMaxStepsPerCall)) {
      char message[160];
      std::snprintf(message, sizeof message, "step(n): n = %.17g must be an integer of at most %d per call", n,
                    kMaxStepsPerCall);
      throw_js_range_error(message);
    }
    return n <= 0 ? 0 : trainer_.step(static_cast<int>(n));
  }

  val stats() const {
    const vg::StepStats& stats = trainer_.stats();
    val object = val::object();
    object.set("step", static_cast<double>(stats.step));
    object.set("loss", stats.loss);
    object.set("train_accuracy", stats.train_accuracy);
    object.set("test_accuracy", stats.test_accuracy);
    object.set("test_loss", stats.test_loss);
    object.set("status", std::string(status_name(stats.status)));
    object.set("diverged_step", static_cast<double>(stats.diverged_step));
    object.set("diverged_layer", stats.diverged_layer);
    object.set("message", stats.message);
    object.set("diverged_part", stats.diverged_part);
    object.set("diverged_cause", stats.diverged_cause);
    object.set("forward_norm", float64_copy(stats.forward_norm));
    return object;
  }

  // The live run's config as the core holds it (field names and values as config_defaults gives).
  val config() const { return config_to_js(trainer_.config()); }

  int num_layers() const { return trainer_.telemetry().num_layers; }
  int hist_bins() const { return trainer_.telemetry().hist_bins; }
  int input_dim() const { return trainer_.input_dim(); }
  int num_classes() const { return trainer_.num_classes(); }

  val telemetry(const std::string& name) const {
    for (const auto& array : vg::kTelemetryArrays<float>)
      if (name == array.name) return view_of(trainer_.telemetry().*array.member);
    return view_of(kNoFloats);
  }

  val hist_ranges() const {
    const vg::Telemetry<float>& telemetry = trainer_.telemetry();
    val object = val::object();
    object.set("act_lo", telemetry.act_hist_lo);
    object.set("act_hi", telemetry.act_hist_hi);
    object.set("grad_lo", telemetry.grad_hist_lo);
    object.set("grad_hi", telemetry.grad_hist_hi);
    return object;
  }

  // The grid stays with the trainer (the result is a view of it), so it is a lasting allocation.
  val predict_grid(int res, double x0, double x1, double y0, double y1) {
    const double bytes = res > 0 ? double(res) * double(res) * sizeof(float) : 0.0;
    const Refusal refusal = check_memory("predict_grid(res = " + std::to_string(res) + ")",
                                         bytes < kUnaffordableBytes ? std::size_t(bytes) : kUnaffordableBytes,
                                         grid_bytes_, true, "lower res");
    throw_if_refused(refusal);
    const std::size_t before = used_heap_bytes();
    const auto& grid = trainer_.predict_grid(res, x0, x1, y0, y1);
    const std::size_t after = used_heap_bytes();
    held_bytes_ += after - before;
    grid_bytes_ = grid.capacity() * sizeof(float);
    return view_of(grid);
  }
  val train_inputs() const { return view_of(trainer_.train_inputs()); }
  val test_inputs() const { return view_of(trainer_.test_inputs()); }
  val train_labels() const { return view_of(trainer_.train_labels()); }
  val test_labels() const { return view_of(trainer_.test_labels()); }
  val jacobian_singular_values(int num_inputs) { return float64_copy(trainer_.jacobian_singular_values(num_inputs)); }

  // The network drawn unit by unit (network_view.h). Transient and bounded (at most 8 x 8 units on a
  // 64 x 64 grid: 2 MiB), so it fits in the reserve every lasting allocation leaves free.
  val network_view(int res, double x0, double x1, double y0, double y1) {
    const vg::NetworkView view = trainer_.network_view(res, x0, x1, y0, y1);
    val object = val::object();
    object.set("error", view.error);
    object.set("depth", view.depth);
    object.set("width", view.width);
    object.set("input_dim", view.input_dim);
    object.set("output_dim", view.output_dim);
    object.set("resolution", view.resolution);
    object.set("unit_outputs", float64_copy(view.unit_outputs));
    object.set("output_logits", float64_copy(view.output_logits));
    object.set("link_begin", val::global("Int32Array").new_(typed_memory_view(view.link_begin.size(), view.link_begin.data())));
    object.set("weight_abs", float64_copy(view.weight_abs));
    object.set("grad_abs", float64_copy(view.grad_abs));
    return object;
  }

  // The free gradient_profile_at_init's result for this run, read from its step-0 telemetry (nothing
  // is built); error set once the run is past step 0.
  val gradient_profile_at_init(double sigma_b2) const {
    return gradient_profile_to_js(vg::gradient_profile_of(trainer_, sigma_b2));
  }

 private:
  static constexpr int kMaxStepsPerCall = 1000000;
  static inline const std::vector<float> kNoFloats;
  vg::Trainer<float> trainer_;
  std::size_t held_bytes_ = 0;  // heap taken by the current run (measured), freed by the next configure
  std::size_t grid_bytes_ = 0;  // of which predict_grid's grid, reused by the next predict_grid
};

// ---- free functions -----------------------------------------------------------------------------

// Transient needs of the curve and grid functions: their result, its copy and working arrays.
// (In double: a count far out of range asks for more than any heap, so it is refused, not wrapped.)
std::size_t samples_bytes(double count, int doubles_per_sample) {
  const double bytes = 2.0 * sizeof(double) * doubles_per_sample * (std::max(count, 0.0) + 1) + kMiB;
  return bytes < kUnaffordableBytes ? static_cast<std::size_t>(bytes) : kUnaffordableBytes;
}
std::size_t grid_bytes(int res) { return samples_bytes(double(res) * double(res), 2); }

val config_defaults() { return config_to_js(vg::Config{}); }

std::string validate_config(const val& js_config) {
  vg::Config config;
  const std::string error = config_from_js(js_config, config);
  return error.empty() ? vg::validate(config) : error;
}

val config_fields() {
  std::vector<std::string> names;
  for (const auto& field : vg::fields_of(vg::Config{})) names.push_back(field.first);
  return string_array(names);
}

val enum_names(const std::string& kind) {
  if (kind == "activation") return string_array(names_of_enum<vg::Activation>());
  if (kind == "init") return string_array(names_of_enum<vg::Init>());
  if (kind == "loss") return string_array(names_of_enum<vg::LossKind>());
  if (kind == "optimizer") return string_array(names_of_enum<vg::OptimizerKind>());
  if (kind == "dataset") return string_array(names_of_enum<vg::DatasetKind>());
  return val::array();
}

std::string simd_in_use() { return Eigen::SimdInstructionSetsInUse(); }

// What the memory budget compares needs with (a number: size_t is 32 bits here, but kept general).
double heap_free_bytes() { return static_cast<double>(free_heap_bytes()); }

// The largest single allocation that surely succeeds now: the free top of the heap (dlmalloc's keepcost)
// plus the room it can still grow by. Free chunks inside the heap may hold more, but not in one piece.
double heap_largest_block_bytes() {
  const auto top = reinterpret_cast<std::size_t>(sbrk(0));
  const std::size_t cap = emscripten_get_heap_max();
  return static_cast<double>((cap > top ? cap - top : 0) + static_cast<std::size_t>(mallinfo().keepcost));
}

val surface_grid(int res, double x0, double x1, double y0, double y1) {
  const Refusal refusal = check_memory("surface_grid(res = " + std::to_string(res) + ")", grid_bytes(res), 0, false,
                                       "lower res");
  throw_if_refused(refusal);
  return float64_copy(vg::surface_grid(res, x0, x1, y0, y1));
}

double surface_loss(double x, double y) { return vg::surface_loss(x, y); }

val descent_path(const std::string& optimizer_name, double learning_rate, double x, double y, int steps) {
  vg::OptimizerKind optimizer;
  if (!vg::parse(optimizer_name, optimizer)) return float64_copy({});
  const Refusal refusal = check_memory("descent_path(steps = " + std::to_string(steps) + ")",
                                       samples_bytes(steps, 3), 0, false, "lower steps");
  throw_if_refused(refusal);
  return float64_copy(vg::descent_path(optimizer, learning_rate, x, y, steps));
}

val activation_curve(const std::string& activation_name, double leaky_alpha, double z0, double z1, int n) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
  const Refusal refusal =
      check_memory("activation_curve(n = " + std::to_string(n) + ")", samples_bytes(n, 8), 0, false, "lower n");
  throw_if_refused(refusal);
  return float64_copy(vg::activation_curve(activation, leaky_alpha, z0, z1, n));
}

val chain_factors(const std::string& activation_name, double leaky_alpha, int depth, double weight, double bias,
                  double input) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
  return float64_copy(vg::chain_factors(activation, leaky_alpha, depth, weight, bias, input));
}

val neuron_graph(const std::string& activation_name, double leaky_alpha, double weight, double bias, double input,
                 double target) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
  return float64_copy(vg::neuron_graph(activation, leaky_alpha, weight, bias, input, target));
}

// The probe's network is freed on return, but while it lives the reserve must stay free (its result
// and the conversion to JS allocate after it).
val linear_net_probe(double a, int depth, int width) {
  const Refusal refusal = check_memory(
      "linear_net_probe(depth = " + std::to_string(depth) + ", width = " + std::to_string(width) + ")",
      with_margin(vg::linear_net_probe_bytes(depth, width, sizeof(float))), 0, true, "lower depth or width");
  throw_if_refused(refusal);
  return float64_copy(vg::linear_net_probe<float>(a, depth, width));
}

val mean_field_to_js(const vg::MeanFieldPrediction& prediction) {
  val object = val::object();
  object.set("supported", prediction.supported);
  object.set("q", float64_copy(prediction.q));
  object.set("chi", float64_copy(prediction.chi));
  object.set("grad_profile", float64_copy(prediction.grad_profile));
  object.set("delta_profile", float64_copy(prediction.delta_profile));
  object.set("q_star", prediction.q_star);
  object.set("chi_star", prediction.chi_star);
  return object;
}

val mean_field(const std::string& activation_name, double leaky_alpha, double sigma_w2, double sigma_b2, int depth,
               double q_input) {
  vg::Activation activation;
  vg::MeanFieldPrediction prediction;
  if (vg::parse(activation_name, activation)) {
    prediction = vg::mean_field(activation, leaky_alpha, sigma_w2, sigma_b2, depth, q_input);
  } else {
    prediction.supported = false;
  }
  return mean_field_to_js(prediction);
}

// The prediction's fields plus q_input, sigma_w2_first and sigma_w2.
val config_mean_field_to_js(const vg::ConfigMeanField& theory) {
  val object = mean_field_to_js(theory.prediction);
  object.set("q_input", theory.q_input);
  object.set("sigma_w2_first", theory.sigma_w2_first);
  object.set("sigma_w2", theory.sigma_w2);
  return object;
}

val mean_field_for_config(const val& js_config, double sigma_b2) {
  vg::Config config;
  if (!config_from_js(js_config, config).empty()) {
    vg::ConfigMeanField unsupported;
    unsupported.prediction.supported = false;
    return config_mean_field_to_js(unsupported);
  }
  return config_mean_field_to_js(vg::mean_field_for_config(config, sigma_b2));
}

val gradient_profile_to_js(const vg::GradientProfileAtInit& result) {
  val object = val::object();
  object.set("error", result.error);
  object.set("theory", config_mean_field_to_js(result.theory));
  object.set("measured", float64_copy(result.measured));
  object.set("measured_batch_mean", float64_copy(result.measured_batch_mean));
  object.set("predicted", float64_copy(result.predicted));
  object.set("measured_first_to_last", result.measured_first_to_last);
  return object;
}

val gradient_profile_at_init(const val& js_config, double sigma_b2) {
  vg::Config config;
  vg::GradientProfileAtInit result;
  result.error = config_from_js(js_config, config);
  if (result.error.empty()) result.error = vg::validate(config);
  if (result.error.empty()) {
    // It builds a whole run of the config next to whatever is alive.
    result.error = check_memory("gradient_profile_at_init for depth " + std::to_string(config.depth) + ", width " +
                                    std::to_string(config.width) + ", batch_size " + std::to_string(config.batch_size),
                                with_margin(vg::estimated_memory_bytes(config, sizeof(float))), 0, true,
                                "lower depth, width or batch_size, or end a run")
                       .text;
  }
  if (result.error.empty()) {
    result = vg::gradient_profile_at_init<float>(config, sigma_b2);
  } else {
    result.theory.prediction.supported = false;
  }
  return gradient_profile_to_js(result);
}

val jacobian_spectrum_theory(const val& js_config, int num_inputs) {
  vg::Config config;
  vg::JacobianSpectrumTheory theory;
  theory.error = config_from_js(js_config, config);
  if (theory.error.empty()) theory = vg::jacobian_spectrum_theory<float>(config, num_inputs);
  val object = val::object();
  object.set("error", theory.error);
  object.set("supported", theory.error.empty() && theory.prediction.supported);
  object.set("mean_sq", theory.prediction.mean_sq);
  object.set("sq_normalized_variance", theory.prediction.normalized_variance);
  return object;
}

val profile_band(const val& js_config, double sigma_b2, int seeds) {
  vg::Config config;
  vg::ProfileBand band;
  band.error = config_from_js(js_config, config);
  if (band.error.empty()) {
    // It builds the config's run once per seed, one at a time, next to whatever is alive.
    band.error = check_memory("profile_band for depth " + std::to_string(config.depth) + ", width " +
                                  std::to_string(config.width) + ", batch_size " + std::to_string(config.batch_size),
                              with_margin(vg::estimated_memory_bytes(config, sizeof(float))), 0, true,
                              "lower depth, width or batch_size, or end a run")
                     .text;
  }
  if (band.error.empty()) band = vg::profile_band<float>(config, sigma_b2, seeds);
  val object = val::object();
  object.set("error", band.error);
  object.set("low", float64_copy(band.low));
  object.set("high", float64_copy(band.high));
  return object;
}

val chi_grid(const std::string& activation_name, double leaky_alpha, double w0, double w1, double b0, double b1,
             int res) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
  const Refusal refusal =
      check_memory("chi_grid(res = " + std::to_string(res) + ")", grid_bytes(res), 0, false, "lower res");
  throw_if_refused(refusal);
  return float64_copy(vg::chi_grid(activation, leaky_alpha, w0, w1, b0, b1, res));
}

// NaN when the config does not convert (the page validates configs before asking).
double sigma_w2_of(const val& js_config, int fan_in, int fan_out) {
  vg::Config config;
  if (!config_from_js(js_config, config).empty()) return std::nan("");
  return vg::sigma_w2_of(config, fan_in, fan_out);
}

// NaN when the config does not convert.
double gain_for_sigma_w2(const val& js_config, double sigma_w2, int fan_in, int fan_out) {
  vg::Config config;
  if (!config_from_js(js_config, config).empty()) return std::nan("");
  return vg::gain_for_sigma_w2(config, sigma_w2, fan_in, fan_out);
}

double critical_sigma_w2(const std::string& activation_name, double leaky_alpha, double sigma_b2) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return std::nan("");
  return vg::critical_sigma_w2(activation, leaky_alpha, sigma_b2);
}

val critical_line(const std::string& activation_name, double leaky_alpha, double b0, double b1, int res) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
  return float64_copy(vg::critical_line(activation, leaky_alpha, b0, b1, res));
}

// spectra: an array of arrays (or typed arrays) of numbers.
val spectrum_histogram(const val& js_spectra) {
  std::vector<std::vector<double>> spectra;
  val object = val::object();
  object.set("error", std::string());
  if (val::global("Array").call<bool>("isArray", js_spectra)) {
    const unsigned count = js_spectra["length"].as<unsigned>();
    // The values are copied in, converted and sorted: measured in JS first.
    double values = 0;
    for (unsigned i = 0; i < count; ++i) {
      const val spectrum = js_spectra[i];
      if (spectrum.isNull() || spectrum.isUndefined()) continue;
      const double length = val::global("Number")(spectrum["length"]).as<double>();
      if (length > 0) values += length;
    }
    const double bytes = 3.0 * sizeof(double) * values + 512.0 * count;
    const Refusal refusal = check_memory("spectrum_histogram of " + std::to_string(count) + " spectra",
                                         bytes < kUnaffordableBytes ? std::size_t(bytes) : kUnaffordableBytes, 0,
                                         false, "pass fewer or shorter spectra");
    if (refusal.refused()) {
      object.set("error", std::string(refusal.text));
      object.set("bin_edges_log10", float64_copy({}));
      object.set("below_edge_log10", std::nan(""));
      object.set("spectra", val::array());
      return object;
    }
    for (unsigned i = 0; i < count; ++i) {
      const val values = val::global("Array").call<val>("from", js_spectra[i]);
      spectra.push_back(emscripten::vecFromJSArray<double>(values));
    }
  }
  const vg::SpectrumHistogram histogram = vg::spectrum_histogram(spectra);
  val list = val::array();
  for (const vg::SpectrumSummary& summary : histogram.spectra) {
    val object = val::object();
    object.set("count", static_cast<double>(summary.count));
    object.set("zeros", static_cast<double>(summary.zeros));
    object.set("below", static_cast<double>(summary.below));
    object.set("non_finite", static_cast<double>(summary.non_finite));
    object.set("counts", float64_copy(summary.counts));
    object.set("mean", summary.mean);
    object.set("mean_sq", summary.mean_sq);
    object.set("sq_normalized_variance", summary.sq_normalized_variance);
    object.set("min", summary.min);
    object.set("max", summary.max);
    object.set("log10_mean", summary.log10_mean);
    object.set("log10_std", summary.log10_std);
    object.set("log10_range", summary.log10_range);
    list.call<void>("push", object);
  }
  object.set("bin_edges_log10", float64_copy(histogram.bin_edges_log10));
  object.set("below_edge_log10", histogram.below_edge_log10);
  object.set("spectra", list);
  return object;
}


// ---- classroom tools (issue 12) ------------------------------------------------------------------

// One training step traced node by node (graph_trace.h): per layer its weights, forward values,
// local derivatives and accumulated gradients, plus the Network's own dL/dW[1].
val graph_trace(const val& js_config, int examples) {
  vg::Config config;
  vg::GraphTrace trace;
  trace.error = config_from_js(js_config, config);
  if (trace.error.empty()) trace = vg::graph_trace(config, examples);
  val object = val::object();
  object.set("error", trace.error);
  object.set("input_dim", trace.input_dim);
  object.set("output_dim", trace.output_dim);
  object.set("examples", trace.examples);
  object.set("inputs", float64_copy(trace.inputs));
  object.set("labels", float64_copy(std::vector<double>(trace.labels.begin(), trace.labels.end())));
  object.set("loss", trace.loss);
  object.set("dlogits", float64_copy(trace.dlogits));
  object.set("network_dW_first", float64_copy(trace.network_dW_first));
  val layers = val::array();
  for (const vg::GraphTraceLayer& layer : trace.layers) {
    val entry = val::object();
    entry.set("in", layer.in);
    entry.set("out", layer.out);
    entry.set("W", float64_copy(layer.W));
    entry.set("b", float64_copy(layer.b));
    entry.set("z", float64_copy(layer.z));
    entry.set("a", float64_copy(layer.a));
    entry.set("dphi", float64_copy(layer.dphi));
    entry.set("da", float64_copy(layer.da));
    entry.set("dz", float64_copy(layer.dz));
    entry.set("dW", float64_copy(layer.dW));
    layers.call<void>("push", entry);
  }
  object.set("layers", layers);
  return object;
}

// The reader's predicted gradient profile (decades per hidden layer) scored against the measured one.
val score_prediction(const val& js_config, const val& js_predicted) {
  vg::Config config;
  vg::PredictionScore score;
  score.error = config_from_js(js_config, config);
  if (score.error.empty()) {
    const val values = val::global("Array").call<val>("from", js_predicted);
    score = vg::score_prediction(config, emscripten::vecFromJSArray<double>(values));
  }
  val object = val::object();
  object.set("error", score.error);
  object.set("measured", float64_copy(score.measured));
  object.set("off_scale_layers", score.off_scale_layers);
  object.set("mean_abs_error", score.mean_abs_error);
  object.set("worst_layer", score.worst_layer);
  object.set("worst_error", score.worst_error);
  return object;
}

}  // namespace

EMSCRIPTEN_BINDINGS(vg_engine) {
  using emscripten::function;

  emscripten::class_<TrainerBinding>("Trainer")
      .constructor<>()
      .function("configure", &TrainerBinding::configure)
      .function("reset", &TrainerBinding::reset)
      .function("step", &TrainerBinding::step)
      .function("stats", &TrainerBinding::stats)
      .function("config", &TrainerBinding::config)
      .function("num_layers", &TrainerBinding::num_layers)
      .function("hist_bins", &TrainerBinding::hist_bins)
      .function("input_dim", &TrainerBinding::input_dim)
      .function("num_classes", &TrainerBinding::num_classes)
      .function("telemetry", &TrainerBinding::telemetry)
      .function("hist_ranges", &TrainerBinding::hist_ranges)
      .function("predict_grid", &TrainerBinding::predict_grid)
      .function("train_inputs", &TrainerBinding::train_inputs)
      .function("test_inputs", &TrainerBinding::test_inputs)
      .function("train_labels", &TrainerBinding::train_labels)
      .function("test_labels", &TrainerBinding::test_labels)
      .function("jacobian_singular_values", &TrainerBinding::jacobian_singular_values)
      .function("network_view", &TrainerBinding::network_view)
      .function("gradient_profile_at_init", &TrainerBinding::gradient_profile_at_init);

  function("config_defaults", &config_defaults);
  function("validate_config", &validate_config);
  function("config_fields", &config_fields);
  function("telemetry_arrays", &telemetry_arrays);
  function("enum_names", &enum_names);
  function("simd_in_use", &simd_in_use);
  function("heap_free_bytes", &heap_free_bytes);
  function("heap_largest_block_bytes", &heap_largest_block_bytes);
  function("surface_grid", &surface_grid);
  function("surface_loss", &surface_loss);
  function("descent_path", &descent_path);
  function("activation_curve", &activation_curve);
  function("chain_factors", &chain_factors);
  function("neuron_graph", &neuron_graph);
  function("linear_net_probe", &linear_net_probe);
  function("mean_field", &mean_field);
  function("chi_grid", &chi_grid);
  function("sigma_w2_of", &sigma_w2_of);
  function("gain_for_sigma_w2", &gain_for_sigma_w2);
  function("critical_sigma_w2", &critical_sigma_w2);
  function("critical_line", &critical_line);
  function("mean_field_for_config", &mean_field_for_config);
  function("gradient_profile_at_init", &gradient_profile_at_init);
  function("profile_band", &profile_band);
  function("jacobian_spectrum_theory", &jacobian_spectrum_theory);
  function("spectrum_histogram", &spectrum_histogram);
  // classroom tools (issue 12)
  function("graph_trace", &graph_trace);
  function("score_prediction", &score_prediction);
}
