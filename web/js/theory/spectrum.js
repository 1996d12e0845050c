// Presentation of a set of singular values from the core: counts per half-decade bin (with one bin
// for everything below the range, where the exactly-zero and float-underflow values land) and the
// summary figures the Jacobian widget prints.
const LOG_LO = -12;       // lowest bin edge, log10
const LOG_HI = 2;         // highest bin edge, log10
const BIN_WIDTH = 0.5;    // decades per bin

// Histograms of several value sets on the same bins. Returns { bins: [{lo, hi, underflow}], counts }.
export function logHistogram(sets) {
  const bins = [{ lo: -Infinity, hi: LOG_LO, underflow: true }];
  for (let lo = LOG_LO; lo < LOG_HI; lo += BIN_WIDTH) bins.push({ lo, hi: lo + BIN_WIDTH, underflow: false });
  const counts = sets.map((values) => {
    const row = new Array(bins.length).fill(0);
    for (const value of values) {
      const log = value > 0 ? Math.log10(value) : -Infinity;
      const index = log < LOG_LO ? 0 : Math.min(bins.length - 1, 1 + Math.floor((log - LOG_LO) / BIN_WIDTH));
      row[index] += 1;
    }
    return row;
  });
  // Drop empty bins at both ends so the bars use the chart's width.
  const used = bins.map((_, index) => counts.some((row) => row[index] > 0));
  const first = Math.max(0, used.indexOf(true) - 1);
  const last = Math.min(bins.length - 1, used.lastIndexOf(true) + 1);
  return { bins: bins.slice(first, last + 1), counts: counts.map((row) => row.slice(first, last + 1)) };
}

// { mean, max, min, log10Spread }: the core returns the values sorted descending; the spread is the
// standard deviation of log10 over the positive values (in decades).
export function spectrumSummary(values) {
  let sum = 0;
  let logSum = 0;
  let logSquares = 0;
  let positive = 0;
  for (const value of values) {
    sum += value;
    if (value > 0) {
      const log = Math.log10(value);
      logSum += log;
      logSquares += log * log;
      positive += 1;
    }
  }
  const logMean = positive ? logSum / positive : 0;
  return {
    mean: values.length ? sum / values.length : NaN,
    max: values[0],
    min: values[values.length - 1],
    log10Spread: positive ? Math.sqrt(Math.max(0, logSquares / positive - logMean * logMean)) : NaN,
  };
}
