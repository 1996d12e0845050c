// One updating status line on stderr for long runs.
#pragma once

#include <chrono>

namespace vg::cli {

class ProgressLine {
 public:
  ProgressLine(long long total_steps, bool enabled);
  void update(long long steps_done, double loss);  // redraws at most every 0.2 s
  void finish();                                   // final state, then a newline

 private:
  void draw(long long steps_done, double loss);

  long long total_steps_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
  long long last_steps_ = 0;
  double last_loss_ = 0;
};

// Whether stderr is an interactive terminal (progress is shown there by default).
bool stderr_is_terminal();

}  // namespace vg::cli
