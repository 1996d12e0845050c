// web/index.html preloads (<link rel="modulepreload">) the module graphs of the live strip above the
// fold and of the playground, so that they mount without waiting on a chain of imports. The list
// must match the graphs: every module the strip, the playground and the engine client import
// statically that main.js does not already load, and nothing else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

// Static imports only (dynamic import() is lazy on purpose).
function staticGraph(entries) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
      visit(path.resolve(path.dirname(file), match[1] ?? match[2]));
    }
  };
  entries.forEach(visit);
  return seen;
}

test('index.html preloads exactly the strip and playground module graphs not already loaded by main.js', () => {
  const html = readFileSync(path.join(web, 'index.html'), 'utf8');
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)]
    .map((match) => path.resolve(web, match[1])));
  const startup = staticGraph([path.join(web, 'js/main.js')]);
  const playground = staticGraph(['js/widgets/gradient-strip.js', 'js/widgets/playground.js', 'js/engine/engine-client.js']
    .map((file) => path.join(web, file)));
  const expected = new Set([...playground].filter((file) => !startup.has(file)));
  const relative = (files) => [...files].map((file) => path.relative(web, file)).sort();
  assert.deepEqual(relative(preloaded), relative(expected));
});
