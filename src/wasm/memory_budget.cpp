// The bindings' memory budget (memory_budget.h): what is free in the capped heap, and refusals.
#include "memory_budget.h"

#include <emscripten/em_js.h>
#include <emscripten/heap.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

// Throws a JS RangeError. The message is copied out of a stack buffer first: nothing on the WASM heap
// is left behind by the unwinding, which skips C++ destructors.
EM_JS(void, throw_js_range_error, (const char* message), { throw new RangeError(UTF8ToString(message)); });

namespace vg::wasm {
namespace {

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

std::string mib_text(std::size_t bytes) { return std::to_string((bytes + kMiB - 1) / kMiB) + " MiB"; }

}  // namespace

void throw_range_error(const char* message) { throw_js_range_error(message); }

// Bytes not in use: beyond the current break up to the cap, plus the allocator's free chunks.
std::size_t free_heap_bytes() {
  const auto top = reinterpret_cast<std::size_t>(sbrk(0));
  const std::size_t cap = emscripten_get_heap_max();
  return (cap > top ? cap - top : 0) + static_cast<std::size_t>(mallinfo().fordblks);
}

std::size_t used_heap_bytes() { return emscripten_get_heap_max() - free_heap_bytes(); }

std::size_t with_margin(std::size_t estimate) {
  const double bytes = static_cast<double>(estimate) * kEstimateMargin + kEstimateSlackBytes;
  return bytes < kUnaffordableBytes ? static_cast<std::size_t>(bytes) : kUnaffordableBytes;
}

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
  if (refusal.refused()) throw_range_error(refusal.text);
}

// Transient needs of the curve and grid functions: their result, its copy and working arrays.
// (In double: a count far out of range asks for more than any heap, so it is refused, not wrapped.)
std::size_t samples_bytes(double count, int doubles_per_sample) {
  const double bytes = 2.0 * sizeof(double) * doubles_per_sample * (std::max(count, 0.0) + 1) + kMiB;
  return bytes < kUnaffordableBytes ? static_cast<std::size_t>(bytes) : kUnaffordableBytes;
}
std::size_t grid_bytes(int res) { return samples_bytes(double(res) * double(res), 2); }

// What the memory budget compares needs with (a number: size_t is 32 bits here, but kept general).
double heap_free_bytes() { return static_cast<double>(free_heap_bytes()); }

// The largest single allocation that surely succeeds now: the free top of the heap (dlmalloc's keepcost)
// plus the room it can still grow by. Free chunks inside the heap may hold more, but not in one piece.
double heap_largest_block_bytes() {
  const auto top = reinterpret_cast<std::size_t>(sbrk(0));
  const std::size_t cap = emscripten_get_heap_max();
  return static_cast<double>((cap > top ? cap - top : 0) + static_cast<std::size_t>(mallinfo().keepcost));
}

}  // namespace vg::wasm
