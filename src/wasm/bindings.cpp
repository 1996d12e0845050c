// The core's JavaScript face (embind), as documented in src/wasm/README.md. This is the only file that
// includes Emscripten headers, and it only converts: JS objects and names to Config and enums, core
// arrays to typed arrays (views into WASM memory for telemetry and data, fresh copies otherwise).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "config.h"
#include "explain.h"
#include "spectrum.h"
#include "theory.h"
#include "theory_config.h"
#include "trainer.h"

// The SIMD module exists to run Eigen's SSE kernels; refuse to build it if Eigen fell back to scalar
// code (e.g. the patched Eigen copy of src/wasm/eigen_patched.cmake was not used).
#if defined(VG_WASM_EXPECT_SSE2) && !defined(EIGEN_VECTORIZE_SSE2)
#error "vg_engine must be built with Eigen's SSE2 path (-msimd128 -msse2 and the patched Eigen copy)"
#endif

namespace {

using emscripten::typed_memory_view;
using emscripten::val;

// ---- JS config objects <-> vg::Config -------------------------------------------------------------

// Fills `config` (starting from its current values) from the keys of a plain JS object. Values go
// through set_field in their text form: strings as they are, numbers and booleans as JS prints them
// (shortest round-trip form). Returns "" or the first message, which names the field.
std::string config_from_js(const val& object, vg::Config& config) {
  if (object.isNull() || object.typeOf().as<std::string>() != "object")
    return "config must be an object whose keys are Config field names";
  const val keys = val::global("Object").call<val>("keys", object);
  const unsigned count = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < count; ++i) {
    const std::string name = keys[i].as<std::string>();
    const val value = object[name];
    const std::string type = value.typeOf().as<std::string>();
    std::string text;
    if (type == "string") {
      text = value.as<std::string>();
    } else if (type == "number" || type == "boolean" || type == "bigint") {
      text = val::global("String")(value).as<std::string>();
    } else {
      return name + " has a value of type " + type + ": expected a number, a boolean or a name";
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
  return object;
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

// ---- the trainer --------------------------------------------------------------------------------

using TelemetryArray = std::vector<float> vg::Telemetry<float>::*;
const std::pair<const char*, TelemetryArray> kTelemetryArrays[] = {
    {"grad_w_norm", &vg::Telemetry<float>::grad_w_norm},
    {"grad_b_norm", &vg::Telemetry<float>::grad_b_norm},
    {"delta_norm", &vg::Telemetry<float>::delta_norm},
    {"act_mean", &vg::Telemetry<float>::act_mean},
    {"act_std", &vg::Telemetry<float>::act_std},
    {"saturated_frac", &vg::Telemetry<float>::saturated_frac},
    {"dead_frac", &vg::Telemetry<float>::dead_frac},
    {"weight_norm", &vg::Telemetry<float>::weight_norm},
    {"update_ratio", &vg::Telemetry<float>::update_ratio},
    {"act_hist", &vg::Telemetry<float>::act_hist},
    {"grad_hist", &vg::Telemetry<float>::grad_hist},
};

const char* status_name(vg::RunStatus status) {
  switch (status) {
    case vg::RunStatus::Ready: return "ready";
    case vg::RunStatus::Running: return "running";
    case vg::RunStatus::Diverged: return "diverged";
  }
  return "ready";
}

// vg::Trainer<float> with JS-typed arguments and results.
class TrainerBinding {
 public:
  std::string configure(const val& js_config) {
    vg::Config config;  // missing keys keep the defaults
    const std::string error = config_from_js(js_config, config);
    if (!error.empty()) return error;
    return trainer_.configure(config);
  }
  void reset() { trainer_.reset(); }
  int step(int n) { return trainer_.step(n); }

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
    return object;
  }

  int num_layers() const { return trainer_.telemetry().num_layers; }
  int hist_bins() const { return trainer_.telemetry().hist_bins; }
  int input_dim() const { return trainer_.input_dim(); }
  int num_classes() const { return trainer_.num_classes(); }

  val telemetry(const std::string& name) const {
    for (const auto& [array_name, member] : kTelemetryArrays)
      if (name == array_name) return view_of(trainer_.telemetry().*member);
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

  val predict_grid(int res, double x0, double x1, double y0, double y1) {
    return view_of(trainer_.predict_grid(res, x0, x1, y0, y1));
  }
  val train_inputs() const { return view_of(trainer_.train_inputs()); }
  val test_inputs() const { return view_of(trainer_.test_inputs()); }
  val train_labels() const { return view_of(trainer_.train_labels()); }
  val test_labels() const { return view_of(trainer_.test_labels()); }
  val jacobian_singular_values(int num_inputs) { return float64_copy(trainer_.jacobian_singular_values(num_inputs)); }

 private:
  static inline const std::vector<float> kNoFloats;
  vg::Trainer<float> trainer_;
};

// ---- free functions -----------------------------------------------------------------------------

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

val surface_grid(int res, double x0, double x1, double y0, double y1) {
  return float64_copy(vg::surface_grid(res, x0, x1, y0, y1));
}

double surface_loss(double x, double y) { return vg::surface_loss(x, y); }

val descent_path(const std::string& optimizer_name, double learning_rate, double x, double y, int steps) {
  vg::OptimizerKind optimizer;
  if (!vg::parse(optimizer_name, optimizer)) return float64_copy({});
  return float64_copy(vg::descent_path(optimizer, learning_rate, x, y, steps));
}

val activation_curve(const std::string& activation_name, double leaky_alpha, double z0, double z1, int n) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
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

val linear_net_probe(double a, int depth, int width) { return float64_copy(vg::linear_net_probe<float>(a, depth, width)); }

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

val gradient_profile_at_init(const val& js_config, double sigma_b2) {
  vg::Config config;
  vg::GradientProfileAtInit result;
  result.error = config_from_js(js_config, config);
  if (result.error.empty()) {
    result = vg::gradient_profile_at_init<float>(config, sigma_b2);
  } else {
    result.theory.prediction.supported = false;
  }
  val object = val::object();
  object.set("error", result.error);
  object.set("theory", config_mean_field_to_js(result.theory));
  object.set("measured", float64_copy(result.measured));
  object.set("predicted", float64_copy(result.predicted));
  object.set("measured_first_to_last", result.measured_first_to_last);
  return object;
}

val chi_grid(const std::string& activation_name, double leaky_alpha, double w0, double w1, double b0, double b1,
             int res) {
  vg::Activation activation;
  if (!vg::parse(activation_name, activation)) return float64_copy({});
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
  if (val::global("Array").call<bool>("isArray", js_spectra)) {
    const unsigned count = js_spectra["length"].as<unsigned>();
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
    object.set("min", summary.min);
    object.set("max", summary.max);
    object.set("log10_mean", summary.log10_mean);
    object.set("log10_std", summary.log10_std);
    object.set("log10_range", summary.log10_range);
    list.call<void>("push", object);
  }
  val object = val::object();
  object.set("bin_edges_log10", float64_copy(histogram.bin_edges_log10));
  object.set("below_edge_log10", histogram.below_edge_log10);
  object.set("spectra", list);
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
      .function("jacobian_singular_values", &TrainerBinding::jacobian_singular_values);

  function("config_defaults", &config_defaults);
  function("validate_config", &validate_config);
  function("config_fields", &config_fields);
  function("enum_names", &enum_names);
  function("simd_in_use", &simd_in_use);
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
  function("spectrum_histogram", &spectrum_histogram);
}
