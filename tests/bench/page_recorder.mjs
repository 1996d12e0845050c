// What the page benchmarks (page_figures.mjs, throttled_fps.mjs) record in every page, installed
// before the page's own scripts (context.addInitScript(installPageRecorder)): the time of every
// animation frame, and of every render of the playground's gradient-norm chart that shows data.
// The chart is found by a Chart.js plugin, registered as the classic chart.umd.js script sets
// window.Chart. Its card is the first with data-part="gradient" in the playground's charts (view.js
// builds it first; the forward-norm card, shown after a divergence, shares the part for the *_hide
// flags).
// Read them with page.evaluate(() => window.__vgRecorder); firstGradientRender is a promise of the
// first such render's time, for a CDP Runtime.evaluate with awaitPromise (page_figures.mjs).
export function installPageRecorder() {
  const recorder = { frames: [], gradientRenders: [] };
  let firstRendered;
  recorder.firstGradientRender = new Promise((resolve) => { firstRendered = resolve; });
  window.__vgRecorder = recorder;
  let chartClass;
  Object.defineProperty(window, 'Chart', {
    configurable: true,
    get: () => chartClass,
    set(value) {
      chartClass = value;
      value.register({
        id: 'vgPageRecorder',
        afterRender(chart) {
          const card = chart.canvas.closest('[data-part="gradient"]');
          if (!card || card.closest('.vg-pg-charts')?.querySelector('[data-part="gradient"]') !== card) return;
          if (!chart.data.datasets.some((dataset) => dataset.data.length > 0)) return;
          recorder.gradientRenders.push(performance.now());
          firstRendered(recorder.gradientRenders[0]);
        },
      });
    },
  });
  const countFrame = (time) => {
    recorder.frames.push(time);
    requestAnimationFrame(countFrame);
  };
  requestAnimationFrame(countFrame);
}
