// Adds (or replaces) one key of results.json and keeps the rest of the file as it is, so the stages
// that run on their own (lighthouse.mjs, throttled_fps.mjs) do not erase report.mjs's figures.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

export async function mergeIntoResults(file, key, value) {
  const existing = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
  existing[key] = value;
  await writeFile(file, `${JSON.stringify(existing, null, 2)}\n`);
}
