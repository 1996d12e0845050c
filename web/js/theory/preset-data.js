// The guided experiments, read from web/presets/presets.json (their single source: the C++ test
// tests/core/test_presets.cpp checks the same file). Loaded once per page. A build that inlines the
// file (the single-file dist) puts its text in <script type="application/json" id="vg-presets-data">
// (data, never executed, so the CSP allows it) and this module reads it instead of fetching.
import { getLang } from '../i18n.js';

const PRESETS_URL = new URL('../../presets/presets.json', import.meta.url);
const INLINE_ID = 'vg-presets-data';
let loading = null;

// Resolves to the array of presets, or rejects with a readable Error.
export function loadPresets() {
  if (!loading) {
    loading = (async () => {
      const inlined = document.getElementById(INLINE_ID);
      if (inlined) return checked(JSON.parse(inlined.textContent));
      const response = await fetch(PRESETS_URL);
      if (!response.ok) throw new Error(`presets.json could not be loaded (HTTP ${response.status})`);
      return checked(await response.json());
    })();
    loading.catch(() => { loading = null; });  // a later call may try again
  }
  return loading;
}

function checked(data) {
  if (!data || data.format !== 'vg-presets' || !Array.isArray(data.presets)) {
    throw new Error('presets.json is not a vg-presets file');
  }
  return data.presets;
}

// The text of a {ko, en} pair in the page's language.
export function localized(pair) {
  return pair?.[getLang()] ?? pair?.ko ?? '';
}

// A run's full config: the preset's shared base overridden by the run's own fields.
export function runConfig(preset, runId) {
  const run = preset.runs.find((candidate) => candidate.id === runId);
  return { ...preset.base, ...(run?.config ?? {}) };
}
