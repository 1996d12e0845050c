// The README's generated blocks (the benchmark's, the phone figures'): each sits between a begin and
// an end marker and is rewritten whole by the script that measured it, with the commit it measured.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { repoDir } from './harness.mjs';

// What a benchmark run writes itself: its own edits are not "uncommitted changes" of the code measured
// (the phone stage runs after report.mjs has rewritten them).
const kBenchOutputs = ['README.md', 'tests/bench/results.json'];

// The commit the figures describe, and whether the tree had uncommitted changes to tracked files.
export function commitOf() {
  const git = (...args) => execFileSync('git', ['-C', repoDir, ...args], { encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--untracked-files=no', '--', '.', ...kBenchOutputs.map((file) => `:!${file}`));
    return { commit: git('rev-parse', 'HEAD'), uncommitted_changes: changed !== '' };
  } catch {
    return { commit: null, uncommitted_changes: null };
  }
}

export function commitText({ commit, uncommitted_changes: uncommitted }) {
  return commit ? `commit ${commit.slice(0, 12)}${uncommitted ? ' with uncommitted changes' : ''}` : 'commit unknown';
}

// Replaces the text from `begin` to `end` (both markers included) with `block`, which carries them.
export function replaceReadmeBlock(file, begin, end, block) {
  const text = fs.readFileSync(file, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${begin} ... ${end} block`);
  fs.writeFileSync(file, text.slice(0, from) + block + text.slice(to + end.length));
}
