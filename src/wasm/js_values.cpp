#include "js_values.h"

#include <cmath>

namespace vg::js {
namespace {

// The start of a JS string too long to copy in whole, escaped as message_excerpt does, and its length.
std::string long_text_excerpt(const val& text) {
  const auto head = text.call<std::string>("slice", 0, static_cast<int>(kMessageExcerptChars));
  return message_excerpt(head, 4 * kMessageExcerptChars) + "... (" +
         val::global("String")(text["length"]).as<std::string>() + " characters)";
}

std::string value_too_long(const std::string& name, const val& text) {
  return message_excerpt(name) + " = '" + long_text_excerpt(text) + "' is too long: a config value is a number, a boolean or a name";
}

bool is_points_field(const std::string& name) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> points;
    for (const FieldSchema& field : config_schema())
      if (field.type == FieldType::Points) points.push_back(field.name);
    return points;
  }();
  for (const auto& points : names)
    if (name == points) return true;
  return false;
}

// A points field's value: an array or typed array of (x, y, class) triples, as numbers (each element
// goes through Number(), so anything else arrives as NaN and validate() names it). Its length is
// measured before anything is copied in.
std::string points_from_js(const std::string& name, const val& value, FieldValue& out) {
  if (!val::global("ArrayBuffer").call<bool>("isView", value) && !val::global("Array").call<bool>("isArray", value))
    return name + " has a value of type " + value.typeOf().as<std::string>() + ": expected an array of (x, y, class) numbers";
  const double length = value["length"].as<double>();
  if (length > 3.0 * kMaxCustomPoints) return custom_point_count_message(static_cast<std::size_t>(length / 3));
  const val numbers = val::global("Float64Array").call<val>("from", value);
  out = emscripten::convertJSArrayToNumberVector<double>(numbers);
  return "";
}

// One config value as it crosses: a number, a boolean or a string (measured before it is copied).
std::string field_value_from_js(const std::string& name, const val& value, FieldValue& out) {
  if (is_points_field(name)) return points_from_js(name, value, out);
  const std::string type = value.typeOf().as<std::string>();
  if (type == "number") {
    out = value.as<double>();
  } else if (type == "boolean") {
    out = value.as<bool>();
  } else if (type == "bigint") {
    out = val::global("Number")(value).as<double>();
  } else if (type == "string") {
    if (value["length"].as<double>() > kMaxConfigTextChars) return value_too_long(name, value);
    out = value.as<std::string>();
  } else {
    return message_excerpt(name) + " has a value of type " + type + ": expected a number, a boolean or a name";
  }
  return "";
}

val js_value(const FieldValue& value) {
  if (const double* number = std::get_if<double>(&value)) return val(*number);
  if (const bool* flag = std::get_if<bool>(&value)) return val(*flag);
  if (const std::string* name = std::get_if<std::string>(&value)) return val(*name);
  return float64_copy(std::get<std::vector<double>>(value));
}

const char* status_name(RunStatus status) {
  switch (status) {
    case RunStatus::Ready: return "ready";
    case RunStatus::Running: return "running";
    case RunStatus::Diverged: return "diverged";
  }
  return "ready";
}

}  // namespace

val float64_copy(const std::vector<double>& values) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val int32_copy(const std::vector<int>& values) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val string_array(const std::vector<std::string>& names) {
  val array = val::array();
  for (const auto& name : names) array.call<void>("push", name);
  return array;
}

val object_of(std::initializer_list<std::pair<const char*, val>> entries) {
  val object = val::object();
  for (const auto& [key, value] : entries) object.set(key, value);
  return object;
}

