// The core as WebAssembly in node: both builds of web/generated/ (SIMD and not) train each workload
// (telemetry as workloads.json sets it: at the end of every step(n) call, as the page asks for it),
// and the roofline module (wasm/, built by bench.sh) times the matrix products of the same shapes.
// One JSON line per engine and workload.
import { pathToFileURL } from 'node:url';
import { engineBuilds, loadEngineBuild, loadRoofline } from './engine_node.mjs';
import {
  measureStepsPerSecond, mlpLayerSizes, printLine, runBenchMain, selectedWorkloads,
} from './harness.mjs';

// Trainer.step's limit per call (src/wasm/README.md): longer runs are taken in calls of this many.
const MAX_STEPS_PER_CALL = 1000000;

export async function benchTrainer(Module, engine, workload, options) {
  const trainer = new Module.Trainer();
  try {
    const error = trainer.configure(workload.config);
    if (error) throw new Error(`${workload.id}: ${error}`);
    let divergenceResets = 0;
    // A diverged run stops stepping; start it again and count it, so a figure never hides a dead run.
    const takeSteps = (numSteps) => {
      let stalled = false;
      while (numSteps > 0) {
        const request = Math.min(numSteps, MAX_STEPS_PER_CALL);
        const taken = trainer.step(request);
        numSteps -= taken;
        if (taken < request) {
          if (taken === 0 && stalled) throw new Error(`${workload.id} diverges at once: ${trainer.stats().message}`);
          stalled = taken === 0;
          trainer.reset();
          divergenceResets++;
        }
      }
    };
    const timing = await measureStepsPerSecond(takeSteps, options);
    return {
      engine, workload: workload.id, kind: 'train', ...timing,
      telemetry_every: workload.config.telemetry_every,
      divergence_resets: divergenceResets,
      final_loss: trainer.stats().loss,
      simd: Module.simd_in_use(),
      wasm_memory_bytes: Module.HEAP8.buffer.byteLength,
      shape: { inputDim: trainer.input_dim(), numClasses: trainer.num_classes() },
    };
  } finally {
    trainer.delete();
  }
}

export async function benchRoofline(Roofline, engine, workload, shape, options) {
  const sizes = mlpLayerSizes(workload.config, shape.inputDim, shape.numClasses);
  const sizesPointer = Roofline._malloc(4 * sizes.length);
  Roofline.HEAP32.set(sizes, sizesPointer >> 2);
  const handle = Roofline._roofline_create(sizesPointer, sizes.length, workload.config.batch_size);
  Roofline._free(sizesPointer);
  try {
    const timing = await measureStepsPerSecond((n) => Roofline._roofline_run_steps(handle, n), options);
    return {
      engine: `${engine}-roofline`, workload: workload.id, kind: 'roofline', ...timing,
      gflops: timing.steps_per_second * Roofline._roofline_flops_per_step(handle) * 1e-9,
      simd: Roofline.UTF8ToString(Roofline._roofline_simd_in_use()),
    };
  } finally {
    Roofline._roofline_destroy(handle);
  }
}

// Run as a script (bench.sh); wasm_ratio.mjs imports the two functions above.
if (import.meta.url === pathToFileURL(process.argv[1]).href) runBenchMain(async (options) => {
  for (const build of engineBuilds) {
    const Module = await loadEngineBuild(build);
    const Roofline = await loadRoofline(build);
    const EigenRoofline = build.eigenRoofline && await loadRoofline({ roofline: build.eigenRoofline });
    for (const workload of selectedWorkloads(options)) {
      const { shape, ...line } = await benchTrainer(Module, build.engine, workload, options);
      printLine(line);
      printLine(await benchRoofline(Roofline, build.engine, workload, shape, options));
      if (EigenRoofline) printLine(await benchRoofline(EigenRoofline, `${build.engine}-eigen`, workload, shape, options));
    }
  }
});
