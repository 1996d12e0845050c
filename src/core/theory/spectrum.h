// Summaries of singular value spectra (e.g. Trainer::jacobian_singular_values) for the page: counts
// over half-decade bins shared by several spectra, so they can be drawn side by side, and the figures
// that say how concentrated each spectrum is (Pennington, Schoenholz & Ganguli 2017).
#pragma once

#include <cstddef>
#include <vector>

namespace vg {

inline constexpr double kSpectrumBinDecades = 0.5;  // width of a bin, in decades
inline constexpr double kSpectrumLowestEdge = -12;  // log10 of the lowest bin edge: smaller positive
                                                    // values (float underflow territory) count as below

struct SpectrumSummary {
  std::size_t count = 0;        // values given
  std::size_t zeros = 0;        // exactly zero
  std::size_t below = 0;        // under the first bin edge, the zeros included
  std::size_t non_finite = 0;   // Inf or NaN (overflow): in no bin and in none of the figures below
  std::vector<double> counts;   // per bin of SpectrumHistogram::bin_edges_log10
  double mean = 0;              // of the finite values
  double mean_sq = 0;           // of their squares lambda = s^2 (J^T J's eigenvalues for singular values s)
  double sq_normalized_variance = 0;  // Var[s^2] / E[s^2]^2: what free probability predicts (theory.h)
  double min = 0, max = 0;      // of the finite values
  double log10_mean = 0;        // mean of log10 over the positive finite values
  double log10_std = 0;         // their standard deviation: the spread in decades
  double log10_range = 0;       // log10(max / min); +inf when min is 0
};

struct SpectrumHistogram {
  // Edges (log10) at multiples of kSpectrumBinDecades, from the largest edge at or below the smallest
  // positive finite value (at least kSpectrumLowestEdge) to the smallest edge above the largest: one
  // more edge than bins. A value exactly on an inner edge goes to the bin above it.
  std::vector<double> bin_edges_log10;
  double below_edge_log10 = kSpectrumLowestEdge;  // values under 10^this count as below: the first edge
  std::vector<SpectrumSummary> spectra;  // one per input set, in order
};

// Figures without finite values are NaN; no positive finite values at all gives no bins.
SpectrumHistogram spectrum_histogram(const std::vector<std::vector<double>>& spectra);

}  // namespace vg
