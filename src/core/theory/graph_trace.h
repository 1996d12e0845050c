// One training step of a small network traced node by node, for the page's "step through backprop"
// widget: the forward value of every node of the computation graph (z = W a + b, a = phi(z), the
// logits, the loss), every edge's local derivative (W on a dense edge, phi'(z) on an activation
// edge, dL/dlogits on the loss edge) and every node's accumulated gradient dL/d(node), obtained by
// multiplying those local derivatives in order from the loss back to W[1]. Next to it, the gradient
// of the first layer's weights as the core's Network computes it in its own backward pass, so the
// page (and a test) can show that the product of the displayed factors is that number.
#pragma once

#include <string>
#include <vector>

#include "config.h"

namespace vg {

inline constexpr int kTraceMaxDepth = 6;
inline constexpr int kTraceMaxWidth = 4;
inline constexpr int kTraceMaxExamples = 4;

// Matrices are row-major; per-example arrays are units x examples (value of unit u, example e at
// u * examples + e).
struct GraphTraceLayer {
  int in = 0, out = 0;
  std::vector<double> W;     // out x in
  std::vector<double> b;     // out
  std::vector<double> z;     // out x examples: W a_prev + b
  std::vector<double> a;     // out x examples: phi(z); the output layer's a is its z (the logits)
  std::vector<double> dphi;  // out x examples: phi'(z), the activation edge's local derivative; 1 for the output layer
  std::vector<double> da;    // out x examples: dL/da, accumulated
  std::vector<double> dz;    // out x examples: dL/dz = dL/da * phi'(z)
  std::vector<double> dW;    // out x in: sum over examples of dz a_prev^T (the chain's result)
};

struct GraphTrace {
  std::string error;          // empty when the trace is valid; else names the field and the allowed range
  int input_dim = 0;
  int output_dim = 0;
  int examples = 0;
  std::vector<double> inputs;  // input_dim x examples
  std::vector<int> labels;     // examples
  std::vector<GraphTraceLayer> layers;  // hidden layers 1..depth, then the output layer
  double loss = 0;             // mean over the examples
  std::vector<double> dlogits; // output_dim x examples: dL/dlogits, the loss edge's local derivative
  std::vector<double> network_dW_first;  // width x input_dim: dL/dW[1] as Network<double>::backward computes it
};

// The config's data set (its first `examples` training points), activation, init, gain, bias,
// loss and seed; depth 1..kTraceMaxDepth, width 1..kTraceMaxWidth, no batch norm, no residual
// connections, a pointwise activation (not maxout), a 2-D data set.
GraphTrace graph_trace(const Config& config, int examples);

}  // namespace vg
