// Trainer::dump_first_batch as one JSON document: config, every layer's initial parameters, the
// first batch, its loss and every gradient, for checking the gradients with another framework.
#pragma once

#include <string>

#include "config_json.h"
#include "trainer.h"

namespace vg::cli {

// The dump is built in memory before it is written, so it is refused up front past this many numbers
// (about 0.5 GB of JSON).
inline constexpr double kMaxDumpNumbers = 20e6;

// "" or the message refusing a dump of this config's network that could exceed kMaxDumpNumbers.
std::string dump_size_problem(const Config& config);

template <typename Scalar>
Json gradient_dump_json(const typename Trainer<Scalar>::GradientDump& dump, const Config& config,
                        const std::string& precision);

extern template Json gradient_dump_json<float>(const Trainer<float>::GradientDump&, const Config&,
                                               const std::string&);
extern template Json gradient_dump_json<double>(const Trainer<double>::GradientDump&, const Config&,
                                                const std::string&);

}  // namespace vg::cli
