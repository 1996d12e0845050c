// Run telemetry in the CLI's formats (src/cli/telemetry_log.cpp): JSON "vg-telemetry" version 1
// (header, result, every record with per-layer arrays and histograms) and CSV (one row per record and
// layer, histograms left out). The page keeps a bounded, decimated log (history.js RecordLog), so
// the export spans the whole run at the resolution the log kept.

// The snapshot carries the core's telemetry arrays in the core's order (engine-worker.js), which is
// also the CLI's column order; the two histograms are written as rows of bins, the rest per layer.
const HISTOGRAMS = new Set(['act_hist', 'grad_hist']);
const layerArrayNames = (snapshot) => Object.keys(snapshot.telemetry).filter((name) => !HISTOGRAMS.has(name));

// JSON has no NaN or infinity: like the CLI, a non-finite value is written as null.
function jsonNumber(value) {
  return Number.isFinite(value) ? value : null;
}

function jsonNumbers(array) {
  return Array.from(array, jsonNumber);
}

function histogramRows(counts, numLayers, bins) {
  const rows = [];
  for (let layer = 0; layer < numLayers; layer += 1) rows.push(jsonNumbers(counts.subarray(layer * bins, (layer + 1) * bins)));
  return rows;
}

export function resultJson(stats) {
  return {
    status: stats.status === 'diverged' ? 'diverged' : 'completed',
    steps: stats.step,
    loss: jsonNumber(stats.loss),
    train_accuracy: jsonNumber(stats.train_accuracy),
    test_accuracy: jsonNumber(stats.test_accuracy),
    test_loss: jsonNumber(stats.test_loss),
    diverged_step: stats.diverged_step,
    diverged_layer: stats.diverged_layer,
    message: stats.message,
  };
}

// log: history.js RecordLog; finalSnapshot: the latest snapshot (for the result), may be null.
export function telemetryJson(config, log, finalSnapshot) {
  const header = finalSnapshot ?? (log.length ? log.record(log.length - 1) : null);
  const records = [];
  for (let i = 0; i < log.length; i += 1) records.push(log.record(i));
  return {
    format: 'vg-telemetry',
    version: 1,
    precision: 'float',
    config,
    num_layers: header ? header.numLayers : 0,
    hist_bins: header ? header.histBins : 0,
    hist_ranges: header ? { ...header.histRanges } : {},
    result: header ? resultJson(header.stats) : null,
    records: records.map((snapshot) => {
      const layers = {};
      for (const [name, values] of Object.entries(snapshot.telemetry)) {
        layers[name] = HISTOGRAMS.has(name) ? histogramRows(values, snapshot.numLayers, snapshot.histBins) : jsonNumbers(values);
      }
      const { stats } = snapshot;
      return {
        step: stats.step,
        loss: jsonNumber(stats.loss),
        train_accuracy: jsonNumber(stats.train_accuracy),
        test_accuracy: jsonNumber(stats.test_accuracy),
        test_loss: jsonNumber(stats.test_loss),
        layers,
      };
    }),
  };
}

// CSV cells as the CLI writes them: shortest round-trip form, nan/inf spelled out.
function cell(value) {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

export function telemetryCsv(log) {
  const names = log.length > 0 ? layerArrayNames(log.record(0)) : [];
  const lines = [`step,layer,loss,train_accuracy,test_accuracy,test_loss${names.map((name) => `,${name}`).join('')}`];
  for (let i = 0; i < log.length; i += 1) {
    const snapshot = log.record(i);
    const { stats } = snapshot;
    const shared = `,${cell(stats.loss)},${cell(stats.train_accuracy)},${cell(stats.test_accuracy)},${cell(stats.test_loss)}`;
    for (let layer = 0; layer < snapshot.numLayers; layer += 1) {
      const values = names.map((name) => cell(snapshot.telemetry[name][layer]));
      lines.push(`${stats.step},${layer}${shared},${values.join(',')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
