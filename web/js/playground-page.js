// The playground's own example page (playground.html): the widget alone, full width, with a
// language switch. The state lives in the URL hash, so this page's links reproduce runs.
import { registerStrings, t, getLang, setLang, initLanguage } from './i18n.js';
import { loadWidgetFactory } from './widgets/registry.js';

registerStrings({
  ko: {
    'pg.pageTitle': '기울기 실험실',
    'pg.pageIntro': '깊은 신경망을 직접 학습시키며 층마다 기울기가 얼마나 줄어드는지 보세요. 설정은 주소에 담기므로 링크를 나누면 같은 실험이 재현됩니다.',
    'pg.pageSwitchLanguage': 'English',
  },
  en: {
    'pg.pageTitle': 'Gradient playground',
    'pg.pageIntro': 'Train a deep network yourself and watch how much the gradient shrinks from layer to layer. The settings live in the address, so a shared link reproduces the run.',
    'pg.pageSwitchLanguage': '한국어',
  },
});

initLanguage();
document.getElementById('pg-page-lang').addEventListener('click', () => setLang(getLang() === 'ko' ? 'en' : 'ko'));
document.title = t('pg.pageTitle');
const container = document.getElementById('playground');
try {
  const createPlayground = await loadWidgetFactory('playground');
  createPlayground(container);  // the page's only widget: no engine of its own, one worker
} catch (error) {
  container.textContent = error.message;
}
