// The bindings' memory budget. The heap is capped (MAXIMUM_MEMORY) and a failed allocation aborts
// the module (ABORTING_MALLOC), so every entry point that allocates more than a little checks first
// against what is free now, which counts everything alive: other trainers, this trainer's grid, the
// runtime's own data (src/wasm/README.md, "The memory budget").
#pragma once

#include <cstddef>
#include <string>

namespace vg::wasm {

inline constexpr std::size_t kMiB = std::size_t(1) << 20;
// More than any heap the module can have (size_t is 32 bits here: needs are clamped to this, not wrapped).
inline constexpr std::size_t kUnaffordableBytes = std::size_t(1) << 30;

// Throws a JS RangeError with this message (copy it off the heap first: see Refusal).
void throw_range_error(const char* message);

// Bytes not in use: beyond the current break up to the cap, plus the allocator's free chunks.
std::size_t free_heap_bytes();
std::size_t used_heap_bytes();
// A run's estimate with the margin its real use needs (clamped to kUnaffordableBytes).
std::size_t with_margin(std::size_t estimate);

// A refusal's message kept off the heap (empty when the allocation fits), so that it can be thrown to
// JS by throw_range_error, whose unwinding skips C++ destructors.
struct Refusal {
  char text[400] = "";
  bool refused() const { return text[0] != 0; }
};

// Whether `needed` bytes fit in what is free now plus `freed_first` (memory the call releases before
// it allocates), keeping the reserve free after a `lasting` allocation; else a message naming
// `what` and what to lower.
Refusal check_memory(const std::string& what, std::size_t needed, std::size_t freed_first, bool lasting,
                     const std::string& lower);
// For the entry points that return arrays: a refusal becomes a RangeError in JS.
void throw_if_refused(const Refusal& refusal);

// Transient needs of the curve and grid functions: their result, its copy and working arrays.
std::size_t samples_bytes(double count, int doubles_per_sample);
std::size_t grid_bytes(int res);

// Bound as heap_free_bytes() and heap_largest_block_bytes() (numbers: size_t is 32 bits here).
double heap_free_bytes();
double heap_largest_block_bytes();

}  // namespace vg::wasm
