// The drawing tools shared by the draw-data widget and the playground's boundary card: which class
// a click adds (A or B), an eraser, clear, a built-in data set to start from, the keyboard hint and
// the count line. Strings for both places are registered here.
import { registerStrings, t, applyI18n } from '../i18n.js';
import { classColour } from '../charts/boundary-plane.js';
import { MIN_POINTS, MAX_POINTS } from '../points-codec.js';
import '../ui/strings.js';  // the data sets' names (enum.dataset.*)
import { createSelect } from '../ui/controls.js';

registerStrings({
  ko: {
    'dd.class': '추가할 클래스',
    'dd.class_a': 'A (주황)',
    'dd.class_b': 'B (파랑)',
    'dd.erase': '지우개',
    'dd.clear': '모두 지우기',
    'dd.start_from': '기본 데이터셋에서 시작',
    'dd.start_choose': '고르기…',
    'dd.hint': '평면을 클릭(탭)하면 고른 클래스의 점이 생기고, 점을 끌면 옮겨지며, 오른쪽 클릭이나 지우개로 지웁니다. 키보드: 평면에 초점을 두고 화살표로 십자선을 옮기고(Shift와 함께 더 크게), Enter로 점 추가, Delete로 가장 가까운 점 삭제, A/B로 클래스 선택.',
    'dd.canvas': '점을 그리는 평면, x와 y는 −6에서 6까지. 점 {count}개. 십자선 ({x}, {y}).',
    'dd.count': '점 {count}개 (A {a}개, B {b}개, 최대 {max}개)',
    'dd.need': '학습하려면 점이 {min}개 이상, 두 클래스 모두 있어야 합니다.',
    'dd.limit': '점은 {max}개까지 그릴 수 있습니다.',
    'dd.pg_start': '데이터 직접 그리기',
    'dd.pg_note': '지금 보이는 데이터의 점(최대 200개)에서 시작합니다. 점을 바꿀 때마다 그 점들로 처음부터 다시 학습합니다. 기본 데이터셋으로 돌아가려면 데이터셋 목록에서 고르세요.',
  },
  en: {
    'dd.class': 'Class to add',
    'dd.class_a': 'A (orange)',
    'dd.class_b': 'B (blue)',
    'dd.erase': 'Eraser',
    'dd.clear': 'Clear all',
    'dd.start_from': 'Start from a built-in data set',
    'dd.start_choose': 'choose…',
    'dd.hint': 'Click (tap) the plane to add a point of the chosen class, drag a point to move it, right-click or use the eraser to remove one. Keyboard: focus the plane, move the cross-hair with the arrows (farther with Shift), Enter adds a point, Delete removes the nearest, A/B pick the class.',
    'dd.canvas': 'Plane for drawing points, x and y from −6 to 6. {count} points. Cross-hair at ({x}, {y}).',
    'dd.count': '{count} points (A {a}, B {b}; at most {max})',
    'dd.need': 'Training needs at least {min} points, with both classes.',
    'dd.limit': 'At most {max} points can be drawn.',
    'dd.pg_start': 'Draw your own data',
    'dd.pg_note': 'It starts from the points on show (at most 200). Every edit restarts training on the edited points. To go back to a built-in data set, pick one in the data set list.',
  },
});

// The built-in 2-D data sets a drawing can start from (src/core/datasets.h).
export const STARTING_SETS = ['circle', 'xor', 'gaussians', 'spiral', 'moons'];

export function classCounts(points) {
  const b = points.filter((point) => point.label === 1).length;
  return { a: points.length - b, b };
}

// Whether the core will train on these points (validate() has the final word).
export function trainable(points) {
  const { a, b } = classCounts(points);
  return points.length >= MIN_POINTS && a > 0 && b > 0;
}

// "12 points (A 5, B 7; at most 200)", and what training still needs.
export function countText(points) {
  const count = t('dd.count', { count: points.length, ...classCounts(points), max: MAX_POINTS });
  return trainable(points) ? count : `${count} ${t('dd.need', { min: MIN_POINTS })}`;
}

function button(labelKey, className, onClick) {
  const node = document.createElement('button');
  node.type = 'button';
  node.className = className;
  node.dataset.i18n = labelKey;
  node.addEventListener('click', onClick);
  return node;
}

// editor: ./point-editor.js. onClear(), onStartFrom(name) (optional: without it, no data set picker). Returns { element, hint, syncLabel(), relabel() }.
export function createDrawToolbar({ editor, onClear, onStartFrom, buttonClass = 'button' }) {
  const element = document.createElement('div');
  element.className = 'dd-toolbar';
  const classGroup = document.createElement('div');
  classGroup.className = 'dd-class-group';
  classGroup.setAttribute('role', 'group');
  const groupLabel = document.createElement('span');
  groupLabel.className = 'dd-group-label';
  groupLabel.dataset.i18n = 'dd.class';
  classGroup.append(groupLabel);
  const classButtons = [0, 1].map((label) => {
    const node = button(label === 0 ? 'dd.class_a' : 'dd.class_b', `${buttonClass} dd-class dd-class-${label}`, () => {
      editor.setLabel(label);
      editor.setErasing(false);
      syncLabel();
    });
    node.style.setProperty('--dd-class-colour', classColour(label));
    return node;
  });
  classGroup.append(...classButtons);
  const eraseButton = button('dd.erase', `${buttonClass} dd-erase`, () => {
    editor.setErasing(!editor.erasing);
    syncLabel();
  });
  const clearButton = button('dd.clear', `${buttonClass} dd-clear`, onClear);
  // A picker that acts and returns to its prompt: choosing a data set starts from it.
  const startPicker = createSelect({
    labelKey: 'dd.start_from',
    options: [{ value: '', labelKey: 'dd.start_choose' }, ...STARTING_SETS.map((name) => ({ value: name, labelKey: `enum.dataset.${name}` }))],
    value: '',
    onChange: (name) => {
      startPicker.set('');
      if (name) onStartFrom(name);
    },
  });
  startPicker.select.classList.add('dd-start');
  element.append(classGroup, eraseButton, clearButton);
  if (onStartFrom) element.append(startPicker.element);
  const hint = document.createElement('p');
  hint.className = 'dd-hint';

  function syncLabel() {
    classButtons.forEach((node, label) => node.setAttribute('aria-pressed', String(!editor.erasing && editor.label === label)));
    eraseButton.setAttribute('aria-pressed', String(editor.erasing));
  }
  syncLabel();
  hint.textContent = t('dd.hint');

  return {
    element,
    hint,
    syncLabel,
    relabel() {
      applyI18n(element);
      hint.textContent = t('dd.hint');
    },
  };
}
