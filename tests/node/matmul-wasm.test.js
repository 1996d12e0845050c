// The WASM SIMD build's matrix-product kernel (src/core/gemm_wasm.*) against a double reference on
// edge and random shapes, to float rounding: runs build/wasm/matmul_wasm_test.cjs (built with the
// engine's SIMD flags by ./build-wasm.sh build; source tests/wasm/matmul_wasm_test.cpp).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { repoRoot } from './engine-module.js';

const testProgram = `${repoRoot}build/wasm/matmul_wasm_test.cjs`;

test('the WASM SIMD kernel matches a double reference on 80 shapes × 3 transposes × overwrite/accumulate', () => {
  assert.ok(existsSync(testProgram), `${testProgram} is missing: run ./build-wasm.sh build`);
  let output;
  try {
    output = execFileSync(process.execPath, [testProgram], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(`matmul_wasm_test failed: ${error.stdout}${error.stderr}`);
  }
  const result = JSON.parse(output.trim().split('\n').pop());
  assert.equal(result.error, '');
  assert.equal(result.kernel, 'gemm_wasm');
  assert.equal(result.cases, 80 * 6);
});
