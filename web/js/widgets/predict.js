// Predict, then reveal (issue 12, tool 2): the reader draws the per-layer gradient profile they
// expect for a ready-made question, then the core measures it at the initial weights and scores the
// guess (mean absolute error in decades, with a sentence on what was missed). In embed.html the
// question and the guess live in the hash (#widget=predict&q=…&guess=…&reveal=1), so a teacher can
// hand out a link and students can send theirs back; in the article a link field carries them.
// Factory: createPredict(container, { engine, hash?, question? }).
import { registerStrings, t, getLang } from '../i18n.js';
import { formatNumber } from '../ui/format.js';
import {
  createFrame, createSelect, createButton, followLanguage, showStatus, showMessages, createLatestRunner, element,
} from '../ui/controls.js';
import { QUESTIONS, questionById } from '../classroom/predict-questions.js';
import { createPredictChart, decadeLabel } from '../classroom/predict-chart.js';

// A ratio given in decades, as a reader reads it (10^-12.3 -> 5 × 10⁻¹³).
const ratioText = (decades) => formatNumber(10 ** decades, 2);
import { encodeGuess, decodeGuess } from '../classroom/prediction-hash.js';
import { parseHash, readParams } from '../classroom/hash-params.js';

registerStrings({
  ko: {
    'pr.question': '문제',
    'pr.draw_hint': '그래프 위를 끌어 예상하는 곡선을 그리세요 (키보드: ←/→로 층 선택, ↑/↓로 반 자릿수, Shift와 함께 두 자릿수). 세로축은 각 층의 ‖∂L/∂W‖를 마지막 은닉층의 값으로 나눈 비율입니다.',
    'pr.axis.x': '은닉층 (1 = 입력 쪽)',
    'pr.aria': '예측 곡선 그리기. {layer}층의 예측: {value}',
    'pr.reveal': '공개하고 채점하기',
    'pr.again': '다시 예측하기',
    'pr.reset': '평평한 선으로 되돌리기',
    'pr.link': '이 예측의 링크 (보내기용)',
    'pr.copy': '링크 복사',
    'pr.copied': '복사했습니다.',
    'pr.measuring': '코어가 측정하는 중…',
    'pr.legend': '주황 점선: 나의 예측 · 파랑 실선: 측정값',
    'pr.score': '평균 절대 오차 {mae}자릿수 (층 {count}개). {grade}',
    'pr.grade.great': '훌륭합니다: 거의 정확히 맞혔습니다.',
    'pr.grade.close': '방향은 맞았고 크기가 조금 달랐습니다.',
    'pr.grade.far': '실제와 많이 달랐습니다. 왜 그런지 본문에서 확인해 보세요.',
    'pr.first': '첫 층을 마지막 은닉층의 {expected}배로 예상했는데, 측정값은 {measured}배였습니다.',
    'pr.worst': '가장 크게 빗나간 곳은 {layer}층입니다: 예상 {expected}배, 측정 {measured}배.',
    'pr.off_scale': '측정값 {count}개는 그래프 범위를 벗어나 가장자리에 그렸습니다 (기울기가 정확히 0인 경우 포함).',
    'pr.bad_guess': '주소의 예측(guess)을 읽을 수 없어 평평한 선에서 시작합니다: 이 문제는 {depth}개의 정수(10분의 1 자릿수 단위, {min}..{max})를 "_"로 이어야 합니다.',
  },
  en: {
    'pr.question': 'Question',
    'pr.draw_hint': 'Drag across the chart to draw the curve you expect (keyboard: ←/→ pick a layer, ↑/↓ half a decade, with Shift two). The vertical axis is each layer’s ‖∂L/∂W‖ divided by the last hidden layer’s.',
    'pr.axis.x': 'hidden layer (1 = next to the input)',
    'pr.aria': 'Draw the prediction. Layer {layer} predicted at {value}',
    'pr.reveal': 'Reveal and score',
    'pr.again': 'Predict again',
    'pr.reset': 'Back to a flat line',
    'pr.link': 'Link to this prediction (to send)',
    'pr.copy': 'Copy link',
    'pr.copied': 'Copied.',
    'pr.measuring': 'The core is measuring…',
    'pr.legend': 'Orange dashed: your prediction · blue solid: measured',
    'pr.score': 'Mean absolute error {mae} decades (over {count} layers). {grade}',
    'pr.grade.great': 'Excellent: almost exactly right.',
    'pr.grade.close': 'Right direction, somewhat off in size.',
    'pr.grade.far': 'Far from what happened. The text explains why.',
    'pr.first': 'You expected the first layer’s gradient at {expected} times the last hidden layer’s; it was {measured} times.',
    'pr.worst': 'Your largest miss was at layer {layer}: expected {expected} times the last, measured {measured} times.',
    'pr.off_scale': '{count} measured value(s) lay beyond the chart and are drawn at its edge (an exactly zero gradient included).',
    'pr.bad_guess': 'The address’s guess could not be read, so the prediction starts flat: this question needs {depth} integers (tenths of a decade, {min}..{max}) joined by "_".',
  },
});

