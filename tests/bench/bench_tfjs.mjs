// TensorFlow.js 4.x in node, the wasm backend (its .wasm files ship in the npm package: no network)
// and the pure-JS cpu backend, training the workloads' MLP (tfjs_mlp.mjs) on the core's data.
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { workloadData } from './engine_node.mjs';
import {
  measureStepsPerSecond, printLine, runBenchMain, selectedWorkloads, skippedBySmoke,
} from './harness.mjs';
import { createTfjsMlp } from './tfjs_mlp.mjs';

const require = createRequire(import.meta.url);
const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDist}/`);

const backends = ['wasm', 'cpu'];

runBenchMain(async (options) => {
  tf.env().set('PROD', true);  // production mode: no debug checks, no advice to install tfjs-node
  const workloads = [];
  for (const workload of selectedWorkloads(options)) workloads.push({ ...workload, data: await workloadData(workload) });
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to start`);
    await tf.ready();
    const flags = backend === 'wasm'
      ? { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') }
      : {};
    for (const workload of workloads) {
      if (skippedBySmoke(options, `tfjs-${backend}`, workload)) continue;
      const mlp = createTfjsMlp(tf, workload.data);
      try {
        const timing = await measureStepsPerSecond((n) => mlp.steps(n), options);
        printLine({
          engine: `tfjs-${backend}`, workload: workload.id, kind: 'train', ...timing,
          final_loss: mlp.lastLoss(), tfjs_version: tf.version.tfjs, ...flags,
        });
      } finally {
        mlp.dispose();
      }
    }
  }
});
