// The page's tables are the core's: web/generated/schema.js (which web/js/state.js builds PROPS
// from) is exactly what the core's config_schema() says, natively (vg-cli --schema-json) and in the
// WASM module; PROPS differs from it only by the page's declared PAGE_OVERRIDES, each bound of which
// the core's validator draws where PROPS says; and the page's telemetry export
// (web/js/playground/export.js) writes what the CLI writes (src/cli/telemetry_log.cpp): the same CSV
// header and rows, the same JSON keys at every level, the same numbers up to float rounding.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCHEMA } from '../../web/generated/schema.js';
import {
  PROPS, ENUM_CHOICES, FIXED_ENGINE_FIELDS, HIDEABLE_PARTS, PAGE_OVERRIDES, defaultState, engineConfig, propOf,
} from '../../web/js/state.js';
import { RecordLog } from '../../web/js/playground/history.js';
import { telemetryCsv, telemetryJson } from '../../web/js/playground/export.js';
import { TELEMETRY_HISTOGRAMS, TELEMETRY_PER_LAYER, configuredTrainer, loadEngine, repoRoot } from './engine-module.js';

const CLI = path.join(repoRoot, 'build/native/vg-cli');
const enginePropsOf = () => PROPS.filter((prop) => prop.engine);

let engine;
let workDir;
before(async () => {
  engine = await loadEngine('simd');
  workDir = mkdtempSync(path.join(tmpdir(), 'vg-schema-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

test('web/generated/schema.js is the core\'s schema, natively and in the WASM module', () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run ./build-wasm.sh build first`);
  assert.deepEqual(SCHEMA, JSON.parse(execFileSync(CLI, ['--schema-json'], { encoding: 'utf8' })));
  assert.deepEqual(SCHEMA, engine.config_schema());
  // Every field is described, and each enum's names are the ones the module parses.
  const fields = SCHEMA.fields.map((field) => field.name);
  assert.deepEqual(fields.filter((name) => name !== 'points'), engine.config_fields());
  for (const field of SCHEMA.fields) {
    assert.ok(field.description.length > 5, `${field.name} has a description`);
    if (field.type === 'enum') assert.deepEqual(field.choices, engine.enum_names(field.name));
  }
  assert.deepEqual(Object.fromEntries(SCHEMA.fields.filter((field) => field.type !== 'points').map((field) => [field.name, field.default])),
    engine.config_defaults());
});

test('the core names its telemetry arrays in the CLI column order, the histograms last, each with its meaning', () => {
  assert.deepEqual(engine.telemetry_arrays(), [
    ...TELEMETRY_PER_LAYER.map((name) => ({ name, histogram: false })),
    ...TELEMETRY_HISTOGRAMS.map((name) => ({ name, histogram: true })),
  ]);
  assert.deepEqual(SCHEMA.telemetry.map(({ name, shape }) => ({ name, histogram: shape !== 'layer' })), engine.telemetry_arrays());
  for (const array of SCHEMA.telemetry) assert.ok(array.meaning.length > 10, `${array.name} has a meaning`);
});

// PROPS' view of a schema field, before the page's overrides.
function asProp(field) {
  const row = { name: field.name, default: field.default, choices: field.choices };
  if (field.type === 'int' || field.type === 'real') {
    Object.assign(row, { min: field.min, max: field.max ?? Infinity, minOpen: field.min_open, maxOpen: field.max_open });
  }
  return row;
}

test('PROPS is the schema plus the page overrides and the UI-only rows, nothing else', () => {
  const differences = {};
  for (const field of SCHEMA.fields) {
    if (field.name in FIXED_ENGINE_FIELDS) {
      assert.equal(propOf(field.name), undefined, `${field.name} is fixed by the page, not a control`);
      continue;
    }
    const prop = propOf(field.name);
    assert.ok(prop?.engine && prop.hash, `${field.name} is an engine row in the hash`);
    for (const [key, value] of Object.entries(asProp(field))) {
      const page = key === 'minOpen' || key === 'maxOpen' ? Boolean(prop[key]) : prop[key];
      if (value === undefined || (key.endsWith('Open') && Boolean(value) === page)) continue;
      if (JSON.stringify(page) !== JSON.stringify(value)) (differences[field.name] ??= {})[key] = page;
    }
  }
  assert.deepEqual(differences, PAGE_OVERRIDES);
  const uiOnly = PROPS.filter((prop) => !prop.engine).map((prop) => prop.name);
  assert.deepEqual(uiOnly, ['speed', 'autoplay', ...HIDEABLE_PARTS.map((part) => `${part}_hide`)]);
  assert.deepEqual(Object.keys(ENUM_CHOICES), SCHEMA.fields.filter((field) => field.type === 'enum').map((field) => field.name));
  assert.equal(engine.validate_config({ ...engineConfig(defaultState()), loss: 'softmax' }), '');
  const engineFields = Object.keys(engineConfig(defaultState()));
  assert.deepEqual([...engineFields].sort(), [...engine.config_fields()].sort(), 'engine config fields vs Config fields');
});

// The page's own narrower upper bounds (PAGE_OVERRIDES): the core accepts one step past them.
const PAGE_NARROWER_ABOVE = new Set(Object.keys(PAGE_OVERRIDES).filter((name) => 'max' in PAGE_OVERRIDES[name]));

test('each PROPS bound is where the core validator draws it (closed bounds taken, open ones and one step past refused)', () => {
  // Fields whose validity depends on another field are checked with that one set to fit.
  const base = { ...engine.config_defaults(), loss: 'softmax' };
  const refused = (name, value) => engine.validate_config({ ...base, [name]: value }) !== '';
  const mismatches = [];
  for (const prop of enginePropsOf()) {
    if (prop.type !== 'int' && prop.type !== 'number') continue;
    const step = (bound) => (prop.type === 'int' ? 1 : Math.max(1, Math.abs(bound)) * 1e-6);
    const expectations = [
      [prop.min, Boolean(prop.minOpen)], [prop.max, Boolean(prop.maxOpen)],
      [prop.min - step(prop.min), true], [prop.max + step(prop.max), !PAGE_NARROWER_ABOVE.has(prop.name)],
    ];
    for (const [value, shouldRefuse] of expectations) {
      if (refused(prop.name, value) !== shouldRefuse) mismatches.push(`${prop.name}=${value}: core ${shouldRefuse ? 'accepts' : 'refuses'} it`);
    }
  }
  assert.deepEqual(mismatches, []);
});

// The worker's snapshot (engine-worker.js snapshotOf): the core's arrays in the core's order.
function snapshotOf(trainer) {
  const telemetry = {};
  for (const { name } of engine.telemetry_arrays()) telemetry[name] = trainer.telemetry(name).slice();
  return { stats: trainer.stats(), numLayers: trainer.num_layers(), histBins: trainer.hist_bins(),
    histRanges: trainer.hist_ranges(), telemetry };
}

const csvCells = (text) => text.trim().split('\n').map((line) => line.split(','));

function sameNumber(cli, page) {
  if (cli === page) return true;
  const [a, b] = [Number(cli), Number(page)];
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a), Math.abs(b));
}

// The keys at every level of a JSON value (arrays: their length and their first element's shape).
function shape(value) {
  if (Array.isArray(value)) return { length: value.length, first: value.length ? shape(value[0]) : null };
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape(value[key])]));
  return value === null ? 'number' : typeof value;
}

test('the page export and the CLI write the same CSV and JSON for the same float run', () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run ./build-wasm.sh build first`);
  const STEPS = 4;
  const state = { ...defaultState(), depth: 3, width: 8, batch_size: 16, dataset: 'moons', seed: 2, activation: 'tanh' };
  const config = { ...engineConfig(state), telemetry_every: 1, hist_bins: 8 };
  const csvPath = path.join(workDir, 'run.csv');
  const jsonPath = path.join(workDir, 'run.json');
  const flags = Object.entries(config).flatMap(([field, value]) => [`--${field}`, typeof value === 'boolean' ? String(Number(value)) : String(value)]);
  execFileSync(CLI, [...flags, '--steps', String(STEPS), '--precision', 'float', '--telemetry-csv', csvPath,
    '--telemetry-json', jsonPath], { stdio: ['ignore', 'ignore', 'inherit'] });

  const trainer = configuredTrainer(engine, config);
  const log = new RecordLog();
  try {
    for (let step = 1; step <= STEPS; step += 1) {
      trainer.step(1);
      log.push(snapshotOf(trainer));
    }
  } finally {
    trainer.delete();
  }
  const latest = log.record(log.length - 1);

  const [cliCsv, pageCsv] = [csvCells(readFileSync(csvPath, 'utf8')), csvCells(telemetryCsv(log))];
  assert.deepEqual(pageCsv[0], cliCsv[0], 'CSV header');
  assert.equal(pageCsv.length, cliCsv.length, 'CSV rows');
  const differing = [];
  for (let row = 1; row < cliCsv.length; row += 1) {
    assert.deepEqual(pageCsv[row].slice(0, 2), cliCsv[row].slice(0, 2), `row ${row}: step and layer`);
    cliCsv[row].forEach((cell, column) => {
      if (!sameNumber(cell, pageCsv[row][column])) differing.push(`row ${row} ${cliCsv[0][column]}: ${cell} vs ${pageCsv[row][column]}`);
    });
  }
  assert.deepEqual(differing.slice(0, 5), []);

  const cliJson = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const pageJson = JSON.parse(JSON.stringify(telemetryJson(config, log, latest)));
  assert.deepEqual(shape(pageJson), shape(cliJson), 'the same keys, array lengths and value kinds at every level');
  assert.deepEqual(Object.keys(pageJson.config).sort(), Object.keys(cliJson.config).sort());
  assert.equal(pageJson.records.at(-1).layers.grad_hist[1].length, 8);
  assert.ok(sameNumber(cliJson.records.at(-1).layers.grad_w_norm[0], pageJson.records.at(-1).layers.grad_w_norm[0]));
});
