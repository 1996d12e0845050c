// Small deliberate bugs in the core, each a one-line edit that a demanding test suite must notice.
// `find` must occur exactly once in `file`; `tests` is the Catch2 test spec run against the mutant
// (the tests that own the behaviour: a mutant that escapes them is a hole in the suite). Grouped by
// file, so the copy recompiles each file as few times as possible.
export const MUTANTS = [
  // ---- layers.cpp: dense, batch norm, maxout ----
  {
    name: 'batch norm backward drops the xhat * dgamma term',
    file: 'src/core/layers.cpp',
    find: 'du = ((batch * du - xhat.colwise() * dgamma).colwise() - dbeta).colwise() * row_scale;',
    replace: 'du = ((batch * du).colwise() - dbeta).colwise() * row_scale;',
    tests: '[gradcheck]',
  },
  {
    name: 'batch norm backward: the mean term is short 1%',
    file: 'src/core/layers.cpp',
    find: '.colwise() - dbeta).colwise() * row_scale;',
    replace: '.colwise() - Scalar(0.99) * dbeta).colwise() * row_scale;',
    tests: '[gradcheck]',
  },
  {
    name: 'batch norm running variance keeps the biased batch variance',
    file: 'src/core/layers.cpp',
    find: 'const Scalar unbiased = batch > 1 ? batch / (batch - 1) : Scalar(1);',
    replace: 'const Scalar unbiased = Scalar(1);',
    tests: '[inference]',
  },
  {
    name: 'batch norm running mean never updates',
    file: 'src/core/layers.cpp',
    find: 'running_mean = (Scalar(1) - momentum) * running_mean + momentum * batch_mean;',
    replace: 'running_mean = running_mean + Scalar(0) * batch_mean;',
    tests: '[inference]',
  },
  {
    name: 'batch norm inference forgets epsilon',
    file: 'src/core/layers.cpp',
    find: 'row_scale = gamma * (running_var + Scalar(kEpsilon)).rsqrt();',
    replace: 'row_scale = gamma * running_var.rsqrt();',
    tests: '[inference]',
  },
  {
    name: 'maxout backward sends every gradient to the first piece',
    file: 'src/core/layers.cpp',
    find: 'du(winner(unit, example) * width + unit, example) = da(unit, example);',
    replace: 'du(unit, example) = da(unit, example);',
    tests: '[gradcheck]',
  },
  {
    name: 'dense bias gradient off 0.1%',
    file: 'src/core/layers.cpp',
    find: 'db = dz.rowwise().sum();',
    replace: 'db = Scalar(1.001) * dz.rowwise().sum();',
    tests: '[gradcheck]',
  },
  {
    name: 'Jacobian ignores batch norm scaling of the tangents',
    file: 'src/core/layers.cpp',
    find: 'dz.colwise() *= row_scale;',
    replace: 'dz.colwise() *= Scalar(1) + Scalar(0) * row_scale;',
    tests: '[network],[inference],[block]',
  },
  {
    name: 'maxout jvp follows the first piece, not the winner',
    file: 'src/core/layers.cpp',
    find: 'du.row(winners(unit, point) * width + unit)',
    replace: 'du.row(unit)',
    tests: '[block]',
  },
  // ---- hidden_layer.cpp: one hidden layer's pipeline (forward, backward, jvp) ----
  {
    name: 'residual join short 1% (forward)',
    file: 'src/core/hidden_layer.cpp',
    find: 'if (shortcut) pass.out = pass.act + *shortcut;',
    replace: 'if (shortcut) pass.out = pass.act + Scalar(0.99) * *shortcut;',
    tests: '[gradcheck]',
  },
  {
    name: 'training forward never updates the running statistics',
    file: 'src/core/hidden_layer.cpp',
    find: 'bn.forward_train(z, update_running_stats);',
    replace: 'bn.forward_train(z, update_running_stats && false);',
    tests: '[inference]',
  },
  {
    name: "jvp drops the shortcut's tangent",
    file: 'src/core/hidden_layer.cpp',
    find: 'if (shortcut_tangent) da += *shortcut_tangent;',
    replace: 'if (shortcut_tangent) da += Scalar(0) * *shortcut_tangent;',
    tests: '[block]',
  },
  {
    name: "jvp of a pointwise activation 0.1% off phi'",
    file: 'src/core/hidden_layer.cpp',
    find: 'da.middleCols(point * k, k).colwise() *= pass.deriv->col(point);',
    replace: 'da.middleCols(point * k, k).colwise() *= Scalar(1.001) * pass.deriv->col(point);',
    tests: '[block]',
  },
  // ---- network.cpp: the residual bookkeeping of backward and inference ----
  {
    name: 'residual gradient short 1% (backward)',
    file: 'src/core/network.cpp',
    find: 'dh_next_ += skip_grad_;',
    replace: 'dh_next_ += Scalar(0.99) * skip_grad_;',
    tests: '[gradcheck]',
  },
  {
    name: 'inference forgets the shortcut',
    file: 'src/core/network.cpp',
    find: 'layer.shortcut_from != kNoShortcut ? &shortcut : nullptr);',
    replace: 'layer.shortcut_from != kNoShortcut ? nullptr : nullptr);',
    tests: '[inference]',
  },
  // ---- loss.cpp ----
  {
    name: 'binary cross-entropy gradient off 0.1%',
    file: 'src/core/loss.cpp',
    find: '(*gradient)(0) = (stable_sigmoid(s) - y) * gradient_scale;',
    replace: '(*gradient)(0) = (stable_sigmoid(s) - y) * gradient_scale * Scalar(1.001);',
    tests: '[gradcheck],[loss]',
  },
  {
    name: 'mean squared error sums the outputs instead of averaging them',
    file: 'src/core/loss.cpp',
    find: 'return sum * per_unit;',
    replace: 'return sum;',
    tests: '[gradcheck],[loss]',
  },
  {
    name: 'softmax without the max shift (overflows on large logits)',
    file: 'src/core/loss.cpp',
    find: 'const Scalar top = logits.maxCoeff();',
    replace: 'const Scalar top = Scalar(0) * logits.maxCoeff();',
    tests: '[gradcheck],[loss]',
  },
  // ---- optimizer.cpp ----
  {
    name: "Adam's bias correction off by one step",
    file: 'src/core/optimizer.cpp',
    find: 'const double t = static_cast<double>(steps_taken_);',
    replace: 'const double t = static_cast<double>(steps_taken_ + 1);',
    tests: '[optimizer],[trainer]',
  },
  {
    name: 'Nesterov steps like plain momentum',
    file: 'src/core/optimizer.cpp',
    find: 'value -= learning_rate_ * (grad + momentum_ * first);',
    replace: 'value -= learning_rate_ * first;',
    tests: '[optimizer]',
  },
  // ---- trainer_run.cpp ----
  {
    name: 'the trainer never updates batch norm running statistics',
    file: 'src/core/trainer_run.cpp',
    find: 'const double loss = forward_backward(true, telemetry_step);',
    replace: 'const double loss = forward_backward(false, telemetry_step);',
    tests: '[trainer],[inference]',
  },
  {
    name: 'a divergence between telemetry steps keeps the last telemetry step\'s per-example norms',
    file: 'src/core/trainer_run.cpp',
    find: 'if (diverged && !telemetry_step) network->backward(&error_norms);',
    replace: '',
    tests: '[trainer]',
  },
  // ---- activations.h (a header: these rebuild most of the copy, so they come last) ----
  {
    name: "tanh' off 0.1%",
    file: 'src/core/activations.h',
    find: 'if (da_dz) *da_dz = one - a.square();',
    replace: 'if (da_dz) *da_dz = Scalar(1.001) * (one - a.square());',
    tests: '[gradcheck]',
  },
  {
    name: "leaky ReLU's negative slope off 1% in the derivative",
    file: 'src/core/activations.h',
    find: 'ArrayXX<Scalar>::Constant(z.rows(), z.cols(), leaky_alpha));',
    replace: 'ArrayXX<Scalar>::Constant(z.rows(), z.cols(), Scalar(1.01) * leaky_alpha));',
    tests: '[gradcheck]',
  },
  {
    name: "GELU' off 0.1% (the density term's constant)",
    file: 'src/core/activations.h',
    find: 'const Scalar inv_sqrt_2pi(0.39894228040143267794);',
    replace: 'const Scalar inv_sqrt_2pi(0.3993);',
    tests: '[gradcheck]',
  },
];
