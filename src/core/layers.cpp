#include "layers.h"

#include <cmath>

#include "matmul.h"

namespace vg {

// ---- Dense ------------------------------------------------------------------------------------------

template <typename Scalar>
void Dense<Scalar>::allocate(int in, int out) {
  W.setZero(out, in);
  b.setZero(out);
  dW.setZero(out, in);
  db.setZero(out);
}

template <typename Scalar>
void Dense<Scalar>::forward(const Eigen::Ref<const ArrayXX<Scalar>>& x, Eigen::Ref<ArrayXX<Scalar>> z) const {
  // Start from the bias and accumulate the product into it: one pass fewer than product-then-add.
  z.colwise() = b;
  matmul<Scalar>(z.matrix(), W, x.matrix(), Transpose::kNone, true);
}

template <typename Scalar>
void Dense<Scalar>::backward(const ArrayXX<Scalar>& x, const ArrayXX<Scalar>& dz, ArrayXX<Scalar>* dx) {
  matmul<Scalar>(dW, dz.matrix(), x.matrix(), Transpose::kRight, false);
  db = dz.rowwise().sum();
  if (dx) matmul<Scalar>(dx->matrix(), W, dz.matrix(), Transpose::kLeft, false);
}

template <typename Scalar>
void Dense<Scalar>::jvp(const ArrayXX<Scalar>& dx, ArrayXX<Scalar>& dz) const {
  dz.resize(W.rows(), dx.cols());
  dz.matrix().noalias() = W * dx.matrix();
}

// ---- Batch normalization ----------------------------------------------------------------------------

template <typename Scalar>
void BatchNorm<Scalar>::allocate(int rows, int batch) {
  gamma.setOnes(rows);
  beta.setZero(rows);
  dgamma.setZero(rows);
  dbeta.setZero(rows);
  running_mean.setZero(rows);
  running_var.setOnes(rows);
  batch_mean.setZero(rows);
  inv_std.setZero(rows);
  xhat.setZero(rows, batch);
  row_scale.setZero(rows);
  row_shift.setZero(rows);
}

template <typename Scalar>
void BatchNorm<Scalar>::forward_train(Columns<Scalar> z, bool update_running_stats) {
  const Scalar batch = static_cast<Scalar>(z.cols());
  batch_mean = z.rowwise().mean();
  z.colwise() -= batch_mean;
  inv_std = z.square().rowwise().mean();  // the biased batch variance, for now
  if (update_running_stats) {
    const Scalar momentum(kMomentum);
    // PyTorch keeps the unbiased variance in the running estimate.
    const Scalar unbiased = batch > 1 ? batch / (batch - 1) : Scalar(1);
    running_mean = (Scalar(1) - momentum) * running_mean + momentum * batch_mean;
    running_var = (Scalar(1) - momentum) * running_var + (momentum * unbiased) * inv_std;
  }
  inv_std = (inv_std + Scalar(kEpsilon)).rsqrt();
  xhat = z.colwise() * inv_std;
  z = (xhat.colwise() * gamma).colwise() + beta;
}

template <typename Scalar>
void BatchNorm<Scalar>::forward_infer(Eigen::Ref<ArrayXX<Scalar>> z) {
  row_scale = gamma * (running_var + Scalar(kEpsilon)).rsqrt();
  row_shift = beta - running_mean * row_scale;
  z = (z.colwise() * row_scale).colwise() + row_shift;
}

template <typename Scalar>
void BatchNorm<Scalar>::backward(ArrayXX<Scalar>& du) {
  // With dxhat = gamma * du: dz = inv_std / B * (B dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)),
  // and the two sums are gamma * dbeta and gamma * dgamma.
  const Scalar batch = static_cast<Scalar>(du.cols());
  dbeta = du.rowwise().sum();
  dgamma = (du * xhat).rowwise().sum();
  row_scale = gamma * inv_std / batch;
  du = ((batch * du - xhat.colwise() * dgamma).colwise() - dbeta).colwise() * row_scale;
}

template <typename Scalar>
void BatchNorm<Scalar>::jvp_infer(ArrayXX<Scalar>& dz) const {
  dz.colwise() *= row_scale;
}

// ---- Maxout -----------------------------------------------------------------------------------------

template <typename Scalar>
void Maxout<Scalar>::allocate(int width_, int pieces_, int batch) {
  width = width_;
  pieces = pieces_;
  winner.setZero(width, batch);
}

template <typename Scalar>
void Maxout<Scalar>::forward(const Eigen::Ref<const ArrayXX<Scalar>>& u, Eigen::Ref<ArrayXX<Scalar>> a,
                             WinnerArray* winners) const {
  if (!winners) {
    a = u.topRows(width);
    for (int piece = 1; piece < pieces; ++piece) a = a.max(u.middleRows(piece * width, width));
    return;
  }
  for (Eigen::Index example = 0; example < u.cols(); ++example) {
    for (int unit = 0; unit < width; ++unit) {
      Scalar best = u(unit, example);
      int best_piece = 0;
      for (int piece = 1; piece < pieces; ++piece) {
        const Scalar value = u(piece * width + unit, example);
        if (value > best) {
          best = value;
          best_piece = piece;
        }
      }
      a(unit, example) = best;
      (*winners)(unit, example) = best_piece;
    }
  }
}

template <typename Scalar>
void Maxout<Scalar>::backward(const ArrayXX<Scalar>& da, ArrayXX<Scalar>& du) const {
  du.setZero();
  for (Eigen::Index example = 0; example < da.cols(); ++example)
    for (int unit = 0; unit < width; ++unit)
      du(winner(unit, example) * width + unit, example) = da(unit, example);
}

template <typename Scalar>
void Maxout<Scalar>::jvp(const WinnerArray& winners, const ArrayXX<Scalar>& du, int k, ArrayXX<Scalar>& da) const {
  da.resize(width, du.cols());
  for (Eigen::Index point = 0; point < winners.cols(); ++point)
    for (int unit = 0; unit < width; ++unit)
      da.row(unit).segment(point * k, k) = du.row(winners(unit, point) * width + unit).segment(point * k, k);
}

template struct Dense<float>;
template struct Dense<double>;
template struct BatchNorm<float>;
template struct BatchNorm<double>;
template struct Maxout<float>;
template struct Maxout<double>;

}  // namespace vg
