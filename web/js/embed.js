// embed.html#widget=<name>&...: one widget of the article, sized for an iframe. The playground reads
// the rest of the hash as its state (../state.js); every other widget takes its own parameters from
// the hash as listed in ./widgets/params.js (a value out of range is named in a notice and the
// widget keeps its default); every widget honours controls_hide=1 (and the playground its other
// *_hide flags); lang=en|ko in the hash or the query picks the language. An unknown or missing widget
// name gets a message listing the valid names. Hash text is untrusted: it is only ever shown through
// textContent.
import { registerStrings, t, initLanguage, getLang } from './i18n.js';
import { WIDGETS, loadWidgetFactory } from './widgets/registry.js';
import { readWidgetParams } from './widgets/params.js';
import { getEngine } from './engine/engine-client.js';

registerStrings({
  ko: {
    'embed.unknown': '"{name}"이라는 그림은 없습니다. 쓸 수 있는 이름:',
    'embed.missing': '주소에 보여 줄 그림이 없습니다 (#widget=이름). 쓸 수 있는 이름:',
    'embed.failed': '이 그림을 불러오지 못했습니다: {message}',
    'embed.article': '전체 글 읽기: 기울기 소실과 폭발',
    'embed.refused': '주소의 값 중 쓰지 않은 것이 있습니다 (기본값을 씁니다):',
    'embed.refusedItem': '{name} = "{value}" (허용: {allowed})',
  },
  en: {
    'embed.unknown': 'There is no figure called "{name}". Valid names:',
    'embed.missing': 'The address names no figure (#widget=name). Valid names:',
    'embed.failed': 'This figure could not be loaded: {message}',
    'embed.article': 'Read the whole article: vanishing and exploding gradients',
    'embed.refused': 'Some values in the address were not used (the defaults apply):',
    'embed.refusedItem': '{name} = "{value}" (allowed: {allowed})',
  },
});

const MAX_NAME_CHARS = 40;

// The hash's name=value pairs, decoded defensively (a part with bad % encoding is skipped here; the
// playground's own parser reports it), and the two keys every widget shares.
function readHash() {
  const entries = [];
  for (const part of window.location.hash.replace(/^#/, '').slice(0, 4000).split('&')) {
    const cut = part.indexOf('=');
    if (cut < 0) continue;
    try {
      entries.push([decodeURIComponent(part.slice(0, cut)), decodeURIComponent(part.slice(cut + 1))]);
    } catch {
      continue;
    }
  }
  const last = (key) => entries.filter(([name]) => name === key).pop()?.[1];
  const hide = last('controls_hide');
  return { entries, widget: last('widget')?.slice(0, MAX_NAME_CHARS) ?? null, hideControls: hide === '1' || hide === 'true' };
}

function showRefused(root, refused) {
  if (refused.length === 0) return;
  const box = document.createElement('div');
  box.className = 'embed-notice';
  box.setAttribute('role', 'status');
  const paragraph = document.createElement('p');
  paragraph.textContent = t('embed.refused');
  const list = document.createElement('ul');
  for (const item of refused) {
    const entry = document.createElement('li');
    entry.textContent = t('embed.refusedItem', item);
    list.append(entry);
  }
  box.append(paragraph, list);
  root.prepend(box);
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
  if (document.documentElement.dataset.sandboxed) return;  // embed.html's inline script said why
  initLanguage();
  const root = document.getElementById('embed-root');
  const { entries, widget, hideControls } = readHash();
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
  anchor.href = `index.html?lang=${getLang()}`;
  anchor.target = '_blank';
  anchor.rel = 'noopener';
  anchor.textContent = t('embed.article');
  link.append(anchor);
  root.append(link);
  try {
    const { options, refused } = readWidgetParams(widget, entries);
    showRefused(root, refused);
    const [factory, engine] = await Promise.all([loadWidgetFactory(widget), getEngine()]);
    // The hash goes along too: widgets with parameters of their own beyond `options` read them from it.
    // No ownEngine: the widget is the frame's only one (the playground trains in the page's engine).
    factory(mount, { ...options, engine, hash: window.location.hash });
  } catch (error) {
    showMessage(root, t('embed.failed', { message: error.message }));
  }
}

main();
