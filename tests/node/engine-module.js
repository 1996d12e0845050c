// Loads a built WASM module (web/generated/) in node. Emscripten 3.1.6's node path fetches the .wasm
// with fetch() from a file: URL, which node cannot do, so the bytes are handed over as wasmBinary.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const VARIANTS = {
  simd: 'vg_engine',
  nosimd: 'vg_engine_nosimd',
};

// `options` go to the module factory next to wasmBinary (e.g. onAbort).
export async function loadEngine(variant, options = {}) {
  const base = `${repoRoot}web/generated/${VARIANTS[variant]}`;
  // Emscripten 3.1.6's ES6 output still reads the CommonJS global __dirname when it runs in node
  // (for a scriptDirectory it never uses once wasmBinary is given); ES modules lack it.
  globalThis.__dirname ??= `${repoRoot}web/generated`;
  const { default: createVgModule } = await import(`${base}.js`);
  return createVgModule({ ...options, wasmBinary: readFileSync(`${base}.wasm`) });
}

// A fresh float trainer configured with `config`; throws if the config is refused.
export function configuredTrainer(engine, config) {
  const trainer = new engine.Trainer();
  const error = trainer.configure(config);
  if (error) {
    trainer.delete();
    throw new Error(`configure refused ${JSON.stringify(config)}: ${error}`);
  }
  return trainer;
}

export const TELEMETRY_PER_LAYER = [
  'grad_w_norm', 'grad_b_norm', 'delta_norm', 'act_mean', 'act_std', 'saturated_frac', 'dead_frac',
  'weight_norm', 'update_ratio', 'delta_rms', 'example_grad_w_rms',
];
export const TELEMETRY_HISTOGRAMS = ['act_hist', 'grad_hist'];
