// ConvNetJS 0.3 (npm convnetjs), the classic in-browser JS trainer, in node: the workloads it can
// express, on the core's data, with the same seeded initial weights as TF.js (tfjs_mlp.mjs). It
// trains one example at a time and updates every batch_size examples, so a step is batch_size calls.
// Binary cross-entropy becomes a 2-way softmax (ConvNetJS has no sigmoid output loss): the same
// model family with one more output unit.
import convnetjs from 'convnetjs';
import * as tf from '@tensorflow/tfjs';
import { workloadData } from './engine_node.mjs';
import {
  measureStepsPerSecond, printLine, runBenchMain, selectedWorkloads, skippedBySmoke,
} from './harness.mjs';
import { initialWeights } from './tfjs_mlp.mjs';

const kActivations = ['sigmoid', 'tanh', 'relu', 'linear'];
const kOptimizers = { sgd: { method: 'sgd', momentum: 0 } };

// Why ConvNetJS 0.3 cannot run this config, or '' when it can.
export function unsupportedReason(config) {
  const reasons = [];
  if (config.batch_norm) reasons.push('no batch norm layer');
  if (config.residual_every > 0) reasons.push('no residual connections');
  if (!kOptimizers[config.optimizer]) reasons.push(`no ${config.optimizer} optimizer (0.3 has sgd, adagrad, adadelta, windowgrad)`);
  if (!kActivations.includes(config.activation)) reasons.push(`activation ${config.activation} not mirrored`);
  if (config.loss === 'mse') reasons.push('mse not mirrored');
  return reasons.join('; ');
}

function createNet(data) {
  const { config, inputDim, numClasses } = data;
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: inputDim }];
  for (let l = 0; l < config.depth; l++) {
    defs.push({ type: 'fc', num_neurons: config.width, ...(config.activation !== 'linear' && { activation: config.activation }) });
  }
  defs.push({ type: 'softmax', num_classes: numClasses });
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  // The same seeded initial weights as the other engines (ConvNetJS draws its own from Math.random).
  net.layers.filter((layer) => layer.layer_type === 'fc').forEach((layer, l) => {
    const weights = tf.tidy(() => initialWeights(tf, config, layer.num_inputs, layer.out_depth, config.seed * 1000 + l).arraySync());
    layer.filters.forEach((filter, out) => { for (let i = 0; i < layer.num_inputs; i++) filter.w[i] = weights[i][out]; });
    layer.biases.w.fill(config.bias_init);
  });
  return net;
}

function benchWorkload(data, options) {
  const { config, inputDim, trainInputs, trainLabels } = data;
  const net = createNet(data);
  const trainer = new convnetjs.Trainer(net, {
    ...kOptimizers[config.optimizer], learning_rate: config.learning_rate, batch_size: config.batch_size, l2_decay: 0,
  });
  const examples = Array.from(trainLabels, (label, row) => {
    const volume = new convnetjs.Vol(1, 1, inputDim, 0);
    for (let i = 0; i < inputDim; i++) volume.w[i] = trainInputs[row * inputDim + i];
    return { volume, label };
  });
  let next = 0;
  let lastLoss = NaN;
  const takeSteps = (numSteps) => {
    for (let s = 0; s < numSteps; s++) {
      let lossSum = 0;
      for (let e = 0; e < config.batch_size; e++) {
        const { volume, label } = examples[next];
        next = (next + 1) % examples.length;
        lossSum += trainer.train(volume, label).cost_loss;
      }
      lastLoss = lossSum / config.batch_size;
    }
  };
  return measureStepsPerSecond(takeSteps, options).then((timing) => ({ ...timing, final_loss: lastLoss }));
}

runBenchMain(async (options) => {
  tf.env().set('PROD', true);  // production mode: no debug checks, no advice to install tfjs-node
  await tf.setBackend('cpu');
  for (const workload of selectedWorkloads(options)) {
    if (skippedBySmoke(options, 'convnetjs', workload)) continue;
    const data = await workloadData(workload);
    const reason = unsupportedReason(data.config);
    const line = { engine: 'convnetjs', workload: workload.id };
    printLine(reason ? { ...line, kind: 'unsupported', reason } : { ...line, kind: 'train', ...(await benchWorkload(data, options)) });
  }
});
