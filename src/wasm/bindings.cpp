// The core's JavaScript face (embind), as documented in src/wasm/README.md: every binding is here.
// Beside it: the Trainer class's face (trainer_binding.h), the value conversions (js_values.cpp:
// configs, typed arrays, result structs) and the memory budget that guards every call that allocates
// (memory_budget.cpp). Together they only convert: all maths is in src/core/.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "config.h"
#include "js_values.h"
#include "memory_budget.h"
#include "network_view.h"
#include "theory/explain.h"
#include "theory/graph_trace.h"
#include "theory/prediction_score.h"
#include "theory/spectrum.h"
#include "theory/theory.h"
#include "theory/theory_config.h"
#include "trainer.h"
#include "trainer_binding.h"

// The SIMD module exists to run Eigen's SSE kernels; refuse to build it if Eigen fell back to scalar
// code (e.g. the patched Eigen copy of src/wasm/eigen_patched.cmake was not used).
#if defined(VG_WASM_EXPECT_SSE2) && !defined(EIGEN_VECTORIZE_SSE2)
#error "vg_engine must be built with Eigen's SSE2 path (-msimd128 -msse2 and the patched Eigen copy)"
#endif

namespace {

using emscripten::val;
using vg::js::float64_copy;
using vg::js::config_from_js;
using vg::js::to_js;
using namespace vg::wasm;  // the memory budget and TrainerBinding

// ---- free functions -----------------------------------------------------------------------------

val config_defaults() { return vg::js::config_to_js(vg::Config{}); }

std::string validate_config(const val& js_config) {
  vg::Config config;
  const std::string error = config_from_js(js_config, config);
  return error.empty() ? vg::validate(config) : error;
}

std::string simd_in_use() { return Eigen::SimdInstructionSetsInUse(); }

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

val mean_field(const std::string& activation_name, double leaky_alpha, double sigma_w2, double sigma_b2, int depth,
               double q_input) {
  vg::Activation activation;
  vg::MeanFieldPrediction prediction;
  if (vg::parse(activation_name, activation)) {
    prediction = vg::mean_field(activation, leaky_alpha, sigma_w2, sigma_b2, depth, q_input);
  } else {
    prediction.supported = false;
  }
  return to_js(prediction);
}

// "" when a run of `config`, built by `call` next to whatever is alive, fits the memory free now.
std::string run_memory_refusal(const std::string& call, const vg::Config& config) {
  return check_memory(call + " for depth " + std::to_string(config.depth) + ", width " + std::to_string(config.width) +
                          ", batch_size " + std::to_string(config.batch_size),
                      with_margin(vg::estimated_memory_bytes(config, sizeof(float))), 0, true,
                      "lower depth, width or batch_size, or end a run")
      .text;
}

val mean_field_for_config(const val& js_config, double sigma_b2) {
  vg::Config config;
  if (!config_from_js(js_config, config).empty()) {
    vg::ConfigMeanField unsupported;
    unsupported.prediction.supported = false;
    return to_js(unsupported);
  }
  return to_js(vg::mean_field_for_config(config, sigma_b2));
}

val gradient_profile_at_init(const val& js_config, double sigma_b2) {
  vg::Config config;
  vg::GradientProfileAtInit result;
  result.error = config_from_js(js_config, config);
  if (result.error.empty()) result.error = vg::validate(config);
  if (result.error.empty()) {
    result.error = run_memory_refusal("gradient_profile_at_init", config);  // builds one run
  }
  if (result.error.empty()) {
    result = vg::gradient_profile_at_init<float>(config, sigma_b2);
  } else {
    result.theory.prediction.supported = false;
  }
  return to_js(result);
}

val jacobian_spectrum_theory(const val& js_config, int num_inputs) {
  vg::Config config;
  vg::JacobianSpectrumTheory theory;
  theory.error = config_from_js(js_config, config);
  if (theory.error.empty()) theory = vg::jacobian_spectrum_theory<float>(config, num_inputs);
  return to_js(theory);
}

val profile_band(const val& js_config, double sigma_b2, int seeds) {
  vg::Config config;
  vg::ProfileBand band;
  band.error = config_from_js(js_config, config);
  if (band.error.empty()) {
    band.error = run_memory_refusal("profile_band", config);  // builds one run per seed, one at a time
  }
  if (band.error.empty()) band = vg::profile_band<float>(config, sigma_b2, seeds);
  return to_js(band);
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
      vg::SpectrumHistogram nothing;
      nothing.below_edge_log10 = std::nan("");
      return to_js(nothing, refusal.text);
    }
    for (unsigned i = 0; i < count; ++i) {
      const val values = val::global("Array").call<val>("from", js_spectra[i]);
      spectra.push_back(emscripten::vecFromJSArray<double>(values));
    }
  }
  return to_js(vg::spectrum_histogram(spectra), "");
}

// ---- classroom tools (issue 12) ------------------------------------------------------------------

// One training step traced node by node (graph_trace.h): per layer its weights, forward values,
// local derivatives and accumulated gradients, plus the Network's own dL/dW[1].
val graph_trace(const val& js_config, int examples) {
  vg::Config config;
  vg::GraphTrace trace;
  trace.error = config_from_js(js_config, config);
  if (trace.error.empty()) trace = vg::graph_trace(config, examples);
  return to_js(trace);
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
  return to_js(score);
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
  function("config_fields", &vg::js::config_fields_to_js);
  function("config_schema", &vg::js::config_schema_to_js);
  function("telemetry_arrays", &vg::js::telemetry_arrays_to_js);
  function("enum_names", &vg::js::enum_names_to_js);
  function("simd_in_use", &simd_in_use);
  function("heap_free_bytes", &vg::wasm::heap_free_bytes);
  function("heap_largest_block_bytes", &vg::wasm::heap_largest_block_bytes);
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
