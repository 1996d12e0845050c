// The WASM module and the native CLI run the same core: a fixed-seed float run gives the same
// first-step per-layer gradient norms within 1e-5 relative (the maths libraries differ, so
// bit-identity is not required); the drift after 100 steps is reported, not asserted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { TELEMETRY_PER_LAYER, configuredTrainer, loadEngine, repoRoot } from './engine-module.js';

const CLI = path.join(repoRoot, 'build/native/vg-cli');
const CONFIG = { depth: 20, width: 32, batch_size: 128, activation: 'sigmoid', init: 'xavier_uniform',
                 optimizer: 'sgd', learning_rate: 0.1, dataset: 'spiral', seed: 7 };
const STEPS = 100;
const FIRST_STEP_TOLERANCE = 1e-5;

function relativeDifference(a, b) {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

// Largest difference over the array, relative to the array's largest magnitude (an elementwise
// ratio would report noise on values that are ~0, such as the output unit's act_std).
function scaledMaxDifference(expected, actual) {
  assert.equal(actual.length, expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  if (scale === 0) return Math.max(...actual.map(Math.abs));
  return Math.max(...expected.map((value, i) => Math.abs(value - actual[i]))) / scale;
}

let workDir;
let cliRecords;  // step -> the CLI's telemetry record
before(() => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run ./build-wasm.sh build first`);
  workDir = mkdtempSync(path.join(tmpdir(), 'vg-parity-'));
  const telemetryPath = path.join(workDir, 'telemetry.json');
  const configFlags = Object.entries(CONFIG).flatMap(([name, value]) => [`--${name}`, String(value)]);
  execFileSync(CLI, [...configFlags, '--steps', String(STEPS), '--precision', 'float',
                     '--telemetry-json', telemetryPath], { stdio: ['ignore', 'ignore', 'inherit'] });
  const log = JSON.parse(readFileSync(telemetryPath, 'utf8'));
  assert.equal(log.precision, 'float');
  cliRecords = new Map(log.records.map((record) => [record.step, record]));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

for (const variant of ['simd', 'nosimd']) {
  test(`${variant}: first-step gradient norms match the native CLI within ${FIRST_STEP_TOLERANCE} relative`, async () => {
    const engine = await loadEngine(variant);
    const trainer = configuredTrainer(engine, CONFIG);
    assert.equal(trainer.step(1), 1);
    const cliFirst = cliRecords.get(1);
    assert.ok(cliFirst, 'the CLI log has a record for step 1');
    for (const name of ['grad_w_norm', 'grad_b_norm']) {
      const wasm = Array.from(trainer.telemetry(name));
      const native = cliFirst.layers[name];
      assert.equal(wasm.length, CONFIG.depth + 1);
      for (let layer = 0; layer < native.length; ++layer) {
        const difference = relativeDifference(native[layer], wasm[layer]);
        assert.ok(difference <= FIRST_STEP_TOLERANCE,
                  `${name}[${layer}]: native ${native[layer]}, wasm ${wasm[layer]} (relative ${difference})`);
      }
    }
    assert.ok(relativeDifference(cliFirst.loss, trainer.stats().loss) <= FIRST_STEP_TOLERANCE, 'first-step loss');

    trainer.step(STEPS - 1);
    const cliLast = cliRecords.get(STEPS);
    assert.ok(cliLast, `the CLI log has a record for step ${STEPS}`);
    const drift = { loss: relativeDifference(cliLast.loss, trainer.stats().loss) };
    for (const name of TELEMETRY_PER_LAYER) {
      drift[name] = scaledMaxDifference(cliLast.layers[name].map((v) => v ?? NaN), Array.from(trainer.telemetry(name)));
    }
    const report = Object.entries(drift).map(([name, value]) => `${name} ${value.toExponential(2)}`).join(', ');
    console.log(`${variant}: drift from the native CLI after ${STEPS} steps (max |difference| / max |value|): ${report}`);
    trainer.delete();
  });
}
