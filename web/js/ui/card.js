// One chart's frame: a titled figure with a short description, the drawing area, a PNG download
// button and a visually hidden data table for screen readers.
import { t } from '../i18n.js';
import { element } from './controls.js';

export function createCard(parent, { titleKey: initialTitleKey, descriptionKey, part, onExportPng }) {
  let titleKey = initialTitleKey;
  const figure = element('figure', 'vg-pg-card', { 'data-part': part });
  const header = element('div', 'vg-pg-card-header');
  const title = element('figcaption', 'vg-pg-card-title');
  const pngButton = element('button', 'vg-pg-small-button', { type: 'button' });
  pngButton.addEventListener('click', onExportPng);
  header.append(title, pngButton);
  const description = element('p', 'vg-pg-card-description');
  const body = element('div', 'vg-pg-card-body');
  const tableHost = element('div', 'sr-only');
  figure.append(header, description, body, tableHost);
  parent.append(figure);

  function relabel() {
    title.textContent = t(titleKey);
    description.textContent = descriptionKey ? t(descriptionKey) : '';
    pngButton.textContent = t('pg.export.png');
    pngButton.setAttribute('aria-label', t('pg.export.pngOf', { chart: t(titleKey) }));
  }
  relabel();
  return {
    figure, body, tableHost, relabel,
    setTitleKey(key) {
      titleKey = key;
      relabel();
    },
  };
}

// Downloads a canvas as a PNG file (white background, since chart canvases are transparent).
export function downloadCanvas(canvas, filename) {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  copy.toBlob((blob) => {
    if (blob) downloadBlob(blob, filename);
  }, 'image/png');
}

export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Stacks several canvases vertically into one (for cards drawn on more than one canvas).
export function stackCanvases(canvases) {
  const width = Math.max(...canvases.map((canvas) => canvas.width));
  const height = canvases.reduce((sum, canvas) => sum + canvas.height, 0);
  const stacked = document.createElement('canvas');
  stacked.width = width;
  stacked.height = height;
  const context = stacked.getContext('2d');
  let y = 0;
  for (const canvas of canvases) {
    context.drawImage(canvas, 0, y);
    y += canvas.height;
  }
  return stacked;
}
