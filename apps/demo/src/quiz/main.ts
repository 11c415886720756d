import '../styles.css';
import { informationSvg, itemCharacteristicSvg } from '@em/plot';
import { byId, chartSize, escapeHtml, fmt, redrawOnResize, showSvg } from '../ui.js';
import { bank, estimate, nextQuestion, QUESTIONS } from './bank.js';

const responses: (0 | 1 | null)[] = QUESTIONS.map(() => null);
const history: { question: number; right: boolean; theta: number; sd: number }[] = [];
const grid = Array.from({ length: 121 }, (_, i) => -4 + i / 15);

function render(): void {
  const { theta, sd } = estimate(responses);
  byId('theta').textContent = fmt(theta, 3);
  byId('sd').textContent = fmt(sd, 3);
  byId('interval').textContent = `${fmt(theta - 1.96 * sd, 3)} to ${fmt(theta + 1.96 * sd, 3)}`;
  const next = nextQuestion(responses, theta);
  const box = byId('question');
  if (next === undefined) {
    box.innerHTML = '<p class="hint">Test complete: every question answered.</p>';
  } else {
    const q = QUESTIONS[next]!;
    box.innerHTML =
      `<p class="prompt" data-question="${next}">Question ${history.length + 1} of ${QUESTIONS.length}: <strong>${escapeHtml(q.text)}</strong></p>` +
      `<div class="buttons">${q.choices
        .map((c, k) => `<button type="button" data-choice="${k}">${escapeHtml(c)}</button>`)
        .join('')}</div>`;
    for (const button of box.querySelectorAll<HTMLButtonElement>('button[data-choice]')) {
      button.addEventListener('click', () => {
        const right = Number(button.dataset.choice) === q.answer;
        responses[next] = right ? 1 : 0;
        const after = estimate(responses);
        history.push({ question: next, right, ...after });
        render();
      });
    }
  }
  byId('history').innerHTML =
    history.length === 0
      ? '<tr><td class="hint" colspan="4">No answers yet: the estimate is the population average (θ = 0) with SD 1.</td></tr>'
      : history
          .map(
            (h, i) =>
              `<tr><td>${i + 1}</td><td>${escapeHtml(QUESTIONS[h.question]!.text)}</td><td>${h.right ? 'right' : 'wrong'}</td><td>${fmt(h.theta, 3)} ± ${fmt(h.sd, 3)}</td></tr>`,
          )
          .join('');
  // Posterior of θ given the answers so far, on a grid: prior × Π P(answer | θ), normalised.
  const posterior = grid.map((t) => {
    let f = Math.exp(-0.5 * t * t);
    responses.forEach((r, j) => {
      if (r === null) return;
      const p = bank.probabilities(t, j)[0]![1]!;
      f *= r ? p : 1 - p;
    });
    return f;
  });
  const peak = Math.max(...posterior);
  showSvg(
    byId('posterior'),
    itemCharacteristicSvg(
      {
        theta: grid,
        curves: [
          { label: 'posterior of your ability (scaled to peak 1)', values: posterior.map((v) => v / peak) },
        ],
      },
      {
        title: 'Where your ability probably is',
        yLabel: 'relative plausibility',
        ...chartSize(byId('posterior'), { width: 640, height: 300 }),
      },
    ),
  );
  const answered = responses.flatMap((r, j) => (r === null ? [] : [j]));
  const info = answered.map((j) => ({ label: `Q${j + 1}`, values: bank.itemInformation(grid, j) }));
  const total = grid.map((_, i) => info.reduce((s, c) => s + c.values[i]!, 0));
  showSvg(
    byId('information'),
    answered.length === 0
      ? '<div class="placeholder">The information of the questions you answer appears here.</div>'
      : informationSvg(
          { theta: grid, curves: info, total },
          {
            title: 'Information of your questions (SE ≈ 1/√(1 + information))',
            ...chartSize(byId('information'), { width: 640, height: 300 }),
          },
        ),
  );
}

byId('restart').addEventListener('click', () => {
  responses.fill(null);
  history.length = 0;
  render();
});
render();
redrawOnResize(render);
