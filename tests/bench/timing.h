// How every engine is timed (harness.mjs does the same for the JavaScript engines): warm up for a
// while in calls of 1, 2, 4, ... steps (so a cost paid once per call, like the telemetry, does not
// skew the rate), size each timed run (one call) from the warm-up rate and grow it with untimed
// sizing runs until one lasts at least min_run_seconds (the warm-up rate can be far off), then take
// the median steps/s of several timed runs, redone longer if one of them came out shorter. With cpu_clock the seconds are the process's CPU time
// rather than wall time: on a machine shared with other jobs it counts the work done, not the
// waiting for a core.
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

namespace vg_bench {

struct TimingOptions {
  double warmup_seconds = 0.5;
  double run_seconds = 0.6;      // the length a timed run is sized for
  double min_run_seconds = 0.5;  // no timed run is shorter (see max_resizes)
  int runs = 5;
  int max_resizes = 3;           // times the timed runs are redone, longer, if one came out shorter
  bool cpu_clock = false;  // time with the process's CPU clock (see above)
};

struct Timing {
  double steps_per_second = 0;     // median over the timed runs
  std::vector<double> run_rates;   // steps/s of each timed run
  std::vector<double> run_seconds; // length of each timed run
  long steps_per_run = 0;
  long total_steps = 0;            // warm-up, sizing and timed runs
};

// Seconds on the wall clock or the process's CPU clock.
inline double clock_seconds(bool cpu_clock) {
  if (cpu_clock) {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// take_steps(n) performs exactly n training steps.
inline Timing measure_steps_per_second(const std::function<void(long)>& take_steps,
                                       const TimingOptions& options) {
  const auto now = [&options] { return clock_seconds(options.cpu_clock); };
  Timing timing;
  const auto timed = [&](long steps) {
    const double start = now();
    take_steps(steps);
    timing.total_steps += steps;
    return now() - start;
  };
  long warmup_steps = 0;
  const double warmup_start = now();
  for (long call_steps = 1; warmup_steps == 0 || now() - warmup_start < options.warmup_seconds; call_steps *= 2) {
    timed(call_steps);
    warmup_steps += call_steps;
  }
  const double warmup_rate = static_cast<double>(warmup_steps) / (now() - warmup_start);

  // Runs are sized for run_seconds, or min_run_seconds if that is longer (sized for the shorter, the
  // loop below would grow a run by one step at a time).
  const double target_seconds = std::max(options.run_seconds, options.min_run_seconds);
  timing.steps_per_run = std::max(1L, static_cast<long>(warmup_rate * target_seconds));
  for (double seconds = timed(timing.steps_per_run); seconds < options.min_run_seconds;
       seconds = timed(timing.steps_per_run)) {
    const double grown = std::ceil(static_cast<double>(timing.steps_per_run) * target_seconds / std::max(seconds, 1e-6));
    timing.steps_per_run = std::max(timing.steps_per_run + 1, static_cast<long>(grown));
  }
  // A timed run can still come out shorter than min_run_seconds when the machine was busy while the
  // run was sized and freed up after: then every timed run is redone, sized from the shortest, at
  // most max_resizes times (shortest_run_seconds in results.json shows what remained).
  for (int resize = 0;; ++resize) {
    timing.run_seconds.clear();
    timing.run_rates.clear();
    for (int run = 0; run < options.runs; ++run) {
      const double seconds = timed(timing.steps_per_run);
      timing.run_seconds.push_back(seconds);
      timing.run_rates.push_back(static_cast<double>(timing.steps_per_run) / seconds);
    }
    const double shortest = *std::min_element(timing.run_seconds.begin(), timing.run_seconds.end());
    if (shortest >= options.min_run_seconds || resize == options.max_resizes) break;
    const double grown = std::ceil(static_cast<double>(timing.steps_per_run) * target_seconds / std::max(shortest, 1e-6));
    timing.steps_per_run = std::max(timing.steps_per_run + 1, static_cast<long>(grown));
  }
  std::vector<double> sorted = timing.run_rates;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  timing.steps_per_second = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return timing;
}

}  // namespace vg_bench
