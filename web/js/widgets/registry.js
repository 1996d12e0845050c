// Every widget the page can mount, by the name used in data-widget="…" (and embed.html#widget=…):
// a lazy import of its file, the name of its factory export, and chartJs: true where the widget draws
// with Chart.js (a page loads Chart.js only for those; tests/unit/registry.test.mjs checks the flags
// against each widget's imports). Factories have the shape
// createX(container, options) -> { update(options), destroy(), pause(), resume(), ready()? } (ready:
// optional, settles once the widget's first frame is drawn; the page waits for it before mounting
// the widgets near the screen);
// options.engine is the started engine client (see ../engine/engine-client.js), or a promise of it
// for a widget marked headline (it builds its view while the engine starts: the playground's charts
// take about as long as the WASM compile; and on screen it mounts first, the article's other
// widgets on screen waiting for its ready()). ownEngine names an engine of the widget's own (a
// second worker and WASM heap, for runs that must not share the page's queue or memory): the article
// spawns it as soon as the page's engine is up, so that its worker loads while the widget's modules
// load and its view is built, and passes options.ownEngine, a promise of it (null if the spawn
// failed); other pages (an embed, a widget's own page) pass none, and the widget uses the page's.
export const WIDGETS = {
  'gradient-strip': { load: () => import('./gradient-strip.js'), factory: 'createGradientStrip' },
  'neuron-graph': { load: () => import('./neuron-graph.js'), factory: 'createNeuronGraph' },
  descent: { load: () => import('./descent.js'), factory: 'createDescent' },
  chain: { load: () => import('./chain.js'), factory: 'createChain', chartJs: true },
  activation: { load: () => import('./activation.js'), factory: 'createActivation', chartJs: true },
  'linear-net': { load: () => import('./linear-net.js'), factory: 'createLinearNet', chartJs: true },
  playground: { load: () => import('./playground.js'), factory: 'createPlayground', chartJs: true, headline: true,
    ownEngine: 'vg-engine-playground' },
  summary: { load: () => import('./summary.js'), factory: 'createSummary', chartJs: true },
  'phase-diagram': { load: () => import('./phase-diagram.js'), factory: 'createPhaseDiagram', chartJs: true },
  jacobian: { load: () => import('./jacobian.js'), factory: 'createJacobian', chartJs: true },
  ab: { load: () => import('./ab.js'), factory: 'createAb', chartJs: true },
  sweep: { load: () => import('./sweep.js'), factory: 'createSweep', chartJs: true },
  presets: { load: () => import('./presets.js'), factory: 'createPresets' },
  // Classroom tools (issue 12).
  'backprop-steps': { load: () => import('./backprop-steps.js'), factory: 'createBackpropSteps' },
  predict: { load: () => import('./predict.js'), factory: 'createPredict' },
  network: { load: () => import('./network.js'), factory: 'createNetwork' },
  'draw-data': { load: () => import('./draw-data.js'), factory: 'createDrawData' },
};

// The factory for `name`, or an Error naming what is missing (unknown name, failed import, or a
// file without the expected export).
export async function loadWidgetFactory(name) {
  if (!Object.hasOwn(WIDGETS, name)) throw new Error(`unknown widget "${name}"`);
  const entry = WIDGETS[name];
  const module = await entry.load();
  const factory = module[entry.factory];
  if (typeof factory !== 'function') throw new Error(`widget "${name}" has no export ${entry.factory}`);
  return factory;
}

// Whether the widget `name` is a headline: takes options.engine as a promise, mounts first (false
// for an unknown name).
export function isHeadline(name) {
  return Object.hasOwn(WIDGETS, name) && WIDGETS[name].headline === true;
}

// The name of the engine of its own the widget `name` trains in (null if none, or an unknown name).
export function ownEngineName(name) {
  return (Object.hasOwn(WIDGETS, name) && WIDGETS[name].ownEngine) || null;
}

// Whether the widget `name` draws with Chart.js (false for an unknown name).
export function usesChartJs(name) {
  return Object.hasOwn(WIDGETS, name) && WIDGETS[name].chartJs === true;
}
