// Trainer<float> as the bindings expose it (bindings.cpp binds it as Module.Trainer): JS-typed
// arguments and results, and the memory budget's checks on every call that allocates.
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "config.h"
#include "js_values.h"
#include "memory_budget.h"
#include "theory/theory_config.h"
#include "trainer.h"

namespace vg::wasm {

using emscripten::val;

class TrainerBinding {
 public:
  // The memory check counts this trainer's current run as free: Trainer::configure frees it before
  // building the new one. An invalid or refused config leaves the current run as it is.
  std::string configure(const val& js_config) {
    Config config;  // missing keys keep the defaults
    const std::string error = js::config_from_js(js_config, config);
    if (!error.empty()) return error;
    const std::string invalid = validate(config);
    if (!invalid.empty()) return invalid;
    const Refusal refusal =
        check_memory("a run of depth = " + std::to_string(config.depth) + ", width = " + std::to_string(config.width) +
                         ", batch_size = " + std::to_string(config.batch_size),
                     with_margin(estimated_memory_bytes(config, sizeof(float))), held_bytes_, true,
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
      throw_range_error(message);
    }
    return n <= 0 ? 0 : trainer_.step(static_cast<int>(n));
  }

  val stats() const { return js::to_js(trainer_.stats()); }

  // The live run's config as the core holds it (field names and values as config_defaults gives).
  val config() const { return js::config_to_js(trainer_.config()); }

  int num_layers() const { return trainer_.telemetry().num_layers; }
  int hist_bins() const { return trainer_.telemetry().hist_bins; }
  int input_dim() const { return trainer_.input_dim(); }
  int num_classes() const { return trainer_.num_classes(); }

  val telemetry(const std::string& name) const {
    for (const auto& array : kTelemetryArrays<float>)
      if (name == array.name) return js::view_of(trainer_.telemetry().*array.member);
    return js::view_of(kNoFloats);
  }

  val hist_ranges() const { return js::to_js(trainer_.telemetry()); }

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
    return js::view_of(grid);
  }
  val train_inputs() const { return js::view_of(trainer_.train_inputs()); }
  val test_inputs() const { return js::view_of(trainer_.test_inputs()); }
  val train_labels() const { return js::view_of(trainer_.train_labels()); }
  val test_labels() const { return js::view_of(trainer_.test_labels()); }
  val jacobian_singular_values(int num_inputs) { return js::float64_copy(trainer_.jacobian_singular_values(num_inputs)); }

  // The network drawn unit by unit (network_view.h). Transient and bounded (at most 8 x 8 units on a
  // 64 x 64 grid: 2 MiB), so it fits in the reserve every lasting allocation leaves free.
  val network_view(int res, double x0, double x1, double y0, double y1) {
    return js::to_js(trainer_.network_view(res, x0, x1, y0, y1));
  }

  // The free gradient_profile_at_init's result for this run, read from its step-0 telemetry (nothing
  // is built); error set once the run is past step 0.
  val gradient_profile_at_init(double sigma_b2) const {
    return js::to_js(gradient_profile_of(trainer_, sigma_b2));
  }

 private:
  static constexpr int kMaxStepsPerCall = 1000000;
  static inline const std::vector<float> kNoFloats;
  Trainer<float> trainer_;
  std::size_t held_bytes_ = 0;  // heap taken by the current run (measured), freed by the next configure
  std::size_t grid_bytes_ = 0;  // of which predict_grid's grid, reused by the next predict_grid
};

}  // namespace wasm
