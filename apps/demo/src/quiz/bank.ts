// The item bank of the "Take a test" page and the scoring after each answer. The 2PL parameters are
// illustrative (set by hand to span easy to hard), not calibrated on real test takers.
import { type AbilityScores, ItemResponseModel } from '@em/irt';

export interface Question {
  text: string;
  choices: string[];
  /** Index of the right choice. */
  answer: number;
  /** 2PL discrimination a and difficulty b: P(right | θ) = σ(a(θ − b)). */
  a: number;
  b: number;
}

export const QUESTIONS: Question[] = [
  { text: '7 + 5 =', choices: ['11', '12', '13', '14'], answer: 1, a: 1.2, b: -2 },
  { text: '9 × 6 =', choices: ['54', '56', '48', '63'], answer: 0, a: 1.4, b: -1.2 },
  { text: '3/4 + 1/8 =', choices: ['4/12', '7/8', '1', '5/8'], answer: 1, a: 1.5, b: -0.4 },
  { text: '15% of 80 =', choices: ['8', '10', '12', '15'], answer: 2, a: 1.3, b: 0 },
  { text: 'Solve 3x − 7 = 11. x =', choices: ['4', '5', '6', '18'], answer: 2, a: 1.6, b: 0.4 },
  { text: '√(144) + √(25) =', choices: ['13', '17', '19', '169'], answer: 1, a: 1.1, b: 0.8 },
  { text: '2¹⁰ =', choices: ['512', '1000', '1024', '2048'], answer: 2, a: 1.4, b: 1.3 },
  { text: 'log₁₀(0.001) =', choices: ['−3', '−2', '0.001', '3'], answer: 0, a: 1.7, b: 1.9 },
];

/** The bank as an @em/irt model: what a site would load with ItemResponseModel.fromJSON. */
export const bank = ItemResponseModel.fromItems(
  '2PL',
  QUESTIONS.map((q, j) => ({ name: `Q${j + 1}`, slope: q.a, intercepts: [-q.a * q.b] })),
  { quadraturePoints: 61 },
);

/** Responses so far (null = not yet answered) → EAP ability and posterior SD, without refitting. */
export function estimate(responses: (0 | 1 | null)[]): { theta: number; sd: number } {
  const scores: AbilityScores = bank.scores([responses]);
  return { theta: scores.theta[0]!, sd: scores.se[0]! };
}

/** The next question: the unanswered one with the most information at the current estimate. */
export function nextQuestion(responses: (0 | 1 | null)[], theta: number): number | undefined {
  let best: number | undefined;
  let most = -1;
  responses.forEach((r, j) => {
    if (r !== null) return;
    const info = bank.itemInformation([theta], j)[0]!;
    if (info > most) {
      most = info;
      best = j;
    }
  });
  return best;
}
