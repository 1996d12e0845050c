// The page's language, chosen before the first paint: the URL query (?lang=en|ko), else a `lang=`
// entry of the hash (embed links often can only set the hash), else the reader's stored choice, else
// Korean. It is written to <html lang>, by which the stylesheet shows one language's prose blocks
// (base.css, [data-lang]) and from which i18n.js starts.
// A plain script in each page's <head>, not part of i18n.js: a module runs only once the whole
// article is parsed, so an English reader saw the Korean page for about 0.5 s (1 s and more on a
// phone) before it switched, and the page then moved under them.
'use strict';
(function chooseLanguage() {
  const languages = ['ko', 'en'];  // i18n.js's LANGUAGES; Korean is the default of both
  const chosen = (value) => (languages.includes(value) ? value : null);
  let fromQuery = null;
  let fromHash = null;
  let stored = null;
  try {
    fromQuery = chosen(new URLSearchParams(location.search).get('lang'));
    for (const part of location.hash.replace(/^#/, '').split('&')) {
      const [key, value] = part.split('=');
      if (key === 'lang' && chosen(value)) {
        fromHash = value;
        break;
      }
    }
  } catch {
    // an opaque location (a sandboxed frame): the default
  }
  try {
    stored = chosen(localStorage.getItem('vg.lang'));  // where i18n.js stores the reader's choice
  } catch {
    // storage disabled (private mode, file://, a sandboxed frame)
  }
  document.documentElement.lang = fromQuery ?? fromHash ?? stored ?? 'ko';
})();
