// The mutation check: applies each mutant of mutants.mjs, one at a time, to a copy of the core and
// its Catch2 tests under build/mutation/, rebuilds the native test binary there and runs the tests
// that own the behaviour. A mutant is caught when they fail. Prints caught/total and exits non-zero
// unless every mutant is caught (or the unmutated copy fails, or a mutant no longer applies).
//
//   node tests/mutation/run.mjs [--only TEXT]   (./build-wasm.sh mutation runs it)
//
// The working tree is never edited: only the copy is, and each file is restored before the next
// mutant. Files are written only when their content differs, so make recompiles what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { MUTANTS } from './mutants.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const COPY_ROOT = path.join(REPO, 'build/mutation');
const SOURCE_COPY = path.join(COPY_ROOT, 'source');
const BUILD_DIR = path.join(COPY_ROOT, 'native');
const COPIED = ['src/core', 'src/cli', 'src/data'];
// Only the Catch2 files whose tests the mutants run (CMakeLists.txt globs tests/core/*.cpp): the
// copy compiles and links less, and the CLI is not rebuilt for it (the copy's CMakeLists.txt drops
// the tests' dependency on vg-cli, which only test_cli.cpp needs).
// random_parameters.h: a helper those tests include.
const TEST_FILES = ['main.cpp', 'test_block_gradcheck.cpp', 'test_gradcheck.cpp', 'test_inference.cpp', 'test_loss.cpp',
  'test_network.cpp', 'test_optimizer.cpp', 'test_trainer.cpp', 'random_parameters.h'].map((file) => `tests/core/${file}`);
const JOBS = '2';  // the build machines have 2 cores, often shared
const TEST_TIMEOUT_MS = 10 * 60 * 1000;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, status: result.status };
}

// Writes `text` to `file` unless it already holds exactly that (so its mtime moves only on change).
function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(text))) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function syncTree(relative) {
  const from = path.join(REPO, relative);
  if (statSync(from).isDirectory()) {
    for (const entry of readdirSync(from)) syncTree(path.join(relative, entry));
  } else {
    writeIfChanged(path.join(SOURCE_COPY, relative), readFileSync(from));
  }
}

function build() {
  if (!existsSync(path.join(BUILD_DIR, 'CMakeCache.txt'))) {
    const configured = run('cmake', ['-S', SOURCE_COPY, '-B', BUILD_DIR, '-DCMAKE_BUILD_TYPE=Release']);
    if (!configured.ok) return configured;
  }
  return run('cmake', ['--build', BUILD_DIR, '-j', JOBS, '--target', 'vg-tests']);
}

function runTests(spec) {
  return run(path.join(BUILD_DIR, 'vg-tests'), [spec], { timeout: TEST_TIMEOUT_MS });
}

function occurrences(text, part) {
  return text.split(part).length - 1;
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

function main() {
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : null;
  const mutants = MUTANTS.filter((mutant) => !only || mutant.name.includes(only));
  if (mutants.length === 0) {
    console.error(`no mutant's name contains '${only}'`);
    return 2;
  }

  // Every mutant must still apply to the sources as they are: a stale one would be "caught" by a
  // compile error or test nothing at all.
  for (const mutant of mutants) {
    const count = occurrences(readFileSync(path.join(REPO, mutant.file), 'utf8'), mutant.find);
    if (count !== 1) {
      console.error(`mutant '${mutant.name}': its text occurs ${count} times in ${mutant.file} (must be once)`);
      return 2;
    }
  }

  const start = Date.now();
  console.log(`copying the core and its tests to ${SOURCE_COPY}`);
  for (const relative of [...COPIED, ...TEST_FILES]) syncTree(relative);
  const testCopies = path.join(SOURCE_COPY, 'tests/core');
  for (const file of readdirSync(testCopies)) {
    if (!TEST_FILES.includes(`tests/core/${file}`)) rmSync(path.join(testCopies, file));
  }
  const cmakeLists = readFileSync(path.join(REPO, 'CMakeLists.txt'), 'utf8');
  writeIfChanged(path.join(SOURCE_COPY, 'CMakeLists.txt'), cmakeLists.replace('add_dependencies(vg-tests vg-cli)', ''));
  console.log('building the unmutated copy (vg-tests)');
  const baseline = build();
  if (!baseline.ok) {
    console.error(baseline.output);
    console.error('the unmutated copy does not build');
    return 2;
  }
  const specs = [...new Set(mutants.map((mutant) => mutant.tests))];
  for (const spec of specs) {
    const result = runTests(spec);
    if (!result.ok) {
      console.error(result.output);
      console.error(`the unmutated copy fails ${spec}: fix the suite before judging mutants`);
      return 2;
    }
  }
  console.log(`baseline built and passing (${specs.join(' ')}) in ${seconds(start)}\n`);

  let caught = 0;
  const escaped = [];
  for (const [index, mutant] of mutants.entries()) {
    const began = Date.now();
    const file = path.join(SOURCE_COPY, mutant.file);
    const original = readFileSync(path.join(REPO, mutant.file), 'utf8');
    writeIfChanged(file, original.replace(mutant.find, mutant.replace));
    const built = build();
    let verdict;
    if (!built.ok) {
      verdict = 'DID NOT COMPILE';
      escaped.push(`${mutant.name} (did not compile:\n${built.output.split('\n').filter((l) => /error/.test(l)).slice(0, 5).join('\n')})`);
    } else {
      const result = runTests(mutant.tests);
      if (!result.ok) {
        caught += 1;
        const failed = (result.output.match(/test cases:.*$/m) ?? ['tests failed'])[0];
        verdict = `caught   (${failed.trim()})`;
      } else {
        verdict = 'ESCAPED';
        escaped.push(mutant.name);
      }
    }
    writeIfChanged(file, original);
    console.log(`[${index + 1}/${mutants.length}] ${verdict.padEnd(60)} ${mutant.name}  ${mutant.tests}  ${seconds(began)}`);
  }

  console.log(`\nmutation check: ${caught}/${mutants.length} mutants caught in ${seconds(start)}`);
  if (escaped.length > 0) {
    console.log(`not caught:\n  ${escaped.join('\n  ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
