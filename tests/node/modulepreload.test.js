// web/index.html preloads (<link rel="modulepreload">) the module graph of the live strip above the
// fold at load, and keeps the playground's in <template id="playground-modules">, preloaded when the
// address leads to the playground or when it mounts (boot.js), so that neither waits on a chain of
// imports. The lists must match the graphs: at load every module the strip and the engine client
// import statically that main.js does not already load; in the template every module the playground
// imports statically that neither of those loads; and nothing else.
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

test('index.html preloads the strip\'s module graph at load and keeps the playground\'s for later, exactly', () => {
  const html = readFileSync(path.join(web, 'index.html'), 'utf8');
  const template = html.match(/<template id="playground-modules">([\s\S]*?)<\/template>/);
  assert.ok(template, 'no <template id="playground-modules">');
  const linksIn = (text) => new Set([...text.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)]
    .map((match) => path.resolve(web, match[1])));
  const atLoad = linksIn(html.replace(template[0], ''));
  const later = linksIn(template[1]);
  const startup = staticGraph([path.join(web, 'js/main.js')]);
  const strip = staticGraph(['js/widgets/gradient-strip.js', 'js/engine/engine-client.js'].map((file) => path.join(web, file)));
  const playground = staticGraph([path.join(web, 'js/widgets/playground.js')]);
  const expectedAtLoad = [...strip].filter((file) => !startup.has(file));
  const expectedLater = [...playground].filter((file) => !startup.has(file) && !strip.has(file));
  const relative = (files) => [...files].map((file) => path.relative(web, file)).sort();
  assert.deepEqual(relative(atLoad), relative(expectedAtLoad), 'preloaded at load');
  assert.deepEqual(relative(later), relative(expectedLater), 'in the playground\'s template');
});
