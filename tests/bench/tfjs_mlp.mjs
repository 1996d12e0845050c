// The workloads' MLP in TensorFlow.js, built to match the core (src/core/network.h): hidden layer =
// dense -> batch norm (batch statistics, eps 1e-5) -> activation; residual blocks of k layers after
// the first layer (a block's last layer adds the block's input; a shorter tail gets no shortcut);
// a dense output layer of logits; mean BCE on one logit or softmax cross-entropy; the same optimizer
// and hyper-parameters. Not mirrored: batch norm's running statistics (inference only), which spares
// TF.js a little work per step, and the core's telemetry.

const kBatchNormEpsilon = 1e-5;

// Initial weights [fanIn, fanOut] for the scheme, from a fixed seed (tf's seeded generators).
export function initialWeights(tf, config, fanIn, fanOut, seed) {
  return tf.tidy(() => {
    const shape = [fanIn, fanOut];
    let weights;
    if (config.init === 'xavier_uniform') {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      weights = tf.randomUniform(shape, -limit, limit, 'float32', seed);
    } else if (config.init === 'xavier_normal') {
      weights = tf.randomNormal(shape, 0, Math.sqrt(2 / (fanIn + fanOut)), 'float32', seed);
    } else if (config.init === 'he_normal') {
      weights = tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed);
    } else if (config.init === 'lecun_normal') {
      weights = tf.randomNormal(shape, 0, Math.sqrt(1 / fanIn), 'float32', seed);
    } else if (config.init === 'orthogonal') {
      weights = tf.initializers.orthogonal({ gain: 1, seed }).apply(shape);
    } else {
      throw new Error(`init ${config.init} is not mirrored in TF.js (no workload uses it)`);
    }
    return weights.mul(config.gain);
  });
}

function createOptimizer(tf, config) {
  if (config.optimizer === 'sgd') return tf.train.sgd(config.learning_rate);
  if (config.optimizer === 'adam') {
    return tf.train.adam(config.learning_rate, config.beta1, config.beta2, config.epsilon);
  }
  throw new Error(`optimizer ${config.optimizer} is not mirrored in TF.js (no workload uses it)`);
}

function activate(tf, activation, x) {
  if (activation === 'sigmoid') return tf.sigmoid(x);
  if (activation === 'relu') return tf.relu(x);
  if (activation === 'tanh') return tf.tanh(x);
  if (activation === 'linear') return x;
  throw new Error(`activation ${activation} is not mirrored in TF.js (no workload uses it)`);
}

// The hidden layer whose output layer l's shortcut adds, or -1 (network.h's block rule).
export function shortcutSource(config, l) {
  const k = config.residual_every;
  return k > 0 && l >= k && l % k === 0 ? l - k : -1;
}

// The training split as two tensors, and a batch source that does what the core's BatchOrder does:
// a fresh shuffle of the split each epoch, every batch gathered from it (so TF.js pays the same
// per-step gather as the core, src/core/batch_order.h). The permutation is made in JS (a seeded
// LCG): it only needs to be a shuffle, not the core's.
function makeBatchSource(tf, data) {
  const { config, inputDim, numClasses, trainInputs, trainLabels } = data;
  const n = trainLabels.length, batch = config.batch_size;
  const inputs = tf.tensor2d(trainInputs, [n, inputDim]);
  const targets = config.loss === 'bce'
    ? tf.tensor2d(Float32Array.from(trainLabels), [n, 1])
    : tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(trainLabels), 'int32'), numClasses).toFloat());
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let state = (config.seed >>> 0) || 1;
  let position = n;  // exhausted: the first batch shuffles
  const nextIndices = () => {
    const indices = new Int32Array(batch);
    for (let i = 0; i < batch; i++) {
      if (position === n) {
        for (let j = n - 1; j > 0; j--) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const k = state % (j + 1);
          [order[j], order[k]] = [order[k], order[j]];
        }
        position = 0;
      }
      indices[i] = order[position++];
    }
    return indices;
  };
  return {
    // The next batch's tensors; the caller disposes them (tidy inside minimize does).
    next() {
      const indices = tf.tensor1d(nextIndices(), 'int32');
      const batchTensors = { inputs: tf.gather(inputs, indices), targets: tf.gather(targets, indices) };
      indices.dispose();
      return batchTensors;
    },
    dispose: () => tf.dispose([inputs, targets]),
  };
}

// A trainer with steps(n) (n training steps; like the core, which computes every step's loss but
// hands it over only with the telemetry at the end of a step(n) call, the loss is read back from the
// backend once, after the last step), lastLoss() and dispose().
export function createTfjsMlp(tf, data) {
  const { config, inputDim, numClasses } = data;
  const outputs = config.loss === 'bce' ? 1 : numClasses;
  const fanIns = [inputDim, ...Array(config.depth).fill(config.width)];
  const fanOuts = [...Array(config.depth).fill(config.width), outputs];
  const layers = fanIns.map((fanIn, l) => {
    const isHidden = l < config.depth;
    // tidy frees each initial value; the variables (copies) outlive it.
    return tf.tidy(() => {
      const layer = {
        weights: tf.variable(initialWeights(tf, config, fanIn, fanOuts[l], config.seed * 1000 + l)),
        bias: tf.variable(tf.fill([fanOuts[l]], config.bias_init)),
      };
      if (isHidden && config.batch_norm) {
        layer.gamma = tf.variable(tf.ones([fanOuts[l]]));
        layer.beta = tf.variable(tf.zeros([fanOuts[l]]));
      }
      return layer;
    });
  });
  const trainable = layers.flatMap((layer) => [layer.weights, layer.bias, layer.gamma, layer.beta].filter(Boolean));
  const optimizer = createOptimizer(tf, config);
  const batches = makeBatchSource(tf, data);

  const logitsOf = (inputs) => {
    const hiddenOutputs = [];
    let h = inputs;
    for (let l = 0; l < config.depth; l++) {
      const layer = layers[l];
      let z = tf.add(tf.matMul(h, layer.weights), layer.bias);
      if (layer.gamma) {
        const { mean, variance } = tf.moments(z, 0);
        z = tf.batchNorm(z, mean, variance, layer.beta, layer.gamma, kBatchNormEpsilon);
      }
      let out = activate(tf, config.activation, z);
      const source = shortcutSource(config, l);
      if (source >= 0) out = tf.add(out, hiddenOutputs[source]);
      hiddenOutputs.push(out);
      h = out;
    }
    const output = layers[config.depth];
    return tf.add(tf.matMul(h, output.weights), output.bias);
  };
  const lossOf = (logits, targets) => (config.loss === 'bce'
    ? tf.losses.sigmoidCrossEntropy(targets, logits)
    : tf.losses.softmaxCrossEntropy(targets, logits));

  let lastLoss = NaN;
  return {
    steps(n) {
      for (let i = 0; i < n; i++) {
        const readBack = i === n - 1;
        const { inputs, targets } = batches.next();
        const loss = optimizer.minimize(() => lossOf(logitsOf(inputs), targets), readBack, trainable);
        tf.dispose([inputs, targets]);
        if (readBack) {
          lastLoss = loss.dataSync()[0];
          loss.dispose();
        }
      }
    },
    lastLoss: () => lastLoss,
    dispose() {
      optimizer.dispose();
      tf.dispose(trainable);
      batches.dispose();
    },
  };
}
