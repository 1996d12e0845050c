// "Predict, then reveal": the reader draws the per-layer gradient profile they expect, in decades
// relative to the last hidden layer (log10 of ||dL/dW_l|| / ||dL/dW_last||), then the core measures
// it at the initial weights and scores the guess by the mean absolute error in decades.
#pragma once

#include <string>
#include <vector>

#include "config.h"

namespace vg {

// The chart's vertical range: measured values beyond it (including an exact zero gradient) are
// placed at its edge and flagged, so a guess is never scored against an infinity.
inline constexpr double kPredictMinDecade = -24;
inline constexpr double kPredictMaxDecade = 12;
inline constexpr int kPredictMaxDepth = 100;

struct PredictionScore {
  std::string error;                    // empty when scored; else names what is wrong
  std::vector<double> measured;         // decades per hidden layer, clamped to the chart's range
  int off_scale_layers = 0;             // measured values that had to be clamped (or were not finite)
  double mean_abs_error = 0;            // decades, over the hidden layers except the last (0 by definition)
  int worst_layer = 0;                  // 0-based hidden layer of the largest miss
  double worst_error = 0;               // predicted - measured there, in decades (signed)
};

// The score of `predicted` (decades per layer) against `measured` (decades per layer), both of the
// same length >= 2; pure, for the tests and for a run measured elsewhere.
PredictionScore score_decades(const std::vector<double>& measured, const std::vector<double>& predicted);

// Measures the config's per-layer gradient at the initial weights (one float step, as the page
// trains) and scores `predicted` against it. predicted has `depth` entries in the chart's range.
PredictionScore score_prediction(const Config& config, const std::vector<double>& predicted);

}  // namespace vg
