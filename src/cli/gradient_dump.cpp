#include "gradient_dump.h"

#include <cmath>

namespace vg::cli {
namespace {

Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

// A row-major rows x cols buffer as nested arrays, one per row.
Json matrix(const std::vector<double>& values, int rows, int cols) {
  Json nested = Json::array();
  for (int row = 0; row < rows; ++row) {
    Json entries = Json::array();
    for (int col = 0; col < cols; ++col) entries.push_back(number(values[std::size_t(row) * cols + col]));
    nested.push_back(std::move(entries));
  }
  return nested;
}

Json vector_json(const std::vector<double>& values) {
  Json array = Json::array();
  for (double value : values) array.push_back(number(value));
  return array;
}

}  // namespace

std::string dump_size_problem(const Config& config) {
  // The run's working memory in doubles bounds what the dump holds: parameters, gradients, one batch.
  const double numbers = double(estimated_memory_bytes(config, sizeof(double))) / sizeof(double);
  if (numbers <= kMaxDumpNumbers) return "";
  return "--dump-step0 could hold up to " + std::to_string(static_cast<long long>(numbers / 1e6)) +
         " million numbers, over the limit of " + std::to_string(static_cast<long long>(kMaxDumpNumbers / 1e6)) +
         " million: lower depth, width or batch_size";
}

template <typename Scalar>
Json gradient_dump_json(const typename Trainer<Scalar>::GradientDump& dump, const Config& config,
                        const std::string& precision) {
  Json document;
  document["format"] = "vg-gradient-dump";
  document["version"] = 1;
  document["precision"] = precision;
  document["config"] = config_to_json(config);
  document["batch"] = dump.batch;
  document["input_dim"] = dump.input_dim;
  document["inputs"] = matrix(dump.inputs, dump.batch, dump.input_dim);
  document["labels"] = dump.labels;
  document["loss"] = number(dump.loss);
  Json layers = Json::array();
  const int output_index = static_cast<int>(dump.layers.size()) - 1;
  for (int index = 0; index <= output_index; ++index) {
    const auto& layer = dump.layers[index];
    Json entry;
    entry["index"] = index;
    entry["kind"] = index == output_index ? "output" : "hidden";
    entry["rows"] = layer.rows;
    entry["cols"] = layer.cols;
    entry["weights"] = matrix(layer.weights, layer.rows, layer.cols);
    entry["biases"] = vector_json(layer.biases);
    entry["grad_weights"] = matrix(layer.grad_weights, layer.rows, layer.cols);
    entry["grad_biases"] = vector_json(layer.grad_biases);
    if (!layer.bn_gamma.empty()) {
      entry["bn_gamma"] = vector_json(layer.bn_gamma);
      entry["bn_beta"] = vector_json(layer.bn_beta);
      entry["grad_bn_gamma"] = vector_json(layer.grad_bn_gamma);
      entry["grad_bn_beta"] = vector_json(layer.grad_bn_beta);
    }
    layers.push_back(std::move(entry));
  }
  document["layers"] = std::move(layers);
  return document;
}

template Json gradient_dump_json<float>(const Trainer<float>::GradientDump&, const Config&, const std::string&);
template Json gradient_dump_json<double>(const Trainer<double>::GradientDump&, const Config&, const std::string&);

}  // namespace vg::cli
