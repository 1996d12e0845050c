// The five ready-made questions of the predict widget: a config the core runs, and the question in
// Korean and English. The answers are never stored here: the core measures them when revealed.
export const QUESTIONS = [
  {
    id: 'sigmoid-20',
    title: { ko: '시그모이드, 20층', en: 'Sigmoid, 20 layers' },
    config: { dataset: 'spiral', activation: 'sigmoid', init: 'xavier_uniform', depth: 20, width: 32 },
    text: {
      ko: '시그모이드, Xavier 초기화, 은닉층 20개. 첫 층의 기울기는 마지막 은닉층의 몇 분의 일일까요?',
      en: 'Sigmoid, Xavier initialization, 20 hidden layers. What fraction of the last hidden layer’s gradient reaches the first?',
    },
  },
  {
    id: 'relu-he-50',
    title: { ko: 'ReLU + He, 50층', en: 'ReLU + He, 50 layers' },
    config: { dataset: 'spiral', activation: 'relu', init: 'he_normal', depth: 50, width: 32 },
    text: {
      ko: 'ReLU와 He 초기화, 은닉층 50개. 입력 쪽으로 갈수록 기울기가 사라질까요?',
      en: 'ReLU with He initialization, 50 hidden layers. Does the gradient fade towards the input?',
    },
  },
  {
    id: 'tanh-xavier-30',
    title: { ko: 'tanh + Xavier, 30층', en: 'tanh + Xavier, 30 layers' },
    config: { dataset: 'spiral', activation: 'tanh', init: 'xavier_uniform', depth: 30, width: 32 },
    text: {
      ko: 'tanh와 Xavier 초기화, 은닉층 30개. 층별 기울기는 어떤 모양일까요?',
      en: 'tanh with Xavier initialization, 30 hidden layers. What shape does the per-layer gradient take?',
    },
  },
  {
    id: 'identity-1.5',
    title: { ko: 'W = 1.5·I, 50층', en: 'W = 1.5·I, 50 layers' },
    config: { dataset: 'spiral', activation: 'linear', init: 'scaled_identity', identity_scale: 1.5, depth: 50, width: 2 },
    text: {
      ko: '활성화 함수 없이 모든 가중치 행렬이 W = 1.5·I인 선형 신경망(폭 2), 50층. 역전파 신호는 층마다 1.5배 커집니다. 가중치의 기울기는 어떻게 될까요?',
      en: 'A linear network (width 2) with every weight matrix W = 1.5·I, 50 layers. The backward signal grows 1.5-fold per layer. What happens to the weight gradients?',
    },
  },
  {
    id: 'sigmoid-bn-20',
    title: { ko: '시그모이드 + 배치 정규화, 20층', en: 'Sigmoid + batch norm, 20 layers' },
    config: { dataset: 'spiral', activation: 'sigmoid', init: 'xavier_uniform', batch_norm: true, depth: 20, width: 32 },
    text: {
      ko: '1번 문제의 시그모이드 신경망(20층)에 활성화 함수마다 배치 정규화를 넣었습니다. 이번에는 어떨까요?',
      en: 'The sigmoid network of question 1 (20 layers), now with batch normalization before every activation. What now?',
    },
  },
];

export function questionById(id) {
  return QUESTIONS.find((question) => question.id === id) ?? null;
}
