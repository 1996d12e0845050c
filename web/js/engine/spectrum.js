// Singular value spectra as the Jacobian widget shows them: the core's spectrum_histogram (shared
// half-decade bins, the values under the first bin and the summary figures), turned into chart rows.

// Resolves to { bins: [{ log10Lo, below }], counts: one row per set, summaries: the core's figures
// per set }. When any set has values under the first edge (zeros, float underflow), a leading bin
// (below: true, log10Lo that edge) holds them.
export async function spectrumHistogram(engine, sets) {
  const histogram = await engine.call('spectrum_histogram', [sets]);
  const edges = Array.from(histogram.bin_edges_log10);
  const hasBelow = histogram.spectra.some((summary) => summary.below > 0);
  const bins = edges.slice(0, -1).map((log10Lo) => ({ log10Lo, below: false }));
  if (hasBelow) bins.unshift({ log10Lo: histogram.below_edge_log10, below: true });
  const counts = histogram.spectra.map((summary) => [...(hasBelow ? [summary.below] : []), ...summary.counts]);
  return { bins, counts, summaries: histogram.spectra };
}
