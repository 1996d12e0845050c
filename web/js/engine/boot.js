// The engine's early start: a plain (classic, parser-blocking) script that index.html loads right
// after the live strip's markup. Why not a module or an async script: Chromium runs those only once
// the parser has read the whole article (0.5-0.9 s in, measured), while a plain script runs as soon
// as it arrives (about 0.1 s). It starts the engine worker and sends it 'init' at once, so the WASM
// downloads and compiles while the page is still being parsed. engine-client.js's getEngine() adopts
// this worker (takeEarlyStart) if it asks for the same module files; otherwise it ends it.
// The workers named in the script's data-idle-workers (the article's playground trains in one of
// its own) start here too, without 'init': a worker cannot start while the page's main thread is
// busy, and the page is busiest when the widget that spawns it mounts (measured: the playground's
// worker started 0.3 s late behind its own charts). engine.spawn({ name }) adopts the idle worker
// of its name (takeIdleWorker) and sends it 'init' with the compiled module.
// The module files sit where engine-client.js's defaultUrls point, relative to this folder.
'use strict';
(function startEngineEarly() {
  if (typeof Worker !== 'function' || typeof WebAssembly !== 'object') return;  // getEngine() says why
  const here = document.currentScript?.src;
  if (!here) return;
  const url = (path) => new URL(path, here).href;
  let forceNoSimd = false;
  try {
    forceNoSimd = new URLSearchParams(location.search).get('nosimd') === '1';
  } catch {
    // an opaque location (a sandboxed frame): the default build
  }
  const simd = forceNoSimd ? false : undefined;
  const modules = {
    simd: { js: url('../../generated/vg_engine.js') },
    nosimd: { js: url('../../generated/vg_engine_nosimd.js') },
  };
  let worker;
  try {
    worker = new Worker(url('engine-worker.js'), { name: 'vg-engine' });
  } catch {
    return;  // getEngine() starts its own and reports the failure
  }
  // The worker's answer to request 0 (init), in the worker protocol's shape { ok, result | error, fatal }.
  const initReply = new Promise((resolve) => {
    const onMessage = (event) => {
      if (event.data?.id !== 0) return;
      worker.removeEventListener('message', onMessage);
      resolve(event.data);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', (event) => {
      event.preventDefault();  // reported by the client, not as an uncaught error
      resolve({ ok: false, fatal: true, error: event.message || 'the worker script failed to load' });
    }, { once: true });
  });
  worker.postMessage({ id: 0, op: 'init', simd, modules, compiled: null });
  globalThis.vgEngineEarlyStart = { worker, simd, modules, initReply };

  const idle = {};
  for (const name of (document.currentScript.dataset.idleWorkers ?? '').split(/\s+/).filter(Boolean)) {
    try {
      const idleWorker = new Worker(url('engine-worker.js'), { name });
      // Not adopted yet: a script that failed to load is dropped, and engine.spawn() starts its own.
      idleWorker.addEventListener('error', (event) => {
        if (idle[name] !== idleWorker) return;
        event.preventDefault();
        delete idle[name];
        idleWorker.terminate();
      });
      idle[name] = idleWorker;
    } catch {
      // engine.spawn() starts its own
    }
  }
  globalThis.vgEngineIdleWorkers = idle;
})();

// A widget's module graph, kept out of the load in <template id="<widget>-modules"> (index.html),
// preloaded (fetched and compiled in parallel) once: here when the address leads to the playground
// (#playground, or a hash of its fields: any key but lang), else by main.js when the widget mounts.
(function preloadOnDemand() {
  function preloadModules(widget) {
    const template = document.getElementById(`${widget}-modules`);
    if (!template) return;
    template.remove();
    document.head.append(template.content);
  }
  globalThis.vgPreloadModules = preloadModules;
  if (location.hash === '#playground' || location.hash.slice(1).split('&').some((pair) => pair.includes('=') && !pair.startsWith('lang='))) {
    preloadModules('playground');
  }
})();

