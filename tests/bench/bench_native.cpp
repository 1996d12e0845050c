// vg-bench: the benchmark's native engine. Trains each workload of workloads.json through
// vg::Trainer<float> (telemetry as the workload sets it, or --telemetry-every), times it (timing.h),
// then times the matrix-product roofline of the same shapes (roofline.h). Prints one JSON line per
// engine and workload; bench.sh collects them.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "config.h"
#include "roofline.h"
#include "timing.h"
#include "trainer.h"

namespace {

using nlohmann::json;

struct Options {
  std::string workloads_path = VG_BENCH_WORKLOADS;
  std::string engine = "native";      // the label of the JSON lines (bench.sh: native, native-march)
  std::vector<std::string> only;      // workload ids; empty: all
  int telemetry_every = 0;            // 0: as the workload says
  bool roofline = true;
  vg_bench::TimingOptions timing;
};

const char* const kUsage =
    "usage: vg-bench [--smoke] [--engine NAME] [--workloads FILE] [--only W1,W3] [--runs N]\n"
    "                [--run-seconds S] [--min-run-seconds S] [--warmup-seconds S] [--telemetry-every K] [--no-roofline]\n"
    "                [--cpu-clock]\n"
    "  --smoke: one short timed run per workload (a check that everything works, not a figure)\n"
    "  --cpu-clock: time with the process's CPU clock instead of the wall clock (a shared machine)\n";

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--smoke") {
      options.timing = {0.01, 0.01, 0.005, 1};
    } else if (flag == "--engine") {
      options.engine = value();
    } else if (flag == "--workloads") {
      options.workloads_path = value();
    } else if (flag == "--only") {
      options.only = split_commas(value());
    } else if (flag == "--runs") {
      options.timing.runs = std::stoi(value());
    } else if (flag == "--run-seconds") {
      options.timing.run_seconds = std::stod(value());
    } else if (flag == "--min-run-seconds") {
      options.timing.min_run_seconds = std::stod(value());
    } else if (flag == "--warmup-seconds") {
      options.timing.warmup_seconds = std::stod(value());
    } else if (flag == "--telemetry-every") {
      options.telemetry_every = std::stoi(value());
    } else if (flag == "--cpu-clock") {
      options.timing.cpu_clock = true;
    } else if (flag == "--no-roofline") {
      options.roofline = false;
    } else {
      throw std::invalid_argument("unknown flag " + flag);
    }
  }
  if (options.timing.runs < 1) throw std::invalid_argument("--runs must be at least 1");
  return options;
}

// The workload's config as the core reads any config: field by field through set_field.
vg::Config config_of(const json& fields) {
  vg::Config config;
  for (const auto& [name, value] : fields.items()) {
    const std::string text = value.is_string()    ? value.get<std::string>()
                             : value.is_boolean() ? (value.get<bool>() ? "true" : "false")
                                                  : value.dump();
    const std::string error = vg::set_field(config, name, text);
    if (!error.empty()) throw std::invalid_argument(error);
  }
  return config;
}

json timing_json(const vg_bench::Timing& timing) {
  return {{"steps_per_second", timing.steps_per_second},
          {"run_rates", timing.run_rates},
          {"run_seconds", timing.run_seconds},
          {"steps_per_run", timing.steps_per_run},
          {"total_steps", timing.total_steps}};
}

json bench_trainer(const std::string& id, const vg::Config& config, const Options& options) {
  vg::Trainer<float> trainer;
  const std::string error = trainer.configure(config);
  if (!error.empty()) throw std::invalid_argument(id + ": " + error);

  // A diverged run stops stepping; start it again and say so, so a figure never hides a dead run.
  int divergence_resets = 0;
  auto take_steps = [&](long num_steps) {
    bool stalled = false;
    while (num_steps > 0) {
      const int asked = static_cast<int>(std::min<long>(num_steps, 1 << 20));
      const int taken = trainer.step(asked);
      num_steps -= taken;
      if (taken < asked) {
        if (taken == 0 && stalled) throw std::runtime_error(id + ": diverges at once: " + trainer.stats().message);
        stalled = taken == 0;
        trainer.reset();
        ++divergence_resets;
      }
    }
  };
  const vg_bench::Timing timing = vg_bench::measure_steps_per_second(take_steps, options.timing);

  json line = {{"engine", options.engine}, {"workload", id}, {"kind", "train"}};
  line.update(timing_json(timing));
  line["telemetry_every"] = config.telemetry_every;
  line["divergence_resets"] = divergence_resets;
  line["final_loss"] = trainer.stats().loss;
  line["simd"] = Eigen::SimdInstructionSetsInUse();
  return line;
}

json bench_roofline(const std::string& id, const vg::Config& config, const Options& options) {
  vg::Trainer<float> shape_probe;  // only for the data set's input and class counts
  shape_probe.configure(config);
  const int num_outputs = config.loss == vg::LossKind::BinaryCrossEntropy ? 1 : shape_probe.num_classes();
  vg_bench::MatmulRoofline roofline(
      vg_bench::mlp_layer_sizes(shape_probe.input_dim(), config.depth, config.width, num_outputs),
      config.batch_size);
  const vg_bench::Timing timing =
      vg_bench::measure_steps_per_second([&](long n) { roofline.run_steps(static_cast<int>(n)); }, options.timing);

  json line = {{"engine", options.engine + "-roofline"}, {"workload", id}, {"kind", "roofline"}};
  line.update(timing_json(timing));
  line["gflops"] = timing.steps_per_second * roofline.flops_per_step() * 1e-9;
  line["simd"] = Eigen::SimdInstructionSetsInUse();
  return line;
}

bool selected(const Options& options, const std::string& id) {
  return options.only.empty() || std::find(options.only.begin(), options.only.end(), id) != options.only.end();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse_options(argc, argv);
    std::ifstream file(options.workloads_path);
    if (!file) throw std::runtime_error("cannot read " + options.workloads_path);
    const json workloads = json::parse(file).at("workloads");
    for (const json& workload : workloads) {
      const std::string id = workload.at("id");
      if (!selected(options, id)) continue;
      vg::Config config = config_of(workload.at("config"));
      if (options.telemetry_every > 0) config.telemetry_every = options.telemetry_every;
      std::cout << bench_trainer(id, config, options).dump() << std::endl;
      if (options.roofline) std::cout << bench_roofline(id, config, options).dump() << std::endl;
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "vg-bench: " << error.what() << "\n" << kUsage;
    return 1;
  }
}
