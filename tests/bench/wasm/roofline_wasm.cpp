// The roofline (roofline.h) as a small WebAssembly module of its own, so the WASM ceiling is measured
// with the same Eigen and flags as the engine without adding benchmark code to the engine's bindings.
// bench.sh builds it twice (SIMD and not) into build/bench-wasm/; bench_wasm_node.mjs times it.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "../roofline.h"

extern "C" {

// layer_sizes: num_sizes ints in WASM memory (see mlp_layer_sizes). Returns an owned handle.
vg_bench::MatmulRoofline* roofline_create(const int* layer_sizes, int num_sizes, int batch) {
  return new vg_bench::MatmulRoofline(std::vector<int>(layer_sizes, layer_sizes + num_sizes), batch);
}

void roofline_run_steps(vg_bench::MatmulRoofline* roofline, int num_steps) { roofline->run_steps(num_steps); }

double roofline_flops_per_step(const vg_bench::MatmulRoofline* roofline) { return roofline->flops_per_step(); }

void roofline_destroy(vg_bench::MatmulRoofline* roofline) { delete roofline; }

// "SSE, SSE2" when Eigen's vector path is on (the SIMD build), "None" otherwise.
const char* roofline_simd_in_use() {
  static const std::string in_use = Eigen::SimdInstructionSetsInUse();
  return in_use.c_str();
}

}  // extern "C"
