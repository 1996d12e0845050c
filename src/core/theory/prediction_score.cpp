#include "theory/prediction_score.h"

#include <algorithm>
#include <cmath>

#include "theory/theory_config.h"

namespace vg {

PredictionScore score_decades(const std::vector<double>& measured, const std::vector<double>& predicted) {
  PredictionScore score;
  if (measured.size() < 2 || predicted.size() != measured.size()) {
    score.error = "the prediction has " + std::to_string(predicted.size()) + " layers: expected " +
                  std::to_string(measured.size()) + " (one per hidden layer, at least 2)";
    return score;
  }
  for (double value : predicted) {
    if (!std::isfinite(value) || value < kPredictMinDecade || value > kPredictMaxDecade) {
      score.error = "a predicted value is outside the chart's range " + std::to_string(int(kPredictMinDecade)) +
                    ".." + std::to_string(int(kPredictMaxDecade)) + " decades";
      return score;
    }
  }
  score.measured = measured;
  const std::size_t scored = measured.size() - 1;  // the last layer is the reference, 0 decades
  double total = 0;
  for (std::size_t l = 0; l < scored; ++l) {
    const double miss = predicted[l] - measured[l];
    total += std::abs(miss);
    if (std::abs(miss) > std::abs(score.worst_error)) {
      score.worst_error = miss;
      score.worst_layer = static_cast<int>(l);
    }
  }
  score.mean_abs_error = total / static_cast<double>(scored);
  return score;
}

PredictionScore score_prediction(const Config& config, const std::vector<double>& predicted) {
  if (config.depth < 2 || config.depth > kPredictMaxDepth) {
    PredictionScore score;
    score.error = "depth = " + std::to_string(config.depth) + " is out of range: allowed 2.." + std::to_string(kPredictMaxDepth);
    return score;
  }
  const GradientProfileAtInit profile = gradient_profile_at_init<float>(config, 0.0);
  if (!profile.error.empty()) {
    PredictionScore score;
    score.error = profile.error;
    return score;
  }
  const double last = profile.measured.back();
  if (!(last > 0) || !std::isfinite(last)) {
    PredictionScore score;
    score.error = "the last hidden layer's gradient is " + std::to_string(last) + ": there is no reference to compare with";
    return score;
  }
  std::vector<double> decades;
  int off_scale = 0;
  for (double norm : profile.measured) {
    double value = std::log10(norm / last);
    if (!std::isfinite(value) || value < kPredictMinDecade || value > kPredictMaxDecade) {
      ++off_scale;
      value = std::isnan(value) ? kPredictMinDecade : std::clamp(value, kPredictMinDecade, kPredictMaxDecade);
    }
    decades.push_back(value);
  }
  PredictionScore score = score_decades(decades, predicted);
  score.off_scale_layers = off_scale;
  return score;
}

}  // namespace vg