std::string config_from_js(const val& object, Config& config) {
  if (object.isNull() || object.typeOf().as<std::string>() != "object")
    return "config must be an object whose keys are Config field names";
  const val keys = val::global("Object").call<val>("keys", object);
  const unsigned count = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < count; ++i) {
    // Names and values are measured in JS before they are copied into the (capped) WASM heap.
    if (keys[i]["length"].as<double>() > kMaxConfigTextChars) return "unknown field '" + long_text_excerpt(keys[i]) + "'";
    const std::string name = keys[i].as<std::string>();
    FieldValue value;
    std::string error = field_value_from_js(name, object[name], value);
    if (error.empty()) error = set_field_value(config, name, value);
    if (!error.empty()) return error;
  }
  return "";
}

val config_to_js(const Config& config) {
  val object = val::object();
  const bool with_points = config.dataset == DatasetKind::Custom || !config.points.empty();
  for (const auto& [name, value] : field_values_of(config))
    if (with_points || !is_points_field(name)) object.set(name, js_value(value));
  return object;
}

val config_fields_to_js() {
  std::vector<std::string> names;
  for (const FieldSchema& field : config_schema())
    if (field.type != FieldType::Points) names.push_back(field.name);
  return string_array(names);
}

val enum_names_to_js(const std::string& kind) {
  for (const FieldSchema& field : config_schema())
    if (field.name == kind && field.type == FieldType::Enum) return string_array(field.choices);
  return val::array();
}

val config_schema_to_js() { return val::global("JSON").call<val>("parse", config_schema_json()); }

val telemetry_arrays_to_js() {
  val arrays = val::array();
  for (const auto& array : kTelemetryArrays<float>)
    arrays.call<void>("push", object_of({{"name", val(std::string(array.name))}, {"histogram", val(array.histogram)}}));
  return arrays;
}

val to_js(const StepStats& stats) {
  return object_of({
      {"step", val(static_cast<double>(stats.step))},
      {"loss", val(stats.loss)},
      {"train_accuracy", val(stats.train_accuracy)},
      {"test_accuracy", val(stats.test_accuracy)},
      {"test_loss", val(stats.test_loss)},
      {"status", val(std::string(status_name(stats.status)))},
      {"diverged_step", val(static_cast<double>(stats.diverged_step))},
      {"diverged_layer", val(stats.diverged_layer)},
      {"message", val(stats.message)},
      {"diverged_part", val(stats.diverged_part)},
      {"diverged_cause", val(stats.diverged_cause)},
      {"forward_norm", float64_copy(stats.forward_norm)},
  });
}

val to_js(const Telemetry<float>& telemetry) {
  return object_of({{"act_lo", val(telemetry.act_hist_lo)}, {"act_hi", val(telemetry.act_hist_hi)},
                    {"grad_lo", val(telemetry.grad_hist_lo)}, {"grad_hi", val(telemetry.grad_hist_hi)}});
}

val to_js(const NetworkView& view) {
  return object_of({
      {"error", val(view.error)},
      {"depth", val(view.depth)},
      {"width", val(view.width)},
      {"input_dim", val(view.input_dim)},
      {"output_dim", val(view.output_dim)},
      {"resolution", val(view.resolution)},
      {"unit_outputs", float64_copy(view.unit_outputs)},
      {"output_logits", float64_copy(view.output_logits)},
      {"link_begin", int32_copy(view.link_begin)},
      {"weight_abs", float64_copy(view.weight_abs)},
      {"grad_abs", float64_copy(view.grad_abs)},
  });
}

val to_js(const MeanFieldPrediction& prediction) {
  return object_of({
      {"supported", val(prediction.supported)},
      {"q", float64_copy(prediction.q)},
      {"chi", float64_copy(prediction.chi)},
      {"grad_profile", float64_copy(prediction.grad_profile)},
      {"delta_profile", float64_copy(prediction.delta_profile)},
      {"q_star", val(prediction.q_star)},
      {"chi_star", val(prediction.chi_star)},
  });
}

val to_js(const ConfigMeanField& theory) {
  val object = to_js(theory.prediction);
  object.set("q_input", theory.q_input);
  object.set("sigma_w2_first", theory.sigma_w2_first);
  object.set("sigma_w2", theory.sigma_w2);
  return object;
}

