// The relative imports of a web/js module, read from its text: static imports, re-exports,
// side-effect imports and dynamic import('…') with a literal path. Shared by the unit tests that
// walk the module graph (import-direction, registry).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_JS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'js');

// Comments removed (a line comment starts the line or follows white space, so URLs in strings stay).
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

// Every import specifier in `source` that starts with '.', in order.
export function relativeSpecifiers(source) {
  return [...withoutComments(source).matchAll(IMPORT_PATTERN)]
    .map((match) => match[2])
    .filter((specifier) => specifier.startsWith('.'));
}

// [{ specifier, target }] for every relative import of `file`, target an absolute path.
export function relativeImports(file) {
  return relativeSpecifiers(readFileSync(file, 'utf8'))
    .map((specifier) => ({ specifier, target: resolve(dirname(file), specifier) }));
}
