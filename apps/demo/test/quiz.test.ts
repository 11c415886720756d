import { describe, expect, it } from 'vitest';
import { bank, estimate, nextQuestion, QUESTIONS } from '../src/quiz/bank.js';

describe('the Take a test page', () => {
  it('starts at the prior (θ 0, SD 1) and asks the most informative question there', () => {
    const none = QUESTIONS.map(() => null);
    const { theta, sd } = estimate(none);
    expect(theta).toBeCloseTo(0, 10);
    expect(sd).toBeCloseTo(1, 6);
    // At θ = 0 the most informative 2PL item is the one with the largest a²P(1 − P) there.
    const info = QUESTIONS.map((_, j) => bank.itemInformation([0], j)[0]!);
    expect(nextQuestion(none, 0)).toBe(info.indexOf(Math.max(...info)));
  });
  it('moves the estimate up after a right answer and down after a wrong one; uncertainty shrinks', () => {
    const none: (0 | 1 | null)[] = QUESTIONS.map(() => null);
    const right = [...none];
    right[3] = 1;
    const wrong = [...none];
    wrong[3] = 0;
    expect(estimate(right).theta).toBeGreaterThan(0);
    expect(estimate(wrong).theta).toBeLessThan(0);
    expect(estimate(right).sd).toBeLessThan(1);
    const all = QUESTIONS.map(() => 1 as const);
    expect(estimate(all).sd).toBeLessThan(estimate(right).sd);
    expect(nextQuestion(all, 1)).toBeUndefined();
  });
  it('every question has its right answer among its choices', () => {
    for (const q of QUESTIONS) expect(q.choices[q.answer]).toBeDefined();
  });
});
