// Bounded histories for the charts. Nothing here grows with the length of a run.

// Scalar series over steps (loss, accuracies): at most `capacity` points. When full, every other
// point is dropped and only every `stride`-th later point is kept, so the whole run stays visible at
// a coarser resolution (the chart's x axis is the step number, so uneven spacing draws correctly).
export class DecimatedSeries {
  constructor(fields, capacity = 2000) {
    this.fields = fields;
    this.capacity = capacity;
    this.columns = Object.fromEntries(fields.map((field) => [field, new Float64Array(capacity)]));
    this.length = 0;
    this.stride = 1;
    this.offered = 0;
  }

  clear() {
    this.length = 0;
    this.stride = 1;
    this.offered = 0;
  }

  push(row) {
    this.offered += 1;
    if ((this.offered - 1) % this.stride !== 0) return;
    if (this.length === this.capacity) this.halve();
    for (const field of this.fields) this.columns[field][this.length] = row[field];
    this.length += 1;
  }

  // Keeps even-indexed points; the newest survives as the last point of the run so far.
  halve() {
    const kept = Math.ceil(this.length / 2);
    for (const field of this.fields) {
      const column = this.columns[field];
      for (let i = 0; i < kept; i += 1) column[i] = column[2 * i];
    }
    this.length = kept;
    this.stride *= 2;
  }

  get(field, index) {
    return this.columns[field][index];
  }
}

// Fixed-size ring of equal-length columns (the layer x step heatmap): column i holds one value per
// layer. Pushing overwrites the oldest column once full.
export class ColumnRing {
  constructor(capacity, rows) {
    this.capacity = capacity;
    this.reshape(rows);
  }

  reshape(rows) {
    this.rows = rows;
    this.values = new Float32Array(this.capacity * rows);
    this.steps = new Float64Array(this.capacity);
    this.head = 0;     // where the next column goes
    this.length = 0;
  }

  push(step, column) {
    this.values.set(column.subarray(0, this.rows), this.head * this.rows);
    this.steps[this.head] = step;
    this.head = (this.head + 1) % this.capacity;
    this.length = Math.min(this.length + 1, this.capacity);
  }

  // Physical slot of the i-th column in age order (0 = oldest).
  slot(i) {
    return (this.head - this.length + i + this.capacity) % this.capacity;
  }

  value(i, row) {
    return this.values[this.slot(i) * this.rows + row];
  }

  step(i) {
    return this.steps[this.slot(i)];
  }
}

// Full per-layer telemetry records for export (the CLI's JSON/CSV format) in one preallocated
// Float32Array sized by a budget of stored numbers (deep networks keep fewer records), so memory is
// flat once a run starts. Like DecimatedSeries, a full log keeps every other record (compacted in
// place) and from then on every stride-th new one, so the export always spans the whole run.
export class RecordLog {
  constructor(numberBudget = 1_000_000, minRecords = 8, maxRecords = 1000) {
    this.numberBudget = numberBudget;
    this.minRecords = minRecords;
    this.maxRecords = maxRecords;
    this.store = null;
    this.clear();
  }

  clear() {
    this.stats = [];       // per kept record: its StepStats
    this.layout = null;    // [{ name, offset, length }] of one record's arrays
    this.perRecord = 0;
    this.header = null;    // { numLayers, histBins, histRanges } of the run
    this.stride = 1;
    this.offered = 0;
  }

  get length() {
    return this.stats.length;
  }

  #allocate(snapshot) {
    let offset = 0;
    this.layout = Object.entries(snapshot.telemetry).map(([name, array]) => {
      const entry = { name, offset, length: array.length };
      offset += array.length;
      return entry;
    });
    this.perRecord = Math.max(1, offset);
    this.capacity = Math.max(this.minRecords, Math.min(this.maxRecords, Math.floor(this.numberBudget / this.perRecord)));
    const needed = this.capacity * this.perRecord;
    if (!this.store || this.store.length !== needed) this.store = new Float32Array(needed);
    this.header = { numLayers: snapshot.numLayers, histBins: snapshot.histBins, histRanges: { ...snapshot.histRanges } };
  }

  push(snapshot) {
    if (this.offered === 0) this.#allocate(snapshot);
    this.offered += 1;
    if ((this.offered - 1) % this.stride !== 0) return;
    if (this.stats.length >= this.capacity) this.#halve();
    const base = this.stats.length * this.perRecord;
    for (const { name, offset, length } of this.layout) {
      this.store.set(snapshot.telemetry[name].subarray(0, length), base + offset);
    }
    this.stats.push({ ...snapshot.stats });
  }

  #halve() {
    const kept = Math.ceil(this.stats.length / 2);
    for (let i = 1; i < kept; i += 1) {
      this.store.copyWithin(i * this.perRecord, 2 * i * this.perRecord, (2 * i + 1) * this.perRecord);
    }
    this.stats = this.stats.filter((entry, index) => index % 2 === 0);
    this.stride *= 2;
  }

  // Record i as a snapshot-shaped object whose telemetry arrays are views into the store (read them
  // before the next push).
  record(i) {
    const base = i * this.perRecord;
    const telemetry = {};
    for (const { name, offset, length } of this.layout) telemetry[name] = this.store.subarray(base + offset, base + offset + length);
    return { stats: this.stats[i], telemetry, ...this.header };
  }
}
