// Per-layer measurements of a training step, written into the flat Telemetry arrays of trainer.h.
// The recorder owns its scratch (sized once), so recording never allocates.
#pragma once

#include <vector>

#include "network.h"
#include "trainer.h"

namespace vg {

template <typename Scalar>
class TelemetryRecorder {
 public:
  // Sizes the telemetry arrays and the scratch for this network (once per configure).
  void allocate(Telemetry<Scalar>& telemetry, const Network<Scalar>& network, int hist_bins);
  // Zeroes every array without reallocating.
  static void clear(Telemetry<Scalar>& telemetry);

  // From the latest forward/backward, before the update: gradient norms, activation statistics,
  // saturated and dead fractions, and both histograms. The per-example norms come from
  // Network::backward (every pointer of `norms` set).
  void record_gradients_and_activations(Telemetry<Scalar>& telemetry, const Network<Scalar>& network,
                                        const ErrorSignalNorms<Scalar>& norms);
  // Keeps the weights as they are before the update, for the update ratio.
  void snapshot_weights(const Network<Scalar>& network);
  // After the update (or after a skipped one): weight norms and update-to-weight ratios.
  void record_weights(Telemetry<Scalar>& telemetry, const Network<Scalar>& network) const;

 private:
  std::vector<Matrix<Scalar>> weights_before_;  // per layer: out x in
  ArrayX<Scalar> log_magnitude_;                // the largest layer's weight count
  std::vector<int> tallies_;                    // 4 x hist_bins: histogram counting scratch
};

extern template class TelemetryRecorder<float>;
extern template class TelemetryRecorder<double>;

}  // namespace vg
