#include "progress.h"

#include <cstdio>

#include <unistd.h>

namespace vg::cli {

ProgressLine::ProgressLine(long long total_steps, bool enabled)
    : total_steps_(total_steps), enabled_(enabled), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressLine::update(long long steps_done, double loss) {
  last_steps_ = steps_done;
  last_loss_ = loss;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  draw(steps_done, loss);
}

void ProgressLine::finish() {
  if (!enabled_) return;
  draw(last_steps_, last_loss_);
  std::fputc('\n', stderr);
}

void ProgressLine::draw(long long steps_done, double loss) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double percent = total_steps_ > 0 ? 100.0 * double(steps_done) / double(total_steps_) : 100.0;
  const double rate = seconds > 0 ? double(steps_done) / seconds : 0.0;
  // \r returns to the line start; the trailing spaces wipe a longer previous line.
  std::fprintf(stderr, "\rstep %lld/%lld (%5.1f%%)  loss %-12.6g  %.0f steps/s    ", steps_done, total_steps_,
               percent, loss, rate);
  std::fflush(stderr);
  drawn_ = true;
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace vg::cli
