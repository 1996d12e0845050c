// A static host as readers meet it, for the Lighthouse stage (lighthouse.mjs): serves a folder
// (dist/) on 127.0.0.1 only, gzips text and WASM when the browser accepts it (level 9, once per file)
// and sends long cache headers on everything but the HTML pages, which hosts revalidate.
//   node tests/bench/static_server.mjs [DIR] [--port N]    serves DIR (default dist/) until Ctrl-C
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_ROOT = join(REPO_ROOT, 'dist');

const kTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
// woff2 and png are compressed already.
const kCompressed = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm', '.txt']);
const kLongCache = 'public, max-age=31536000, immutable';
const kPageCache = 'public, max-age=0, must-revalidate';

function requestPath(url) {
  try {
    const pathname = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
    return pathname.includes('\0') ? null : pathname;
  } catch {
    return null;
  }
}

// Returns { url(path), close() }.
export async function startStaticServer({ root = DIST_ROOT, port = 0 } = {}) {
  const rootDir = resolve(root);
  const gzipped = new Map();  // path -> { mtimeMs, body }
  const server = createServer(async (request, response) => {
    const pathname = requestPath(request.url);
    let file = pathname === null ? null : normalize(join(rootDir, pathname));
    if (file === null || (file !== rootDir && !file.startsWith(rootDir + sep))) {
      response.writeHead(400).end('bad path');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const info = await stat(file);
      const ext = extname(file).toLowerCase();
      const headers = {
        'Content-Type': kTypes[ext] ?? 'application/octet-stream',
        'Cache-Control': ext === '.html' ? kPageCache : kLongCache,
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      let body;
      if (kCompressed.has(ext) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        let cached = gzipped.get(file);
        if (!cached || cached.mtimeMs !== info.mtimeMs) {
          cached = { mtimeMs: info.mtimeMs, body: gzipSync(await readFile(file), { level: 9 }) };
          gzipped.set(file, cached);
        }
        body = cached.body;
        headers['Content-Encoding'] = 'gzip';
      } else {
        body = await readFile(file);
      }
      headers['Content-Length'] = body.length;
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path = '/') => origin + (path.startsWith('/') ? path : `/${path}`),
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(done);
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args.splice(portIndex, 2)[1]) : 8080;
  const root = args[0] ? resolve(args[0]) : DIST_ROOT;
  const server = await startStaticServer({ root, port });
  console.log(`serving ${root} at ${server.url('/')} (gzip, long cache headers; Ctrl-C stops)`);
}
