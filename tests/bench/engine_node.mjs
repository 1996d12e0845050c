// The WASM builds the benchmark loads in node, and the workload's data as the core makes it, so that
// the other libraries train on exactly the same points (the core is the one place data sets are made).
// The engine is loaded the way the node tests load it (tests/node/engine-module.js).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadEngine } from '../node/engine-module.js';
import { repoDir } from './harness.mjs';

export const engineBuilds = [
  // eigenRoofline: the same products with Eigen's kernel, as the SIMD build ran them before issue 16.
  { engine: 'wasm-simd', variant: 'simd', roofline: 'build/bench-wasm/roofline_simd.cjs', eigenRoofline: 'build/bench-wasm/roofline_simd_eigen.cjs' },
  { engine: 'wasm-nosimd', variant: 'nosimd', roofline: 'build/bench-wasm/roofline_nosimd.cjs' },
];

export async function loadEngineBuild(build) {
  try {
    return await loadEngine(build.variant);
  } catch (error) {
    throw new Error(`the ${build.variant} engine did not load (run ./build-wasm.sh build): ${error.message}`);
  }
}

// The roofline module (wasm/CMakeLists.txt) is CommonJS; Emscripten 3.1.6 needs the binary handed
// over in node (its fetch path fails on file URLs).
export async function loadRoofline(build) {
  const jsPath = path.join(repoDir, build.roofline);
  const wasmPath = jsPath.replace(/\.cjs$/, '.wasm');
  if (!fs.existsSync(jsPath) || !fs.existsSync(wasmPath)) {
    throw new Error(`${jsPath} or its .wasm is missing: tests/bench/bench.sh builds it`);
  }
  const createRooflineModule = createRequire(import.meta.url)(jsPath);
  return createRooflineModule({ wasmBinary: fs.readFileSync(wasmPath) });
}

// The workload's full config (the core's defaults filled in), its training split and its shape.
let dataModule = null;
export async function workloadData(workload) {
  dataModule ??= loadEngineBuild(engineBuilds[0]);
  const Module = await dataModule;
  const trainer = new Module.Trainer();
  try {
    const error = trainer.configure(workload.config);
    if (error) throw new Error(`${workload.id}: ${error}`);
    return {
      config: { ...Module.config_defaults(), ...workload.config },
      inputDim: trainer.input_dim(),
      numClasses: trainer.num_classes(),
      trainInputs: trainer.train_inputs().slice(),  // copies: views die with the trainer
      trainLabels: trainer.train_labels().slice(),
    };
  } finally {
    trainer.delete();
  }
}
