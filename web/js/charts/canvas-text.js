// Text drawn on canvases in the pages' type scale and font: base.css's --text-small (a rem value) in
// CSS pixels, in the body's font family. Canvas labels then reuse the fonts the page's own text has
// already set up; every new size or weight would be a font lookup of its own (base.css).
let cached = null;

function canvasText() {
  if (!cached) {
    const root = getComputedStyle(document.documentElement);
    cached = {
      smallPx: parseFloat(root.getPropertyValue('--text-small')) * parseFloat(root.fontSize),
      family: getComputedStyle(document.body).fontFamily,
    };
  }
  return cached;
}

export function smallTextPx() {
  return canvasText().smallPx;
}

export function bodyFontFamily() {
  return canvasText().family;
}

// A canvas font string: the small size unless px is given, normal weight unless bold.
export function canvasFont({ px = smallTextPx(), bold = false } = {}) {
  return `${bold ? '700 ' : ''}${px}px ${bodyFontFamily()}`;
}
