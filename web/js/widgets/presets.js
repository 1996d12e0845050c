// The guided experiments (web/presets/presets.json), one card each: what it reproduces, what the
// reader should see, the source, and a button that loads the pair of runs into the A/B widget
// (document event 'vg:ab' with { preset }; the A/B mount point also gets data-preset, so a widget
// mounted later starts with it). The deep linear net's card adds the a^(L−1) table, computed by the
// core's linear_net_probe in float.
import { registerStrings, t } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import { renderDataTable } from '../charts/data-table.js';
import { prefersReducedMotion, createFrame, createButton, followLanguage, showStatus, element } from '../ui/controls.js';
import '../theory/strings.js';
import { loadPresets, localized } from '../theory/preset-data.js';

registerStrings({
  ko: {
    'presets.run': 'A/B로 실행하기',
    'presets.loaded': '아래 A/B 비교에 불러와 학습을 시작했습니다.',
    'presets.noAb': '이 페이지에는 A/B 비교 위젯이 없습니다.',
    'presets.expect': '보게 될 것',
    'presets.source': '출처',
    'presets.runs': 'A: {a} · B: {b} · {steps} 스텝',
    'presets.powerCaption': '층 수 L에 따른 a^(L−1) (계산: C++ 코어, float; 넘치면 +∞, 아래로 넘치면 0)',
    'presets.col.layers': 'L',
    'presets.choose': '실험 고르기',
    'presets.figures': '시드 1–32에서 잰 값 (중앙값, 괄호 안은 최솟값 – 최댓값). 위의 설명이 시드 32개 중 {held}개 이상에서 성립하는지 테스트로 확인합니다.',
    'presets.figure': '{label}: {median} ({min} – {max})',
  },
  en: {
    'presets.run': 'Run as A/B',
    'presets.loaded': 'Loaded into the A/B comparison below; training has started.',
    'presets.noAb': 'This page has no A/B widget.',
    'presets.expect': 'What you should see',
    'presets.source': 'Source',
    'presets.runs': 'A: {a} · B: {b} · {steps} steps',
    'presets.powerCaption': 'a^(L−1) against the number of layers L (computed by the C++ core in float; overflow shows as +∞, underflow as 0)',
    'presets.col.layers': 'L',
    'presets.choose': 'Choose an experiment',
    'presets.figures': 'Measured on seeds 1–32 (median, and in brackets the smallest – largest). A test checks that the description above holds on at least {held} of the 32 seeds.',
    'presets.figure': '{label}: {median} ({min} – {max})',
  },
});

// a^(L-1) for each L of the table: linear_net_probe(a, depth, 1) feeds x = 1 through depth + 1
// matrices a·I (width 1), so its row k holds the output norm after k + 1 of them, a^(k+1).
async function powerTable(engine, table) {
  const deepest = Math.max(...table.layers);
  const columns = await Promise.all(table.scales.map((a) => engine.call('linear_net_probe', [a, deepest - 1, 1])));
  return table.layers.map((layers) => [layers, ...columns.map((probe) => (layers >= 2 ? probe[2 * (layers - 2)] : 1))]);
}

const SEEDS_HELD = 31;  // of seeds 1..32 (tests/core/test_presets.cpp)

export function createPresets(container, options = {}) {
  const { engine } = options;
  const parts = createFrame(container, 'widget-presets');
  let presets = [];
  let tables = new Map();  // preset id -> rows of the power table
  let destroyed = false;
  const list = element('div', 'preset-list', { role: 'list' });
  parts.figure.append(list);

  function runPreset(preset, note) {
    const ab = document.querySelector('[data-widget="ab"]');
    if (!ab) {
      note.textContent = t('presets.noAb');
      return;
    }
    ab.dataset.preset = preset.id;
    ab.closest('figure, section')?.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
    document.dispatchEvent(new CustomEvent('vg:ab', { detail: { preset: preset.id } }));
    note.textContent = t('presets.loaded');
  }

  function card(preset) {
    const article = element('article', 'preset-card', { role: 'listitem' });
    const heading = element('h3', 'preset-title');
    heading.textContent = localized(preset.title);
    const text = element('p');
    text.textContent = localized(preset.text);
    const runs = element('p', 'preset-runs');
    runs.textContent = t('presets.runs', { a: localized(preset.runs[0].label), b: localized(preset.runs[1].label), steps: preset.steps });
    const expect = element('p', 'preset-expect');
    const expectLabel = element('strong');
    expectLabel.textContent = `${t('presets.expect')}: `;
    expect.append(expectLabel, localized(preset.expect));
    // The quoted figures: median and range over seeds 1..32 (tests/core/test_presets.cpp measures them).
    const figures = element('div', 'preset-figures');
    const figuresCaption = element('p');
    figuresCaption.textContent = t('presets.figures', { held: SEEDS_HELD });
    const figureList = element('ul');
    for (const figure of preset.figures ?? []) {
      const item = element('li');
      item.textContent = t('presets.figure', {
        label: localized(figure.label), median: formatNumber(figure.median, 2),
        min: formatNumber(figure.min, 2), max: formatNumber(figure.max, 2),
      });
      figureList.append(item);
    }
    figures.append(figuresCaption, figureList);
    const source = element('p', 'preset-source');
    source.textContent = `${t('presets.source')}: ${preset.source_note ? `${localized(preset.source_note)}; ` : ''}${preset.source}`;
    const note = element('span', 'preset-note', { 'aria-live': 'polite' });
    const button = createButton({ labelKey: 'presets.run', onClick: () => runPreset(preset, note) });
    button.textContent = t('presets.run');
    button.setAttribute('aria-label', `${t('presets.run')}: ${localized(preset.title)}`);
    const actions = element('div', 'summary-actions');
    actions.append(button, note);
    article.append(heading, text, runs, expect, figures, source);
    if (tables.has(preset.id)) {
      const tableBox = element('div', 'preset-table');
      const rows = tables.get(preset.id);
      const table = renderDataTable(tableBox, t('presets.powerCaption'),
        [t('presets.col.layers'), ...preset.power_table.scales.map((a) => `a = ${a}`)],
        rows.map(([layers, ...values]) => [String(layers), ...values.map((value) => formatNumber(value, 3))]));
      table.parentElement.classList.remove('sr-only');  // this table is the figure itself, not a fallback
      article.append(tableBox);
    }
    article.append(actions);
    return article;
  }

  function draw() {
    list.replaceChildren(...presets.map(card));
  }

  async function start() {
    try {
      presets = await loadPresets();
      const withTables = presets.filter((preset) => preset.power_table);
      const computed = await Promise.all(withTables.map((preset) => powerTable(engine, preset.power_table)));
      tables = new Map(withTables.map((preset, index) => [preset.id, computed[index]]));
      if (!destroyed) draw();
    } catch (error) {
      if (!destroyed) showStatus(parts.status, t('widget.error', { message: error.message }), 'error');
    }
  }

  const stopFollowing = followLanguage(container, () => draw());
  start();

  return {
    update() {},
    pause() {},
    resume() {},
    destroy() {
      destroyed = true;
      stopFollowing();
      container.replaceChildren();
    },
  };
}
