// The building blocks of a hidden layer: dense, batch normalization and maxout. Each has its forward
// and backward side by side; forward saves what backward needs, backward returns the gradient with
// respect to its input and writes (overwrites, never adds to) its parameter gradients; jvp, where a
// block has one, carries tangents forward through it at the point of its latest forward.
//
// Shapes are column-major with the batch as columns: a layer input x is in x B, W is out x in.
// Every buffer is sized once (allocate) and only written afterwards, so a training step never
// allocates.
#pragma once

#include <Eigen/Core>

#include "activations.h"

namespace vg {

template <typename Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <typename Scalar>
using ArrayX = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
// Leading columns of a buffer: contiguous, so whole-array expressions vectorize as on the buffer
// itself (the same results bit for bit), and viewing allocates nothing.
template <typename Scalar>
using Columns = Eigen::Map<ArrayXX<Scalar>>;
template <typename Scalar>
using ConstColumns = Eigen::Map<const ArrayXX<Scalar>>;
using WinnerArray = Eigen::Array<int, Eigen::Dynamic, Eigen::Dynamic>;

// z = W x + b.
template <typename Scalar>
struct Dense {
  Matrix<Scalar> W;   // W: out x in
  ArrayX<Scalar> b;   // b: out
  Matrix<Scalar> dW;  // dW: out x in
  ArrayX<Scalar> db;  // db: out

  void allocate(int in, int out);
  // z: out x B, x: in x B. Refs so that inference can pass its buffers' leading columns.
  void forward(const Eigen::Ref<const ArrayXX<Scalar>>& x, Eigen::Ref<ArrayXX<Scalar>> z) const;
  // dW = dz x^T, db = row sums of dz; dx = W^T dz unless dx is null (the first layer needs none).
  void backward(const ArrayXX<Scalar>& x, const ArrayXX<Scalar>& dz, ArrayXX<Scalar>* dx);
  // dz = W dx (tangents: the bias does not move).
  void jvp(const ArrayXX<Scalar>& dx, ArrayXX<Scalar>& dz) const;
};

// Batch normalization over the batch (per row): u = gamma * (z - mean) / sqrt(var + eps) + beta.
// Training uses the batch's statistics and updates the running ones (momentum 0.1, unbiased
// variance as in PyTorch); inference uses the running ones.
template <typename Scalar>
struct BatchNorm {
  static constexpr double kEpsilon = 1e-5;
  static constexpr double kMomentum = 0.1;

  ArrayX<Scalar> gamma, beta;                 // rows
  ArrayX<Scalar> dgamma, dbeta;               // rows
  ArrayX<Scalar> running_mean, running_var;   // rows
  ArrayX<Scalar> batch_mean, inv_std;         // rows: saved by forward_train for backward
  ArrayXX<Scalar> xhat;                       // xhat: rows x B, the normalized input, saved for backward
  ArrayX<Scalar> row_scale, row_shift;        // rows: scratch for forward_infer and backward

  void allocate(int rows, int batch);
  // In place: z (rows x B) becomes u. Saves batch_mean, inv_std and xhat.
  void forward_train(Columns<Scalar> z, bool update_running_stats);
  // In place with the running statistics (leaves gamma / sqrt(running_var + eps) in row_scale).
  void forward_infer(Eigen::Ref<ArrayXX<Scalar>> z);
  // In place: du (rows x B) becomes dz; overwrites dgamma and dbeta.
  void backward(ArrayXX<Scalar>& du);
  // In place after forward_infer: tangents dz (rows x any) become du, each row scaled by row_scale.
  void jvp_infer(ArrayXX<Scalar>& dz) const;
};

// Maxout: unit j's value is the largest of its `pieces` pre-activations, which sit at rows
// p * width + j (p = 0..pieces-1), so the max runs over contiguous row blocks.
template <typename Scalar>
struct Maxout {
  int width = 0, pieces = 0;
  WinnerArray winner;  // winner: width x B, the piece that won (training; backward reads it)

  void allocate(int width, int pieces, int batch);
  // u: (width * pieces) x C -> a: width x C; writes the winning pieces into *winners (width x C) if given.
  void forward(const Eigen::Ref<const ArrayXX<Scalar>>& u, Eigen::Ref<ArrayXX<Scalar>> a, WinnerArray* winners) const;
  // da: width x B -> du: (width * pieces) x B, zero except at the winners.
  void backward(const ArrayXX<Scalar>& da, ArrayXX<Scalar>& du) const;
  // Tangents du ((width * pieces) x C k, k per point) -> da (width x C k): each unit follows its
  // winning piece at its point (`winners`: width x C, from forward).
  void jvp(const WinnerArray& winners, const ArrayXX<Scalar>& du, int k, ArrayXX<Scalar>& da) const;
};

extern template struct Dense<float>;
extern template struct Dense<double>;
extern template struct BatchNorm<float>;
extern template struct BatchNorm<double>;
extern template struct Maxout<float>;
extern template struct Maxout<double>;

}  // namespace vg
