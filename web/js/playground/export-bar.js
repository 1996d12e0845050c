// Export buttons: the run's telemetry as CSV or JSON in the CLI's format, and a link to this run
// (the URL with the state in its hash). Chart PNGs are on each chart's own card.
import { t } from '../i18n.js';
import { downloadBlob } from '../ui/card.js';
import { telemetryCsv, telemetryJson } from './export.js';

export function createExportBar(parent, { getConfig, getLog, getLatest, onNotice }) {
  const bar = document.createElement('div');
  bar.className = 'vg-pg-export';
  bar.dataset.part = 'export';
  const title = document.createElement('span');
  title.className = 'vg-pg-export-title';
  const csvButton = button(() => {
    downloadBlob(new Blob([telemetryCsv(getLog())], { type: 'text/csv' }), 'vg-telemetry.csv');
  });
  const jsonButton = button(() => {
    const telemetry = telemetryJson(getConfig(), getLog(), getLatest());
    downloadBlob(new Blob([JSON.stringify(telemetry, null, 1)], { type: 'application/json' }), 'vg-telemetry.json');
  });
  const linkButton = button(async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      onNotice(t('pg.export.copied'));
    } catch {
      onNotice(t('pg.export.copyFailed'));
    }
  });
  bar.append(title, csvButton, jsonButton, linkButton);
  parent.append(bar);

  function button(onClick) {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = 'vg-pg-small-button';
    element.addEventListener('click', onClick);
    return element;
  }

  return {
    relabel() {
      title.textContent = t('pg.export.title');
      csvButton.textContent = t('pg.export.csv');
      jsonButton.textContent = t('pg.export.json');
      linkButton.textContent = t('pg.export.link');
    },
  };
}
