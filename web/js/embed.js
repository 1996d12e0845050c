// embed.html#widget=<name>&...: one widget of the article, sized for an iframe. The playground reads
// the rest of the hash as its state (../state.js); every widget honours controls_hide=1 (and the
// playground its other *_hide flags). An unknown or missing widget name gets a message listing the
// valid names. Hash text is untrusted: it is only ever shown through textContent.
import { registerStrings, t, initLanguage } from './i18n.js';
import { WIDGETS, loadWidgetFactory } from './widgets/registry.js';
import { getEngine } from './engine/engine-client.js';

registerStrings({
  ko: {
    'embed.unknown': '"{name}"이라는 그림은 없습니다. 쓸 수 있는 이름:',
    'embed.missing': '주소에 보여 줄 그림이 없습니다 (#widget=이름). 쓸 수 있는 이름:',
    'embed.failed': '이 그림을 불러오지 못했습니다: {message}',
    'embed.article': '전체 글 읽기: 기울기 소실과 폭발',
  },
  en: {
    'embed.unknown': 'There is no figure called "{name}". Valid names:',
    'embed.missing': 'The address names no figure (#widget=name). Valid names:',
    'embed.failed': 'This figure could not be loaded: {message}',
    'embed.article': 'Read the whole article: vanishing and exploding gradients',
  },
});

const MAX_NAME_CHARS = 40;

// The widget name and controls_hide from the hash, decoded defensively.
function readHash() {
  let widget = null;
  let hideControls = false;
  for (const part of window.location.hash.replace(/^#/, '').slice(0, 4000).split('&')) {
    const cut = part.indexOf('=');
    if (cut < 0) continue;
    let key;
    let value;
    try {
      key = decodeURIComponent(part.slice(0, cut));
      value = decodeURIComponent(part.slice(cut + 1));
    } catch {
      continue;  // bad % encoding: the widget's own parser (playground) reports it
    }
    if (key === 'widget') widget = value.slice(0, MAX_NAME_CHARS);
    if (key === 'controls_hide') hideControls = value === '1' || value === 'true';
  }
  return { widget, hideControls };
}

function showMessage(root, text, names = []) {
  const box = document.createElement('div');
  box.className = 'embed-message';
  box.setAttribute('role', 'alert');
  const paragraph = document.createElement('p');
  paragraph.textContent = text;
  box.append(paragraph);
  if (names.length) {
    const list = document.createElement('ul');
    for (const name of names) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = name;
      item.append(code);
      list.append(item);
    }
    box.append(list);
  }
  root.replaceChildren(box);
}

async function main() {
  initLanguage();
  const root = document.getElementById('embed-root');
  const { widget, hideControls } = readHash();
  const names = Object.keys(WIDGETS);
  if (!widget || !Object.hasOwn(WIDGETS, widget)) {
    showMessage(root, widget ? t('embed.unknown', { name: widget }) : t('embed.missing'), names);
    return;
  }
  root.classList.toggle('embed-hide-controls', hideControls);
  const mount = document.createElement('div');
  root.replaceChildren(mount);
  const link = document.createElement('p');
  link.className = 'embed-attribution';
  const anchor = document.createElement('a');
  anchor.href = `index.html${window.location.search}`;
  anchor.target = '_blank';
  anchor.rel = 'noopener';
  anchor.textContent = t('embed.article');
  link.append(anchor);
  root.append(link);
  try {
    const [factory, engine] = await Promise.all([loadWidgetFactory(widget), getEngine()]);
    // The hash goes along: widgets with their own parameters read them from it (the playground reads it itself).
    factory(mount, { engine, hash: window.location.hash });
  } catch (error) {
    showMessage(root, t('embed.failed', { message: error.message }));
  }
}

main();