val to_js(const GradientProfileAtInit& result) {
  return object_of({
      {"error", val(result.error)},
      {"theory", to_js(result.theory)},
      {"measured", float64_copy(result.measured)},
      {"measured_batch_mean", float64_copy(result.measured_batch_mean)},
      {"predicted", float64_copy(result.predicted)},
      {"measured_first_to_last", val(result.measured_first_to_last)},
  });
}

val to_js(const JacobianSpectrumTheory& theory) {
  return object_of({
      {"error", val(theory.error)},
      {"supported", val(theory.error.empty() && theory.prediction.supported)},
      {"mean_sq", val(theory.prediction.mean_sq)},
      {"sq_normalized_variance", val(theory.prediction.normalized_variance)},
  });
}

val to_js(const ProfileBand& band) {
  return object_of({{"error", val(band.error)}, {"low", float64_copy(band.low)}, {"high", float64_copy(band.high)}});
}

val to_js(const SpectrumHistogram& histogram, const std::string& error) {
  val list = val::array();
  for (const SpectrumSummary& summary : histogram.spectra) {
    list.call<void>("push", object_of({
                                {"count", val(static_cast<double>(summary.count))},
                                {"zeros", val(static_cast<double>(summary.zeros))},
                                {"below", val(static_cast<double>(summary.below))},
                                {"non_finite", val(static_cast<double>(summary.non_finite))},
                                {"counts", float64_copy(summary.counts)},
                                {"mean", val(summary.mean)},
                                {"mean_sq", val(summary.mean_sq)},
                                {"sq_normalized_variance", val(summary.sq_normalized_variance)},
                                {"min", val(summary.min)},
                                {"max", val(summary.max)},
                                {"log10_mean", val(summary.log10_mean)},
                                {"log10_std", val(summary.log10_std)},
                                {"log10_range", val(summary.log10_range)},
                            }));
  }
  return object_of({{"error", val(error)},
                    {"bin_edges_log10", float64_copy(histogram.bin_edges_log10)},
                    {"below_edge_log10", val(histogram.below_edge_log10)},
                    {"spectra", list}});
}

val to_js(const GraphTrace& trace) {
  val layers = val::array();
  for (const GraphTraceLayer& layer : trace.layers) {
    layers.call<void>("push", object_of({
                                  {"in", val(layer.in)},
                                  {"out", val(layer.out)},
                                  {"W", float64_copy(layer.W)},
                                  {"b", float64_copy(layer.b)},
                                  {"z", float64_copy(layer.z)},
                                  {"a", float64_copy(layer.a)},
                                  {"dphi", float64_copy(layer.dphi)},
                                  {"da", float64_copy(layer.da)},
                                  {"dz", float64_copy(layer.dz)},
                                  {"dW", float64_copy(layer.dW)},
                              }));
  }
  return object_of({
      {"error", val(trace.error)},
      {"input_dim", val(trace.input_dim)},
      {"output_dim", val(trace.output_dim)},
      {"examples", val(trace.examples)},
      {"inputs", float64_copy(trace.inputs)},
      {"labels", float64_copy(std::vector<double>(trace.labels.begin(), trace.labels.end()))},
      {"loss", val(trace.loss)},
      {"dlogits", float64_copy(trace.dlogits)},
      {"network_dW_first", float64_copy(trace.network_dW_first)},
      {"layers", layers},
  });
}

val to_js(const PredictionScore& score) {
  return object_of({
      {"error", val(score.error)},
      {"measured", float64_copy(score.measured)},
      {"off_scale_layers", val(score.off_scale_layers)},
      {"mean_abs_error", val(score.mean_abs_error)},
      {"worst_layer", val(score.worst_layer)},
      {"worst_error", val(score.worst_error)},
  });
}

}  // namespace vg::js
