#include "theory/spectrum.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool in_bins(double value) { return std::isfinite(value) && value > 0 && std::log10(value) >= kSpectrumLowestEdge; }

SpectrumSummary summarize(const std::vector<double>& values, const std::vector<double>& edges) {
  SpectrumSummary out;
  out.count = values.size();
  const std::size_t bins = edges.empty() ? 0 : edges.size() - 1;
  out.counts.assign(bins, 0.0);
  double sum = 0, log_sum = 0, log_sq_sum = 0, sq_sum = 0, fourth_sum = 0;
  std::size_t finite = 0, positive = 0;
  out.min = std::numeric_limits<double>::infinity();
  out.max = -std::numeric_limits<double>::infinity();
  for (const double value : values) {
    if (!std::isfinite(value)) {
      ++out.non_finite;
      continue;
    }
    ++finite;
    sum += value;
    sq_sum += value * value;
    fourth_sum += value * value * value * value;
    out.min = std::min(out.min, value);
    out.max = std::max(out.max, value);
    if (value == 0) ++out.zeros;
    if (!in_bins(value)) {
      ++out.below;
    } else {
      const double log = std::log10(value);
      const auto bin = static_cast<std::size_t>(std::floor((log - edges.front()) / kSpectrumBinDecades));
      out.counts[std::min(bin, bins - 1)] += 1;
    }
    if (value > 0) {
      const double log = std::log10(value);
      log_sum += log;
      log_sq_sum += log * log;
      ++positive;
    }
  }
  if (finite == 0) {
    out.mean = out.min = out.max = out.log10_range = out.mean_sq = out.sq_normalized_variance = kNaN;
  } else {
    out.mean = sum / static_cast<double>(finite);
    out.mean_sq = sq_sum / static_cast<double>(finite);
    out.sq_normalized_variance = fourth_sum / static_cast<double>(finite) / (out.mean_sq * out.mean_sq) - 1;
    out.log10_range = out.min > 0 ? std::log10(out.max / out.min) : std::numeric_limits<double>::infinity();
  }
  if (positive == 0) {
    out.log10_mean = out.log10_std = kNaN;
  } else {
    out.log10_mean = log_sum / static_cast<double>(positive);
    out.log10_std = std::sqrt(std::max(0.0, log_sq_sum / static_cast<double>(positive) - out.log10_mean * out.log10_mean));
  }
  return out;
}

}  // namespace

SpectrumHistogram spectrum_histogram(const std::vector<std::vector<double>>& spectra) {
  SpectrumHistogram out;
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  for (const auto& values : spectra) {
    for (const double value : values) {
      if (!in_bins(value)) continue;
      lo = std::min(lo, std::log10(value));
      hi = std::max(hi, std::log10(value));
    }
  }
  if (lo <= hi) {
    const double first = std::floor(lo / kSpectrumBinDecades);
    const double last = std::floor(hi / kSpectrumBinDecades) + 1;  // the edge above the largest value
    for (double edge = first; edge <= last; edge += 1) out.bin_edges_log10.push_back(edge * kSpectrumBinDecades);
    out.below_edge_log10 = out.bin_edges_log10.front();
  }
  for (const auto& values : spectra) out.spectra.push_back(summarize(values, out.bin_edges_log10));
  return out;
}

}  // namespace vg
