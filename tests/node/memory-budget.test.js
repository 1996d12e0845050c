// The module's memory budget and argument checks (issue 14): configs the validator accepts never abort
// the module. Each case here aborted (or wrapped, or hung) before the budget: configure-after-configure
// built the new run before freeing the old one, a second run next to a live one and a 500 MB probe
// overran the 256 MiB heap, step(n) wrapped n to 32 bits, and configure() echoed a 1 MB value.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { configuredTrainer, loadEngine } from './engine-module.js';

// Memory-heavy but cheap to compute: batch norm on Maxout's 8 pieces of 3 units keeps 24 values per
// unit and example in each of 1000 layers (over 100 MiB), yet each layer is a 24 x 3 matrix product.
const HEAVY = {
  dataset: 'xor', num_samples: 40, depth: 1000, width: 3, activation: 'maxout', maxout_pieces: 8, batch_norm: true,
  batch_size: 1024, init: 'xavier_normal', optimizer: 'adam',
};

describe('memory budget', () => {
  let engine;
  let aborted = null;
  before(async () => {
    engine = await loadEngine('simd', { onAbort: (what) => { aborted = String(what); } });
  });

  test('configure after configure frees the old run first: two runs that only fit one at a time', () => {
    // About 163 and 169 MiB: together over the 256 MiB heap.
    const heavy = configuredTrainer(engine, { ...HEAVY, width: 4 });
    const heapAfterFirst = engine.HEAPU8.length;
    assert.equal(heavy.configure({ ...HEAVY, width: 4, depth: 950, residual_every: 1 }), '');
    assert.equal(heavy.step(2), 2);
    assert.equal(heavy.stats().status, 'running');
    assert.ok(engine.HEAPU8.length <= heapAfterFirst * 1.5, 'the second run reused the first run\'s memory');
    heavy.delete();
    assert.equal(aborted, null);
  });

  test('a second run that does not fit next to a live one is refused with a message; both stay usable', () => {
    const first = configuredTrainer(engine, HEAVY);
    const second = new engine.Trainer();
    const message = second.configure(HEAVY);
    assert.match(message, /needs about \d+ MiB but only \d+ MiB of the engine's memory are free now: lower depth, width or batch_size/);
    const profile = engine.gradient_profile_at_init(HEAVY, 0);
    assert.match(profile.error, /gradient_profile_at_init .* needs about \d+ MiB/);
    assert.equal(profile.measured.length, 0);
    assert.equal(first.step(1), 1);
    // After a refusal the refused trainer still takes a config that fits.
    assert.equal(second.configure({ depth: 3, width: 8 }), '');
    assert.equal(second.step(3), 3);
    first.delete();
    second.delete();
    assert.equal(aborted, null);
  });

  test('the largest run the validator accepts trains in an engine of its own (issue 9)', async () => {
    // Adam's deepest at width 256, batch 1024 (the estimate nearest the 192 MiB budget of the three
    // optimizer kinds' deepest runs), with the budget's margin and reserve, in a fresh module.
    const largest = { depth: 57, width: 256, batch_size: 1024, optimizer: 'adam', activation: 'relu', init: 'he_normal' };
    assert.equal(engine.validate_config(largest), '');
    assert.match(engine.validate_config({ ...largest, depth: 58 }), /the deepest that fits is depth 57\)/);
    let freshAborted = null;
    const fresh = await loadEngine('simd', { onAbort: (what) => { freshAborted = String(what); } });
    const trainer = configuredTrainer(fresh, largest);
    assert.equal(trainer.gradient_profile_at_init(0).measured.length, 57);
    assert.equal(trainer.step(1), 1);
    assert.equal(trainer.stats().status, 'running');
    trainer.delete();
    assert.equal(freshAborted, null);
  });

  test('linear_net_probe at its range limits is refused when it does not fit, computed when it does', () => {
    assert.throws(() => engine.linear_net_probe(2, 1000, 256),
      (error) => error instanceof RangeError && /linear_net_probe\(depth = 1000, width = 256\) needs about \d+ MiB.*lower depth or width/.test(error.message));
    assert.equal(engine.linear_net_probe(2, 1000, 64).length, 2 * 1001);
    assert.equal(aborted, null);
  });

  test('step(n) takes integers of at most 1e6: no 32-bit wrap, no endless run', () => {
    const trainer = configuredTrainer(engine, { depth: 2, width: 4, dataset: 'xor' });
    for (const n of [2 ** 32 + 3, 1e10, 1000001, 1.5, NaN, Infinity, -Infinity]) {
      assert.throws(() => trainer.step(n), (error) => error instanceof RangeError &&
        /step\(n\): n = .* must be an integer of at most 1000000 per call/.test(error.message), `step(${n})`);
    }
    assert.equal(trainer.stats().step, 0);
    assert.equal(trainer.step(-1), 0);
    assert.equal(trainer.step(3), 3);
    trainer.delete();
  });

  test('configure() quotes an excerpt of an oversized value or name, not the whole of it', () => {
    const trainer = new engine.Trainer();
    const huge = `\u001b[2J${'x'.repeat(1 << 20)}`;
    for (const config of [{ activation: huge }, { [huge]: 1 }]) {
      const message = trainer.configure(config);
      assert.ok(message.length < 200, `${message.length} characters`);
      assert.doesNotMatch(message, /\u001b/);
      assert.match(message, /\\x1b\[2Jxxx/);
      assert.equal(engine.validate_config(config), message);
    }
    trainer.delete();
  });
});
