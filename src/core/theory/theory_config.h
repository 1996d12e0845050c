// The mean-field prediction for a whole Config (the network the Trainer builds, on its data), and
// the same prediction beside the Trainer's own measurement at initialization: what the page draws.
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "theory/theory.h"
#include "trainer.h"

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

// The theory beside the measurement: a Trainer<Scalar> configured with `config` (its step-0 telemetry
// is the gradient at the initial weights) and the prediction for its training inputs. The theory predicts
// each example's own gradient (not the batch mean, in which examples partly cancel), and ratios
// between layers, so the prediction is placed on the per-example measurement at the last hidden layer.
struct GradientProfileAtInit {
  std::string error;                 // the config's validation message; "" when measured
  ConfigMeanField theory;
  std::vector<double> measured;      // telemetry example_grad_w_rms of hidden layers 0..depth-1:
                                     // RMS over the batch of ||dL_e/dW_l||_F, what the theory predicts
  std::vector<double> measured_batch_mean;  // telemetry grad_w_norm: ||dL/dW_l||_F of the batch mean
  std::vector<double> predicted;     // grad_profile * measured[depth-1]; empty when not supported
  double measured_first_to_last = 0; // measured[0] / measured[depth-1]
};
template <typename Scalar>
GradientProfileAtInit gradient_profile_at_init(const Config& config, double sigma_b2);

extern template GradientProfileAtInit gradient_profile_at_init<float>(const Config&, double);
extern template GradientProfileAtInit gradient_profile_at_init<double>(const Config&, double);

// The same read from a live Trainer at step 0 (right after configure or reset): its step-0
// telemetry is the gradient at the initial weights on the first batch, the very measurement above,
// so a page gets the prediction for its running network without building a second one beside it.
// error set (nothing measured) when the trainer is unconfigured or past step 0.
template <typename Scalar>
GradientProfileAtInit gradient_profile_of(const Trainer<Scalar>& trainer, double sigma_b2);

extern template GradientProfileAtInit gradient_profile_of<float>(const Trainer<float>&, double);
extern template GradientProfileAtInit gradient_profile_of<double>(const Trainer<double>&, double);

// How far from the prediction a measurement at this finite width and batch size falls by chance:
// the per-example profile (measured above, relative to its last hidden layer) at initialization on
// `seeds` other seeds (config.seed + 1, + 2, ...: other weights, data and batch), divided by the
// relative prediction; per hidden layer the smallest and largest of these ratios. The band to draw
// is predicted * [low, high]. Empty (and error set) for an invalid config or an unsupported
// prediction; seeds outside 1..kMaxProfileBandSeeds give empty arrays.
// The free-probability prediction (theory.h) for the Jacobian spectrum a Trainer<Scalar> on `config`
// measures at initialization (Trainer::jacobian_singular_values(num_inputs): its first num_inputs
// training inputs, each with its own mean squared coordinate). Orthogonal init counts as orthogonal,
// every other random scheme as Gaussian (the moments are universal); not supported for
// scaled_identity (not random), Maxout, batch norm, residual connections, non-square first layers
// (width != input_dim) or an invalid config (error set).
struct JacobianSpectrumTheory {
  std::string error;
  JacobianSpectrumPrediction prediction;
};
template <typename Scalar>
JacobianSpectrumTheory jacobian_spectrum_theory(const Config& config, int num_inputs);

extern template JacobianSpectrumTheory jacobian_spectrum_theory<float>(const Config&, int);
extern template JacobianSpectrumTheory jacobian_spectrum_theory<double>(const Config&, int);

inline constexpr int kProfileBandSeeds = 16;
inline constexpr int kMaxProfileBandSeeds = 64;
struct ProfileBand {
  std::string error;
  std::vector<double> low, high;  // hidden layers 0..depth-1; 1 at the last one
};
template <typename Scalar>
ProfileBand profile_band(const Config& config, double sigma_b2, int seeds);

extern template ProfileBand profile_band<float>(const Config&, double, int);
extern template ProfileBand profile_band<double>(const Config&, double, int);

}  // namespace vg
