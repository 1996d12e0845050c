// The mean-field prediction for a whole Config (the network the Trainer builds, on its data), and
// the same prediction beside the Trainer's own measurement at initialization: what the page draws.
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "theory.h"

namespace vg {

struct ConfigMeanField {
  MeanFieldPrediction prediction;  // grad_profile and delta_profile compare with telemetry grad_w_norm
                                   // and delta_norm of hidden layers 0..depth-1, divided by the last one's
  double q_input = 0;              // mean squared input coordinate of the training split
  double sigma_w2_first = 0;       // first hidden layer: fan-in input_dim, fan-out width
  double sigma_w2 = 0;             // later hidden layers: width x width
};

// The theory's network for `config` (its activation, depth, width, init and gain, input_dim of its
// data set) with biases of variance sigma_b2, fed the training split make_dataset gives for the
// config's seed. Not supported (prediction.supported false) for Maxout and invalid configs.
ConfigMeanField mean_field_for_config(const Config& config, double sigma_b2);

// The same with q_input given (e.g. from the inputs a Trainer actually holds).
ConfigMeanField mean_field_for_config(const Config& config, double sigma_b2, double q_input);

// The theory beside the measurement: one step of a Trainer<Scalar> on `config` (its telemetry is the
// gradient at the initial weights) and the prediction for its training inputs. The theory predicts
// ratios between layers, so the prediction is placed on the measurement at the last hidden layer.
struct GradientProfileAtInit {
  std::string error;                 // the config's validation message; "" when measured
  ConfigMeanField theory;
  std::vector<double> measured;      // telemetry grad_w_norm of hidden layers 0..depth-1
  std::vector<double> predicted;     // grad_profile * measured[depth-1]; empty when not supported
  double measured_first_to_last = 0; // measured[0] / measured[depth-1]
};
template <typename Scalar>
GradientProfileAtInit gradient_profile_at_init(const Config& config, double sigma_b2);

extern template GradientProfileAtInit gradient_profile_at_init<float>(const Config&, double);
extern template GradientProfileAtInit gradient_profile_at_init<double>(const Config&, double);

}  // namespace vg