// The chart's range, as the core scores it (src/core/theory/prediction_score.h).
const RANGE = { min: -24, max: 12 };
const GREAT_DECADES = 0.75;
const CLOSE_DECADES = 2;

// The question's prompt, the drawing area, the reveal / again / reset buttons and the shareable link.
function appendPredictParts(figure, { onReveal, onAgain, onReset, onCopy }) {
  const prompt = element('p', 'pr-prompt');
  const hint = element('p', 'pr-hint', { 'data-i18n': 'pr.draw_hint' });
  const chartHost = element('div', 'pr-chart');
  const legend = element('p', 'pr-legend', { 'data-i18n': 'pr.legend' });
  const revealButton = createButton({ labelKey: 'pr.reveal', onClick: onReveal, className: 'pr-reveal' });
  const againButton = createButton({ labelKey: 'pr.again', onClick: onAgain, className: 'pr-again' });
  const resetButton = createButton({ labelKey: 'pr.reset', onClick: onReset, className: 'pr-reset' });
  const actions = element('div', 'button-row');
  actions.append(revealButton, againButton, resetButton);
  const linkLabelId = `pr-link-${Math.random().toString(36).slice(2, 8)}`;
  const linkRow = element('div', 'control pr-link-row');
  const linkLabel = element('label', 'control-label', { for: linkLabelId, 'data-i18n': 'pr.link' });
  const linkInput = element('input', 'pr-link', { id: linkLabelId, type: 'text', readonly: '' });
  const copyButton = createButton({ labelKey: 'pr.copy', onClick: onCopy, className: 'pr-copy' });
  linkRow.append(linkLabel, linkInput, copyButton);
  figure.append(prompt, hint, chartHost, legend, actions, linkRow);
  return { prompt, chartHost, revealButton, againButton, linkInput };
}

// The score's sentences: the mean error in decades with a grade, the first layer, the worst layer
// and how many layers were off the chart's scale.
function scoreLines({ measured, guess, mean_abs_error: mae, worst_layer: worst, off_scale_layers: offScale }) {
  const grade = mae <= GREAT_DECADES ? 'great' : mae <= CLOSE_DECADES ? 'close' : 'far';
  const lines = [
    t('pr.score', { mae: formatNumber(mae, 2), count: measured.length - 1, grade: t(`pr.grade.${grade}`) }),
    t('pr.first', { expected: ratioText(guess[0]), measured: ratioText(measured[0]) }),
  ];
  if (worst !== 0) lines.push(t('pr.worst', { layer: worst + 1, expected: ratioText(guess[worst]), measured: ratioText(measured[worst]) }));
  if (offScale > 0) lines.push(t('pr.off_scale', { count: offScale }));
  return lines;
}

// The question and reveal flag from the embed hash or the mount point's data-question, checked
// (problems: { key, params } messages for the reader).
function readPredictParams(options) {
  const { values, problems } = parseHash(options.hash);
  if (options.question !== undefined && !values.has('q')) values.set('q', String(options.question));
  const params = readParams(values, [
    { name: 'q', kind: 'enum', choices: QUESTIONS.map((q) => q.id), fallback: QUESTIONS[0].id },
    { name: 'reveal', kind: 'int', min: 0, max: 1, fallback: 0 },
  ], problems);
  return { values, problems, params };
}

function axisLabels() {
  return { x: t('pr.axis.x'), aria: (layer, value) => t('pr.aria', { layer, value: decadeLabel(value) }) };
}

async function copyLink(linkInput, status) {
  linkInput.select();
  try {
    await navigator.clipboard.writeText(linkInput.value);
    showStatus(status, t('pr.copied'), 'info');
  } catch {
    // No clipboard permission: the text is selected for the reader to copy.
  }
}

// The guess a shared link carries, or null (with a problem for the reader when it does not decode).
function guessFromHash(values, question, problems) {
  if (!values.has('guess')) return null;
  const guess = decodeGuess(values.get('guess'), question.config.depth, RANGE.min, RANGE.max);
  if (!guess) problems.push({ key: 'pr.bad_guess', params: { depth: question.config.depth, min: RANGE.min * 10, max: RANGE.max * 10 } });
  return guess;
}

