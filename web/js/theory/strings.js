// Strings shared by the theory widgets (phase diagram, Jacobian, A/B, sweep, presets). Field and
// enum names come from the UI kit's table (../ui/strings.js), imported here once.
import { registerStrings } from '../i18n.js';
import '../ui/strings.js';

registerStrings({
  ko: {
    'theory.on': '켬',
    'theory.off': '끔',
    'theory.default': '기본값',
    'theory.run.a': 'A',
    'theory.run.b': 'B',
    'theory.axis.step': '스텝',
    'theory.axis.layer': '층 (1 = 입력 쪽 첫 은닉층)',
    'theory.axis.gradNorm': '‖∂L/∂W‖ (로그 눈금)',
    'theory.train': '학습 시작',
    'theory.pause': '일시 정지',
    'theory.resume': '이어서 학습',
    'theory.restart': '처음부터',
    'theory.progress': '스텝 {step} / {max}',
    'theory.done': '{max} 스텝 완료',
    'theory.diverged': '{name}: 스텝 {step}에서 발산했습니다(층 {layer}에서 처음으로 Infinity/NaN이 나옴). 학습률을 낮추거나 기울기 클리핑을 켜 보세요.',
    'theory.maxout': 'Maxout은 점별(pointwise) 활성화 함수가 아니라서(여러 선형 조각 중 최댓값을 고르는 층) 이 평균장 이론으로는 예측할 수 없습니다. 다른 활성화 함수를 골라 보세요.',
    'theory.beyond': '배치 정규화나 잔차 연결이 켜져 있습니다. 이 단순한 평균장 이론은 둘 다 다루지 않으므로, 점선 예측은 이 설정의 측정값과 맞지 않을 수 있습니다.',
  },
  en: {
    'theory.on': 'on',
    'theory.off': 'off',
    'theory.default': 'default',
    'theory.run.a': 'A',
    'theory.run.b': 'B',
    'theory.axis.step': 'step',
    'theory.axis.layer': 'layer (1 = first hidden layer, at the input)',
    'theory.axis.gradNorm': '‖∂L/∂W‖ (log scale)',
    'theory.train': 'Start training',
    'theory.pause': 'Pause',
    'theory.resume': 'Continue training',
    'theory.restart': 'Start over',
    'theory.progress': 'step {step} / {max}',
    'theory.done': '{max} steps done',
    'theory.diverged': '{name}: diverged at step {step} (the first non-finite value appeared in layer {layer}). Lower the learning rate or enable gradient clipping.',
    'theory.maxout': 'Maxout is not a pointwise activation (it is a layer that picks the largest of several linear pieces), so this mean-field theory makes no prediction for it. Pick another activation.',
    'theory.beyond': 'Batch normalization or residual connections are on. This simple mean-field theory covers neither, so the dashed prediction need not match the measurement for this setting.',
  },
});
