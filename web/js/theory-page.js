// The theory widgets' own example page (theory.html): each widget mounted into its mount point,
// with a language switch. Widgets load through the one registry the article and embeds use.
import { registerStrings, t, getLang, setLang, initLanguage } from './i18n.js';
import { getEngine } from './engine/engine-client.js';
import { loadWidgetFactory } from './widgets/registry.js';

registerStrings({
  ko: {
    'tp.title': '이론과 측정: 위젯 예시',
    'tp.lang': 'English',
    'tp.intro': '이론 절(평균장 예측, 야코비안 스펙트럼, A/B 비교, 스윕, 안내 실험)의 위젯을 따로 모아 둔 예시 페이지입니다.',
  },
  en: {
    'tp.title': 'Theory beside the measurement: widget examples',
    'tp.lang': '한국어',
    'tp.intro': 'The widgets of the theory section (mean-field prediction, Jacobian spectrum, A/B runs, sweeps, guided experiments) on a page of their own.',
  },
});

initLanguage();
document.getElementById('tp-lang').addEventListener('click', () => setLang(getLang() === 'ko' ? 'en' : 'ko'));
document.title = t('tp.title');

const engine = await getEngine();
for (const container of document.querySelectorAll('[data-widget]')) {
  try {
    const factory = await loadWidgetFactory(container.dataset.widget);
    factory(container, { engine });
  } catch (error) {
    container.textContent = error.message;
  }
}
