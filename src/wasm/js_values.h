// The bindings' value conversions (bindings.cpp binds, this converts): JS config objects to and from
// vg::Config with typed values (numbers, booleans, enum names, never text), core arrays to typed
// arrays, and one to_js per result struct of the core.
#pragma once

#include <emscripten/val.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "config.h"
#include "theory/graph_trace.h"
#include "network_view.h"
#include "theory/prediction_score.h"
#include "theory/spectrum.h"
#include "theory/theory.h"
#include "theory/theory_config.h"
#include "trainer.h"

namespace vg::js {

using emscripten::val;

// A view into WASM memory: read it or copy it before the next call into the module.
template <typename T>
val view_of(const std::vector<T>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data()));
}
val float64_copy(const std::vector<double>& values);
val int32_copy(const std::vector<int>& values);
val string_array(const std::vector<std::string>& names);
// A plain object from (key, value) pairs, in order.
val object_of(std::initializer_list<std::pair<const char*, val>> entries);

// Longer config names or values are refused before they are copied in (the longest real one is an
// enum name or a double's shortest round-trip text, under 30 characters).
inline constexpr double kMaxConfigTextChars = 256;

// Fills `config` (starting from its current values) from the keys of a plain JS object: numbers,
// booleans and strings go to set_field_value as they are (a bigint as a number), `points` as an array
// or typed array of (x, y, class) numbers. Returns "" or the first message, which names the field.
std::string config_from_js(const val& object, Config& config);
// Numbers as numbers, booleans as booleans, enums by name; points (a Float64Array of triples) only
// when dataset is custom or some are set.
val config_to_js(const Config& config);
// The fields set with one value (config_defaults' keys): every field of the schema but the points.
val config_fields_to_js();
// An enum field's names, from the schema (which reads the enum's one table); [] for another kind.
val enum_names_to_js(const std::string& kind);
// config_schema_json() parsed: {fields: [...], telemetry: [...]}.
val config_schema_to_js();
// The telemetry arrays' names and kinds (the core's one table): [{name, histogram}, ...].
val telemetry_arrays_to_js();

val to_js(const StepStats& stats);
val to_js(const Telemetry<float>& telemetry_ranges);  // the histograms' ranges
val to_js(const NetworkView& view);
val to_js(const MeanFieldPrediction& prediction);
val to_js(const ConfigMeanField& theory);  // the prediction's fields plus q_input, sigma_w2_first, sigma_w2
val to_js(const GradientProfileAtInit& result);
val to_js(const JacobianSpectrumTheory& theory);
val to_js(const ProfileBand& band);
val to_js(const SpectrumHistogram& histogram, const std::string& error);
val to_js(const GraphTrace& trace);
val to_js(const PredictionScore& score);

}  // namespace vg::js
