// The playground's notice list: why a value from the address or a preset was not used, what the
// engine refused. Untrusted text (keys and values from the URL) only ever goes in via textContent.
import { t } from '../i18n.js';
import { describeRefusal } from './refusal.js';

const MAX_SHOWN = 12;

export function createNotices(parent) {
  const box = document.createElement('div');
  box.className = 'vg-pg-notices';
  box.setAttribute('role', 'status');
  box.hidden = true;
  const heading = document.createElement('p');
  heading.className = 'vg-pg-notices-heading';
  const list = document.createElement('ul');
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'vg-pg-small-button';
  dismiss.addEventListener('click', () => {
    items.length = 0;
    render();
  });
  box.append(heading, list, dismiss);
  parent.prepend(box);
  const items = [];  // { notice } or { text }

  function textOf(item) {
    if (item.text !== undefined) return item.text;
    if (item.notice.refusal) return describeRefusal(item.notice.refusal);
    const { reason, key, value, range, message } = item.notice;
    return t(`pg.notice.${reason}`, { key: key ?? '', value: value ?? '', range: range ?? '', message: message ?? '' });
  }

  function render() {
    box.hidden = items.length === 0;
    list.replaceChildren(...items.map((item) => {
      const element = document.createElement('li');
      element.textContent = textOf(item);
      return element;
    }));
  }

  function add(item) {
    items.push(item);
    if (items.length > MAX_SHOWN) items.splice(0, items.length - MAX_SHOWN);
    render();
  }

  return {
    element: box,
    show(notices) {
      for (const notice of notices) add({ notice });
    },
    showText(text) {
      add({ text });
    },
    relabel() {
      heading.textContent = t('pg.notices');
      dismiss.textContent = t('pg.notice.dismiss');
      render();
    },
  };
}
