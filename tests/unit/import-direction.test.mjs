// Every import under web/js points downward through the rooms:
//   entry pages (web/js/*.js) → widgets/ → playground/, theory/, classroom/ → ui/, charts/, engine/ → state.js, i18n.js → points-codec.js
// A file may import from its own room and from any room below; never upward, and never sideways into a
// sibling room except where SIDEWAYS allows it. Static imports, re-exports, side-effect imports and
// dynamic import('…') with a literal path are all checked; a failure names the file and the import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { WEB_JS, relativeImports, relativeSpecifiers } from './js-imports.mjs';

// Rooms by level, top first. Root files are entry pages, except the bottom modules named here.
const LEVELS = [
  ['entry'],
  ['widgets'],
  ['playground', 'theory', 'classroom'],
  ['ui', 'charts', 'engine'],
  ['state.js', 'i18n.js'],
  ['points-codec.js'],
];
const BOTTOM_ROOT_FILES = new Set(LEVELS.slice(-2).flat());
// Sibling rooms one may import from: the charts write numbers with the UI kit's formatting, and the
// playground mounts the classroom's point editor and network diagram in its cards.
const SIDEWAYS = { charts: ['ui'], playground: ['classroom'] };

function roomOf(file) {
  const path = relative(WEB_JS, file).split(sep).join('/');
  if (!path.includes('/')) return BOTTOM_ROOT_FILES.has(path) ? path : 'entry';
  return path.split('/')[0];
}

function levelOf(room) {
  return LEVELS.findIndex((rooms) => rooms.includes(room));
}

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return path.endsWith('.js') ? [path] : [];
  });
}

// [{ file, specifier, target }] for every relative import that lands inside web/js.
function importsOf(file) {
  return relativeImports(file).filter(({ target }) => target.startsWith(WEB_JS + sep)).map((found) => ({ file, ...found }));
}

const name = (path) => relative(WEB_JS, path).split(sep).join('/');

function violation({ file, specifier, target }) {
  const from = roomOf(file);
  const to = roomOf(target);
  if (from === to) return null;
  const fromLevel = levelOf(from);
  const toLevel = levelOf(to);
  if (fromLevel < 0) return `${name(file)}: the room "${from}" is not in the import order`;
  if (toLevel < 0) return `${name(file)}: imports '${specifier}' from "${to}", a room not in the import order`;
  if (toLevel < fromLevel) return `${name(file)}: imports '${specifier}' upward (${from} → ${to})`;
  if (toLevel === fromLevel && !(SIDEWAYS[from] ?? []).includes(to)) {
    return `${name(file)}: imports '${specifier}' sideways (${from} → ${to})`;
  }
  return null;
}

test('every import under web/js resolves to a file and points downward through the rooms', () => {
  const files = jsFiles(WEB_JS);
  assert.ok(files.length > 50, `expected the page's modules under ${WEB_JS}`);
  const problems = [];
  for (const file of files) {
    for (const entry of importsOf(file)) {
      if (!existsSync(entry.target)) problems.push(`${name(file)}: imports '${entry.specifier}', which does not exist`);
      const problem = violation(entry);
      if (problem) problems.push(problem);
    }
  }
  assert.deepEqual(problems, []);
});

test('the checker sees static, side-effect, re-export and dynamic imports, and judges each direction', () => {
  const at = (path) => join(WEB_JS, path);
  const check = (from, to) => violation({ file: at(from), specifier: `./${to}`, target: at(to) });
  assert.match(check('theory/ab-editor.js', 'widgets/controls.js'), /upward \(theory → widgets\)/);
  assert.match(check('playground/prediction.js', 'theory/mean-field.js'), /sideways \(playground → theory\)/);
  assert.match(check('classroom/draw-toolbar.js', 'playground/strings.js'), /sideways \(classroom → playground\)/);
  assert.equal(check('playground/boundary-draw.js', 'classroom/point-editor.js'), null);
  assert.match(check('ui/controls.js', 'charts/palette.js'), /sideways \(ui → charts\)/);
  assert.match(check('state.js', 'ui/format.js'), /upward/);
  assert.equal(check('charts/chartjs.js', 'ui/format.js'), null);
  assert.equal(check('main.js', 'widgets/registry.js'), null);
  assert.equal(check('widgets/ab.js', 'engine/metrics.js'), null);
  const source = [
    "import { a } from './one.js';",
    "import './two.js';",
    "export { b } from './three.js';",
    "const c = () => import('./four.js');",
    "// import { d } from './commented.js';",
    "const url = 'https://example.org/x.js';",
  ].join('\n');
  assert.deepEqual(relativeSpecifiers(source), ['./one.js', './two.js', './three.js', './four.js']);
});
