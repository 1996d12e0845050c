// Runs the experiment the options describe and writes the requested files.
#pragma once

#include <cstdint>

#include "options.h"

namespace vg::cli {

// Exit codes of vg-cli.
inline constexpr int kExitOk = 0;           // finished, or diverged (reported in the output)
inline constexpr int kExitFailure = 1;      // an output file could not be written, or memory ran out
inline constexpr int kExitInvalid = 2;      // invalid arguments or config, or outputs over their size limit

// A telemetry file is refused before the run when it could grow past this.
inline constexpr std::uint64_t kMaxOutputFileBytes = std::uint64_t(4) << 30;

template <typename Scalar>
int run_experiment(const CliOptions& options);

extern template int run_experiment<float>(const CliOptions&);
extern template int run_experiment<double>(const CliOptions&);

}  // namespace vg::cli