// The link that reproduces this guess (and reveal) as an embed, and its hash part.
function linkOf(state, guess, embedded) {
  const hash = `widget=predict&q=${encodeURIComponent(state.question.id)}&guess=${encodeGuess(guess)}${state.revealed ? '&reveal=1' : ''}`;
  const base = embedded ? window.location.href.replace(/#.*$/, '') : new URL(`embed.html?lang=${getLang()}`, window.location.href).href;
  return { hash, url: `${base}#${hash}` };
}

function labelQuestions(prompt, select, question) {
  prompt.textContent = question.text[getLang()];
  [...select.options].forEach((option, index) => {
    option.textContent = `${index + 1}. ${QUESTIONS[index].title[getLang()]}`;
  });
}

export function createPredict(container, options = {}) {
  const { engine } = options;
  const embedded = typeof options.hash === 'string';
  const { values, problems, params } = readPredictParams(options);
  const state = { question: questionById(params.q), revealed: null };

  const parts = createFrame(container, 'widget-predict');
  const run = createLatestRunner();
  const questionSelect = createSelect({
    labelKey: 'pr.question',
    options: QUESTIONS.map((question, index) => ({ value: question.id, index })),
    value: state.question.id,
    onChange(id) { setQuestion(questionById(id), null); },
  });
  const { prompt, chartHost, revealButton, againButton, linkInput } = appendPredictParts(parts.figure, {
    onReveal: reveal,
    onAgain: () => { state.revealed = null; chart.setMeasured(null); showScore(); sync(); },
    onReset: () => setQuestion(state.question, null),
    onCopy: () => copyLink(linkInput, parts.status),
  });
  parts.controls.append(questionSelect.element);

  const chart = createPredictChart(chartHost, {
    range: RANGE,
    label: axisLabels(),
    onChange() {
      if (state.revealed) {
        state.revealed = null;
        chart.setMeasured(null);
        showScore();
      }
      sync();
    },
  });

  function setQuestion(question, guess) {
    state.question = question;
    state.revealed = null;
    questionSelect.set(question.id);
    chart.setGuess(guess ?? new Array(question.config.depth).fill(0));
    chart.setMeasured(null);
    showScore();
    relabel();
    sync();
  }

  // The link field always; the address itself only in embed.html (the article's hash is the playground's).
  function sync() {
    const { hash, url } = linkOf(state, chart.guess, embedded);
    linkInput.value = url;
    container.dataset.guess = encodeGuess(chart.guess);
    if (embedded) {
      try {
        window.history.replaceState(window.history.state, '', `#${hash}`);
      } catch {
        // file:// may refuse; the link field still carries the prediction.
      }
    }
  }

  function reveal() {
    showStatus(parts.status, t('pr.measuring'), 'info');
    const question = state.question;
    const guess = chart.guess;
    run(
      () => engine.call('score_prediction', [question.config, guess]),
      (result) => {
        if (result.error) throw new Error(result.error);
        state.revealed = { ...result, guess };
        chart.setMeasured(result.measured);
        showScore();
        sync();
        showStatus(parts.status, '', 'info');
      },
      (error) => showStatus(parts.status, t('widget.error', { message: error.message }), 'error'),
    );
  }

  function showScore() {
    parts.readout.replaceChildren();
    delete container.dataset.mae;
    againButton.hidden = !state.revealed;
    revealButton.hidden = Boolean(state.revealed);
    if (!state.revealed) return;
    parts.readout.append(...scoreLines(state.revealed).map((line) => Object.assign(element('p'), { textContent: line })));
    container.dataset.mae = String(state.revealed.mean_abs_error);
  }

  function relabel() {
    labelQuestions(prompt, questionSelect.select, state.question);
    chart.relabel(axisLabels());
  }

  const stopFollowing = followLanguage(container, () => {
    relabel();
    showScore();
    sync();
  });

  const startGuess = guessFromHash(values, state.question, problems);
  setQuestion(state.question, startGuess);
  showMessages(parts.status, problems, 'warning');
  if (params.reveal === 1 && startGuess) reveal();

  return {
    update(newOptions = {}) {
      const question = questionById(newOptions.question);
      if (question) setQuestion(question, null);
    },
    pause() {},
    resume() {},
    destroy() {
      chart.destroy();
      stopFollowing();
      container.replaceChildren();
    },
  };
}
